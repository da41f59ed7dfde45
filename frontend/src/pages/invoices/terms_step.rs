//! Step 5: the terms, with their version, an agree checkbox and the opt-in
//! button. A plain component (no HTTP), so it can be tested in a browser.

use leptos::prelude::*;
use shared::TermsDocument;

use crate::api::AppError;
use crate::components::button::{Button, ButtonAppearance};
use crate::components::message_bar::SaveError;
use crate::i18n::use_i18n;
use crate::session::use_guide;

#[component]
pub fn TermsStep(
    terms: TermsDocument,
    /// True while the opt-in is being sent.
    #[prop(into)]
    pending: Signal<bool>,
    /// Why the opt-in was refused or failed.
    #[prop(into)]
    server_error: Signal<Option<AppError>>,
    /// Called with the accepted terms version.
    on_accept: Callback<String>,
    on_cancel: Callback<()>,
    /// Where the step says whether the box is ticked, which a reload would
    /// undo.
    #[prop(optional)]
    scope: Option<crate::pages::invoices::ScopeCtx>,
) -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let agreed = RwSignal::new(false);
    if let Some(scope) = scope {
        scope.track_draft(move || agreed.get());
    }
    Effect::new(move |_| crate::components::pane::focus_pane_content());
    let must_agree = RwSignal::new(false);
    let version = terms.version.clone();
    let accept = Callback::new(move |_| {
        if agreed.get_untracked() {
            must_agree.set(false);
            on_accept.run(version.clone());
        } else {
            must_agree.set(true);
            // To the box to tick, which now says what is missing.
            crate::dom::focus_id("terms-agree");
        }
    });
    let version_label = terms.version.clone();
    view! {
        <form
            novalidate
            class="pane-form terms-step"
            on:submit=move |ev| {
                ev.prevent_default();
                accept.run(());
            }
        >
            <h3 id="terms-title" class="terms-step__title">{terms.title.clone()}</h3>
            <p class="terms-step__version">
                {move || i18n.t_args("terms-version", &[("version", version_label.clone().into())])}
            </p>
            <div class="terms-step__text" role="region" aria-labelledby="terms-title" tabindex="0">
                {terms.paragraphs.iter().map(|p| view! { <p>{p.clone()}</p> }).collect_view()}
            </div>
            <div class="field field--checkbox" class=("guide-target", move || guide.is_target(5) && !agreed.get())>
                <input
                    id="terms-agree"
                    type="checkbox"
                    prop:checked=move || agreed.get()
                    aria-invalid=move || must_agree.get().then_some("true")
                    aria-describedby=move || must_agree.get().then_some("terms-agree-error")
                    on:change=move |ev| {
                        agreed.set(event_target_checked(&ev));
                        must_agree.set(false);
                    }
                />
                <label for="terms-agree">{i18n.s("terms-agree")}</label>
            </div>
            <Show when=move || must_agree.get()>
                <p id="terms-agree-error" class="field__error" role="alert">{i18n.s("terms-must-agree")}</p>
            </Show>
            // A refusal is said under the box; a failure the user did not cause
            // (the server failed, no answer) is a bar with Retry, which sends
            // the opt-in again.
            <SaveError error=server_error on_retry=Callback::new(move |()| accept.run(())) />
            <div class="pane-form__footer">
                // The box first, then the button that opts in.
                <Button
                    appearance=ButtonAppearance::Primary
                    submit=true
                    id="opt-in-button"
                    disabled=pending
                    highlighted=Signal::derive(move || guide.is_target(5) && agreed.get())
                >
                    {move || if pending.get() { i18n.t("opting-in") } else { i18n.t("opt-in") }}
                </Button>
                <Button on_click=on_cancel>{i18n.s("cancel")}</Button>
            </div>
        </form>
    }
}
