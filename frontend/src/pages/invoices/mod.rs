//! Step 4: the Invoices page. A scope picker, a command bar with Receive
//! invoice by email, the grid of invoices, and the panes of steps 5 to 9 as
//! nested routes (`/billing/invoices/{scope}/{pane}`).

pub mod email_invoice_pane;
pub mod profile_pane;
pub mod recipients_editor;
pub mod recipients_pane;
pub mod terms_pane;
pub mod terms_step;

use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect};
use leptos_router::hooks::{use_location, use_navigate, use_params_map};
use shared::{EmailInvoiceStatus, IneligibleReason, ScopeKind, ScopeSummary};

use crate::api::{self, ApiResult};
use crate::components::button::{Button, ButtonAppearance};
use crate::components::fetched::Fetched;
use crate::components::message_bar::{MessageBar, MessageBarIntent};
use crate::components::resource_menu::MenuItem;
use crate::components::shell::Shell;
use crate::components::toast::Toaster;
use crate::i18n::{use_i18n, I18n};
use crate::pages::billing::ServiceLayout;
use crate::pages::{invoice_status_key, scope_kind_key};
use crate::routes::{self, PaneKind};
use crate::session::{use_guide, Detour};

/// What the panes of the Invoices page share: the selected scope and its
/// email-invoice state (refetched after every change).
#[derive(Clone, Copy)]
pub struct ScopeCtx {
    /// The Invoices page's reactive owner (for what must outlive a pane).
    page: StoredValue<Option<WeakOwner>>,
    pub scope_id: Memo<String>,
    pub summary: Memo<Option<ScopeSummary>>,
    pub status: LocalResource<ApiResult<EmailInvoiceStatus>>,
    /// Whether `status` says the scope is opted in, once it has loaded. Read
    /// this rather than `status` outside the panes: a resource read inside
    /// the page's Suspense makes the whole page wait for it (the grid showed
    /// "Loading…" for as long as a slow status took).
    pub opted_in: Memo<Option<bool>>,
    /// The saves on their way from this tab, as (scope, what it saves): a
    /// pane opened again meanwhile shows it (and does not send it twice).
    saving: RwSignal<Vec<(String, &'static str)>>,
    /// Bumped by [`ScopeCtx::refresh`] (after every save): the invoice grid
    /// loads again, and a quiet reload started before it is dropped.
    pub reloads: RwSignal<u32>,
    /// (scope, revision) of a recipient list this tab's own save replaced:
    /// while `status` still shows that revision, it is not the saved list.
    pub superseded: RwSignal<Option<(String, String)>>,
}

thread_local! {
    /// How many shown forms hold something a reload would lose (a ticked
    /// box, a typed or changed address, a question or a save under way);
    /// while any does, coming back to the tab loads nothing again, and the
    /// browser asks before it leaves or reloads the page.
    static DRAFTS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// Set when the app itself leaves the page, having said what is lost.
    static LEAVING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// A reload of the scope held back while a form holds a draft.
    static STALE: std::cell::Cell<Option<ScopeCtx>> = const { std::cell::Cell::new(None) };
}

/// Whether a form on the page holds something a reload would lose.
fn has_drafts() -> bool {
    DRAFTS.get() > 0
}

/// A form's draft was saved, discarded or closed: the last one gone, a
/// reload held back meanwhile runs (once the current update is done).
fn draft_ended() {
    DRAFTS.set(DRAFTS.get().saturating_sub(1));
    if !has_drafts() {
        if let Some(scope) = STALE.take() {
            queue_microtask(move || scope.refresh());
        }
    }
}

/// The app is about to load another page itself (the sandbox changed under
/// it): the browser does not ask. Returns whether changes not saved are lost,
/// for the app to say so.
pub fn leave_without_asking() -> bool {
    LEAVING.set(true);
    has_drafts()
}

/// While a form holds a draft or a save is on its way, the browser asks
/// before a reload, a link elsewhere or closing the tab loses it.
fn ask_before_leaving_with_drafts(saving: RwSignal<Vec<(String, &'static str)>>) {
    let handle = window_event_listener(leptos::ev::beforeunload, move |ev| {
        let saving = saving.try_with_untracked(|s| !s.is_empty()) == Some(true);
        if (has_drafts() || saving) && !LEAVING.get() {
            ev.prevent_default();
            // Older browsers ask only when a text is set.
            ev.set_return_value("");
        }
    });
    on_cleanup(move || handle.remove());
}

impl ScopeCtx {
    /// The scope's name, once known.
    pub fn name(&self) -> String {
        self.summary
            .try_get()
            .flatten()
            .map(|s| s.scope.display_name)
            .unwrap_or_default()
    }

    /// Whether a save of `what` (its message key) for the shown scope is on
    /// its way from this tab.
    pub fn is_saving(&self, what: &str) -> bool {
        let scope = self.scope_id.get();
        self.saving
            .with(|saving| saving.iter().any(|(id, w)| *id == scope && *w == what))
    }

    /// The scope's name, once known, without tracking it.
    pub fn name_untracked(&self) -> String {
        self.summary
            .try_get_untracked()
            .flatten()
            .map(|s| s.scope.display_name)
            .unwrap_or_default()
    }

    /// Changes were saved: reload the state the panes and grid show. The
    /// scope list is not reloaded: nothing of it changes here, and redrawing
    /// the page under it would refetch the grid a second time (hiding an
    /// error the first answer gave) and drop the focus of the Refresh button.
    pub fn refresh(&self) {
        // Not under a form that holds a draft (a save that ended while the
        // user types in another pane): drawn again, the form would lose it.
        // The reload waits until no form holds one.
        if has_drafts() {
            STALE.set(Some(*self));
            return;
        }
        // Nothing to reload once the page is gone (a save that ended after
        // the user left it).
        if self.reloads.try_update(|v| *v += 1).is_some() {
            self.status.refetch();
        }
    }

    /// Counts the calling form among those with a draft while `has_draft`
    /// says so, for as long as the form is shown.
    pub fn track_draft(&self, has_draft: impl Fn() -> bool + 'static) {
        let counted = StoredValue::new(false);
        Effect::new(move |_| {
            let now = has_draft();
            if now != counted.get_value() {
                counted.set_value(now);
                if now {
                    DRAFTS.set(DRAFTS.get() + 1);
                } else {
                    draft_ended();
                }
            }
        });
        on_cleanup(move || {
            if counted.try_get_value() == Some(true) {
                draft_ended();
            }
        });
    }

    /// Coming back to the tab: asks `fetch` again, quietly, for what
    /// `resource` shows. The answer replaces it only where it differs, while
    /// no form holds a draft, and if nothing was saved meanwhile (a save
    /// loads everything again itself); a failure changes nothing (the next
    /// action says it). So nothing is drawn again needlessly, and nothing
    /// typed meanwhile is lost.
    pub fn reload_quietly<T, F>(
        &self,
        resource: LocalResource<ApiResult<T>>,
        fetch: impl FnOnce() -> F + 'static,
    ) where
        T: PartialEq + 'static,
        F: std::future::Future<Output = ApiResult<T>> + 'static,
    {
        let ctx = *self;
        let still = move |generation: u32, scope: &str| {
            !has_drafts()
                && ctx.reloads.try_get_untracked() == Some(generation)
                && ctx.scope_id.try_get_untracked().as_deref() == Some(scope)
        };
        let generation = self.reloads.get_untracked();
        let scope = self.scope_id.get_untracked();
        if !still(generation, &scope) {
            return;
        }
        leptos::task::spawn_local(async move {
            let Ok(fresh) = fetch().await else {
                return;
            };
            if !still(generation, &scope) {
                return;
            }
            let shown = resource
                .try_with_untracked(|shown| matches!(shown, Some(Ok(shown)) if *shown == fresh));
            if shown == Some(false) {
                resource.try_set(Some(Ok(fresh)));
            }
        });
    }
}

/// The scope a save was made for: its id, and its name for the toasts.
#[derive(Clone, Debug)]
pub struct SavedFor {
    id: String,
    name: String,
}

impl SavedFor {
    /// The scope shown now.
    fn shown(scope: &ScopeCtx) -> Self {
        SavedFor {
            id: scope.scope_id.get_untracked(),
            name: scope.name_untracked(),
        }
    }
}

/// A pane's save, run to its end even if the pane closes meanwhile (Esc, ×,
/// the browser's Back). Made in the pane (`what` is the message key of what
/// it saves): it then knows whether the pane is still open.
#[derive(Clone, Copy)]
pub struct PaneSave {
    what: &'static str,
    /// Owned by the pane: gone once it has closed.
    pane: StoredValue<()>,
    /// Where the save's action lives: a child of the Invoices page's owner,
    /// held by the pane and by a save under way. The action's future holds
    /// the owner it was made in until it ends; made in the pane, it kept the
    /// closed pane (its cleanup, its listeners on the window) alive meanwhile.
    owner: StoredValue<Owner>,
    /// Sends the last save again, its input as it was: a failed save's toast
    /// offers it once the pane has closed, so what was typed is not lost with
    /// the pane. Kept by the page, which outlives the pane and its action.
    again: StoredValue<Option<Callback<()>>>,
    scope: ScopeCtx,
    i18n: I18n,
    toaster: Toaster,
}

impl PaneSave {
    pub fn new(what: &'static str) -> Self {
        let scope = use_scope();
        let page = scope
            .page
            .get_value()
            .and_then(|page| page.upgrade())
            .unwrap_or_default();
        let owner = page.child();
        let again = page.with(|| StoredValue::new(None));
        PaneSave {
            what,
            pane: StoredValue::new(()),
            owner: StoredValue::new(owner),
            again,
            scope,
            i18n: use_i18n(),
            toaster: crate::components::toast::use_toaster(),
        }
    }

    /// The pane's save action (whose future calls [`PaneSave::finish`]),
    /// made outside the pane: see `owner`.
    pub fn action<I, O, Fu>(&self, save: impl Fn(&I) -> Fu + 'static) -> Action<I, O>
    where
        I: 'static,
        O: 'static,
        Fu: std::future::Future<Output = O> + 'static,
    {
        self.owner
            .with_value(|owner| owner.with(|| Action::new_local(save)))
    }

    /// [`PaneSave::action`] for a save whose input names all it saves and
    /// where (the scope too, not read when it is sent): once its pane has
    /// closed, a failure's toast offers Retry, which sends the same input
    /// again through `save` (the action went with the pane). `save` gets the
    /// scope shown when the save was first sent, for [`PaneSave::finish_for`]:
    /// a Retry after a switch to another scope still names the one it saves.
    pub fn retried_action<I, O, Fu>(
        &self,
        save: impl Fn(&I, &SavedFor) -> Fu + 'static,
    ) -> Action<I, O>
    where
        I: Clone + 'static,
        O: 'static,
        Fu: std::future::Future<Output = O> + 'static,
    {
        let save = std::rc::Rc::new(save);
        let (again, page, scope) = (self.again, self.scope.page, self.scope);
        self.action(move |input: &I| {
            let saved_for = SavedFor::shown(&scope);
            let (resend, input_again, for_again) = (save.clone(), input.clone(), saved_for.clone());
            let resend = send_wrapper::SendWrapper::new(move || {
                let sent = resend(&input_again, &for_again);
                leptos::task::spawn_local(async move {
                    sent.await;
                });
            });
            // Made in the page (a callback lives as long as its owner; made
            // here, it went with the action, and Retry did nothing).
            let retry = page
                .get_value()
                .and_then(|page| page.upgrade())
                .map(|page| page.with(|| Callback::new(move |()| (*resend)())));
            again.try_set_value(retry);
            save(input, &saved_for)
        })
    }

    /// Runs `save`: `then` runs with a successful answer whether or not the
    /// pane is still open, and is where the scope is loaded again; it returns
    /// what to say, so a change the server made is never shown as not made
    /// (the pane's own effects only move on from it while it is open). A
    /// failure is the pane's to show while it is open; once it has closed, a
    /// toast says that nothing was saved, and why. Either toast names the
    /// scope when it is no longer the one shown (a save can end after a
    /// switch to another scope, or to another page).
    pub async fn finish<T>(
        self,
        save: impl std::future::Future<Output = ApiResult<T>>,
        then: impl FnOnce(&T) -> String,
    ) -> ApiResult<T> {
        let saved_for = SavedFor::shown(&self.scope);
        self.finish_for(saved_for, save, then).await
    }

    /// [`PaneSave::finish`] for a save made for `saved_for`, which need not
    /// be the scope shown now (a Retry after a switch).
    pub async fn finish_for<T>(
        self,
        saved_for: SavedFor,
        save: impl std::future::Future<Output = ApiResult<T>>,
        then: impl FnOnce(&T) -> String,
    ) -> ApiResult<T> {
        let SavedFor {
            id: scope_id,
            name: scope_name,
        } = saved_for;
        let on_its_way = (scope_id.clone(), self.what);
        let saving = self.scope.saving;
        saving.try_update(|saving| saving.push(on_its_way.clone()));
        let result = save.await;
        saving.try_update(|saving| {
            if let Some(at) = saving.iter().position(|s| *s == on_its_way) {
                saving.remove(at);
            }
        });
        let about = |message: String| {
            if self.scope.scope_id.try_get_untracked().as_ref() == Some(&scope_id) {
                message
            } else {
                self.i18n.t_args(
                    "toast-about-scope",
                    &[("scope", scope_name.into()), ("message", message.into())],
                )
            }
        };
        match &result {
            Ok(saved) => {
                let message = then(saved);
                self.toaster.success(about(message));
            }
            Err(error) if self.pane.try_get_value().is_none() => {
                // Changed elsewhere: the page shows it as it is now.
                if matches!(
                    error.code(),
                    Some(
                        shared::api::ErrorCode::RecipientsChanged
                            | shared::api::ErrorCode::ProfileChanged
                    )
                ) {
                    self.scope.refresh();
                }
                let message = about(self.i18n.t_args(
                    "save-failed-closed",
                    &[
                        ("what", self.i18n.t(self.what).into()),
                        ("error", self.i18n.error_after_close(error).into()),
                    ],
                ));
                // The server failed (not refused): the same save may go
                // through, with what was typed in the pane.
                match self.again.try_get_value().flatten() {
                    Some(again) if error.is_retryable() => {
                        self.toaster.error_with_retry(message, again);
                    }
                    _ => self
                        .toaster
                        .show(crate::components::toast::ToastIntent::Error, message),
                }
            }
            Err(_) => {}
        }
        result
    }
}

pub fn use_scope() -> ScopeCtx {
    expect_context::<ScopeCtx>()
}

/// The history entry of a pane opened from a page records that page (as its
/// `history.state`), so that closing the pane back to it goes back in the
/// browser's history: Back after closing then does not open the pane again.
/// The browser keeps the state with the entry through Back, Forward and
/// reload.
fn opened_from_state(path: &str) -> leptos_router::location::State {
    leptos_router::location::State::new(Some(path.into()))
}

/// The page the current history entry's pane was opened from, if any.
fn opened_from() -> Option<String> {
    window().history().ok()?.state().ok()?.as_string()
}

fn current_path() -> String {
    window().location().pathname().unwrap_or_default()
}

thread_local! {
    /// Set while a close goes back in history: a second close before it has
    /// landed (Cancel clicked twice) would go back a page further.
    static CLOSING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Goes to `path`, the page a pane closes to: back in history when the pane
/// was opened from there; else (a pane opened by its URL) in place of the
/// pane's entry, so that Back does not open the closed pane again.
fn close_to(navigate: &impl Fn(&str, leptos_router::NavigateOptions), path: &str) {
    if CLOSING.get() {
        return;
    }
    match window().history() {
        Ok(history) if opened_from().as_deref() == Some(path) => {
            CLOSING.set(true);
            let _ = history.back();
            // Landed (popstate), or not at all: closing works again.
            set_timeout(|| CLOSING.set(false), std::time::Duration::from_secs(1));
        }
        _ => navigate(path, routes::replace()),
    }
}

/// Each Back or Forward ends a close under way (see [`CLOSING`]).
fn end_closing_on_history_moves() {
    let handle = window_event_listener(leptos::ev::popstate, |_| CLOSING.set(false));
    on_cleanup(move || handle.remove());
}

/// Closes whatever pane is open.
pub fn close_pane(scope: &ScopeCtx) -> Callback<()> {
    let navigate = use_navigate();
    let scope_id = scope.scope_id;
    Callback::new(move |_| close_to(&navigate, &routes::invoices(&scope_id.get_untracked())))
}

/// Returns from a nested pane to Receive invoice by email.
pub fn back_to_email_invoice(scope: &ScopeCtx) -> Callback<()> {
    let navigate = use_navigate();
    let scope_id = scope.scope_id;
    Callback::new(move |_| {
        close_to(
            &navigate,
            &routes::pane(&scope_id.get_untracked(), PaneKind::EmailInvoice),
        )
    })
}

/// Opens `pane` of the selected scope (another pane replaces the current one).
pub fn open_pane(scope: &ScopeCtx, pane: PaneKind) -> Callback<()> {
    let navigate = use_navigate();
    let scope_id = scope.scope_id;
    Callback::new(move |_| {
        navigate(
            &routes::pane(&scope_id.get_untracked(), pane),
            leptos_router::NavigateOptions {
                state: opened_from_state(&current_path()),
                ..Default::default()
            },
        )
    })
}

/// `/billing/invoices`: the first scope's invoices.
#[component]
pub fn InvoicesIndex() -> impl IntoView {
    let i18n = use_i18n();
    let scopes = crate::components::shell::use_scopes();
    view! {
        <Shell let:_persona>
            <ServiceLayout current=MenuItem::Invoices title=i18n.s("step-3-label")>
                <Fetched resource=scopes let:list>
                    {match list.scopes.first() {
                        Some(first) => view! { <Redirect path=routes::invoices(&first.scope.id.0) options=routes::replace() /> }.into_any(),
                        None => view! { <p class="empty">{i18n.s("overview-no-scopes")}</p> }.into_any(),
                    }}
                </Fetched>
            </ServiceLayout>
        </Shell>
    }
}

#[component]
pub fn InvoicesPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let scope_id = Memo::new(move |_| params.read().get("scope").unwrap_or_default());
    let scopes = crate::components::shell::use_scopes();
    let summary = Memo::new(move |_| {
        let id = scope_id.get();
        scopes
            .get()
            .and_then(Result::ok)
            .and_then(|list| list.scopes.into_iter().find(|s| s.scope.id.0 == id))
    });
    // Loaded again whenever a pane opens or closes (the address changes), so
    // a pane shows the scope as the server has it now: another tab, a
    // colleague in a shared sandbox or a script may have changed it. Leaving
    // the page (signing out, say) changes nothing here, so nothing is asked.
    let pathname = use_location().pathname;
    let address = Memo::new(move |previous: Option<&String>| {
        let path = pathname.get();
        match previous {
            Some(previous) if !path.starts_with(routes::INVOICES) => previous.clone(),
            _ => path,
        }
    });
    let status = LocalResource::new(move || {
        address.track();
        status_of_listed(scopes, scope_id.get())
    });
    // The title is the pane's, or NoPane's: every address under this page
    // shows one of them. (A title here too, following the scope's summary,
    // could be set again after the pane's once the summary loaded.)
    end_closing_on_history_moves();
    // Made here, outside any Suspense, so that reading it suspends nothing.
    let opted_in = Memo::new(move |_| {
        status
            .get()
            .and_then(Result::ok)
            .map(|status| status.opted_in)
    });
    let ctx = ScopeCtx {
        page: StoredValue::new(Owner::current().map(|o| o.downgrade())),
        scope_id,
        summary,
        status,
        opted_in,
        saving: RwSignal::new(Vec::new()),
        reloads: RwSignal::new(0),
        superseded: RwSignal::new(None),
    };
    provide_context(ctx);
    ask_before_leaving_with_drafts(ctx.saving);
    // Back to this tab: another tab, a colleague or a script may have changed
    // the scope meanwhile: shown as it is now (and the open pane with it).
    crate::dom::on_back_to_tab(move || {
        let id = ctx.scope_id.get_untracked();
        ctx.reload_quietly(ctx.status, move || status_of_listed(scopes, id));
    });
    view! {
        <Shell let:_persona>
            <ServiceLayout current=MenuItem::Invoices title=i18n.s("step-3-label")>
                <Fetched resource=scopes let:list>
                    <InvoicesContent scopes=list.scopes />
                </Fetched>
                <Outlet />
            </ServiceLayout>
        </Shell>
    }
}

/// The email-invoice state of `scope`, asked for only when the persona's
/// scope list has it: the page says an unknown scope is unknown, and asking
/// the server would only put a 404 in the browser's console. If the list
/// failed to load, the server is asked all the same.
async fn status_of_listed(
    scopes: LocalResource<ApiResult<shared::api::ScopesResponse>>,
    scope: String,
) -> ApiResult<EmailInvoiceStatus> {
    // Waiting for the list must not make the status depend on it: a list
    // loaded again (a quiet reload) would load the status again too.
    let listed = leptos::reactive::computed::ScopedFuture::new_untracked(
        std::future::IntoFuture::into_future(scopes),
    )
    .await;
    match listed {
        Ok(list) if !list.scopes.iter().any(|s| s.scope.id.0 == scope) => Err(
            api::AppError::not_found(format!("No billing scope '{scope}'.")),
        ),
        _ => api::email_invoice(scope).await,
    }
}

/// The guide, where this persona cannot go on with this scope: why, and
/// whether another of its scopes would help (the Receive invoice by email
/// pane, and the panes after it opened by their address, say the same).
pub fn guide_blocked(reason: IneligibleReason) {
    let guide = use_guide();
    let scopes = crate::components::shell::use_scopes();
    Effect::new(move |_| {
        let other_scope = scopes
            .get()
            .and_then(Result::ok)
            .is_some_and(|list| list.scopes.iter().any(|s| s.eligibility.is_eligible()));
        guide.stand(
            4,
            Some(Detour::Blocked {
                reason,
                other_scope,
            }),
        );
    });
}

/// What a pane after Receive invoice by email says where this persona cannot
/// change the scope: its reason (for a co-administrator, about changing what
/// was set up, as the pane says once opted in), with the guide to match.
#[component]
pub fn PaneBlocked(reason: IneligibleReason, back: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    guide_blocked(reason);
    let key = match reason {
        IneligibleReason::NotAccountAdministrator => "reason-not-account-administrator-opted-in",
        other => crate::pages::reason_key(other),
    };
    view! { <PaneNotice intent=MessageBarIntent::Warning message=i18n.s(key) back /> }
}

/// What a nested pane shows instead of its form where the form cannot be
/// used (the scope is ineligible, not opted in, already opted in): why, and
/// Back to Receive invoice by email.
#[component]
pub fn PaneNotice(
    #[prop(optional)] intent: MessageBarIntent,
    #[prop(into)] message: Signal<String>,
    back: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    // To Back, as other panes focus their first control: left on the pane
    // itself, focus showed nowhere.
    Effect::new(move |_| crate::components::pane::focus_pane_content());
    view! {
        <MessageBar intent message />
        // In a row, as everywhere: a bare button would stretch across the pane.
        <div class="button-row">
            <Button on_click=back>{i18n.s("back")}</Button>
        </div>
    }
}

/// The Invoices page with no pane open.
#[component]
pub fn NoPane() -> impl IntoView {
    let guide = use_guide();
    let scope = use_scope();
    crate::components::shell::use_page_title_of("step-3-label", move || scope.name());
    // After Done, the walkthrough stays complete when the pane closes (for
    // this scope; another one, chosen in the picker, starts at step 4).
    Effect::new(move |_| {
        let done = guide.is_done_for(&scope.scope_id.get());
        guide.at(if done { 10 } else { 4 });
    });
}

#[component]
fn InvoicesContent(scopes: Vec<ScopeSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let scope = use_scope();
    // Whether the URL names one of this persona's scopes (its summary).
    let known = Signal::derive(move || scope.summary.with(Option::is_some));
    // A scope this persona does not have (a mistyped or shared address):
    // picking one of its own is next, whichever pane the address names.
    Effect::new(move |_| {
        if !known.get() {
            guide.at(4);
        }
    });
    // An ineligible scope (or none): guided mode points at the picker, to
    // choose a subscription or support plan first.
    let eligible = Signal::derive(move || {
        scope
            .summary
            .get()
            .is_some_and(|s| s.eligibility.is_eligible())
    });
    // Where no scope is eligible for this persona (a co-administrator, a
    // billing reader), another one would not help: the pane says why.
    let another_helps = scopes.iter().any(|s| s.eligibility.is_eligible());
    let pick_another = Signal::derive(move || !eligible.get() && another_helps);
    let open_email_invoice = open_pane(&scope, PaneKind::EmailInvoice);
    view! {
        <div class="invoices">
            <ScopePicker scopes=scopes.clone() known highlighted=Signal::derive(move || guide.is_target(4) && pick_another.get()) />
            <div class="command-bar">
                <Button
                    appearance=ButtonAppearance::Subtle
                    id="receive-invoice-by-email"
                    disabled=Signal::derive(move || !known.get())
                    highlighted=Signal::derive(move || guide.is_target(4) && known.get() && !pick_another.get())
                    on_click=open_email_invoice
                >
                    <span class="command-bar__icon" aria-hidden="true">"✉"</span>
                    {i18n.s("step-4-label")}
                </Button>
                <RunBillingCycle />
                <Button
                    appearance=ButtonAppearance::Subtle
                    on_click=Callback::new(move |_| scope.refresh())
                >
                    <span class="command-bar__icon" aria-hidden="true">"↻"</span>
                    {i18n.s("refresh")}
                </Button>
            </div>
            <Show
                when=move || known.get()
                fallback=move || view! {
                    <MessageBar
                        intent=MessageBarIntent::Warning
                        message=Signal::derive(move || i18n.t_args("scope-unknown", &[("scope", scope.scope_id.get().into())]))
                    />
                }
            >
                <ScopeHeader />
                <InvoiceGrid />
            </Show>
        </div>
    }
}

/// Picks the subscription, support plan, reservation or Marketplace purchase.
#[component]
fn ScopePicker(
    scopes: Vec<ScopeSummary>,
    /// Whether the URL names one of `scopes` (else the picker says "choose").
    known: Signal<bool>,
    highlighted: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let scope = use_scope();
    let navigate = use_navigate();
    let kinds = [
        ScopeKind::Subscription,
        ScopeKind::SupportPlan,
        ScopeKind::Reservation,
        ScopeKind::MarketplacePurchase,
    ];
    view! {
        <div class="field scope-picker" class=("guide-target", move || highlighted.get())>
            <label for="scope-picker" class="field__label">{i18n.s("scope-picker-label")}</label>
            <select
                id="scope-picker"
                class="field__select"
                on:change=move |ev| {
                    // Replace, not push: arrowing through the list must not
                    // fill the history with every scope passed on the way.
                    let options = leptos_router::NavigateOptions { replace: true, ..Default::default() };
                    navigate(&routes::invoices(&event_target_value(&ev)), options);
                }
            >
                // The URL names no scope of this account: none is selected.
                <Show when=move || !known.get()>
                    <option value="" disabled=true prop:selected=true>{i18n.s("scope-picker-choose")}</option>
                </Show>
                {kinds
                    .into_iter()
                    .filter_map(|kind| {
                        let of_kind: Vec<ScopeSummary> = scopes.iter().filter(|s| s.scope.kind == kind).cloned().collect();
                        (!of_kind.is_empty()).then(|| view! {
                            <optgroup label=move || i18n.t(scope_kind_key(kind))>
                                {of_kind
                                    .into_iter()
                                    .map(|s| {
                                        let id = s.scope.id.0.clone();
                                        let selected_id = id.clone();
                                        view! {
                                            <option value=id prop:selected=move || scope.scope_id.get() == selected_id>
                                                {s.scope.display_name.clone()}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </optgroup>
                        })
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// The selected scope's name, kind, id and email-invoice state.
#[component]
fn ScopeHeader() -> impl IntoView {
    let i18n = use_i18n();
    let scope = use_scope();
    move || {
        scope.summary.get().map(|summary| {
            let kind = summary.scope.kind;
            let reason = summary.eligibility.reason();
            // The scope's status is what a change reloads; the list's flag
            // stands in until it has loaded.
            let listed = summary.opted_in;
            let on = move || scope.opted_in.get().unwrap_or(listed);
            let state = move || {
                if on() {
                    i18n.t("email-invoice-on")
                } else if reason.is_some() {
                    i18n.t("email-invoice-not-available")
                } else {
                    i18n.t("email-invoice-off")
                }
            };
            // Why not, said here too, not only in the pane.
            let why = move || {
                reason.filter(|_| !on()).map(|reason| view! {
                    <p class="hint scope-header__why">{i18n.t(crate::pages::reason_key(reason))}</p>
                })
            };
            view! {
                <dl class="scope-header">
                    <div>
                        <dt>{i18n.t("column-kind")}</dt>
                        <dd>{i18n.t(scope_kind_key(kind))}</dd>
                    </div>
                    <div>
                        <dt>{i18n.t("scope-id")}</dt>
                        <dd class="monospace">{summary.scope.external_id.clone()}</dd>
                    </div>
                    <div>
                        <dt>{i18n.t("column-email-invoice")}</dt>
                        <dd>{state}</dd>
                    </div>
                </dl>
                {why}
            }
        })
    }
}

/// A plain click on an invoice's Download link saves the PDF through the app,
/// so that an error answer (an injected fault, say) is said in a toast; the
/// browser had cancelled the download without a word. A click with a
/// modifier (a new tab, say) is left to the browser.
fn download_pdf(
    ev: leptos::ev::MouseEvent,
    (i18n, toaster): (I18n, Toaster),
    href: &str,
    invoice: &str,
    file: &str,
) {
    if ev.button() != 0 || ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() {
        return;
    }
    ev.prevent_default();
    save_pdf(
        (i18n, toaster),
        href.to_owned(),
        invoice.to_owned(),
        file.to_owned(),
    );
}

/// Fetches an invoice's PDF and saves it as `file`; a failure says so in a
/// toast, with Retry where trying again can help.
fn save_pdf((i18n, toaster): (I18n, Toaster), href: String, invoice: String, file: String) {
    leptos::task::spawn_local(async move {
        match api::object_url(&href).await {
            Ok(url) => {
                crate::dom::save_as(&url, &file);
                // Once the browser has taken the file.
                set_timeout(
                    move || api::forget_object_url(&url),
                    std::time::Duration::from_secs(10),
                );
            }
            Err(error) => {
                let message = i18n.t_args(
                    "invoice-download-failed",
                    &[
                        ("id", invoice.clone().into()),
                        ("error", i18n.error(&error).into()),
                    ],
                );
                if error.is_retryable() {
                    let retry = Callback::new(move |()| {
                        save_pdf((i18n, toaster), href.clone(), invoice.clone(), file.clone());
                    });
                    toaster.error_with_retry(message, retry);
                } else {
                    toaster.show(crate::components::toast::ToastIntent::Error, message);
                }
            }
        }
    });
}

#[component]
fn InvoiceGrid() -> impl IntoView {
    let i18n = use_i18n();
    let toaster = crate::components::toast::use_toaster();
    let scope = use_scope();
    let invoices = LocalResource::new(move || {
        scope.reloads.track();
        api::invoices(scope.scope_id.get())
    });
    crate::dom::on_back_to_tab(move || {
        let id = scope.scope_id.get_untracked();
        scope.reload_quietly(invoices, move || api::invoices(id));
    });
    view! {
        <Fetched resource=invoices let:list>
            {if list.invoices.is_empty() {
                view! { <p class="empty">{i18n.s("invoices-empty")}</p> }.into_any()
            } else {
                view! {
                    // On a narrow screen the grid scrolls inside this region,
                    // not the page; it takes focus so that keys scroll it.
                    <div
                        class="grid-scroll"
                        role="region"
                        tabindex="0"
                        aria-label=move || i18n.t_args("invoices-scroll-hint", &[("scope", scope.name().into())])
                    >
                    <table class="grid invoice-grid">
                        <caption class="visually-hidden">
                            {move || i18n.t_args("invoices-caption", &[("scope", scope.name().into())])}
                        </caption>
                        <thead>
                            <tr>
                                <th scope="col">{i18n.s("column-invoice-id")}</th>
                                <th scope="col">{i18n.s("column-billing-period")}</th>
                                <th scope="col">{i18n.s("column-invoice-date")}</th>
                                <th scope="col">{i18n.s("column-due-date")}</th>
                                <th scope="col" class="grid__number">{i18n.s("column-amount")}</th>
                                <th scope="col">{i18n.s("column-status")}</th>
                                <th scope="col">{i18n.s("column-download")}</th>
                            </tr>
                        </thead>
                        <tbody>
                            // Keyed by invoice: a reload that adds one (a billing
                            // cycle) inserts its row and keeps the others, and the
                            // focus on them.
                            <For
                                each=move || list.invoices.clone()
                                key=|invoice| invoice.id.clone()
                                children=move |invoice| {
                                    let status = invoice.status;
                                    let (start, end) = (invoice.period_start, invoice.period_end);
                                    let (date, due) = (invoice.invoice_date, invoice.due_date);
                                    let amount = invoice.amount.clone();
                                    let pdf = api::invoice_pdf_url(&invoice.scope_id.0, &invoice.id);
                                    let file = format!("{}.pdf", invoice.id);
                                    let id = invoice.id.clone();
                                    view! {
                                        <tr>
                                            <td class="monospace">{invoice.id.clone()}</td>
                                            <td>{move || format!("{} – {}", i18n.date(start), i18n.date(end))}</td>
                                            <td>{move || i18n.date(date)}</td>
                                            <td>{move || i18n.date(due)}</td>
                                            <td class="grid__number">{move || i18n.money(&amount)}</td>
                                            <td>
                                                <span class=format!("status-pill status-pill--{}", invoice_status_key(status))>
                                                    {move || i18n.t(invoice_status_key(status))}
                                                </span>
                                            </td>
                                            <td>
                                                <a
                                                    href=pdf.clone()
                                                    download=file.clone()
                                                    aria-label={
                                                        let id = id.clone();
                                                        move || i18n.t_args("invoice-download-label", &[("id", id.clone().into())])
                                                    }
                                                    on:click=move |ev: leptos::ev::MouseEvent| {
                                                        download_pdf(ev, (i18n, toaster), &pdf, &id, &file)
                                                    }
                                                >
                                                    {i18n.s("invoice-download")}
                                                </a>
                                            </td>
                                        </tr>
                                    }
                                }
                            />
                        </tbody>
                    </table>
                    </div>
                }
                    .into_any()
            }}
        </Fetched>
    }
}

/// Runs the billing cycle: every scope gets its next invoice, and opted-in
/// scopes are emailed (see the outbox).
#[component]
fn RunBillingCycle() -> impl IntoView {
    let i18n = use_i18n();
    let scope = use_scope();
    let toaster = crate::components::toast::use_toaster();
    let run = Action::new_local(|_: &()| api::run_billing_cycle());
    // Made once, with the component (not in the effect, whose next run
    // would drop it while its toast still offers it).
    let retry = Callback::new(move |()| {
        run.dispatch_local(());
    });
    on_cleanup(move || toaster.dismiss_retries());
    Effect::new(move |_| match run.value().get() {
        Some(Ok(cycle)) => {
            scope.refresh();
            // An earlier failure's Retry would run another cycle now.
            toaster.dismiss_retries();
            toaster.success(i18n.t_args(
                "billing-cycle-done",
                &[
                    ("invoices", cycle.invoices.len().into()),
                    ("emails", cycle.messages.len().into()),
                ],
            ));
        }
        // A failure can be tried again from its toast, which stays until
        // then; the toast says what failed, away from the button.
        Some(Err(error)) => {
            let message = untrack(|| {
                i18n.t_args(
                    "billing-cycle-failed",
                    &[("error", i18n.error(&error).into())],
                )
            });
            if error.is_retryable() {
                toaster.error_with_retry(message, retry)
            } else {
                toaster.show(crate::components::toast::ToastIntent::Error, message)
            }
        }
        None => {}
    });
    view! {
        <Button
            appearance=ButtonAppearance::Subtle
            id="run-billing-cycle"
            disabled=run.pending()
            on_click=Callback::new(move |_| {
                run.dispatch_local(());
            })
        >
            <span class="command-bar__icon" aria-hidden="true">"▶"</span>
            {i18n.s("billing-cycle-run")}
        </Button>
    }
}
