//! The Configure recipients pane: loads the saved list, saves the draft with
//! Done (replacing the whole list), and returns to the email-invoice pane.

use leptos::prelude::*;

use crate::api;
use crate::components::fetched::Fetched;
use crate::components::message_bar::MessageBarIntent;
use crate::components::pane::Pane;
use crate::components::toast::use_toaster;
use crate::i18n::use_i18n;
use crate::pages::invoices::recipients_editor::RecipientsEditor;
use crate::pages::invoices::{back_to_email_invoice, use_scope, PaneNotice};
use crate::pages::reason_key;
use crate::session::use_guide;

#[component]
pub fn RecipientsPane() -> impl IntoView {
    let i18n = use_i18n();
    let scope = use_scope();
    let toaster = use_toaster();
    let guide = use_guide();
    let back = back_to_email_invoice(&scope);
    // Cancel, Esc, × and a click beside the pane discard the draft: said, so
    // that nobody believes an added address was kept.
    let unsaved = RwSignal::new(false);
    let discard = Callback::new(move |()| {
        if unsaved.get_untracked() {
            toaster.info(i18n.t("recipients-discarded-toast"));
        }
        back.run(());
    });
    // The list and the revision of the saved list it was made from.
    let save = Action::new_local(move |(list, revision): &(Vec<String>, String)| {
        api::replace_recipients(
            scope.scope_id.get_untracked(),
            list.clone(),
            revision.clone(),
        )
    });
    Effect::new(move |_| {
        if let Some(Ok(saved)) = save.value().get() {
            // Step 8 is adding a recipient: an empty list does not finish it.
            if !saved.recipients.is_empty() {
                guide
                    .recipients_saved
                    .set(Some(scope.scope_id.get_untracked()));
            }
            scope.refresh();
            toaster.success(i18n.t_args(
                "recipients-saved-toast",
                &[("count", saved.recipients.len().into())],
            ));
            back.run(());
        }
    });
    let server_error = Signal::derive(move || save.value().get().and_then(Result::err));
    view! {
        <Pane
            title=i18n.s("step-7-label")
            subtitle=Signal::derive(move || scope.name())
            on_close=discard
        >
            <Fetched resource=scope.status let:status>
                {if let Some(reason) = status.eligibility.reason() {
                    view! { <PaneNotice intent=MessageBarIntent::Warning message=Signal::derive(move || i18n.t(reason_key(reason))) back /> }
                        .into_any()
                } else if !status.opted_in {
                    // Opted out meanwhile (another tab): opting in is next.
                    guide.enter(5);
                    view! { <PaneNotice intent=MessageBarIntent::Warning message=i18n.s("recipients-opt-in-first") back /> }
                        .into_any()
                } else {
                    let revision = status.recipients_revision.clone();
                    view! {
                        <RecipientsEditor
                            initial=status.recipients
                            preferred=status.preferred_email
                            saving=save.pending()
                            server_error
                            on_save=Callback::new(move |list| {
                                save.dispatch_local((list, revision.clone()));
                            })
                            on_cancel=discard
                            unsaved
                            scope
                        />
                    }
                        .into_any()
                }}
            </Fetched>
        </Pane>
    }
}
