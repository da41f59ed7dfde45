//! The only module that talks HTTP: one typed function per API call, each
//! using the paths and bodies of the `shared` crate.

use gloo_net::http::{Request, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::api::{
    paths, ApiError, ErrorCode, InvoicesResponse, OptInRequest, PersonasResponse,
    RecipientsResponse, ReplaceRecipientsRequest, ScopesResponse, Session, SignInRequest,
    UpdateProfileRequest,
};
use shared::api::{
    BillingCycleResponse, ClearResponse, FaultRequest, FaultsResponse, JournalQuery,
    JournalResponse, MarkReadRequest, MessageDetail, MessageSummary, OutboxPage,
};
use shared::{EmailInvoiceStatus, Locale, PersonaId, Profile, TermsDocument};

/// Why a call failed, as the message bars show it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AppError {
    /// The server answered with an error body.
    #[error("{}", .body.message)]
    Api { status: u16, body: ApiError },
    /// The server could not be reached.
    #[error("The mock server cannot be reached ({0}).")]
    Network(String),
    /// The server answered with something this app does not understand.
    #[error("The server's answer could not be read ({0}).")]
    Decode(String),
}

impl AppError {
    /// "No such thing", said by the app itself where it knows without asking.
    pub fn not_found(message: String) -> Self {
        AppError::Api {
            status: 404,
            body: ApiError {
                code: ErrorCode::NotFound,
                message,
                field: None,
            },
        }
    }

    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            AppError::Api { body, .. } => Some(body.code),
            _ => None,
        }
    }

    /// Whether trying again can help: the network, a server failure, a
    /// timeout or a rate limit (an injected fault, say), not a refusal such
    /// as 404 or 403.
    pub fn is_retryable(&self) -> bool {
        match self {
            AppError::Network(_) | AppError::Decode(_) => true,
            AppError::Api { status, .. } => *status >= 500 || matches!(status, 408 | 429),
        }
    }

    /// The server says there is no such thing (a 404 `not_found`).
    pub fn is_not_found(&self) -> bool {
        matches!(self, AppError::Api { status: 404, body } if body.code == ErrorCode::NotFound)
    }

    /// The request field the server blamed, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Api { body, .. } => body.field.as_deref(),
            _ => None,
        }
    }
}

pub type ApiResult<T> = Result<T, AppError>;

thread_local! {
    /// Run when an answer says the session is not what the page thinks
    /// (set by `session::provide_session`).
    static SESSION_IN_DOUBT: std::cell::RefCell<Option<Box<dyn Fn()>>> = const { std::cell::RefCell::new(None) };
    /// The sandbox this page was loaded in, as the first answer names it.
    /// Every later call says it expects it: once the browser has moved to
    /// another (a join link followed in another tab), the server refuses the
    /// call rather than make it where this page does not look.
    static PAGE_SANDBOX: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// What to run when an answer says the session is not what the page thinks.
pub fn on_session_in_doubt(hook: impl Fn() + 'static) {
    SESSION_IN_DOUBT.with(|slot| *slot.borrow_mut() = Some(Box::new(hook)));
}

/// Sends a request and returns the body of a successful answer as text, or
/// the error the server (or the network) gave.
async fn fetch(request: ApiResult<Request>) -> ApiResult<String> {
    answer(request)
        .await?
        .text()
        .await
        // The answer broke off (the connection dropped mid-body): no answer.
        .map_err(|e| AppError::Network(e.to_string()))
}

/// Sends a request and returns a successful answer, or the error the server
/// (or the network) gave. Not generic: the one copy of the code that awaits
/// the network, whatever the endpoint.
async fn answer(request: ApiResult<Request>) -> ApiResult<gloo_net::http::Response> {
    let response = request?
        .send()
        .await
        .map_err(|e| AppError::Network(e.to_string()))?;
    if let Some(sandbox) = response.headers().get(paths::SANDBOX_HEADER) {
        PAGE_SANDBOX.with_borrow_mut(|page| {
            page.get_or_insert(sandbox);
        });
    }
    let status = response.status();
    if response.ok() {
        return Ok(response);
    }
    let body = response.text().await;
    match body.map(|text| serde_json::from_str::<ApiError>(&text)) {
        Ok(Ok(body)) => {
            // Signed out, or someone else signed in, behind the page's back
            // (another tab, a script): the page asks who it is now.
            if matches!(
                body.code,
                ErrorCode::NotSignedIn | ErrorCode::NotAccountAdministrator
            ) {
                SESSION_IN_DOUBT.with(|hook| {
                    if let Some(hook) = hook.borrow().as_ref() {
                        hook();
                    }
                });
            }
            Err(AppError::Api { status, body })
        }
        _ => Err(AppError::Api {
            status,
            body: ApiError {
                code: ErrorCode::Internal,
                message: format!("The server answered {status} {}.", response.status_text()),
                field: None,
            },
        }),
    }
}

fn decode<T: DeserializeOwned>(body: String) -> ApiResult<T> {
    serde_json::from_str(&body).map_err(|e| AppError::Decode(e.to_string()))
}

/// Asks for answers in the language the person sees, which `prefs` keeps
/// in the document's `lang`: the server says its refusals of what was typed
/// (`invalid_email`, `duplicate_recipient`, `too_many_recipients`), which name
/// the detail, in the `Accept-Language` of the request. Until the app has set
/// its language (the page's own `lang="en"`), no header: English.
fn in_ui_language(request: RequestBuilder) -> RequestBuilder {
    let lang = leptos::prelude::document()
        .document_element()
        .and_then(|root| root.get_attribute("lang"));
    match lang.as_deref().and_then(Locale::from_tag) {
        Some(locale) => request.header("Accept-Language", locale.tag()),
        None => request,
    }
}

/// Says which sandbox the page expects its calls to be made in (once the
/// first answer has named it).
fn in_page_sandbox(request: RequestBuilder) -> RequestBuilder {
    match PAGE_SANDBOX.with_borrow(Clone::clone) {
        Some(sandbox) => request.header(paths::EXPECTED_SANDBOX_HEADER, &sandbox),
        None => request,
    }
}

/// Every call's headers: the language and the page's sandbox.
fn prepared(request: RequestBuilder) -> RequestBuilder {
    in_page_sandbox(in_ui_language(request))
}

fn build(request: RequestBuilder) -> ApiResult<Request> {
    prepared(request)
        .build()
        .map_err(|e| AppError::Network(e.to_string()))
}

async fn send<T: DeserializeOwned>(request: RequestBuilder) -> ApiResult<T> {
    fetch(build(request)).await.and_then(decode)
}

async fn send_json<B: Serialize, T: DeserializeOwned>(
    request: RequestBuilder,
    body: &B,
) -> ApiResult<T> {
    let request = prepared(request)
        .json(body)
        .map_err(|e| AppError::Decode(e.to_string()));
    fetch(request).await.and_then(decode)
}

pub async fn personas() -> ApiResult<PersonasResponse> {
    send(Request::get(paths::PERSONAS)).await
}

pub async fn session() -> ApiResult<Session> {
    send(Request::get(paths::SESSION)).await
}

pub async fn sign_in(persona_id: PersonaId) -> ApiResult<Session> {
    send_json(Request::post(paths::SESSION), &SignInRequest { persona_id }).await
}

pub async fn sign_out() -> ApiResult<Session> {
    send(Request::delete(paths::SESSION)).await
}

pub async fn scopes() -> ApiResult<ScopesResponse> {
    send(Request::get(paths::SCOPES)).await
}

pub async fn invoices(scope: String) -> ApiResult<InvoicesResponse> {
    send(Request::get(&paths::scope_invoices(&scope))).await
}

/// Where the browser downloads an invoice's PDF (a link, not a fetch: the
/// browser saves the file itself).
pub fn invoice_pdf_url(scope: &str, invoice_id: &str) -> String {
    paths::invoice_pdf(scope, invoice_id)
}

pub async fn email_invoice(scope: String) -> ApiResult<EmailInvoiceStatus> {
    send(Request::get(&paths::email_invoice(&scope))).await
}

pub async fn terms(locale: Locale) -> ApiResult<TermsDocument> {
    send(Request::get(&paths::terms(locale.tag()))).await
}

/// Opts in with the terms `terms_version`, as read in `locale`.
pub async fn opt_in(
    scope: String,
    terms_version: String,
    locale: Locale,
) -> ApiResult<EmailInvoiceStatus> {
    send_json(
        Request::post(&paths::opt_in(&scope)),
        &OptInRequest {
            terms_version,
            locale: Some(locale),
        },
    )
    .await
}

pub async fn opt_out(scope: String) -> ApiResult<EmailInvoiceStatus> {
    send(Request::post(&paths::opt_out(&scope))).await
}

pub async fn profile() -> ApiResult<Profile> {
    send(Request::get(paths::PROFILE)).await
}

/// Saves the profile, unless it changed since `expected_revision`.
pub async fn update_profile(
    preferred_email: String,
    locale: Locale,
    expected_revision: String,
) -> ApiResult<shared::api::ProfileUpdated> {
    send_json(
        Request::put(paths::PROFILE),
        &UpdateProfileRequest {
            preferred_email,
            locale: Some(locale),
            expected_revision: Some(expected_revision),
        },
    )
    .await
}

/// Replaces the list, unless it changed since `expected_revision`.
pub async fn replace_recipients(
    scope: String,
    recipients: Vec<String>,
    expected_revision: String,
) -> ApiResult<RecipientsResponse> {
    send_json(
        Request::put(&paths::recipients(&scope)),
        &ReplaceRecipientsRequest {
            recipients,
            expected_revision: Some(expected_revision),
        },
    )
    .await
}

/// This sandbox's name, join link and the server's limits (tester panel).
pub async fn sandbox_info() -> ApiResult<shared::api::SandboxInfo> {
    send(Request::get(paths::ADMIN_SANDBOX)).await
}

/// Resets this sandbox to its seed (or the server's default scenario).
pub async fn reset_sandbox() -> ApiResult<shared::api::ResetResponse> {
    send(Request::post(paths::ADMIN_RESET)).await
}

pub async fn scenarios() -> ApiResult<shared::api::ScenariosResponse> {
    send(Request::get(paths::ADMIN_SCENARIOS)).await
}

pub async fn faults() -> ApiResult<FaultsResponse> {
    send(Request::get(paths::ADMIN_FAULTS)).await
}

pub async fn add_fault(fault: FaultRequest) -> ApiResult<FaultsResponse> {
    send_json(Request::post(paths::ADMIN_FAULTS), &fault).await
}

pub async fn remove_fault(id: u64) -> ApiResult<FaultsResponse> {
    let path = paths::fill(paths::ADMIN_FAULT, "id", &id.to_string());
    send(Request::delete(&path)).await
}

pub async fn clear_faults() -> ApiResult<FaultsResponse> {
    send(Request::delete(paths::ADMIN_FAULTS)).await
}

/// The parameters of a journal filter: the fields given, trimmed.
fn journal_params(query: &JournalQuery) -> Vec<(&'static str, String)> {
    let mut params = Vec::new();
    for (name, value) in [
        ("method", query.method.as_deref()),
        ("status", query.status.as_deref()),
        ("path", query.path.as_deref()),
    ] {
        if let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) {
            params.push((name, value.to_owned()));
        }
    }
    if let Some(faulted) = query.faulted {
        params.push(("faulted", faulted.to_string()));
    }
    if let Some(limit) = query.limit {
        params.push(("limit", limit.to_string()));
    }
    params
}

/// The query string of a journal filter, for the HAR link.
pub fn journal_query(query: &JournalQuery) -> String {
    let params = journal_params(query);
    if params.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = params
        .iter()
        .map(|(name, value)| format!("{name}={}", paths::encode_segment(value)))
        .collect();
    format!("?{}", parts.join("&"))
}

// Query parameters go through gloo's `query` (never in the URL itself):
// gloo-net 0.6 adds its own, even when empty, to a URL's with a `&`, which
// left a trailing `&` in every such request.
pub async fn journal(query: JournalQuery) -> ApiResult<JournalResponse> {
    let params = journal_params(&query);
    let params = params.iter().map(|(name, value)| (*name, value.as_str()));
    send(Request::get(paths::ADMIN_JOURNAL).query(params)).await
}

pub async fn clear_journal() -> ApiResult<ClearResponse> {
    send(Request::delete(paths::ADMIN_JOURNAL)).await
}

/// Resets this sandbox into a scenario (the tester's `?scenario=`).
pub async fn apply_scenario(name: String) -> ApiResult<shared::api::ScenarioApplied> {
    send(Request::post(&paths::admin_scenario(&name))).await
}

pub async fn run_billing_cycle() -> ApiResult<BillingCycleResponse> {
    send(Request::post(paths::BILLING_CYCLE)).await
}

pub async fn outbox(query: String, page: u32) -> ApiResult<OutboxPage> {
    let page = page.to_string();
    send(Request::get(paths::OUTBOX).query([("q", query.as_str()), ("page", &page)])).await
}

/// The number of unread messages in this sandbox's outbox.
pub async fn outbox_unread() -> ApiResult<u64> {
    let page: OutboxPage = send(Request::get(paths::OUTBOX).query([("per_page", "1")])).await?;
    Ok(page.unread)
}

/// The raw message as text (it is 7-bit: MIME encodes everything else).
pub async fn outbox_raw(id: u64) -> ApiResult<String> {
    fetch(build(Request::get(&paths::outbox_raw(id)))).await
}

/// An attachment of a message, as an address of the browser's own (a `blob:`
/// URL) that a frame can show: an error answer is an error here, not a page
/// of JSON in the frame. Give it back with [`forget_object_url`].
pub async fn outbox_attachment_url(id: u64, index: usize) -> ApiResult<String> {
    object_url(&paths::outbox_attachment(id, index)).await
}

/// What `path` (an API address, such as [`invoice_pdf_url`]'s) answers, as a
/// `blob:` URL: an error answer is an error here (a link to the address only
/// had the browser cancel a download, saying nothing).
pub async fn object_url(path: &str) -> ApiResult<String> {
    let response = answer(build(Request::get(path))).await?;
    let unreadable = |e: wasm_bindgen::JsValue| AppError::Decode(format!("{e:?}"));
    let promise = web_sys::Response::from(response)
        .blob()
        .map_err(unreadable)?;
    let blob = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(unreadable)?;
    web_sys::Url::create_object_url_with_blob(&blob.into()).map_err(unreadable)
}

/// Lets the browser free what [`outbox_attachment_url`] holds.
pub fn forget_object_url(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}

pub async fn outbox_message(id: u64) -> ApiResult<MessageDetail> {
    send(Request::get(&paths::outbox_message(id))).await
}

pub async fn mark_read(id: u64, read: bool) -> ApiResult<MessageSummary> {
    send_json(
        Request::put(&paths::outbox_read(id)),
        &MarkReadRequest { read },
    )
    .await
}

pub async fn delete_message(id: u64) -> ApiResult<()> {
    fetch(build(Request::delete(&paths::outbox_message(id))))
        .await
        .map(drop)
}

pub async fn clear_outbox() -> ApiResult<ClearResponse> {
    send(Request::delete(paths::OUTBOX)).await
}

/// Calls `on_message` whenever this sandbox's outbox changes (a new message;
/// messages read, deleted or replaced) until the returned handle is dropped
/// (server-sent events `message` and `changed`). The browser reconnects by
/// itself after a dropped connection, but gives up on an error answer (a
/// tester's fault, a restarting server): then this connects again after a
/// pause, and reports a change, since some may have been missed.
pub struct OutboxEvents {
    inner: std::rc::Rc<EventsInner>,
}

struct EventsInner {
    source: std::cell::RefCell<Option<web_sys::EventSource>>,
    on_message: std::cell::RefCell<Box<dyn FnMut()>>,
    listener: std::cell::OnceCell<wasm_bindgen::closure::Closure<dyn FnMut(web_sys::Event)>>,
    /// Closes the stream as the page is left (see [`EventsInner::on_page_hide`]).
    page_listener: std::cell::OnceCell<wasm_bindgen::closure::Closure<dyn FnMut(web_sys::Event)>>,
    closed: std::cell::Cell<bool>,
}

/// The window's event that says the page is left.
const PAGE_HIDE: &str = "pagehide";

/// How long to wait before connecting again after an error answer.
const EVENTS_RETRY: std::time::Duration = std::time::Duration::from_secs(3);

impl EventsInner {
    fn connect(self: &std::rc::Rc<Self>) -> Option<()> {
        use wasm_bindgen::JsCast;
        let source = web_sys::EventSource::new(paths::OUTBOX_EVENTS).ok()?;
        let weak = std::rc::Rc::downgrade(self);
        let listener = self.listener.get_or_init(|| {
            wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(
                move |event: web_sys::Event| {
                    if let Some(inner) = weak.upgrade() {
                        inner.on_event(&event);
                    }
                },
            )
        });
        for event in ["message", "changed", "error"] {
            source
                .add_event_listener_with_callback(event, listener.as_ref().unchecked_ref())
                .ok()?;
        }
        *self.source.borrow_mut() = Some(source);
        Some(())
    }

    /// The browser may keep a page it leaves, to show it again on Back (the
    /// back-forward cache), and with it an open stream: each page kept held
    /// one of the six connections a browser allows per server, until after a
    /// few page loads no request of the app could start ("Loading…" for
    /// good). The stream closes as the page is left; a page shown again is
    /// loaded again (`shell::ReloadWhenRestored`).
    fn on_page_hide(&self) {
        self.closed.set(true);
        if let Some(source) = self.source.borrow_mut().take() {
            source.close();
        }
    }

    fn on_event(self: &std::rc::Rc<Self>, event: &web_sys::Event) {
        if event.type_() != "error" {
            (self.on_message.borrow_mut())();
            return;
        }
        let gave_up = self
            .source
            .borrow()
            .as_ref()
            .is_some_and(|s| s.ready_state() == web_sys::EventSource::CLOSED);
        if !gave_up || self.closed.get() {
            return;
        }
        let weak = std::rc::Rc::downgrade(self);
        leptos::prelude::set_timeout(
            move || {
                if let Some(inner) = weak.upgrade().filter(|i| !i.closed.get()) {
                    if inner.connect().is_some() {
                        (inner.on_message.borrow_mut())();
                    }
                }
            },
            EVENTS_RETRY,
        );
    }
}

impl OutboxEvents {
    pub fn listen(on_message: impl FnMut() + 'static) -> Option<OutboxEvents> {
        let inner = std::rc::Rc::new(EventsInner {
            source: std::cell::RefCell::new(None),
            on_message: std::cell::RefCell::new(Box::new(on_message)),
            listener: std::cell::OnceCell::new(),
            page_listener: std::cell::OnceCell::new(),
            closed: std::cell::Cell::new(false),
        });
        inner.connect()?;
        let weak = std::rc::Rc::downgrade(&inner);
        let page_listener = inner.page_listener.get_or_init(|| {
            wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(
                move |_: web_sys::Event| {
                    if let Some(inner) = weak.upgrade() {
                        inner.on_page_hide();
                    }
                },
            )
        });
        {
            use wasm_bindgen::JsCast;
            let _ = leptos::prelude::window().add_event_listener_with_callback(
                PAGE_HIDE,
                page_listener.as_ref().unchecked_ref(),
            );
        }
        Some(OutboxEvents { inner })
    }
}

impl Drop for OutboxEvents {
    fn drop(&mut self) {
        use wasm_bindgen::JsCast;
        self.inner.closed.set(true);
        if let Some(source) = self.inner.source.borrow_mut().take() {
            source.close();
        }
        if let Some(page_listener) = self.inner.page_listener.get() {
            let _ = leptos::prelude::window().remove_event_listener_with_callback(
                PAGE_HIDE,
                page_listener.as_ref().unchecked_ref(),
            );
        }
    }
}
