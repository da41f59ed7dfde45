//! Steps 8 and 9: the recipients editor. Type an address and Add recipient
//! (or Enter); remove any; Done saves the list, Cancel discards it. Addresses
//! are checked with the same rules the server applies (`shared::recipients`).
//! A plain component (no HTTP), so it can be tested in a browser.

use leptos::html;
use leptos::prelude::*;
use shared::api::ErrorCode;
use shared::recipients::{check_new_recipient, RecipientError};
use shared::{EmailAddress, MAX_RECIPIENTS};

use crate::api::AppError;
use crate::components::button::{Button, ButtonAppearance};
use crate::components::message_bar::{MessageBar, MessageBarIntent, SaveError};
use crate::i18n::use_i18n;
use crate::session::use_guide;

/// The index in the saved list that the server blamed (`recipients[3]`).
fn blamed_index(error: &AppError) -> Option<usize> {
    error
        .field()?
        .strip_prefix("recipients[")?
        .strip_suffix(']')?
        .parse()
        .ok()
}

#[component]
pub fn RecipientsEditor(
    /// The saved recipients the draft starts from.
    initial: Vec<EmailAddress>,
    /// The preferred email, which always receives the invoice.
    preferred: EmailAddress,
    /// True while Done is saving.
    #[prop(into)]
    saving: Signal<bool>,
    /// What the server said, when it refused the list.
    #[prop(into)]
    server_error: Signal<Option<AppError>>,
    on_save: Callback<Vec<String>>,
    on_cancel: Callback<()>,
    /// Set while the draft differs from the saved list (for the pane, which
    /// says so when it closes without saving).
    #[prop(optional)]
    unsaved: Option<RwSignal<bool>>,
    /// Where the editor says whether anything is typed or changed, which a
    /// reload would lose.
    #[prop(optional)]
    scope: Option<crate::pages::invoices::ScopeCtx>,
    /// The draft to start from, when it is not `initial` (a draft made again
    /// on a list saved meanwhile); said above the list.
    #[prop(default = None)]
    rebased: Option<Vec<EmailAddress>>,
    /// After the server refused the list as changed meanwhile: loads the
    /// saved list and makes this draft again on it, given (the list the draft
    /// was made from, the draft).
    #[prop(optional)]
    on_rebase: Option<Callback<(Vec<EmailAddress>, Vec<EmailAddress>)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    // The list last handed to `on_save`, which a server error's index refers to.
    let sent = StoredValue::new(Vec::<EmailAddress>::new());
    let was_rebased = rebased.is_some();
    let draft = RwSignal::new(rebased.unwrap_or_else(|| initial.clone()));
    let base = StoredValue::new(initial.clone());
    let typed = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // What a screen reader hears when the list changes: the field only
    // clears, and a row only goes, without a word.
    let announced = RwSignal::new(String::new());
    let announce = move |key: &'static str, address: &EmailAddress| {
        let count = draft.with_untracked(Vec::len);
        announced.set(i18n.t_args(
            key,
            &[
                ("email", address.to_unicode().into()),
                ("count", count.into()),
                ("max", MAX_RECIPIENTS.into()),
            ],
        ));
    };
    let input: NodeRef<html::Input> = NodeRef::new();
    Effect::new(move |_| crate::components::pane::focus_pane_content());
    let changed = Memo::new(move |_| draft.with(|d| *d != initial));
    if let Some(unsaved) = unsaved {
        Effect::new(move |_| unsaved.set(changed.get()));
    }
    if let Some(scope) = scope {
        scope.track_draft(move || changed.get() || typed.with(|t| !t.trim().is_empty()));
    }
    // Step 8 until the list changes; then Done (step 9) is next.
    Effect::new(move |_| guide.at(if changed.get() { 9 } else { 8 }));
    // Past the optional step 6: closing this goes back to step 7, not 6.
    Effect::new(move |_| guide.step_6_passed.set(true));

    let preferred_address = StoredValue::new(preferred.clone());
    // Adds what is typed; a refusal is shown under the field and returned.
    let add = move || -> Option<RecipientError> {
        let result = draft.with_untracked(|list| {
            preferred_address.with_value(|preferred| {
                check_new_recipient(list, preferred, &typed.get_untracked())
            })
        });
        if let Some(input) = input.get_untracked() {
            let _ = input.focus();
        }
        match result {
            Ok(address) => {
                draft.update(|list| list.push(address.clone()));
                announce("recipient-added", &address);
                typed.set(String::new());
                error.set(None);
                None
            }
            Err(refusal) => {
                error.set(Some(i18n.recipient_error(&refusal)));
                Some(refusal)
            }
        }
    };
    let remove = move |address: EmailAddress| {
        let index = draft.with_untracked(|list| list.iter().position(|a| *a == address));
        draft.update(|list| list.retain(|a| *a != address));
        announce("recipient-removed", &address);
        error.set(None);
        // Focus stays in the list: the row that took this one's place, else
        // the one before, else the address field.
        set_timeout(
            move || {
                use wasm_bindgen::JsCast;
                let buttons = document()
                    .query_selector_all(".recipients-editor__remove")
                    .ok();
                let count = buttons.as_ref().map_or(0, |b| b.length());
                let next = index.map(|i| (i as u32).min(count.saturating_sub(1)));
                let target = buttons
                    .zip(next)
                    .filter(|_| count > 0)
                    .and_then(|(b, i)| b.item(i))
                    .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok());
                match target {
                    Some(button) => {
                        let _ = button.focus();
                    }
                    None => {
                        if let Some(input) = input.get_untracked() {
                            let _ = input.focus();
                        }
                    }
                }
            },
            std::time::Duration::ZERO,
        );
    };
    let full = move || draft.with(Vec::len) >= MAX_RECIPIENTS;
    // Done: an address typed but not added yet is added first (or its error
    // shown, and nothing saved), never silently dropped.
    let submit = move || {
        if !typed.get_untracked().trim().is_empty() {
            if let Some(refusal) = add() {
                // A full list is not the address's fault.
                let what_now = if refusal == RecipientError::LimitReached {
                    "recipients-not-saved-full"
                } else {
                    "recipients-not-saved"
                };
                error.set(Some(format!(
                    "{} {}",
                    i18n.recipient_error(&refusal),
                    i18n.t(what_now)
                )));
                return;
            }
        }
        let list = draft.get_untracked();
        // Over the limit (a draft made again on a list that grew): said here,
        // as the server would, and nothing sent.
        if list.len() > MAX_RECIPIENTS {
            error.set(Some(format!(
                "{} {}",
                i18n.recipient_error(&RecipientError::LimitReached),
                i18n.t_args(
                    "recipients-not-saved-over",
                    &[("max", MAX_RECIPIENTS.into())]
                )
            )));
            return;
        }
        sent.set_value(list.clone());
        on_save.run(list.iter().map(|a| a.as_str().to_owned()).collect());
    };
    // What the server said about the list last sent, while it still holds:
    // a failure (its Retry sends the list as it is now) or a list changed
    // meanwhile (its way on keeps the draft) until the next save,
    // "full" while the list is over the limit (it stayed beside a list that
    // fit again), a refused address while it is in the list, anything else
    // until the list changes.
    let server_error = Signal::derive(move || {
        server_error.get().filter(|error| {
            if error.is_retryable() || error.code() == Some(ErrorCode::RecipientsChanged) {
                return true;
            }
            if error.code() == Some(ErrorCode::TooManyRecipients) {
                return draft.with(Vec::len) > MAX_RECIPIENTS;
            }
            let blamed = blamed_index(error).and_then(|i| sent.with_value(|s| s.get(i).cloned()));
            match blamed {
                Some(address) => draft.with(|list| list.contains(&address)),
                None => draft.with(|list| sent.with_value(|sent| list == sent)),
            }
        })
    });

    view! {
        <form
            novalidate
            class="pane-form recipients-editor"
            on:submit=move |ev| {
                ev.prevent_default();
                submit();
            }
        >
            // Made again on a list that had grown meanwhile, it can hold too
            // many: said until enough are removed.
            {was_rebased.then(|| {
                let over = move || draft.with(Vec::len).saturating_sub(MAX_RECIPIENTS);
                // Fixed once drawn: a warning from the start stays one.
                let intent = if over() > 0 { MessageBarIntent::Warning } else { MessageBarIntent::Info };
                view! {
                    <MessageBar
                        intent
                        message=Signal::derive(move || match over() {
                            0 => i18n.t("recipients-rebased"),
                            over => i18n.t_args(
                                "recipients-rebased-full",
                                &[
                                    ("count", draft.with(Vec::len).into()),
                                    ("max", MAX_RECIPIENTS.into()),
                                    ("over", over.into()),
                                ],
                            ),
                        })
                    />
                }
            })}
            <p class="hint">
                {
                    let preferred = preferred.to_unicode();
                    move || i18n.t_args("recipients-explain", &[("email", preferred.clone().into()), ("max", MAX_RECIPIENTS.into())])
                }
            </p>
            <div class="field">
                <label for="recipient-input" class="field__label">{i18n.s("recipient-input-label")}</label>
                <div class="field__row">
                    <input
                        id="recipient-input"
                        node_ref=input
                        // Text with the email keyboard, not type="email": the browser
                        // drops a space typed in an email field and moves the caret, which
                        // scrambled what was typed; the shared rules say what is wrong.
                        type="text"
                        inputmode="email"
                        spellcheck="false"
                        autocapitalize="none"
                        class="field__input"
                        class=("guide-target", move || guide.is_target(8))
                        autocomplete="off"
                        placeholder=i18n.s("recipient-placeholder")
                        prop:value=move || typed.get()
                        aria-invalid=move || error.get().is_some().then_some("true")
                        aria-describedby="recipient-input-error recipients-count"
                        on:input=move |ev| {
                            typed.set(event_target_value(&ev));
                            error.set(None);
                        }
                        on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                            if ev.key() == "Enter" {
                                ev.prevent_default();
                                add();
                            }
                        }
                    />
                    <Button
                        id="add-recipient-button"
                        highlighted=Signal::derive(move || guide.is_target(8))
                        on_click=Callback::new(move |_| { add(); })
                    >
                        {i18n.s("step-8-label")}
                    </Button>
                </div>
                <p id="recipient-input-error" class="field__error" role="alert">
                    {move || error.get()}
                </p>
            </div>
            <p id="recipients-count" class="recipients-editor__count" class=("recipients-editor__count--full", full)>
                {move || i18n.t_args("recipients-count", &[("count", draft.with(Vec::len).into()), ("max", MAX_RECIPIENTS.into())])}
            </p>
            <Show
                when=move || !draft.with(Vec::is_empty)
                fallback=move || view! { <p class="empty">{i18n.s("recipients-none")}</p> }
            >
                <ul class="recipients-editor__list" aria-label=i18n.s("recipients-heading")>
                    <For each=move || draft.get() key=EmailAddress::comparison_key let:address>
                        {
                            let shown = address.to_unicode();
                            let label_email = shown.clone();
                            // The server's index is into the list that was sent;
                            // rows move as others are removed, so compare addresses.
                            let blamed_address = address.clone();
                            let blamed = move || {
                                server_error
                                    .get()
                                    .as_ref()
                                    .and_then(blamed_index)
                                    .and_then(|i| sent.with_value(|list| list.get(i).cloned()))
                                    .is_some_and(|blamed| blamed == blamed_address)
                            };
                            view! {
                                <li class="recipients-editor__item" class=("recipients-editor__item--invalid", blamed)>
                                    <span class="recipients-editor__address">{shown}</span>
                                    <button
                                        type="button"
                                        // Found again by its id when the list is drawn
                                        // anew (a reload), so focus stays on it.
                                        id=format!("remove-{}", address.comparison_key())
                                        class="button button--subtle recipients-editor__remove"
                                        aria-label=move || i18n.t_args("recipient-remove", &[("email", label_email.clone().into())])
                                        on:click={
                                            let address = address.clone();
                                            move |_| remove(address.clone())
                                        }
                                    >
                                        <span aria-hidden="true">"✕"</span>
                                    </button>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </Show>
            // A refusal of the list is said as an error of the list; a failure
            // the list did not cause (the server failed, no answer) is a bar
            // with Retry, which saves the list again.
            <SaveError error=server_error on_retry=Callback::new(move |()| submit()) />
            // Changed meanwhile: the way on keeps what was done here.
            {on_rebase.map(|rebase| {
                let changed_meanwhile = move || {
                    server_error.with(|e| {
                        e.as_ref().and_then(AppError::code) == Some(ErrorCode::RecipientsChanged)
                    })
                };
                view! {
                    <Show when=changed_meanwhile>
                        <div class="button-row">
                            <Button
                                id="recipients-rebase-button"
                                on_click=Callback::new(move |_| {
                                    rebase.run((base.get_value(), draft.get_untracked()));
                                })
                            >
                                {i18n.s("recipients-rebase")}
                            </Button>
                        </div>
                    </Show>
                }
            })}
            // Only Done saves: said as soon as there is something to save.
            <p class="visually-hidden" id="recipients-announcement" role="status">{move || announced.get()}</p>
            // Done adds an address typed but not added yet: said, so that
            // the list saved is not a surprise (R15).
            <p class="hint recipients-editor__unsaved" id="recipients-unsaved" aria-live="polite">
                {move || {
                    // Only one Done would add (not one it refuses at the field).
                    let addable = typed.with(|typed| {
                        draft.with(|list| {
                            preferred_address.with_value(|preferred| {
                                check_new_recipient(list, preferred, typed).ok()
                            })
                        })
                    });
                    match addable {
                        Some(address) => Some(i18n.t_args(
                            "recipients-unsaved-typed",
                            &[("email", address.to_unicode().into())],
                        )),
                        None => changed.get().then(|| i18n.t("recipients-unsaved")),
                    }
                }}
            </p>
            <div class="pane-form__footer">
                <Button
                    appearance=ButtonAppearance::Primary
                    submit=true
                    id="done-button"
                    disabled=saving
                    highlighted=Signal::derive(move || guide.is_target(9))
                >
                    {move || if saving.get() { i18n.t("saving") } else { i18n.t("step-9-label") }}
                </Button>
                <Button on_click=on_cancel>{i18n.s("cancel")}</Button>
            </div>
        </form>
    }
}
