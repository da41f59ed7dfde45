//! Small DOM helpers the components share (focus moves, key handling).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Focuses the element with this id, if it exists and can take focus.
pub fn focus_id(id: &str) {
    focus(document().get_element_by_id(id));
}

/// Focuses the element with this id and scrolls its top into view (below
/// the sticky top bar: the page's `scroll-padding-top`). Focus alone shows
/// the middle of an element taller than the window, its heading hidden.
pub fn focus_id_at_top(id: &str) {
    let Some(element) = focus_id_in_place(id) else {
        return;
    };
    let view = web_sys::ScrollIntoViewOptions::new();
    view.set_block(web_sys::ScrollLogicalPosition::Start);
    element.scroll_into_view_with_scroll_into_view_options(&view);
}

/// Focuses the element with this id without scrolling to it: the page
/// stays where it is (at the top after a navigation, its header in view; on
/// a phone, where the top bar scrolls away, focusing the main region scrolled
/// the bar with the account menu and Sign out out of sight).
pub fn focus_id_in_place(id: &str) -> Option<web_sys::HtmlElement> {
    let element = html_element(document().get_element_by_id(id))?;
    focus_in_place(&element);
    Some(element)
}

/// Focuses `element` without scrolling to it.
pub fn focus_in_place(element: &web_sys::HtmlElement) {
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    let _ = element.focus_with_options(&options);
}

/// Focuses the first element `selector` matches, if any can take focus.
pub fn focus_selector(selector: &str) {
    focus(document().query_selector(selector).ok().flatten());
}

fn focus(element: Option<web_sys::Element>) {
    if let Some(element) = html_element(element) {
        let _ = element.focus();
    }
}

fn html_element(element: Option<web_sys::Element>) -> Option<web_sys::HtmlElement> {
    element?.dyn_into::<web_sys::HtmlElement>().ok()
}

/// Focuses the element with this id once the view has updated.
pub fn focus_id_later(id: &'static str) {
    set_timeout(move || focus_id(id), std::time::Duration::ZERO);
}

/// Whether a key went to a text field (where `/`, `j` or Delete are typing).
pub fn is_typing(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}

/// Whether focus is leaving the element the handler sits on (for menus that
/// close when you tab away).
pub fn focus_leaves(ev: &web_sys::FocusEvent) -> bool {
    let to = ev
        .related_target()
        .and_then(|t| t.dyn_into::<web_sys::Node>().ok());
    let container = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Node>().ok());
    match (to, container) {
        (Some(to), Some(container)) => !container.contains(Some(&to)),
        _ => true,
    }
}

/// Whether a menu is open, for its own attributes. Closed once the menu is
/// gone: removing the focused menu (signing out from it) fires `focusout`,
/// whose `open.set(false)` reruns these attributes while the menu's signals
/// are being disposed.
pub fn is_open(open: RwSignal<bool>) -> bool {
    open.try_get().unwrap_or(false)
}

/// This tab's session storage (progress, notices and panel state that a
/// reload keeps and a new tab does not), if the browser allows it.
pub fn session_storage() -> Option<web_sys::Storage> {
    leptos::prelude::window().session_storage().ok().flatten()
}

/// Runs `then` each time the user comes back to this tab (the page becomes
/// visible again), for as long as the calling component lives.
pub fn on_back_to_tab(then: impl Fn() + 'static) {
    let listener = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if !document().hidden() {
            then();
        }
    });
    on_cleanup(move || listener.remove());
}

/// Saves what `url` holds as `file`, as a link with `download` would.
pub fn save_as(url: &str, file: &str) {
    use wasm_bindgen::JsCast;
    let Ok(link) = document().create_element("a") else {
        return;
    };
    let _ = link.set_attribute("href", url);
    let _ = link.set_attribute("download", file);
    if let Ok(link) = link.dyn_into::<web_sys::HtmlElement>() {
        link.click();
    }
}
