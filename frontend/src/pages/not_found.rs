use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::components::shell::{Frame, SkipLink};
use crate::components::top_bar::TopBar;
use crate::i18n::use_i18n;
use crate::routes;
use crate::session::{use_guide, use_session, Detour};

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    crate::components::shell::use_page_title("not-found-title");
    let session = use_session();
    use_guide().detour(Detour::OffPath);
    view! {
        <SkipLink />
        // Signed in, the top bar is the usual one (search, outbox, account):
        // a mistyped address is not a sign-out.
        <Transition fallback=|| view! { <TopBar persona=None scopes=None /> }>
            {move || Suspend::new(async move {
                match session.session.await {
                    Ok(shared::api::Session { persona: Some(persona) }) => view! {
                        <TopBar persona=Some(persona) scopes=Some(LocalResource::new(api::scopes)) />
                    }
                        .into_any(),
                    _ => view! { <TopBar persona=None scopes=None /> }.into_any(),
                }
            })}
        </Transition>
        <Frame>
            <div class="page">
                <h1>{i18n.s("not-found-title")}</h1>
                <p>{i18n.s("not-found-text")}</p>
                <p><A href=routes::ROOT>{i18n.s("not-found-link")}</A></p>
            </div>
        </Frame>
    }
}
