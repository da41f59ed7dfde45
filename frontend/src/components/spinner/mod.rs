use leptos::prelude::*;

use crate::i18n::use_i18n;

/// A loading indicator with its text, announced politely.
#[component]
pub fn Spinner(#[prop(into, optional)] label: Option<Signal<String>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="spinner" role="status">
            <span class="spinner__ring" aria-hidden="true"></span>
            <span class="spinner__label">{move || label.map(|l| l.get()).unwrap_or_else(|| i18n.t("loading"))}</span>
        </div>
    }
}
