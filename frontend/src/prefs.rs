//! Language and theme: read from the URL (`?lang=nl-NL&theme=dark`), else from
//! what the user chose before (local storage), else (the language) the
//! browser's preferred one that the app speaks, else en-US and light. Applied to
//! `<html lang>` and `<html data-theme>`, and remembered.

use leptos::prelude::*;
use shared::Locale;

use crate::i18n::I18n;

pub use shared::Theme;

#[derive(Clone, Copy)]
pub struct Prefs {
    pub theme: RwSignal<Theme>,
    /// Whether the guide panel is shown.
    pub guide: RwSignal<bool>,
}

const LANG_KEY: &str = "portal.lang";
const THEME_KEY: &str = "portal.theme";
const GUIDE_KEY: &str = "portal.guide";

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn stored(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

fn store(key: &str, value: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(key, value);
    }
}

/// The value of `name` in the page's query string.
pub fn query_param(name: &str) -> Option<String> {
    let search = window().location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    params.get(name)
}

/// The page's path and query string without the parameter `name`, for
/// taking a one-time parameter (`?scenario=`, `?sandbox=`) off the URL.
pub fn url_without_param(name: &str) -> String {
    let location = window().location();
    let path = location.pathname().unwrap_or_default();
    let search = location.search().unwrap_or_default();
    match web_sys::UrlSearchParams::new_with_str(&search) {
        Ok(params) => {
            params.delete(name);
            let rest = String::from(params.to_string());
            if rest.is_empty() {
                path
            } else {
                format!("{path}?{rest}")
            }
        }
        Err(_) => path,
    }
}

/// The first of the browser's preferred languages that the app speaks.
fn browser_language() -> Option<Locale> {
    let tags: Vec<String> = window()
        .navigator()
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .collect();
    Locale::from_preferred(tags.iter().map(String::as_str))
}

/// Creates the language and theme signals, provides them as context, and
/// keeps the document and local storage in step with them.
pub fn provide_prefs() -> (I18n, Prefs) {
    let chosen = query_param("lang")
        .or_else(|| stored(LANG_KEY))
        .and_then(|tag| Locale::from_tag(&tag));
    let locale = chosen.or_else(browser_language).unwrap_or_default();
    let theme = query_param("theme")
        .or_else(|| stored(THEME_KEY))
        .and_then(|name| Theme::from_name(&name))
        .unwrap_or_default();
    let guide = query_param("guide")
        .or_else(|| stored(GUIDE_KEY))
        .map(|v| v == "1" || v == "true")
        .unwrap_or(false);

    let i18n = I18n {
        locale: RwSignal::new(locale),
    };
    let prefs = Prefs {
        theme: RwSignal::new(theme),
        guide: RwSignal::new(guide),
    };
    provide_context(i18n);
    provide_context(prefs);

    // Remembered once chosen (`?lang=` or Settings); the browser's own is
    // asked again on the next visit, so a change of it is followed.
    Effect::new(move |previous: Option<()>| {
        let locale = i18n.locale.get();
        if chosen.is_some() || previous.is_some() {
            store(LANG_KEY, locale.tag());
        }
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", locale.tag());
        }
    });
    Effect::new(move |_| {
        let theme = prefs.theme.get();
        store(THEME_KEY, theme.name());
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-theme", theme.name());
        }
    });
    Effect::new(move |_| store(GUIDE_KEY, if prefs.guide.get() { "1" } else { "0" }));
    (i18n, prefs)
}

pub fn use_prefs() -> Prefs {
    expect_context::<Prefs>()
}
