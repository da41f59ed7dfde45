use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::shell::{Frame, SkipLink};
use crate::components::top_bar::TopBar;
use crate::i18n::use_i18n;
use crate::routes;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    crate::components::shell::use_page_title("not-found-title");
    view! {
        <SkipLink />
        <TopBar persona=None scopes=None />
        <Frame>
            <div class="page">
                <h1>{i18n.s("not-found-title")}</h1>
                <p>{i18n.s("not-found-text")}</p>
                <p><A href=routes::ROOT>{i18n.s("not-found-link")}</A></p>
            </div>
        </Frame>
    }
}
