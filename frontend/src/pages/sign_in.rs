//! Step 1: sign in by picking one of the seeded accounts.

use leptos::prelude::*;
use shared::{Persona, PersonaId};

use crate::api;
use crate::components::message_bar::MessageBar;

#[component]
pub fn SignIn() -> impl IntoView {
    let personas = LocalResource::new(api::personas);
    let session = LocalResource::new(api::session);
    let sign_in = Action::new_local(|id: &PersonaId| api::sign_in(id.clone()));
    Effect::new(move |_| {
        if let Some(Ok(_)) = sign_in.value().get() {
            session.refetch();
        }
    });

    view! {
        <section class="sign-in" aria-labelledby="sign-in-title">
            <h1 id="sign-in-title">"Sign in"</h1>
            <p>"Pick an account. Each one is a persona of the mock, with its own role."</p>
            <Transition fallback=|| view! { <p role="status">"Loading accounts…"</p> }>
                {move || Suspend::new(async move {
                    match personas.await {
                        Ok(list) => view! { <PersonaList personas=list.personas sign_in /> }.into_any(),
                        Err(error) => view! { <MessageBar message=error.to_string() /> }.into_any(),
                    }
                })}
                {move || Suspend::new(async move {
                    session.await.ok().and_then(|s| s.persona).map(|persona| {
                        view! {
                            <p role="status" class="sign-in__current">
                                "Signed in as " <strong>{persona.display_name}</strong>
                                " (" {persona.role.label()} ")"
                            </p>
                        }
                    })
                })}
            </Transition>
            {move || sign_in.value().get().and_then(Result::err).map(|error| {
                view! { <MessageBar message=error.to_string() /> }
            })}
        </section>
    }
}

#[component]
fn PersonaList(
    personas: Vec<Persona>,
    sign_in: Action<PersonaId, Result<shared::api::Session, api::AppError>>,
) -> impl IntoView {
    view! {
        <ul class="account-picker" aria-label="Accounts">
            {personas
                .into_iter()
                .map(|persona| {
                    let id = persona.id.clone();
                    view! {
                        <li>
                            <button
                                type="button"
                                class="account-picker__account"
                                on:click=move |_| {
                                    sign_in.dispatch_local(id.clone());
                                }
                            >
                                <span class="account-picker__name">{persona.display_name}</span>
                                <span class="account-picker__email">{persona.email.to_unicode()}</span>
                                <span class="account-picker__role">{persona.role.label()}</span>
                            </button>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
