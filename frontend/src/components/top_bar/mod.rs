use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use shared::Persona;

use crate::api;
use crate::components::global_search::GlobalSearch;
use crate::components::settings_menu::SettingsMenu;
use crate::dom::is_open;
use crate::i18n::use_i18n;
use crate::routes;
use crate::session::use_session;

/// The portal's top bar: the name of the app, global search, settings and
/// the account menu.
#[component]
pub fn TopBar(
    persona: Option<Persona>,
    scopes: Option<LocalResource<api::ApiResult<shared::api::ScopesResponse>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="top-bar">
            <A href=routes::HOME attr:class="top-bar__brand">
                {i18n.s("app-name")}
            </A>
            <div class="top-bar__search">{scopes.map(|scopes| view! { <GlobalSearch scopes /> })}</div>
            <div class="top-bar__actions">
                {persona.is_some().then(|| view! { <OutboxLink /> })}
                <SettingsMenu />
                {persona.map(|persona| view! { <AccountMenu persona /> })}
            </div>
        </header>
    }
}

/// How long the unread badge waits before asking again after a failure.
const UNREAD_RETRY: std::time::Duration = std::time::Duration::from_secs(5);

/// "Outbox" with the number of unread messages, updated live.
#[component]
fn OutboxLink() -> impl IntoView {
    let i18n = use_i18n();
    let version = crate::session::use_outbox_version();
    // The badge has no Retry of its own: after a failed count (a tester's
    // fault, say) it asks again a little later rather than stay empty.
    let unread = LocalResource::new(move || {
        version.0.track();
        async move {
            let answer = api::outbox_unread().await;
            if answer.is_err() {
                set_timeout(move || version.bump(), UNREAD_RETRY);
            }
            answer
        }
    });
    let events = send_wrapper::SendWrapper::new(api::OutboxEvents::listen(move || version.bump()));
    on_cleanup(move || drop(events));
    let count = move || unread.get().and_then(Result::ok).unwrap_or(0);
    view! {
        <A href=routes::OUTBOX attr:class="top-bar__button top-bar__outbox" attr:id="outbox-link">
            {i18n.s("outbox-title")}
            // Always laid out (hidden at 0), so that the first unread message
            // moves nothing in the bar, the search box included.
            <span
                class="top-bar__badge"
                class=("top-bar__badge--none", move || count() == 0)
                aria-hidden=move || (count() == 0).then_some("true")
            >
                {count}
                <span class="visually-hidden">" " {i18n.s("outbox-unread")}</span>
            </span>
        </A>
    }
}

/// The signed-in account, with Sign out in a menu.
#[component]
fn AccountMenu(persona: Persona) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let open = RwSignal::new(false);
    let guide = crate::session::use_guide();
    let toaster = crate::components::toast::use_toaster();
    // A task, not an Action owned by this menu: signing out removes the menu,
    // and nothing of it may be read after that.
    let sign_out = move || {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::sign_out().await {
                Ok(signed_out) => {
                    guide.reset();
                    navigate(routes::SIGN_IN, Default::default());
                    // Once the signed-in page is gone: changing the session
                    // while it stands would redraw it as it is torn down.
                    set_timeout(move || session.set(signed_out), std::time::Duration::ZERO);
                }
                Err(error) => toaster.show(
                    crate::components::toast::ToastIntent::Error,
                    untrack(|| i18n.error(&error)),
                ),
            }
        });
    };
    let focus_item = move || {
        set_timeout(
            || {
                crate::dom::focus_id("account-menu-sign-out");
            },
            std::time::Duration::from_millis(0),
        );
    };
    let close = move || {
        open.set(false);
        crate::dom::focus_id("account-button");
    };
    view! {
        <div
            class="top-bar__menu"
            on:focusout=move |ev: leptos::ev::FocusEvent| {
                // Close when focus leaves the button and the menu.
                if crate::dom::focus_leaves(&ev) {
                    open.set(false);
                }
            }
        >
            <button
                type="button"
                id="account-button"
                class="top-bar__button top-bar__account"
                aria-haspopup="menu"
                aria-expanded=move || is_open(open).to_string()
                aria-controls="account-menu"
                on:click=move |_| {
                    open.update(|o| *o = !*o);
                    if open.get_untracked() {
                        focus_item();
                    }
                }
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Escape" && open.get_untracked() {
                        ev.prevent_default();
                        open.set(false);
                    } else if ev.key() == "ArrowDown" {
                        ev.prevent_default();
                        open.set(true);
                        focus_item();
                    }
                }
            >
                <span class="top-bar__account-name">{persona.display_name.clone()}</span>
                <span class="top-bar__account-email">{persona.email.to_unicode()}</span>
            </button>
            // The role is said beside the menu, not in it: a menu holds
            // only its items.
            <div class="top-bar__popup account-menu" hidden=move || !is_open(open)>
            // The whole address, which the bar cuts short in a narrow window
            // or with wider text spacing.
            <p class="account-menu__role">
                <span class="account-menu__email">{persona.email.to_unicode()}</span>
                {move || i18n.t(crate::pages::role_key(persona.role))}
            </p>
            <ul
                id="account-menu"
                class="account-menu__list"
                role="menu"
                aria-labelledby="account-button"
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Escape" {
                        ev.prevent_default();
                        close();
                    } else if ev.key() == "Tab" {
                        open.set(false);
                    }
                }
            >
                <li role="none">
                    <button
                        type="button"
                        role="menuitem"
                        id="account-menu-sign-out"
                        class="account-menu__item"
                        on:click=move |_| sign_out()
                    >
                        {i18n.s("sign-out")}
                    </button>
                </li>
            </ul>
            </div>
        </div>
    }
}
