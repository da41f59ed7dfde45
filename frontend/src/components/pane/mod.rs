use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::use_i18n;

/// The buttons at the bottom of a pane.
#[slot]
pub struct PaneFooter {
    children: ChildrenFn,
}

const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

fn focusables(root: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
    let Ok(list) = root.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}

/// A context pane that slides in from the right: a modal dialog with a title,
/// a scrolling body and a footer of buttons. Focus moves into it, Tab stays
/// inside, Esc (or the close button, or a click beside it) closes it, and focus
/// returns to where it was.
#[component]
pub fn Pane(
    #[prop(into)] title: Signal<String>,
    /// A short line under the title (the scope's name, say).
    #[prop(into, optional)]
    subtitle: Option<Signal<String>>,
    on_close: Callback<()>,
    #[prop(optional)] pane_footer: Option<PaneFooter>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let dialog: NodeRef<html::Section> = NodeRef::new();
    let opener = document()
        .active_element()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    let opener = send_wrapper::SendWrapper::new(opener);
    on_cleanup(move || {
        if let Some(opener) = opener.take() {
            let _ = opener.focus();
        }
    });
    Effect::new(move |_| {
        if let Some(dialog) = dialog.get() {
            let element: &web_sys::Element = &dialog;
            // Focus the first field or button of the body, else the dialog.
            let target = element
                .query_selector(".pane__body input, .pane__body select, .pane__body button, .pane__footer button")
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            match target {
                Some(target) => {
                    let _ = target.focus();
                }
                None => {
                    let _ = dialog.focus();
                }
            }
        }
    });
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            on_close.run(());
            return;
        }
        if ev.key() != "Tab" {
            return;
        }
        let Some(dialog) = dialog.get_untracked() else {
            return;
        };
        let items = focusables(&dialog);
        let (Some(first), Some(last)) = (items.first(), items.last()) else {
            return;
        };
        let active = document().active_element();
        let at = |item: &web_sys::HtmlElement| {
            active
                .as_ref()
                .is_some_and(|a| a == item.unchecked_ref::<web_sys::Element>())
        };
        if ev.shift_key() && at(first) {
            ev.prevent_default();
            let _ = last.focus();
        } else if !ev.shift_key() && at(last) {
            ev.prevent_default();
            let _ = first.focus();
        }
    };
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
                on:keydown=on_keydown
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
                <div class="pane__body">{children()}</div>
                {pane_footer.map(|footer| view! { <footer class="pane__footer">{(footer.children)()}</footer> })}
            </section>
        </div>
    }
}
