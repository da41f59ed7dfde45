use leptos::prelude::*;
use leptos_router::components::Redirect;
use shared::Persona;

use crate::api;
use crate::components::guide_panel::GuidePanel;
use crate::components::message_bar::MessageBar;
use crate::components::spinner::Spinner;
use crate::components::top_bar::TopBar;
use crate::i18n::use_i18n;
use crate::routes;
use crate::session::use_session;

/// Where the session stands, for a page that needs a signed-in persona.
#[derive(Clone, PartialEq)]
enum Gate {
    Waiting,
    SignedIn(Persona),
    SignedOut,
    Failed(api::AppError),
}

/// The persona a [`SignedIn`] page is drawn for.
#[derive(Clone)]
struct SignedInAs(Persona);

/// The scopes the signed-in persona can see, asked for once per page: the
/// top bar's search and the page share them.
#[derive(Clone, Copy)]
struct Scopes(LocalResource<api::ApiResult<shared::api::ScopesResponse>>);

/// The signed-in persona's scopes, inside a [`SignedIn`] page.
pub fn use_scopes() -> LocalResource<api::ApiResult<shared::api::ScopesResponse>> {
    expect_context::<Scopes>().0
}

/// A route's page that needs a signed-in persona. The page is drawn only once
/// the session is known, so that it asks the server for nothing it may not
/// see: a link opened while signed out goes to sign-in (and back here after)
/// without a single refused request. Drawn outside any `Suspense`, so the
/// resources the page creates are its own, not a transition's.
#[component]
pub fn SignedIn(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let gate = Memo::new(move |_| match session.session.get() {
        // Asked for again (after a scenario, say): the answer from before
        // may be stale, and a stale "signed out" would send the user away.
        _ if session.reloading.get() => Gate::Waiting,
        None => Gate::Waiting,
        Some(Ok(shared::api::Session {
            persona: Some(persona),
        })) => Gate::SignedIn(persona),
        Some(Ok(_)) => Gate::SignedOut,
        Some(Err(error)) => Gate::Failed(error),
    });
    move || match gate.get() {
        Gate::Waiting => view! { <Spinner /> }.into_any(),
        Gate::SignedIn(persona) => {
            provide_context(SignedInAs(persona));
            provide_context(Scopes(LocalResource::new(api::scopes)));
            children().into_any()
        }
        // Signed out: sign in, then come back to this very page.
        Gate::SignedOut => {
            let location = window().location();
            let here = format!(
                "{}{}",
                location.pathname().unwrap_or_default(),
                location.search().unwrap_or_default()
            );
            view! { <Redirect path=routes::sign_in_then(&here) options=routes::replace() /> }
                .into_any()
        }
        Gate::Failed(error) => view! {
            <SkipLink />
            <TopBar persona=None scopes=None />
            <Frame>
                <MessageBar
                    message=i18n.error(&error)
                    on_retry=Callback::new(move |_| session.reload())
                />
            </Frame>
        }
        .into_any(),
    }
}

/// The frame of every signed-in page: top bar, content, guide panel. Used
/// inside [`SignedIn`], which knows the persona.
#[component]
pub fn Shell<F, V>(children: F) -> impl IntoView
where
    F: Fn(Persona) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let SignedInAs(persona) = expect_context::<SignedInAs>();
    let scopes = use_scopes();
    view! {
        <SkipLink />
        <TopBar persona=Some(persona.clone()) scopes=Some(scopes) />
        <Frame>{children(persona)}</Frame>
    }
}

/// Below this window width (CSS pixels) the guide sits above the page
/// (style/main.css, section 18).
const NARROW_WINDOW: f64 = 900.0;

/// Whether the window is narrower than [`NARROW_WINDOW`], kept up to date.
fn narrow_window() -> Memo<bool> {
    let width = || {
        window()
            .inner_width()
            .ok()
            .and_then(|w| w.as_f64())
            .unwrap_or(f64::MAX)
    };
    let current = RwSignal::new(width());
    let handle = window_event_listener(leptos::ev::resize, move |_| current.set(width()));
    on_cleanup(move || handle.remove());
    Memo::new(move |_| current.get() < NARROW_WINDOW)
}

/// Main content beside the guide panel; in a narrow window, under it. The
/// panel comes before or after the page in the document as it does on the
/// screen, so that Tab meets it where it is seen.
#[component]
pub fn Frame(children: Children) -> impl IntoView {
    let narrow = narrow_window();
    // Folded or not, kept for this tab (over pages and reloads).
    const FOLDED: &str = "portal.guide-folded";
    let storage = crate::dom::session_storage;
    let folded = storage().and_then(|s| s.get_item(FOLDED).ok().flatten());
    let expanded = RwSignal::new(folded.is_none());
    Effect::new(move |_| {
        let expanded = expanded.get();
        if let Some(storage) = storage() {
            let _ = if expanded {
                storage.remove_item(FOLDED)
            } else {
                storage.set_item(FOLDED, "1")
            };
        }
    });
    view! {
        <div class="frame">
            <Show when=move || narrow.get()>
                <GuidePanel expanded />
            </Show>
            <main id="main" class="frame__main" tabindex="-1">
                {children()}
            </main>
            <Show when=move || !narrow.get()>
                <GuidePanel expanded />
            </Show>
        </div>
    }
}

#[component]
pub fn SkipLink() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a
            class="skip-link"
            href="#main"
            on:click=|ev| {
                ev.prevent_default();
                focus_main();
            }
        >
            {i18n.s("skip-to-content")}
        </a>
    }
}

/// Keeps focus from falling to the page's body. When the focused element is
/// removed and drawn again (a list reloaded), focus goes to its new twin: the
/// element with the same id, or the link with the same address. Otherwise (a
/// navigation replaced the page, a pane's content was swapped) focus goes to
/// the start of the new content: the open pane's next control, else the main
/// region, as a keyboard or screen reader user expects.
#[component]
pub fn FocusKeeper() -> impl IntoView {
    use wasm_bindgen::JsCast;
    let handle = window_event_listener(leptos::ev::focusout, move |ev| {
        // Focus moved on to another element (Tab, a click): nothing was lost,
        // even if this element goes away later (a navigation that follows).
        if ev.related_target().is_some() {
            return;
        }
        let Some(left) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let left = send_wrapper::SendWrapper::new(left);
        for delay in [30, 250] {
            let left = left.clone();
            set_timeout(
                move || {
                    if left.is_connected() {
                        return;
                    }
                    let active = document().active_element();
                    let lost = active.as_ref().is_none_or(|e| e.tag_name() == "BODY");
                    // Where the first try parked it, if the twin came late.
                    let parked = delay > 30 && active.as_ref().is_some_and(|e| e.id() == "main");
                    if !lost && !parked {
                        return;
                    }
                    match twin_of(&left) {
                        // Focus stays where it was, and so does the page: a
                        // page drawn anew stays at its top (on a phone,
                        // focusing its main region scrolled the top bar out
                        // of sight).
                        Some(twin) => crate::dom::focus_in_place(&twin),
                        None if !lost => {}
                        None if crate::components::pane::is_open() => {
                            crate::components::pane::focus_pane_content();
                        }
                        // The page is new: it stays at its top.
                        None => {
                            crate::dom::focus_id_in_place("main");
                        }
                    }
                },
                std::time::Duration::from_millis(delay),
            );
        }
    });
    on_cleanup(move || handle.remove());
}

/// The element drawn in place of `gone`: the same id, or a link to the same
/// address.
fn twin_of(gone: &web_sys::Element) -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    let document = document();
    let id = gone.id();
    let twin = if !id.is_empty() {
        document.get_element_by_id(&id)
    } else {
        let href = gone
            .get_attribute("href")
            .filter(|_| gone.tag_name() == "A")?;
        let links = document.query_selector_all("a[href]").ok()?;
        (0..links.length())
            .filter_map(|i| links.item(i))
            .filter_map(|node| node.dyn_into::<web_sys::Element>().ok())
            .find(|link| link.get_attribute("href").as_deref() == Some(href.as_str()))
    };
    twin?.dyn_into().ok()
}

/// `?scenario=NAME` on any URL: puts this sandbox into that scenario once,
/// then opens the scenario's start page (which drops the parameter, so a
/// reload does not apply it again).
#[component]
pub fn ScenarioFromUrl() -> impl IntoView {
    let Some(name) = crate::prefs::query_param("scenario") else {
        return;
    };
    let session = use_session();
    let guide = crate::session::use_guide();
    let i18n = use_i18n();
    let toaster = crate::components::toast::use_toaster();
    let navigate = leptos_router::hooks::use_navigate();
    leptos::task::spawn_local(async move {
        let replace = leptos_router::NavigateOptions {
            replace: true,
            ..Default::default()
        };
        match crate::api::apply_scenario(name.clone()).await {
            Ok(applied) => {
                guide.reset();
                session.reload();
                navigate(&applied.scenario.start_path, replace);
            }
            Err(error) => {
                let message = untrack(|| {
                    if error.code() == Some(shared::api::ErrorCode::NotFound) {
                        i18n.t_args("scenario-unknown", &[("name", name.into())])
                    } else {
                        i18n.error(&error)
                    }
                });
                toaster.show(crate::components::toast::ToastIntent::Error, message);
                navigate(&crate::prefs::url_without_param("scenario"), replace);
            }
        }
    });
}

/// Confirms a join link (`?sandbox=NAME`, which the server already acted
/// on when it served the page): says which sandbox this browser is in now,
/// or why the link could not be followed, and takes the parameter off the URL.
#[component]
pub fn JoinFromUrl() -> impl IntoView {
    let Some(wanted) = crate::prefs::query_param(shared::api::paths::JOIN_PARAMETER) else {
        return;
    };
    let i18n = use_i18n();
    let toaster = crate::components::toast::use_toaster();
    let navigate = leptos_router::hooks::use_navigate();
    let going_home = crate::dom::session_storage().and_then(|storage| {
        let home = storage.get_item(GOING_HOME_KEY).ok().flatten();
        let _ = storage.remove_item(GOING_HOME_KEY);
        home
    });
    leptos::task::spawn_local(async move {
        use crate::components::toast::ToastIntent;
        match api::sandbox_info().await {
            Ok(info) => {
                let joined = info.id == wanted;
                let (intent, key) = match (going_home.as_deref() == Some(wanted.as_str()), joined) {
                    (true, true) => (ToastIntent::Success, "tester-back-home"),
                    (true, false) => (ToastIntent::Error, "tester-home-gone"),
                    (false, true) => (ToastIntent::Success, "tester-joined"),
                    (false, false) if shared::api::is_valid_sandbox_name(&wanted) => {
                        (ToastIntent::Error, "tester-join-unknown")
                    }
                    (false, false) => (ToastIntent::Error, "tester-join-invalid"),
                };
                let args = [("sandbox", wanted.into()), ("current", info.id.into())];
                toaster.show(intent, untrack(|| i18n.t_args(key, &args)));
            }
            Err(error) => toaster.show(ToastIntent::Error, untrack(|| i18n.error(&error))),
        }
        let target = crate::prefs::url_without_param(shared::api::paths::JOIN_PARAMETER);
        navigate(
            &target,
            leptos_router::NavigateOptions {
                replace: true,
                ..Default::default()
            },
        );
    });
}

/// A page the browser kept to show again on Back (the back-forward cache)
/// shows what it showed when it was left; the server, the source of truth,
/// may have moved on since (a scenario, a script, another tab). Shown again,
/// it is loaded again.
#[component]
pub fn ReloadWhenRestored() -> impl IntoView {
    let handle = window_event_listener_untyped("pageshow", |event| {
        let kept = js_sys::Reflect::get(&event, &"persisted".into())
            .ok()
            .and_then(|persisted| persisted.as_bool())
            .unwrap_or(false);
        if kept {
            let _ = window().location().reload();
        }
    });
    on_cleanup(move || handle.remove());
}

/// Works around leptos_router 0.8 losing track of the history after the
/// browser's Forward: its own list of visited addresses is not told of the
/// entry Forward lands on, so a later navigation to the entry before it (a
/// menu link, say) changed the page but not the address bar, and Back then
/// skipped a page. After every Back and Forward, replacing the entry with
/// itself (same address, same state) makes it the last in that list; where
/// it already was, nothing changes.
#[component]
pub fn HistoryMender() -> impl IntoView {
    let navigate = leptos_router::hooks::use_navigate();
    // Registered after the router's own handler, so this runs after it.
    let handle = window_event_listener(leptos::ev::popstate, move |_| {
        let location = window().location();
        let here = format!(
            "{}{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default(),
            location.hash().unwrap_or_default()
        );
        let state = window().history().ok().and_then(|h| h.state().ok());
        navigate(
            &here,
            leptos_router::NavigateOptions {
                replace: true,
                scroll: false,
                state: leptos_router::location::State::new(state),
                ..Default::default()
            },
        );
    });
    on_cleanup(move || handle.remove());
}

/// Set (to the sandbox) while a browser goes back to its own sandbox, so
/// that the page it lands on says so.
const GOING_HOME_KEY: &str = "portal.going-home";

/// Takes this browser back to its own sandbox `home` from one it joined: the
/// join link of `home` (the server then forgets it as the home).
pub fn go_home(i18n: crate::i18n::I18n, home: &str) {
    if let Some(storage) = crate::dom::session_storage() {
        let _ = storage.set_item(GOING_HOME_KEY, home);
    }
    let path = format!(
        "/?{}={}",
        shared::api::paths::JOIN_PARAMETER,
        shared::api::paths::encode_segment(home)
    );
    crate::components::tester_panel::reload_at(i18n, &path, None);
}

fn focus_main() {
    crate::dom::focus_id("main");
}

/// Names the page in the document title, in the active language.
pub fn use_page_title(key: &'static str) {
    use_page_title_of(key, String::new);
}

/// Names the page and what it shows (the scope, say) in the document
/// title: "Invoices — Tulipworks Production — the app's name". Tabs and the
/// history then tell one scope's page from another's.
pub fn use_page_title_of(key: &'static str, shown: impl Fn() -> String + 'static) {
    let i18n = use_i18n();
    Effect::new(move |_| set_document_title(i18n, &[i18n.t(key), shown()]));
}

/// "`parts` — the app's name" as the document's title (tabs, history); empty
/// parts are left out.
pub fn set_document_title(i18n: crate::i18n::I18n, parts: &[String]) {
    let mut title: Vec<&str> = parts
        .iter()
        .map(String::as_str)
        .filter(|part| !part.is_empty())
        .collect();
    let app = i18n.t("app-name");
    title.push(&app);
    document().set_title(&title.join(" — "));
}
