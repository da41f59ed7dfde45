use leptos::prelude::*;
use shared::Locale;

use crate::dom::is_open;
use crate::i18n::use_i18n;
use crate::prefs::{use_prefs, Theme};

/// The settings disclosure in the top bar: language, theme and guided mode.
#[component]
pub fn SettingsMenu() -> impl IntoView {
    let i18n = use_i18n();
    let prefs = use_prefs();
    let open = RwSignal::new(false);
    view! {
        <div
            class="top-bar__menu"
            on:focusout=move |ev: leptos::ev::FocusEvent| {
                // Close when focus leaves the button and the menu.
                if crate::dom::focus_leaves(&ev) {
                    open.set(false);
                }
            }
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" && open.get_untracked() {
                    ev.prevent_default();
                    open.set(false);
                    crate::dom::focus_id("settings-button");
                }
            }
        >
            <button
                type="button"
                class="top-bar__button"
                id="settings-button"
                aria-expanded=move || is_open(open).to_string()
                aria-controls="settings-panel"
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <span aria-hidden="true">"⚙ "</span>
                // Only the gear shows in a narrow window; the name stays.
                <span class="top-bar__button-text">{i18n.s("settings")}</span>
            </button>
            // Focusable (not in the Tab order): a press on an option's words
            // focuses the panel, not the page, so the menu stays open for
            // the click that picks the option.
            <div
                id="settings-panel"
                class="top-bar__popup settings-panel"
                tabindex="-1"
                hidden=move || !is_open(open)
            >
                <fieldset class="settings-panel__group">
                    <legend>{i18n.s("settings-language")}</legend>
                    {Locale::ALL
                        .into_iter()
                        .map(|locale| {
                            view! {
                                <label class="settings-panel__choice">
                                    <input
                                        type="radio"
                                        name="settings-language"
                                        value=locale.tag()
                                        prop:checked=move || i18n.locale.get() == locale
                                        on:change=move |_| i18n.locale.set(locale)
                                    />
                                    // In its own language, and said so (WCAG 3.1.2).
                                    <span lang=locale.tag()>{locale.native_name()}</span>
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <fieldset class="settings-panel__group">
                    <legend>{i18n.s("settings-theme")}</legend>
                    {Theme::ALL
                        .into_iter()
                        .map(|theme| {
                            let key = match theme {
                                Theme::Light => "settings-theme-light",
                                Theme::Dark => "settings-theme-dark",
                            };
                            view! {
                                <label class="settings-panel__choice">
                                    <input
                                        type="radio"
                                        name="settings-theme"
                                        value=theme.name()
                                        prop:checked=move || prefs.theme.get() == theme
                                        on:change=move |_| prefs.theme.set(theme)
                                    />
                                    {move || i18n.t(key)}
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <label class="settings-panel__choice">
                    <input
                        type="checkbox"
                        prop:checked=move || prefs.guide.get()
                        on:change=move |ev| prefs.guide.set(event_target_checked(&ev))
                    />
                    {i18n.s("settings-guide")}
                </label>
            </div>
        </div>
    }
}
