//! The tester panel: the sandbox (with a link a colleague opens to join it),
//! scenarios, faults, the request journal and reset. Opened by `?dev=1` or
//! Alt+Shift+D, remembered for the tab; never shown otherwise, so it is never
//! in a screenshot.

mod faults;
mod journal;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api;
use crate::components::button::{Button, ButtonAppearance};
use crate::i18n::use_i18n;

pub use faults::FaultsSection;
pub use journal::JournalSection;

const OPEN_KEY: &str = "portal.dev";
/// Whether the panel is folded to its title bar, for this tab.
const COLLAPSED_KEY: &str = "portal.dev-collapsed";

/// Whether the panel starts open: `?dev=1` (or `?dev=0` to close it), else
/// what this tab had.
fn initially_open() -> bool {
    match crate::prefs::query_param("dev").as_deref() {
        Some("1" | "true") => true,
        Some(_) => false,
        None => remembered(OPEN_KEY),
    }
}

fn remember(key: &str, on: bool) {
    if let Some(storage) = crate::dom::session_storage() {
        let _ = storage.set_item(key, if on { "1" } else { "0" });
    }
}

fn remembered(key: &str) -> bool {
    crate::dom::session_storage()
        .and_then(|s| s.get_item(key).ok().flatten())
        .is_some_and(|v| v == "1")
}

/// Whether focus is in the panel (or an event came from it).
pub fn is_in_panel(target: Option<web_sys::EventTarget>) -> bool {
    target
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest(".tester-panel").ok().flatten())
        .is_some()
}

/// Whether a key event is the panel's shortcut, Alt+Shift+D.
pub fn is_shortcut(ev: &web_sys::KeyboardEvent) -> bool {
    ev.alt_key() && ev.shift_key() && !ev.ctrl_key() && !ev.meta_key() && ev.code() == "KeyD"
}

/// After the sandbox changed under the app (reset, scenario, another
/// sandbox), load `path` afresh, so that every page reads the new state from
/// the server; `notice` is said there. The browser does not ask about
/// changes not saved on the page (the sandbox has changed already): the
/// notice says they were discarded.
pub fn reload_at(i18n: crate::i18n::I18n, path: &str, notice: Option<String>) {
    crate::session::forget_guide_progress();
    let discarded =
        crate::pages::invoices::leave_without_asking().then(|| i18n.t("tester-drafts-discarded"));
    let notice = match (notice, discarded) {
        (Some(notice), Some(discarded)) => Some(format!("{notice} {discarded}")),
        (notice, discarded) => notice.or(discarded),
    };
    if let Some(notice) = notice {
        crate::components::toast::notice_after_reload(&notice);
    }
    let _ = window().location().assign(path);
}

/// The control focus was on when the shortcut brought it into the panel.
type CameFrom = StoredValue<Option<web_sys::HtmlElement>, LocalStorage>;

/// Closes the panel. Focus in it goes back where the shortcut took it from,
/// if that is still on the page and can take it (the user's place), else to
/// the page's main region.
fn close(open: RwSignal<bool>, came_from: CameFrom) {
    let focus_in_panel = is_in_panel(document().active_element().map(Into::into));
    open.set(false);
    if !focus_in_panel {
        return;
    }
    let back = came_from
        .try_update_value(Option::take)
        .flatten()
        .filter(|element| element.is_connected());
    request_animation_frame(move || {
        if let Some(element) = &back {
            let _ = element.focus();
        }
        let landed = document().active_element();
        if back.is_none() || landed.as_ref() != back.as_ref().map(|e| e.as_ref()) {
            crate::dom::focus_id_in_place("main");
        }
    });
}

#[component]
pub fn TesterPanel() -> impl IntoView {
    let open = RwSignal::new(initially_open());
    let collapsed = RwSignal::new(remembered(COLLAPSED_KEY));
    let came_from: CameFrom = StoredValue::new_local(None);
    Effect::new(move |_| remember(OPEN_KEY, open.get()));
    Effect::new(move |_| remember(COLLAPSED_KEY, collapsed.get()));
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if is_shortcut(&ev) {
            ev.prevent_default();
            // Open, the shortcut first brings focus to the panel (from a
            // pane, say, which keeps Tab inside itself); from the panel, it
            // closes it.
            let active = document().active_element();
            let focus_in_panel = is_in_panel(active.clone().map(Into::into));
            if open.get_untracked() && focus_in_panel {
                close(open, came_from);
                return;
            }
            let body: Option<web_sys::Element> = document().body().map(Into::into);
            came_from.set_value(
                active
                    .filter(|element| Some(element) != body.as_ref())
                    .and_then(|element| element.dyn_into().ok()),
            );
            if open.get_untracked() {
                collapsed.set(false);
            } else {
                open.set(true);
            }
            // Focus moves in once the panel is drawn.
            request_animation_frame(|| crate::dom::focus_id("tester-panel-title"));
        }
    });
    on_cleanup(move || handle.remove());
    move || {
        open.get()
            .then(|| view! { <PanelBody open collapsed came_from /> })
    }
}

#[component]
fn PanelBody(
    open: RwSignal<bool>,
    collapsed: RwSignal<bool>,
    came_from: CameFrom,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <aside
            class="tester-panel"
            class=("tester-panel--collapsed", move || collapsed.get())
            aria-labelledby="tester-panel-title"
        >
            <header class="tester-panel__header">
                <h2 id="tester-panel-title" tabindex="-1">
                    {i18n.s("tester-title")}
                </h2>
                <kbd class="tester-panel__shortcut" title=i18n.s("tester-shortcut")>
                    "Alt+Shift+D"
                </kbd>
                // Folded to this bar, the panel leaves the page's controls free.
                <button
                    type="button"
                    class="tester-panel__close"
                    aria-expanded=move || (!collapsed.get()).to_string()
                    aria-controls="tester-panel-body"
                    aria-label=move || i18n.t(if collapsed.get() { "tester-expand" } else { "tester-collapse" })
                    title=move || i18n.t(if collapsed.get() { "tester-expand" } else { "tester-collapse" })
                    on:click=move |_| collapsed.update(|c| *c = !*c)
                >
                    {move || if collapsed.get() { "▴" } else { "▾" }}
                </button>
                <button
                    type="button"
                    class="tester-panel__close"
                    aria-label=i18n.s("tester-close")
                    on:click=move |_| close(open, came_from)
                >
                    "✕"
                </button>
            </header>
            <div class="tester-panel__body" id="tester-panel-body" hidden=move || collapsed.get()>
                <SandboxSection />
                <ScenarioSection />
                <FaultsSection />
                <JournalSection />
            </div>
        </aside>
    }
}

/// An error of the panel, shown next to the control that caused it.
#[component]
pub fn PanelError(#[prop(into)] error: Signal<Option<String>>, id: &'static str) -> impl IntoView {
    view! {
        <p class="tester-panel__error" id=id role="alert" hidden=move || error.get().is_none()>
            {move || error.get().unwrap_or_default()}
        </p>
    }
}

/// How long an idle sandbox lives, in the largest whole unit ("24 hours",
/// "7 days", "90 minutes").
fn idle_time(i18n: crate::i18n::I18n, seconds: u64) -> String {
    let minutes = seconds.div_ceil(60);
    let (key, count) = match minutes {
        m if m >= 1440 && m % 1440 == 0 => ("tester-duration-days", m / 1440),
        m if m >= 60 && m % 60 == 0 => ("tester-duration-hours", m / 60),
        m => ("tester-duration-minutes", m),
    };
    i18n.t_args(key, &[("count", count.into())])
}

#[component]
fn SandboxSection() -> impl IntoView {
    let i18n = use_i18n();
    let info = LocalResource::new(api::sandbox_info);
    let error = RwSignal::new(None::<String>);
    let copied = RwSignal::new(false);
    let link = move || {
        info.get()
            .and_then(|r| r.ok())
            .map(|info| {
                let origin = window().location().origin().unwrap_or_default();
                format!("{origin}{}", info.join_path)
            })
            .unwrap_or_default()
    };
    let copy = move |_| {
        let text = link();
        copied.set(false);
        let promise = window().navigator().clipboard().write_text(&text);
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(promise).await {
                Ok(_) => copied.set(true),
                Err(_) => {
                    // No clipboard (an insecure origin, say): select the
                    // link so the tester can copy it by hand.
                    if let Some(input) = document()
                        .get_element_by_id("tester-join-link")
                        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
                    {
                        input.select();
                    }
                }
            }
        });
    };
    let confirming_reset = RwSignal::new(false);
    let reset = move || {
        error.set(None);
        leptos::task::spawn_local(async move {
            match api::reset_sandbox().await {
                Ok(_) => {
                    let done = untrack(|| i18n.t("tester-reset-done"));
                    untrack(|| reload_at(i18n, "/", Some(done)));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <section class="tester-panel__section" aria-labelledby="tester-sandbox">
            <h3 id="tester-sandbox">{i18n.s("tester-sandbox")}</h3>
            {move || match info.get() {
                None => view! { <p>{i18n.t("loading")}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="tester-panel__error" role="alert">{e.to_string()}</p> }.into_any(),
                Some(Ok(info)) => view! {
                    <dl class="tester-panel__facts">
                        <dt>{i18n.t("tester-sandbox-id")}</dt>
                        <dd><code id="tester-sandbox-id">{info.id.clone()}</code></dd>
                        // In a sandbox joined by a link: the way back.
                        {info.home.map(|home| {
                            let label = i18n.t_args("tester-go-home-label", &[("sandbox", home.clone().into())]);
                            let back = home.clone();
                            view! {
                                <dt>{i18n.t("tester-sandbox-home")}</dt>
                                <dd>
                                    <code>{home}</code>" "
                                    <Button
                                        id="tester-go-home"
                                        label=Signal::stored(label)
                                        on_click=Callback::new(move |()| crate::components::shell::go_home(i18n, &back))
                                    >
                                        {i18n.t("tester-go-home")}
                                    </Button>
                                </dd>
                            }
                        })}
                        <dt>{i18n.t("tester-sandbox-expiry")}</dt>
                        <dd>{i18n.t_args("tester-sandbox-expiry-value", &[
                            ("idle", idle_time(i18n, info.idle_timeout_seconds).into()),
                            ("count", info.sandboxes.into()),
                            ("max", info.max_sandboxes.into()),
                        ])}</dd>
                    </dl>
                }.into_any(),
            }}
            <label class="tester-panel__label" for="tester-join-link">{i18n.s("tester-join-link")}</label>
            <div class="tester-panel__row">
                <input id="tester-join-link" class="tester-panel__input" type="text" readonly prop:value=link />
                <Button on_click=Callback::new(copy)>{i18n.s("tester-copy")}</Button>
            </div>
            <p class="tester-panel__hint" role="status">
                {move || if copied.get() { i18n.t("tester-copied") } else { i18n.t("tester-join-hint") }}
            </p>
            // Reset deletes the tester's work: asked first, as the outbox's Clear is.
            <Show
                when=move || confirming_reset.get()
                fallback=move || view! {
                    <Button appearance=ButtonAppearance::Secondary id="tester-reset" on_click=Callback::new(move |()| {
                        confirming_reset.set(true);
                        crate::dom::focus_id_later("tester-reset-confirm");
                    })>
                        {i18n.s("tester-reset")}
                    </Button>
                }
            >
                <p class="tester-panel__hint" id="tester-reset-question">{i18n.s("tester-reset-confirm")}</p>
                <div class="tester-panel__row">
                    <Button
                        appearance=ButtonAppearance::Primary
                        id="tester-reset-confirm"
                        described_by=Some("tester-reset-question".to_owned())
                        on_click=Callback::new(move |()| reset())
                    >
                        {i18n.s("tester-reset")}
                    </Button>
                    <Button on_click=Callback::new(move |()| {
                        confirming_reset.set(false);
                        crate::dom::focus_id_later("tester-reset");
                    })>
                        {i18n.s("cancel")}
                    </Button>
                </div>
            </Show>
            <PanelError error id="tester-reset-error" />
        </section>
    }
}

#[component]
fn ScenarioSection() -> impl IntoView {
    let i18n = use_i18n();
    let scenarios = LocalResource::new(api::scenarios);
    let chosen = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let apply = move || {
        let name = chosen.get_untracked();
        if name.is_empty() {
            error.set(Some(untrack(|| i18n.t("tester-scenario-pick"))));
            return;
        }
        error.set(None);
        leptos::task::spawn_local(async move {
            match api::apply_scenario(name).await {
                Ok(applied) => {
                    let done = untrack(|| {
                        i18n.t_args(
                            "tester-scenario-applied",
                            &[("title", applied.scenario.title.clone().into())],
                        )
                    });
                    untrack(|| reload_at(i18n, &applied.scenario.start_path, Some(done)));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <section class="tester-panel__section" aria-labelledby="tester-scenarios">
            <h3 id="tester-scenarios">{i18n.s("tester-scenarios")}</h3>
            <label class="tester-panel__label" for="tester-scenario">{i18n.s("tester-scenario")}</label>
            <div class="tester-panel__row">
                <select
                    id="tester-scenario"
                    class="tester-panel__input"
                    aria-describedby="tester-scenario-error"
                    aria-invalid=move || error.get().is_some().then_some("true")
                    on:change=move |ev| chosen.set(event_target_value(&ev))
                >
                    <option value="">{i18n.s("tester-scenario-none")}</option>
                    {move || scenarios.get().and_then(|r| r.ok()).map(|list| {
                        list.scenarios.into_iter().map(|s| {
                            let label = format!("{} ({})", s.title, s.name);
                            view! { <option value=s.name>{label}</option> }
                        }).collect_view()
                    })}
                </select>
                <Button on_click=Callback::new(move |()| apply())>{i18n.s("tester-apply")}</Button>
            </div>
            <PanelError error id="tester-scenario-error" />
        </section>
    }
}
