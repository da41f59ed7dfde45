//! The pane around the terms step: loads the terms in the active language and
//! sends the opt-in.

use leptos::prelude::*;
use shared::api::ErrorCode;
use shared::EmailInvoiceStatus;

use crate::api;
use crate::components::fetched::Fetched;
use crate::components::message_bar::MessageBarIntent;
use crate::components::pane::Pane;
use crate::i18n::use_i18n;
use crate::pages::invoices::terms_step::TermsStep;
use crate::pages::invoices::{
    back_to_email_invoice, close_pane, guide_blocked, use_scope, PaneNotice, PaneSave,
};
use crate::pages::reason_key;
use crate::session::use_guide;

#[component]
pub fn TermsPane() -> impl IntoView {
    let i18n = use_i18n();
    let scope = use_scope();
    let guide = use_guide();
    let back = back_to_email_invoice(&scope);
    let terms = LocalResource::new(move || api::terms(i18n.locale.get()));
    let pane_save = PaneSave::new("step-5-label");
    let opt_in = pane_save.action(move |version: &String| {
        // The terms shown are in the active language (loaded again when it
        // changes): the confirmation email is written in it too.
        let request = api::opt_in(
            scope.scope_id.get_untracked(),
            version.clone(),
            i18n.locale.get_untracked(),
        );
        pane_save.finish(request, move |status: &EmailInvoiceStatus| {
            scope.refresh();
            i18n.t_args(
                "opted-in-toast",
                &[("email", status.preferred_email.to_unicode().into())],
            )
        })
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = opt_in.value().get() {
            back.run(());
        }
    });
    let server_error = Signal::derive(move || opt_in.value().get().and_then(Result::err));
    // Refused as already opted in (another tab or a script did it while the
    // box was ticked, so the pane was not loaded again): the form has nothing
    // left to do, and the pane says so as it does when it knows beforehand.
    let opted_in_meanwhile = Memo::new(move |_| {
        server_error.with(|error| {
            error.as_ref().and_then(api::AppError::code) == Some(ErrorCode::AlreadyOptedIn)
        })
    });
    view! {
        <Pane
            title=i18n.s("step-5-label")
            subtitle=Signal::derive(move || scope.name())
            opened_by="email-invoice-button"
            on_close=back
        >
            // The terms only where opting in can work: an ineligible scope (a
            // URL typed or shared) says why, an opted-in one says so, as the
            // recipients pane does (the server refuses either way).
            <Fetched resource=scope.status back not_found="scope-unknown-pane" close=close_pane(&scope) let:status>
                {move || if let Some(reason) = status.eligibility.reason() {
                    guide_blocked(reason);
                    view! { <PaneNotice intent=MessageBarIntent::Warning message=Signal::derive(move || i18n.t(reason_key(reason))) back /> }
                        .into_any()
                } else if (status.opted_in && !matches!(opt_in.value().get_untracked(), Some(Ok(_))))
                    || opted_in_meanwhile.get()
                {
                    // Opted in meanwhile (another tab): the profile is next.
                    guide.enter(guide.next_after_opt_in(&scope.scope_id.get_untracked()));
                    view! { <PaneNotice intent=MessageBarIntent::Info message=i18n.s("terms-already-opted-in") back /> }
                        .into_any()
                } else {
                    guide.enter(5);
                    view! {
                        <Fetched resource=terms back let:document>
                            <TermsStep
                                terms=document
                                pending=opt_in.pending()
                                server_error
                                on_accept=Callback::new(move |version| {
                                    opt_in.dispatch_local(version);
                                })
                                on_cancel=back
                                scope
                            />
                        </Fetched>
                    }
                        .into_any()
                }}
            </Fetched>
        </Pane>
    }
}
