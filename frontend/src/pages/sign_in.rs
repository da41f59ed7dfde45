//! Step 1: sign in by picking one of the seeded accounts.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::{Persona, PersonaId};

use crate::api;
use crate::components::fetched::Fetched;
use crate::components::message_bar::ErrorBar;
use crate::components::shell::{Frame, SkipLink};
use crate::components::top_bar::TopBar;
use crate::i18n::use_i18n;
use crate::pages::role_key;
use crate::routes;
use crate::session::{use_guide, use_session};

#[component]
pub fn SignIn() -> impl IntoView {
    let i18n = use_i18n();
    crate::components::shell::use_page_title("step-1-label");
    let guide = use_guide();
    let session = use_session();
    let navigate = use_navigate();
    guide.enter(1);
    let personas = LocalResource::new(api::personas);
    // The account last picked, for Retry after a failure.
    let picked = StoredValue::new(None::<PersonaId>);
    let sign_in = Action::new_local(move |id: &PersonaId| {
        picked.set_value(Some(id.clone()));
        api::sign_in(id.clone())
    });
    Effect::new(move |_| {
        if let Some(Ok(signed_in)) = sign_in.value().get() {
            // The answer says who is signed in: the next page need not ask.
            session.set(signed_in);
            let next = crate::prefs::query_param(routes::NEXT_PARAMETER);
            navigate(routes::after_sign_in(next.as_deref()), routes::replace());
        }
    });
    view! {
        <SkipLink />
        <TopBar persona=None scopes=None />
        <Frame>
            <section class="page sign-in" aria-labelledby="sign-in-title">
                <h1 id="sign-in-title">{i18n.s("step-1-label")}</h1>
                <p>{i18n.s("sign-in-intro")}</p>
                <Fetched resource=personas let:list>
                    <AccountPicker personas=list.personas sign_in />
                </Fetched>
                // As wide as the accounts, with Retry where trying again can help.
                <div class="sign-in__error">
                    {move || sign_in.value().get().and_then(Result::err).map(|error| {
                        view! {
                            <ErrorBar error on_retry=Callback::new(move |()| {
                                if let Some(id) = picked.get_value() {
                                    sign_in.dispatch_local(id);
                                }
                            }) />
                        }
                    })}
                </div>
            </section>
        </Frame>
    }
}

#[component]
fn AccountPicker(
    personas: Vec<Persona>,
    sign_in: Action<PersonaId, api::ApiResult<shared::api::Session>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    view! {
        <ul class="account-picker" aria-label=i18n.s("sign-in-accounts")>
            {personas
                .into_iter()
                .enumerate()
                .map(|(index, persona)| {
                    let id = persona.id.clone();
                    let role = persona.role;
                    let pending = sign_in.pending();
                    view! {
                        <li>
                            <button
                                type="button"
                                class="account-picker__account"
                                class=("guide-target", move || guide.is_target(1) && index == 0)
                                aria-disabled=move || pending.get().then_some("true")
                                on:click=move |_| {
                                    if !pending.get_untracked() {
                                        sign_in.dispatch_local(id.clone());
                                    }
                                }
                            >
                                <span class="account-picker__avatar" aria-hidden="true">
                                    {persona.display_name.split_whitespace().filter_map(|w| w.chars().next()).collect::<String>()}
                                </span>
                                <span class="account-picker__text">
                                    <span class="account-picker__name">{persona.display_name.clone()}</span>
                                    <span class="account-picker__email">{persona.email.to_unicode()}</span>
                                    <span class="account-picker__role">{move || i18n.t(role_key(role))}</span>
                                </span>
                            </button>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
