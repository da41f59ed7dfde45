use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::toast::{ToastPlacement, ToastRegion};
use crate::i18n::use_i18n;

/// The buttons at the bottom of a pane.
#[slot]
pub struct PaneFooter {
    children: ChildrenFn,
}

const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

/// Where focus goes when a pane closes and its opener is gone.
const FALLBACK_FOCUS: &str = "#receive-invoice-by-email";

fn focusables(root: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
    let Ok(list) = root.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}

fn focus(element: &web_sys::Element) {
    if let Some(element) = element.dyn_ref::<web_sys::HtmlElement>() {
        let _ = element.focus();
    }
}

/// The controls of the toasts shown in the window's corner (none where the
/// pane shows the toasts itself, in a narrow window).
fn corner_toast_controls() -> Vec<web_sys::HtmlElement> {
    document()
        .query_selector(".toaster--corner")
        .ok()
        .flatten()
        .map(|toaster| focusables(&toaster))
        .unwrap_or_default()
        .into_iter()
        .filter(|control| control.offset_width() > 0)
        .collect()
}

/// Tab and Shift+Tab while a pane is open, from the pane or the toasts in
/// the window's corner: they make one ring (the pane's controls, then the
/// toasts'), so focus stays in the pane and an error's Retry and × stay in
/// reach of the keyboard. Inside either part, the browser moves focus.
pub fn tab_round_pane(ev: &web_sys::KeyboardEvent) {
    if ev.key() != "Tab" {
        return;
    }
    let Some(dialog) = document().query_selector(".pane").ok().flatten() else {
        return;
    };
    let parts = [focusables(&dialog), corner_toast_controls()];
    let parts: Vec<&Vec<web_sys::HtmlElement>> = parts.iter().filter(|p| !p.is_empty()).collect();
    let Some(active) = document().active_element() else {
        return;
    };
    let at = |item: Option<&web_sys::HtmlElement>| {
        item.is_some_and(|item| active == *item.unchecked_ref::<web_sys::Element>())
    };
    let count = parts.len();
    for (i, part) in parts.iter().enumerate() {
        let (next, previous) = (parts[(i + 1) % count], parts[(i + count - 1) % count]);
        // The pane itself (focused when it opened) counts as its start.
        let at_start = at(part.first()) || (i == 0 && active == dialog);
        let target = if ev.shift_key() && at_start {
            previous.last()
        } else if !ev.shift_key() && at(part.last()) {
            next.first()
        } else {
            continue;
        };
        if let Some(target) = target {
            ev.prevent_default();
            let _ = target.focus();
        }
        return;
    }
}

/// Makes everything but the open pane (and the toasts) inert, so neither Tab
/// nor a screen reader nor `/` can reach the page behind it; with no pane
/// open, undoes that. Idempotent: panes replacing panes call it in any order.
fn sync_inert() {
    let document = document();
    if let Ok(marked) = document.query_selector_all("[data-pane-inert]") {
        for node in (0..marked.length()).filter_map(|i| marked.item(i)) {
            if let Ok(element) = node.dyn_into::<web_sys::Element>() {
                let _ = element.remove_attribute("inert");
                let _ = element.remove_attribute("data-pane-inert");
            }
        }
    }
    let Some(layer) = document.query_selector(".pane-layer").ok().flatten() else {
        return;
    };
    let mut current = layer;
    while let Some(parent) = current.parent_element() {
        let children = parent.children();
        for sibling in (0..children.length()).filter_map(|i| children.item(i)) {
            let keep = sibling == current
                || sibling.class_list().contains("toaster")
                // Testers inject faults while a pane is open.
                || sibling.class_list().contains("tester-panel")
                || matches!(sibling.tag_name().as_str(), "SCRIPT" | "STYLE" | "LINK");
            if !keep && !sibling.has_attribute("inert") {
                let _ = sibling.set_attribute("inert", "");
                let _ = sibling.set_attribute("data-pane-inert", "");
            }
        }
        if parent.tag_name() == "BODY" {
            break;
        }
        current = parent;
    }
}

/// Makes the page behind the pane inert and moves focus into the pane, once
/// the pane is in the document. A pane opened by its URL (a reload, a shared
/// link) is built inside a suspense before the page is attached, so this waits
/// for it, a frame at a time, up to `frames` frames. Focus already inside the
/// pane (its content focused its first field) stays where it is.
fn take_focus(dialog: send_wrapper::SendWrapper<web_sys::HtmlElement>, frames: u8) {
    if dialog.is_connected() {
        sync_inert();
        let inside = document()
            .active_element()
            .is_some_and(|active| dialog.contains(Some(&active)));
        if !inside {
            let _ = dialog.focus();
        }
    } else if frames > 0 {
        request_animation_frame(move || take_focus(dialog, frames - 1));
    }
}

/// Whether `dialog` is still on the page. A closed pane's listeners can
/// outlive it: a future still running in the pane (a load) keeps its
/// reactive owner, and so its cleanup, until it ends, and the next pane is
/// on the page by then. (Saves are made outside the pane for this reason:
/// `PaneSave::action`.) Only the pane on the page answers keys and focus.
fn on_the_page(dialog: NodeRef<html::Section>) -> bool {
    dialog
        .try_get_untracked()
        .flatten()
        .is_some_and(|dialog| dialog.is_connected())
}

/// Whether a pane is open (it is modal: the page behind is out of reach).
pub fn is_open() -> bool {
    document()
        .query_selector(".pane-layer")
        .ok()
        .flatten()
        .is_some()
}

thread_local! {
    /// The id of the control in a pane that opened another pane (Configure
    /// recipients, say): when the user comes back to that pane, focus returns
    /// to the control.
    static RETURN_TO: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
    /// The id of the control last focused in the open pane: when the pane's
    /// content is drawn again (its data reloaded), focus goes back to it
    /// rather than to the pane's first control.
    static LAST_FOCUSED: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Where focus is: on a control inside the open pane (not the pane itself).
fn focus_is_on_a_pane_control() -> bool {
    document()
        .active_element()
        .and_then(|active| active.closest(".pane__body, .pane__footer").ok().flatten())
        .is_some()
}

/// Moves focus to what the user most likely wants next in the open pane: the
/// control that opened the pane just closed, else the control guided mode
/// outlines, else the first field, else the first button. Pane contents call
/// this once they have loaded.
pub fn focus_pane_content() {
    set_timeout(
        || {
            let Some(pane) = document().query_selector(".pane").ok().flatten() else {
                return;
            };
            let in_pane = |id: String| pane.query_selector(&format!("[id='{id}']")).ok().flatten();
            let returned = RETURN_TO.with_borrow_mut(Option::take).and_then(in_pane);
            if let Some(target) = returned {
                focus(&target);
                return;
            }
            // Drawn again (its data reloaded): focus stays where it was, on
            // the same control, if it is still there; never moved away from
            // a control the user is on.
            if focus_is_on_a_pane_control() {
                return;
            }
            if let Some(target) = LAST_FOCUSED.with_borrow(Clone::clone).and_then(in_pane) {
                focus(&target);
                return;
            }
            let target = [
                ".pane__body input.guide-target",
                ".pane__body .guide-target input",
                ".pane__body button.guide-target:not([aria-disabled=true])",
                ".pane__body input:not([type=hidden])",
                ".pane__body select",
                ".pane__body button:not([aria-disabled=true])",
                ".pane__footer button",
            ]
            .iter()
            .find_map(|selector| pane.query_selector(selector).ok().flatten());
            if let Some(target) = target {
                focus(&target);
            }
        },
        std::time::Duration::ZERO,
    );
}

/// A context pane that slides in from the right: a modal dialog with a title,
/// a scrolling body and a footer of buttons. The page behind is inert; focus
/// moves into the pane and Tab stays inside; Esc (or the close button, or a
/// click beside it) closes it; focus then returns to where it was.
#[component]
pub fn Pane(
    #[prop(into)] title: Signal<String>,
    /// A short line under the title (the scope's name, say).
    #[prop(into, optional)]
    subtitle: Option<Signal<String>>,
    on_close: Callback<()>,
    /// The id of the control in the pane before that opens this one: where
    /// focus goes when the user is back in that pane.
    #[prop(optional)]
    opened_by: Option<&'static str>,
    #[prop(optional)] pane_footer: Option<PaneFooter>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let dialog: NodeRef<html::Section> = NodeRef::new();
    // Each pane is a step with its own URL: its title (and the scope under
    // it) names it in the browser's history and tabs.
    Effect::new(move |_| {
        if let Some(title) = title.try_get() {
            let under = subtitle.and_then(|s| s.try_get()).unwrap_or_default();
            crate::components::shell::set_document_title(i18n, &[title, under]);
        }
    });
    let active = document().active_element();
    // A new pane: the control focused last in the one before (the Done that
    // closed it, say) is not this pane's. (Its content drawn again keeps this
    // component, and so what it remembers.)
    LAST_FOCUSED.set(None);
    let opener = send_wrapper::SendWrapper::new(
        // Not the page's body (a pane opened with the page, by its URL):
        // focus then goes to the command that opens the pane.
        active.filter(|e| {
            e.closest(".pane").ok().flatten().is_none()
                && !matches!(e.tag_name().as_str(), "BODY" | "HTML")
        }),
    );
    Effect::new(move |_| {
        if let Some(dialog) = dialog.get() {
            take_focus(send_wrapper::SendWrapper::new(dialog), 50);
        }
    });
    // The control focused last, for `focus_pane_content` after a redraw.
    let remember = window_event_listener(leptos::ev::focusin, move |ev| {
        if !on_the_page(dialog) {
            return;
        }
        let control = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .filter(|e| !e.id().is_empty())
            .filter(|e| {
                e.closest(".pane__body, .pane__footer")
                    .ok()
                    .flatten()
                    .is_some()
            });
        if let Some(control) = control {
            LAST_FOCUSED.set(Some(control.id()));
        }
    });
    // Esc closes the pane wherever focus is (even when it fell to the body).
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        // Not from the tester panel, which stays usable beside the pane.
        if ev.key() == "Escape"
            && on_the_page(dialog)
            && !ev.default_prevented()
            && !crate::components::tester_panel::is_in_panel(ev.target())
        {
            ev.prevent_default();
            on_close.run(());
        }
    });
    on_cleanup(move || {
        escape.remove();
        remember.remove();
        // Back in the pane before, focus goes to the control that opens this
        // one. Only a pane with a pane before sets it: the pane the user
        // leaves for another (Receive invoice by email for Configure
        // recipients) does not, or the new pane would take the control that
        // had brought the user back to it (Done) for its own.
        RETURN_TO.set(opened_by.map(str::to_owned));
        let opener = opener.take();
        set_timeout(
            move || {
                sync_inert();
                // Another pane replaced this one: it handles focus itself.
                if is_open() {
                    return;
                }
                LAST_FOCUSED.set(None);
                RETURN_TO.set(None);
                let target = opener
                    .filter(|o| o.is_connected())
                    .or_else(|| document().query_selector(FALLBACK_FOCUS).ok().flatten());
                if let Some(target) = target {
                    focus(&target);
                }
            },
            std::time::Duration::ZERO,
        );
    });
    view! {
        <div class="pane-layer">
            <div class="pane-backdrop" aria-hidden="true" on:click=move |_| on_close.run(())></div>
            <section
                class="pane"
                role="dialog"
                aria-modal="true"
                aria-labelledby="pane-title"
                tabindex="-1"
                node_ref=dialog
                on:keydown=move |ev| tab_round_pane(&ev)
            >
                <header class="pane__header">
                    <div class="pane__titles">
                        <h2 id="pane-title" class="pane__title">{move || title.try_get().unwrap_or_default()}</h2>
                        {subtitle.map(|s| view! { <p class="pane__subtitle">{move || s.try_get().unwrap_or_default()}</p> })}
                    </div>
                    <button
                        type="button"
                        class="pane__close"
                        aria-label=i18n.s("close")
                        on:click=move |_| on_close.run(())
                    >
                        <span aria-hidden="true">"×"</span>
                    </button>
                </header>
                <crate::components::guide_panel::PaneGuide />
                <ToastRegion placement=ToastPlacement::InPane />
                <div class="pane__body">{children()}</div>
                {pane_footer.map(|footer| view! { <footer class="pane__footer">{(footer.children)()}</footer> })}
            </section>
        </div>
    }
}
