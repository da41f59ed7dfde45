//! Steps 5 to 7: the Receive invoice by email pane. It shows whether the scope
//! can be opted in (and why not), the opt-in state, the preferred email with
//! Update profile, and the recipients with Configure recipients.

use leptos::prelude::*;
use shared::api::ErrorCode;
use shared::EmailInvoiceStatus;

use crate::api;
use crate::components::button::{Button, ButtonAppearance};
use crate::components::fetched::Fetched;
use crate::components::message_bar::{ErrorBar, MessageBar, MessageBarIntent};
use crate::components::pane::{focus_pane_content, Pane, PaneFooter};
use crate::components::toast::use_toaster;
use crate::i18n::use_i18n;
use crate::pages::invoices::{close_pane, guide_blocked, open_pane, use_scope, PaneSave};
use crate::pages::reason_key;
use crate::routes::PaneKind;
use crate::session::use_guide;

#[component]
pub fn EmailInvoicePane() -> impl IntoView {
    let i18n = use_i18n();
    let scope = use_scope();
    let close = close_pane(&scope);
    // Kept by the pane, not its content: a reload of the scope (a save that
    // ended elsewhere) draws the content again with the question still open
    // and its count up to date.
    provide_context(OptOutQuestion(RwSignal::new(false)));
    view! {
        <Pane
            title=i18n.s("step-4-label")
            subtitle=Signal::derive(move || scope.name())
            on_close=close
        >
            <Fetched resource=scope.status not_found="scope-unknown-pane" in_pane=true let:status>
                <EmailInvoiceState status />
            </Fetched>
            <PaneFooter slot>
                <Button on_click=close>{i18n.s("close")}</Button>
            </PaneFooter>
        </Pane>
    }
}

#[component]
fn EmailInvoiceState(status: EmailInvoiceStatus) -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let scope = use_scope();
    let reason = status.eligibility.reason();
    let can_manage = reason.is_none();
    let opted_in = status.opted_in;

    // Nothing this persona can do here: the guide says what to do instead
    // (another scope, or another persona where none of its scopes can).
    if let Some(reason) = reason {
        guide_blocked(reason);
    } else {
        Effect::new(move |_| {
            guide.at(if opted_in {
                guide.next_after_opt_in(&scope.scope_id.get_untracked())
            } else {
                5
            })
        });
    }

    Effect::new(move |_| focus_pane_content());
    let (to_terms, to_profile, to_recipients) = (
        open_pane(&scope, PaneKind::Terms),
        open_pane(&scope, PaneKind::Profile),
        open_pane(&scope, PaneKind::Recipients),
    );
    // Once opted in, a co-administrator's reason is about what they cannot
    // change, not about opting in (which is done).
    let reason_text = move || match reason {
        Some(shared::IneligibleReason::NotAccountAdministrator) if opted_in => {
            i18n.t("reason-not-account-administrator-opted-in")
        }
        Some(r) => i18n.t(reason_key(r)),
        None => String::new(),
    };
    let recipients_count = status.recipients.len();
    let max = status.max_recipients;
    let preferred = status.preferred_email.to_unicode();

    view! {
        <section class="pane-section" aria-labelledby="email-invoice-heading">
            <h3 id="email-invoice-heading">{i18n.s("step-5-label")}</h3>
            {reason.map(|_| view! {
                <MessageBar intent=MessageBarIntent::Warning id="email-invoice-reason" message=Signal::derive(reason_text) />
            })}
            {if opted_in {
                let accepted = status.accepted_terms.clone();
                view! {
                    <MessageBar
                        intent=MessageBarIntent::Success
                        message=Signal::derive(move || {
                            match &accepted {
                                Some(a) => i18n.t_args(
                                    "email-invoice-opted-in",
                                    &[
                                        ("version", a.version.clone().into()),
                                        ("name", a.accepted_by_name.clone().into()),
                                        ("date", i18n.date(a.accepted_at.date_naive()).into()),
                                    ],
                                ),
                                None => i18n.t("email-invoice-on"),
                            }
                        })
                    />
                }
                    .into_any()
            } else {
                // What opting in does, only where it can be done.
                let explain = (reason.is_none()).then(|| view! { <p>{i18n.s("email-invoice-explain")}</p> });
                view! {
                    {explain}
                    <Button
                        appearance=ButtonAppearance::Primary
                        id="email-invoice-button"
                        disabled=!can_manage
                        described_by=reason.map(|_| "email-invoice-reason".to_owned())
                        highlighted=Signal::derive(move || can_manage && guide.is_target(5))
                        on_click=to_terms
                    >
                        {i18n.s("step-5-label")}
                    </Button>
                }
                    .into_any()
            }}
        </section>

        <section class="pane-section" aria-labelledby="preferred-email-heading">
            <h3 id="preferred-email-heading">{i18n.s("preferred-email")}</h3>
            <p class="pane-section__value">{preferred}</p>
            // Whose profile: the signed-in user's only when they administer the scope.
            <p class="hint">
                {i18n.s(if reason == Some(shared::IneligibleReason::NotAccountAdministrator) {
                    "preferred-email-explain-other"
                } else {
                    "preferred-email-explain"
                })}
            </p>
            <Show when=move || opted_in>
                <Button
                    id="update-profile-button"
                    disabled=!can_manage
                    described_by=reason.map(|_| "email-invoice-reason".to_owned())
                    highlighted=Signal::derive(move || guide.is_target(6))
                    on_click=to_profile
                >
                    {i18n.s("step-6-label")}
                </Button>
            </Show>
        </section>

        <section class="pane-section" aria-labelledby="recipients-heading">
            <h3 id="recipients-heading">{i18n.s("recipients-heading")}</h3>
            <p>
                {move || i18n.t_args("recipients-count", &[("count", recipients_count.into()), ("max", max.into())])}
            </p>
            {(!status.recipients.is_empty()).then(|| view! {
                <ul class="recipient-summary">
                    {status.recipients.iter().map(|r| view! { <li>{r.to_unicode()}</li> }).collect_view()}
                </ul>
            })}
            <p class="hint" id="configure-recipients-hint">
                {move || if opted_in {
                    i18n.t("recipients-who-gets-what")
                } else if reason == Some(shared::IneligibleReason::NotAccountAdministrator) {
                    // The scope has recipients once opted in; this persona
                    // cannot opt in.
                    i18n.t("recipients-admin-only")
                } else if reason.is_some() {
                    // Never "opt in first" where opting in cannot be done.
                    i18n.t("recipients-not-available")
                } else {
                    i18n.t("recipients-opt-in-first")
                }}
            </p>
            <Button
                id="configure-recipients-button"
                disabled=!(opted_in && can_manage)
                described_by=Some(if reason.is_some() { "email-invoice-reason" } else { "configure-recipients-hint" }.to_owned())
                highlighted=Signal::derive(move || guide.is_target(7))
                on_click=to_recipients
            >
                {i18n.s("step-7-label")}
            </Button>
        </section>

        <Show when=move || opted_in && can_manage>
            <OptOut recipients=recipients_count />
        </Show>
    }
}

/// The opt out was refused because the scope is opted out already (another
/// tab, a colleague): said, and the pane shows the scope as it is now,
/// rather than an error to opt in first.
fn opted_out_elsewhere<T>(result: &Option<api::ApiResult<T>>) -> bool {
    matches!(result, Some(Err(error)) if error.code() == Some(ErrorCode::NotOptedIn))
}

/// Whether the opt-out question is open.
#[derive(Clone, Copy)]
struct OptOutQuestion(RwSignal<bool>);

/// Opt out, after a confirmation that says the recipients will be removed.
#[component]
fn OptOut(recipients: usize) -> impl IntoView {
    let i18n = use_i18n();
    let scope = use_scope();
    let toaster = use_toaster();
    let guide = use_guide();
    let OptOutQuestion(confirming) = expect_context::<OptOutQuestion>();
    let pane_save = PaneSave::new("opt-out");
    // An opt out of this scope on its way from this tab (the pane closed and
    // opened again meanwhile): not sent twice.
    let on_its_way = Signal::derive(move || scope.is_saving("opt-out"));
    let opt_out = pane_save.action(move |_: &()| {
        let scope_id = scope.scope_id.get_untracked();
        // The recipients as the server has them now, for the message.
        let recipients = scope
            .status
            .get_untracked()
            .and_then(Result::ok)
            .map_or(recipients, |status| status.recipients.len());
        pane_save.finish(api::opt_out(scope_id.clone()), move |_| {
            // The question is answered: the scope reloads once no draft
            // holds it back (this one would, as long as it was asked).
            confirming.try_set(false);
            if guide.is_done_for(&scope_id) {
                guide.recipients_saved.try_set(None);
            }
            scope.refresh();
            i18n.t_args("opted-out-toast", &[("count", recipients.into())])
        })
    });
    // The opt out under way or its failure shown: a reload of the pane would
    // drop them (the question itself stays open: see OptOutQuestion).
    scope.track_draft(move || {
        opt_out.pending().get()
            || opt_out
                .value()
                .with(|v| matches!(v, Some(Err(_))) && !opted_out_elsewhere(v))
    });
    Effect::new(move |_| {
        // Done, the opt out said so itself (see above).
        let result = opt_out.value().get();
        if opted_out_elsewhere(&result) {
            confirming.set(false);
            toaster.info(i18n.t("opted-out-elsewhere-toast"));
            if guide.is_done_for(&scope.scope_id.get_untracked()) {
                guide.recipients_saved.set(None);
            }
            scope.refresh();
        }
    });
    view! {
        <section class="pane-section" aria-labelledby="opt-out-heading">
            <h3 id="opt-out-heading">{i18n.s("opt-out")}</h3>
            <p class="hint" id="opt-out-explain">
                {move || i18n.t_args("opt-out-explain", &[("count", recipients.into())])}
            </p>
            <Show
                when=move || confirming.get()
                fallback=move || view! {
                    <Button id="opt-out-button" described_by=Some("opt-out-explain".to_owned()) disabled=on_its_way on_click=Callback::new(move |_| {
                        confirming.set(true);
                        crate::dom::focus_id_later("opt-out-confirm");
                    })>
                        {i18n.s("opt-out")}
                    </Button>
                }
            >
                <MessageBar
                    intent=MessageBarIntent::Warning
                    message=Signal::derive(move || i18n.t_args("opt-out-confirm", &[("count", recipients.into())]))
                />
                // Esc answers the question (like Cancel) rather than closing the pane.
                <div
                    class="button-row"
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Escape" {
                            ev.prevent_default();
                            confirming.set(false);
                            crate::dom::focus_id_later("opt-out-button");
                        }
                    }
                >
                    <Button
                        appearance=ButtonAppearance::Primary
                        id="opt-out-confirm"
                        disabled=Signal::derive(move || opt_out.pending().get() || on_its_way.get())
                        on_click=Callback::new(move |_| {
                            opt_out.dispatch_local(());
                        })
                    >
                        {i18n.s("opt-out")}
                    </Button>
                    <Button on_click=Callback::new(move |_| {
                        confirming.set(false);
                        crate::dom::focus_id_later("opt-out-button");
                    })>{i18n.s("cancel")}</Button>
                </div>
            </Show>
            {move || opt_out.value().get().and_then(Result::err).filter(|e| e.code() != Some(ErrorCode::NotOptedIn)).map(|error| view! {
                <ErrorBar error on_retry=Callback::new(move |()| {
                    opt_out.dispatch_local(());
                }) />
            })}
        </section>
    }
}
