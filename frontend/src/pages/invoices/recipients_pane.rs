//! The Configure recipients pane: loads the saved list, saves the draft with
//! Done (replacing the whole list), and returns to the email-invoice pane.

use leptos::prelude::*;
use shared::api::RecipientsResponse;
use shared::recipients::rebase_draft;
use shared::EmailAddress;

use crate::api;
use crate::components::fetched::Fetched;
use crate::components::message_bar::MessageBarIntent;
use crate::components::pane::Pane;
use crate::components::spinner::Spinner;
use crate::components::toast::use_toaster;
use crate::i18n::use_i18n;
use crate::pages::invoices::recipients_editor::RecipientsEditor;
use crate::pages::invoices::{
    back_to_email_invoice, close_pane, use_scope, PaneBlocked, PaneNotice, PaneSave,
};
use crate::session::use_guide;

#[component]
pub fn RecipientsPane() -> impl IntoView {
    let i18n = use_i18n();
    let scope = use_scope();
    let toaster = use_toaster();
    let guide = use_guide();
    let back = back_to_email_invoice(&scope);
    // However the pane closes with a draft (Cancel, Esc, ×, a click beside
    // it, the browser's Back, another scope, signing out), the draft is gone:
    // said, so that nobody believes an added address was kept.
    let unsaved = RwSignal::new(false);
    // Not while Done's save is under way or after it worked: the save goes
    // on when the pane closes, and says how it ended itself.
    let save_started = StoredValue::new(false);
    on_cleanup(move || {
        let discarded = unsaved.try_get_untracked() == Some(true)
            && save_started.try_get_value() == Some(false);
        if discarded {
            // After the page has been swapped, not in the middle of it.
            request_animation_frame(move || toaster.info(i18n.t("recipients-discarded-toast")));
        }
    });
    let discard = Callback::new(move |()| back.run(()));
    // The scope, the list and the revision of the saved list it was made
    // from (all of it, so that Retry after the pane closed saves the same).
    let pane_save = PaneSave::new("step-7-label");
    let save = pane_save.retried_action(
        move |(scope_id, list, revision): &(String, Vec<String>, String), saved_for| {
            let scope_id = scope_id.clone();
            let base = revision.clone();
            pane_save.finish_for(
                saved_for.clone(),
                api::replace_recipients(scope_id.clone(), list.clone(), revision.clone()),
                move |saved: &RecipientsResponse| {
                    if saved.revision != base {
                        scope.superseded.try_set(Some((scope_id.clone(), base)));
                    }
                    // Step 8 is adding a recipient: an empty list does not finish it.
                    if !saved.recipients.is_empty() {
                        guide.recipients_saved.try_set(Some(scope_id));
                    }
                    scope.refresh();
                    i18n.t_args(
                        "recipients-saved-toast",
                        &[("count", saved.recipients.len().into())],
                    )
                },
            )
        },
    );
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => back.run(()),
        // Nothing saved: closing now discards the draft, and says so.
        Some(Err(_)) => save_started.set_value(false),
        None => {}
    });
    let server_error = Signal::derive(move || save.value().get().and_then(Result::err));
    // A draft refused because the list changed meanwhile, waiting for the
    // list saved since: (scope, the list it was made from, the draft).
    type Rebase = (String, Vec<EmailAddress>, Vec<EmailAddress>);
    let rebase = StoredValue::new(None::<Rebase>);
    // While the saved list loads for it, the editor is not shown: what was
    // changed meanwhile would be lost, and Done would send the old list.
    let reloading = RwSignal::new(false);
    let on_rebase = Callback::new(
        move |(base, draft): (Vec<EmailAddress>, Vec<EmailAddress>)| {
            rebase.set_value(Some((scope.scope_id.get_untracked(), base, draft)));
            save.value().set(None);
            reloading.set(true);
            // Now, not once the draft is gone (as a reload after a save waits).
            scope.status.refetch();
        },
    );
    view! {
        <Pane
            title=i18n.s("step-7-label")
            subtitle=Signal::derive(move || scope.name())
            opened_by="configure-recipients-button"
            on_close=discard
        >
            <Fetched resource=scope.status back not_found="scope-unknown-pane" close=close_pane(&scope) let:status>
                {if let Some(reason) = status.eligibility.reason() {
                    view! { <PaneBlocked reason back /> }.into_any()
                } else if !status.opted_in {
                    // Opted out meanwhile (another tab): opting in is next.
                    guide.enter(5);
                    view! { <PaneNotice intent=MessageBarIntent::Warning message=i18n.s("recipients-opt-in-first") back /> }
                        .into_any()
                } else {
                    // This tab's own earlier save of the list, still on its
                    // way or ended with the list shown not yet loaded again:
                    // a draft made from the list shown would be refused as
                    // changed by "someone" (R12). The list opens once the
                    // saved one is here. (Not for this pane's own save,
                    // which the editor shows, and which closes the pane.)
                    let shown = status.recipients_revision.clone();
                    let waiting = Memo::new(move |_| {
                        reloading.get()
                            || !save_started.get_value()
                            && (scope.is_saving("step-7-label")
                            || scope.superseded.with(|superseded| {
                                superseded.as_ref().is_some_and(|(id, revision)| {
                                    *id == scope.scope_id.get() && *revision == shown
                                })
                            }))
                    });
                    let revision = status.recipients_revision.clone();
                    // Made again on this list, once: a later reload starts
                    // from the saved list.
                    let rebased = rebase
                        .try_update_value(Option::take)
                        .flatten()
                        .filter(|(id, ..)| *id == scope.scope_id.get_untracked())
                        .map(|(_, base, draft)| {
                            rebase_draft(&base, &draft, &status.recipients, &status.preferred_email)
                        });
                    // The list is here: the editor again.
                    reloading.set(false);
                    (move || if waiting.get() {
                        let label = if reloading.get_untracked() { "loading" } else { "recipients-earlier-save" };
                        view! { <Spinner label=i18n.s(label) /> }.into_any()
                    } else {
                        let revision = revision.clone();
                        view! {
                            <RecipientsEditor
                                initial=status.recipients.clone()
                                preferred=status.preferred_email.clone()
                                saving=save.pending()
                                server_error
                                on_save=Callback::new(move |list| {
                                    save_started.set_value(true);
                                    save.dispatch_local((scope.scope_id.get_untracked(), list, revision.clone()));
                                })
                                on_cancel=discard
                                unsaved
                                scope
                                rebased=rebased.clone()
                                on_rebase
                            />
                        }
                            .into_any()
                    })
                    .into_any()
                }}
            </Fetched>
        </Pane>
    }
}
