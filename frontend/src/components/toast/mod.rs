use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// How long a toast stays.
const TOAST_LIFETIME: Duration = Duration::from_secs(8);
/// The most toasts shown at once; a newer one pushes the oldest out.
const MAX_TOASTS: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ToastIntent {
    #[default]
    Success,
    /// News that is neither a success nor an error ("nothing was saved").
    Info,
    Error,
}

#[derive(Clone)]
struct Toast {
    id: u64,
    intent: ToastIntent,
    message: String,
    /// An action that can be tried again from the toast (which then stays
    /// until it is used or dismissed).
    retry: Option<Callback<()>>,
}

/// Shows short confirmations in the corner ("Saved.").
#[derive(Clone, Copy)]
pub struct Toaster {
    toasts: RwSignal<Vec<Toast>>,
    next_id: StoredValue<u64>,
}

impl Toaster {
    pub fn show(&self, intent: ToastIntent, message: String) {
        self.push(intent, message, None);
    }

    /// An error whose action can be tried again: the toast offers Retry and
    /// stays until Retry or × is used.
    pub fn error_with_retry(&self, message: String, retry: Callback<()>) {
        self.push(ToastIntent::Error, message, Some(retry));
    }

    fn push(&self, intent: ToastIntent, message: String, retry: Option<Callback<()>>) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        let expires = retry.is_none();
        self.toasts.update(|list| {
            // The same news again (a command clicked twice) replaces the
            // earlier toast instead of piling up beside it.
            list.retain(|t| !(t.intent == intent && t.message == message));
            list.push(Toast {
                id,
                intent,
                message,
                retry,
            });
            let extra = list.len().saturating_sub(MAX_TOASTS);
            list.drain(..extra);
        });
        let toasts = self.toasts;
        if expires {
            set_timeout(
                move || toasts.update(|list| list.retain(|t| t.id != id)),
                TOAST_LIFETIME,
            );
        }
    }

    pub fn success(&self, message: String) {
        self.show(ToastIntent::Success, message);
    }

    pub fn info(&self, message: String) {
        self.show(ToastIntent::Info, message);
    }

    /// Takes away the toasts that offer Retry: for the page whose action
    /// they retry, as it goes (its Retry could do nothing any more).
    pub fn dismiss_retries(&self) {
        self.toasts
            .update(|list| list.retain(|t| t.retry.is_none()));
    }

    fn dismiss(&self, id: u64) {
        self.toasts.update(|list| list.retain(|t| t.id != id));
    }
}

/// A confirmation kept for the page a reload is about to open.
const NOTICE_KEY: &str = "portal.notice";

/// Shows `message` as a toast once the app has loaded again: for actions
/// that reload it (the tester panel's reset and scenarios).
pub fn notice_after_reload(message: &str) {
    if let Some(storage) = crate::dom::session_storage() {
        let _ = storage.set_item(NOTICE_KEY, message);
    }
}

pub fn provide_toaster() -> Toaster {
    let toaster = Toaster {
        toasts: RwSignal::new(Vec::new()),
        next_id: StoredValue::new(0),
    };
    provide_context(toaster);
    if let Some(storage) = crate::dom::session_storage() {
        if let Ok(Some(notice)) = storage.get_item(NOTICE_KEY) {
            let _ = storage.remove_item(NOTICE_KEY);
            toaster.success(notice);
        }
    }
    toaster
}

pub fn use_toaster() -> Toaster {
    expect_context::<Toaster>()
}

/// Where a [`ToastRegion`] shows the toasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ToastPlacement {
    /// The window's corner (beside an open pane, where there is room).
    #[default]
    Corner,
    /// At the top of an open pane, in its flow: used (by the style sheet)
    /// where the window is too narrow for the corner's toasts to miss the
    /// pane's controls; Tab reaches their close buttons there.
    InPane,
}

/// Where toasts appear: two live regions, one polite (confirmations and
/// news), read when the reader is idle, and one assertive (errors), read at
/// once. Each toast is in one of them, so it is read once. Both placements
/// show the same toasts; the style sheet shows one of them.
#[component]
pub fn ToastRegion(#[prop(optional)] placement: ToastPlacement) -> impl IntoView {
    let toaster = use_toaster();
    let class = match placement {
        ToastPlacement::Corner => "toaster toaster--corner",
        ToastPlacement::InPane => "toaster toaster--in-pane",
    };
    let of = move |errors: bool| {
        move || {
            toaster
                .toasts
                .get()
                .into_iter()
                .filter(|toast| (toast.intent == ToastIntent::Error) == errors)
                .collect::<Vec<_>>()
        }
    };
    // Where focus came into the toasts from: it goes back there when the
    // last toast it can be on goes (rather than to the page's start).
    let came_from = StoredValue::new_local(None::<web_sys::Element>);
    view! {
        <div
            class=class
            on:keydown=move |ev| {
                if placement == ToastPlacement::Corner {
                    crate::components::pane::tab_round_pane(&ev);
                }
            }
            on:focusin=move |ev: leptos::ev::FocusEvent| {
                let from = ev.related_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
                let region = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
                if let (Some(from), Some(region)) = (from, region) {
                    if !region.contains(Some(&from)) {
                        came_from.set_value(Some(from));
                    }
                }
            }
        >
            <div class="toaster__live" role="status" aria-live="polite">
                <For each=of(false) key=|toast| toast.id let:toast>
                    <ToastView toast came_from />
                </For>
            </div>
            <div class="toaster__live" aria-live="assertive" aria-relevant="additions text">
                <For each=of(true) key=|toast| toast.id let:toast>
                    <ToastView toast came_from />
                </For>
            </div>
        </div>
    }
}

/// Takes toast `id` away; where focus was on it, moves focus to the next
/// toast's first control, or else back where it came from.
fn dismiss_keeping_focus(
    toaster: Toaster,
    id: u64,
    toast: Option<web_sys::Element>,
    came_from: StoredValue<Option<web_sys::Element>, LocalStorage>,
) {
    let had_focus = toast.as_ref().is_some_and(|toast| {
        let active = document().active_element();
        toast.contains(active.as_ref().map(|a| a.unchecked_ref::<web_sys::Node>()))
    });
    let region = toast
        .as_ref()
        .and_then(|t| t.closest(".toaster").ok().flatten());
    toaster.dismiss(id);
    if !had_focus {
        return;
    }
    // Once the toast is gone from the page.
    set_timeout(
        move || {
            let next = region
                .and_then(|r| r.query_selector(".toast button").ok().flatten())
                .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok());
            let back = came_from
                .try_get_value()
                .flatten()
                .filter(|e| e.is_connected())
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(target) = next.or(back) {
                let _ = target.focus();
            }
        },
        std::time::Duration::ZERO,
    );
}

#[component]
fn ToastView(
    toast: Toast,
    came_from: StoredValue<Option<web_sys::Element>, LocalStorage>,
) -> impl IntoView {
    let toaster = use_toaster();
    let i18n = crate::i18n::use_i18n();
    let node: NodeRef<leptos::html::Div> = NodeRef::new();
    let element = move || node.get_untracked().map(web_sys::Element::from);
    view! {
        <div node_ref=node class=match toast.intent {
            ToastIntent::Success => "toast toast--success",
            ToastIntent::Info => "toast toast--info",
            ToastIntent::Error => "toast toast--error",
        }>
            <span class="toast__icon" aria-hidden="true">
                {match toast.intent {
                    ToastIntent::Success => "✓",
                    ToastIntent::Info => "i",
                    ToastIntent::Error => "!",
                }}
            </span>
            <span class="toast__message">{toast.message.clone()}</span>
            {toast.retry.map(|retry| view! {
                <button
                    type="button"
                    class="button button--subtle toast__action"
                    on:click=move |_| {
                        dismiss_keeping_focus(toaster, toast.id, element(), came_from);
                        // Gone with its page, the action does nothing
                        // (`dismiss_retries` takes such toasts away).
                        let _ = retry.try_run(());
                    }
                >
                    {i18n.s("retry")}
                </button>
            })}
            <button
                type="button"
                class="toast__close"
                aria-label=i18n.s("dismiss")
                on:click=move |_| dismiss_keeping_focus(toaster, toast.id, element(), came_from)
            >
                "×"
            </button>
        </div>
    }
}
