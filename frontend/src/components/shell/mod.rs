use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::Redirect;
use shared::Persona;

use crate::api;
use crate::components::guide_panel::GuidePanel;
use crate::components::message_bar::MessageBar;
use crate::components::spinner::Spinner;
use crate::components::toast::ToastRegion;
use crate::components::top_bar::TopBar;
use crate::i18n::use_i18n;
use crate::routes;
use crate::session::use_session;

/// The frame of every signed-in page: top bar, content, guide panel, toasts.
/// Without a signed-in persona it sends the user to the sign-in page.
#[component]
pub fn Shell<F, V>(children: F) -> impl IntoView
where
    F: Fn(Persona) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let session = use_session();
    let children = Arc::new(children);
    view! {
        <SkipLink />
        <Transition fallback=|| view! { <Spinner /> }>
            {
                let children = Arc::clone(&children);
                move || {
                    let children = Arc::clone(&children);
                    Suspend::new(async move {
                        match session.session.await {
                            Ok(shared::api::Session { persona: Some(persona) }) => {
                                let scopes = LocalResource::new(api::scopes);
                                view! {
                                    <TopBar persona=Some(persona.clone()) scopes=Some(scopes) />
                                    <Frame>{children(persona)}</Frame>
                                }
                                    .into_any()
                            }
                            Ok(_) => view! { <Redirect path=routes::SIGN_IN /> }.into_any(),
                            Err(error) => view! {
                                <TopBar persona=None scopes=None />
                                <Frame>
                                    <MessageBar
                                        message=error.to_string()
                                        on_retry=Callback::new(move |_| session.session.refetch())
                                    />
                                </Frame>
                            }
                                .into_any(),
                        }
                    })
                }
            }
        </Transition>
        <ToastRegion />
    }
}

/// Main content beside the guide panel.
#[component]
pub fn Frame(children: Children) -> impl IntoView {
    view! {
        <div class="frame">
            <main id="main" class="frame__main" tabindex="-1">
                {children()}
            </main>
            <GuidePanel />
        </div>
    }
}

#[component]
pub fn SkipLink() -> impl IntoView {
    let i18n = use_i18n();
    view! { <a class="skip-link" href="#main">{i18n.s("skip-to-content")}</a> }
}
