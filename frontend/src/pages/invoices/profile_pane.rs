//! Step 6: Update profile. Changes the preferred communication email, where
//! the invoices always go.

use leptos::prelude::*;
use shared::api::ProfileUpdated;
use shared::{EmailAddress, Locale, Profile};

use crate::api;
use crate::components::button::{Button, ButtonAppearance};
use crate::components::fetched::Fetched;
use crate::components::message_bar::ErrorBar;
use crate::components::pane::Pane;
use crate::i18n::use_i18n;
use crate::pages::invoices::{back_to_email_invoice, close_pane, use_scope, PaneBlocked, PaneSave};
use crate::session::use_guide;

/// The preferred email's field.
const EMAIL_INPUT: &str = "preferred-email-input";

#[component]
pub fn ProfilePane() -> impl IntoView {
    let i18n = use_i18n();
    let scope = use_scope();
    let guide = use_guide();
    let back = back_to_email_invoice(&scope);
    let profile = LocalResource::new(api::profile);
    crate::dom::on_back_to_tab(move || scope.reload_quietly(profile, api::profile));
    view! {
        <Pane
            title=i18n.s("step-6-label")
            subtitle=Signal::derive(move || scope.name())
            opened_by="update-profile-button"
            on_close=back
        >
            // Only the Account Administrator's profile decides where this
            // scope's invoices go: anyone else's would be the wrong one; and a
            // scope that cannot get invoices by email sends none anywhere (a
            // URL typed or shared; the button is not offered there).
            <Fetched resource=scope.status back not_found="scope-unknown-pane" close=close_pane(&scope) let:status>
                {if let Some(reason) = status.eligibility.reason() {
                    view! { <PaneBlocked reason back /> }.into_any()
                } else {
                    guide.enter(6);
                    Effect::new(move |_| guide.step_6_passed.set(true));
                    view! {
                        <Fetched resource=profile back let:profile>
                            <ProfileForm profile />
                        </Fetched>
                    }
                        .into_any()
                }}
            </Fetched>
        </Pane>
    }
}

#[component]
fn ProfileForm(profile: Profile) -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let scope = use_scope();
    let saved_email = profile.preferred_email.to_unicode();
    let typed = RwSignal::new(saved_email.clone());
    let email_locale = RwSignal::new(profile.locale);
    let revision = StoredValue::new(profile.revision.clone());
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| crate::components::pane::focus_pane_content());
    let back = back_to_email_invoice(&scope);
    let pane_save = PaneSave::new("step-6-label");
    let scopes = crate::components::shell::use_scopes();
    // The address, the language and the revision of the profile they were
    // changed from (a save over a profile changed meanwhile is refused).
    let save = pane_save.retried_action(
        move |(email, locale, revision): &(String, Locale, String), saved_for| {
            pane_save.finish_for(
                saved_for.clone(),
                api::update_profile(email.clone(), *locale, revision.clone()),
                move |saved: &ProfileUpdated| {
                    // The server takes the new preferred email off the recipient
                    // lists (the invoice goes to it anyway): say so, naming them.
                    scope.refresh();
                    let email = saved.profile.preferred_email.to_unicode();
                    if saved.removed_from_recipients.is_empty() {
                        return i18n.t_args("profile-saved-toast", &[("email", email.into())]);
                    }
                    let listed = scopes.get_untracked().and_then(Result::ok);
                    let names = saved
                        .removed_from_recipients
                        .iter()
                        .map(|id| {
                            listed
                                .iter()
                                .flat_map(|list| &list.scopes)
                                .find(|s| s.scope.id == *id)
                                .map_or_else(|| id.0.clone(), |s| s.scope.display_name.clone())
                        })
                        .collect();
                    i18n.t_args(
                        "profile-saved-toast-recipient-removed",
                        &[
                            ("email", email.into()),
                            ("scopes", i18n.list_and(names).into()),
                        ],
                    )
                },
            )
        },
    );
    // A failure the address did not cause (the server failed, no answer):
    // a bar with Retry, not an error on the field.
    let failed = RwSignal::new(None::<api::AppError>);
    // Something typed or chosen, a save under way or its failure shown: a
    // reload of the pane would drop them.
    scope.track_draft(move || {
        typed.with(|typed| *typed != saved_email)
            || email_locale.get() != profile.locale
            || save.pending().get()
            || failed.with(Option::is_some)
    });
    let send = move |input: (String, Locale, String)| {
        failed.set(None);
        save.dispatch_local(input);
    };
    Effect::new(move |_| match save.value().get() {
        // Saved (and said by the save itself): back to the pane before.
        Some(Ok(_)) => back.run(()),
        // Only a refusal of the address is said at it; anything else (an
        // injected 404, a profile changed meanwhile, a refusal of another
        // field) is a bar above the form.
        Some(Err(refused))
            if !refused.is_retryable() && refused.field() == Some("preferred_email") =>
        {
            error.set(Some(i18n.error(&refused)));
            crate::dom::focus_id(EMAIL_INPUT);
        }
        Some(Err(refused)) => failed.set(Some(refused)),
        None => {}
    });
    // Save and Retry send what the form shows now.
    let submit = move || match EmailAddress::parse_typed(&typed.get_untracked()) {
        Ok(address) => {
            error.set(None);
            send((
                address.as_str().to_owned(),
                email_locale.get_untracked(),
                revision.get_value(),
            ));
        }
        Err(refusal) => {
            failed.set(None);
            error.set(Some(i18n.email_error(&refusal)));
            // To the field at fault, which now says what is wrong.
            crate::dom::focus_id(EMAIL_INPUT);
        }
    };
    view! {
        <form
            novalidate
            class="pane-form"
            on:submit=move |ev| {
                ev.prevent_default();
                submit();
            }
        >
            <p class="hint">{i18n.s("profile-explain")}</p>
            <div class="field">
                <label for="preferred-email-input" class="field__label">{i18n.s("preferred-email")}</label>
                <input
                    id=EMAIL_INPUT
                    // Text with the email keyboard, not type="email": the browser
                    // drops a space typed in an email field and moves the caret, which
                    // scrambled what was typed; the shared rules say what is wrong.
                    type="text"
                    inputmode="email"
                    spellcheck="false"
                    autocapitalize="none"
                    class="field__input"
                    class=("guide-target", move || guide.is_target(6))
                    autocomplete="email"
                    prop:value=move || typed.get()
                    aria-invalid=move || error.get().is_some().then_some("true")
                    aria-describedby="preferred-email-error"
                    on:input=move |ev| {
                        typed.set(event_target_value(&ev));
                        error.set(None);
                    }
                />
                <p id="preferred-email-error" class="field__error" role="alert">{move || error.get()}</p>
            </div>
            <div class="field">
                <label for="email-language" class="field__label">{i18n.s("profile-email-language")}</label>
                <select
                    id="email-language"
                    class="field__select"
                    aria-describedby="email-language-hint"
                    on:change=move |ev| {
                        if let Some(locale) = Locale::from_tag(&event_target_value(&ev)) {
                            email_locale.set(locale);
                        }
                    }
                >
                    {Locale::ALL
                        .into_iter()
                        .map(|locale| view! {
                            <option value=locale.tag() lang=locale.tag() prop:selected=move || email_locale.get() == locale>
                                {locale.native_name()}
                            </option>
                        })
                        .collect_view()}
                </select>
                <p id="email-language-hint" class="hint">{i18n.s("profile-email-language-hint")}</p>
            </div>
            {move || failed.get().map(|error| view! {
                <ErrorBar error on_retry=Callback::new(move |()| submit()) />
            })}
            <div class="pane-form__footer">
                <Button appearance=ButtonAppearance::Primary submit=true id="save-profile-button" disabled=save.pending()>
                    {move || if save.pending().get() { i18n.t("saving") } else { i18n.t("save") }}
                </Button>
                <Button on_click=back>{i18n.s("cancel")}</Button>
            </div>
        </form>
    }
}
