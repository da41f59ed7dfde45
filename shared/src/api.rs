//! The HTTP API: its paths, request and response bodies, and errors, defined
//! once so that the browser client and the mock server cannot drift apart.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{
    EmailInvoiceStatus, Invoice, Locale, Persona, PersonaId, Profile, ScopeId, ScopeSummary,
    TermsDocument,
};
use crate::email::EmailAddress;

/// Every path of the API, in axum's `{param}` syntax. Builders for paths with
/// parameters percent-encode what they insert.
pub mod paths {
    pub const HEALTH: &str = "/api/health";
    pub const OPENAPI: &str = "/api/openapi.json";
    pub const PERSONAS: &str = "/api/personas";
    pub const SESSION: &str = "/api/session";
    pub const SCOPES: &str = "/api/scopes";
    pub const SCOPE_INVOICES: &str = "/api/scopes/{scope_id}/invoices";
    pub const INVOICE_PDF: &str = "/api/scopes/{scope_id}/invoices/{invoice_id}/pdf";
    pub const EMAIL_INVOICE: &str = "/api/scopes/{scope_id}/email-invoice";
    pub const OPT_IN: &str = "/api/scopes/{scope_id}/email-invoice/opt-in";
    pub const OPT_OUT: &str = "/api/scopes/{scope_id}/email-invoice/opt-out";
    pub const RECIPIENTS: &str = "/api/scopes/{scope_id}/email-invoice/recipients";
    pub const RECIPIENT: &str = "/api/scopes/{scope_id}/email-invoice/recipients/{email}";
    pub const TERMS: &str = "/api/terms/{locale}";
    pub const PROFILE: &str = "/api/profile";
    pub const ADMIN_RESET: &str = "/api/admin/reset";
    pub const ADMIN_FAULTS: &str = "/api/admin/faults";
    pub const ADMIN_FAULT: &str = "/api/admin/faults/{id}";
    pub const ADMIN_SCENARIOS: &str = "/api/admin/scenarios";
    pub const ADMIN_SCENARIO: &str = "/api/admin/scenarios/{name}";
    pub const ADMIN_SANDBOX: &str = "/api/admin/sandbox";
    pub const ADMIN_JOURNAL: &str = "/api/admin/journal";
    pub const ADMIN_JOURNAL_HAR: &str = "/api/admin/journal.har";
    pub const BILLING_CYCLE: &str = "/api/billing-cycle";
    pub const OUTBOX: &str = "/api/outbox";
    pub const OUTBOX_EVENTS: &str = "/api/outbox/events";
    pub const OUTBOX_MESSAGE: &str = "/api/outbox/{id}";
    pub const OUTBOX_READ: &str = "/api/outbox/{id}/read";
    pub const OUTBOX_RAW: &str = "/api/outbox/{id}/raw";
    pub const OUTBOX_ATTACHMENT: &str = "/api/outbox/{id}/attachments/{index}";

    /// The header a script uses to name its sandbox instead of the cookie;
    /// every answer carries it too, naming the sandbox it came from.
    pub const SANDBOX_HEADER: &str = "x-mock-sandbox";
    /// The sandbox a page was loaded in, which the app sends with each call:
    /// when the browser's cookie has moved to another (a join link in
    /// another tab), the call is refused (`409 sandbox_changed`), never made
    /// in a sandbox the page does not show.
    pub const EXPECTED_SANDBOX_HEADER: &str = "x-mock-sandbox-expected";
    /// The cookie that names a browser's sandbox.
    pub const SANDBOX_COOKIE: &str = "mock_sandbox";
    /// The query parameter of a page link that joins a sandbox
    /// (`/?sandbox=NAME`): the server sets the cookie to it, if that sandbox
    /// exists.
    pub const JOIN_PARAMETER: &str = "sandbox";
    /// The cookie that remembers a browser's own sandbox while it is in a
    /// joined one, so that it can go back.
    pub const HOME_COOKIE: &str = "mock_sandbox_home";

    /// Fills `{name}` in `template` with the percent-encoded `value`.
    pub fn fill(template: &str, name: &str, value: &str) -> String {
        template.replace(&format!("{{{name}}}"), &encode_segment(value))
    }

    pub fn scope_invoices(scope_id: &str) -> String {
        fill(SCOPE_INVOICES, "scope_id", scope_id)
    }

    /// The invoice as a PDF document (the one its email carries).
    pub fn invoice_pdf(scope_id: &str, invoice_id: &str) -> String {
        fill(
            &fill(INVOICE_PDF, "scope_id", scope_id),
            "invoice_id",
            invoice_id,
        )
    }

    pub fn email_invoice(scope_id: &str) -> String {
        fill(EMAIL_INVOICE, "scope_id", scope_id)
    }
    pub fn opt_in(scope_id: &str) -> String {
        fill(OPT_IN, "scope_id", scope_id)
    }
    pub fn opt_out(scope_id: &str) -> String {
        fill(OPT_OUT, "scope_id", scope_id)
    }
    pub fn recipients(scope_id: &str) -> String {
        fill(RECIPIENTS, "scope_id", scope_id)
    }
    pub fn recipient(scope_id: &str, email: &str) -> String {
        fill(&fill(RECIPIENT, "scope_id", scope_id), "email", email)
    }
    pub fn terms(locale: &str) -> String {
        fill(TERMS, "locale", locale)
    }
    pub fn admin_scenario(name: &str) -> String {
        fill(ADMIN_SCENARIO, "name", name)
    }
    pub fn outbox_message(id: u64) -> String {
        fill(OUTBOX_MESSAGE, "id", &id.to_string())
    }
    pub fn outbox_read(id: u64) -> String {
        fill(OUTBOX_READ, "id", &id.to_string())
    }
    pub fn outbox_raw(id: u64) -> String {
        fill(OUTBOX_RAW, "id", &id.to_string())
    }
    pub fn outbox_attachment(id: u64, index: usize) -> String {
        fill(
            &fill(OUTBOX_ATTACHMENT, "id", &id.to_string()),
            "index",
            &index.to_string(),
        )
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters.
    pub fn encode_segment(value: &str) -> String {
        let mut out = String::with_capacity(value.len());
        for byte in value.bytes() {
            if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                out.push(byte as char);
            } else {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
        out
    }

    /// Every route as (method, path), for tests that check the router and
    /// the OpenAPI document against each other.
    pub const ROUTES: &[(&str, &str)] = &[
        ("get", HEALTH),
        ("get", PERSONAS),
        ("get", SESSION),
        ("post", SESSION),
        ("delete", SESSION),
        ("get", SCOPES),
        ("get", SCOPE_INVOICES),
        ("get", INVOICE_PDF),
        ("get", EMAIL_INVOICE),
        ("post", OPT_IN),
        ("post", OPT_OUT),
        ("get", RECIPIENTS),
        ("post", RECIPIENTS),
        ("put", RECIPIENTS),
        ("delete", RECIPIENT),
        ("get", TERMS),
        ("get", PROFILE),
        ("put", PROFILE),
        ("post", ADMIN_RESET),
        ("get", ADMIN_FAULTS),
        ("post", ADMIN_FAULTS),
        ("delete", ADMIN_FAULTS),
        ("delete", ADMIN_FAULT),
        ("get", ADMIN_SCENARIOS),
        ("post", ADMIN_SCENARIO),
        ("get", ADMIN_SANDBOX),
        ("get", ADMIN_JOURNAL),
        ("delete", ADMIN_JOURNAL),
        ("get", ADMIN_JOURNAL_HAR),
        ("post", BILLING_CYCLE),
        ("get", OUTBOX),
        ("delete", OUTBOX),
        ("get", OUTBOX_EVENTS),
        ("get", OUTBOX_MESSAGE),
        ("delete", OUTBOX_MESSAGE),
        ("put", OUTBOX_READ),
        ("get", OUTBOX_RAW),
        ("get", OUTBOX_ATTACHMENT),
    ];
}

/// Every error the API can answer with. Serialized in snake case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not valid JSON.
    MalformedJson,
    /// The JSON does not match the expected shape (missing, unknown or mistyped fields).
    InvalidBody,
    /// The request has no `Content-Type: application/json`.
    UnsupportedMediaType,
    /// The body is larger than the API accepts.
    PayloadTooLarge,
    /// A path or query parameter cannot be decoded.
    InvalidParameter,
    /// The sandbox name in the header is not acceptable.
    InvalidSandbox,
    /// No such route, persona, scope, recipient or terms locale.
    NotFound,
    MethodNotAllowed,
    /// Sign in first.
    NotSignedIn,
    /// Only the Account Administrator may do this.
    NotAccountAdministrator,
    /// The scope cannot be opted in to email invoices (the message says why).
    IneligibleScope,
    /// The opt-in named a terms version that is not the current one.
    StaleTermsVersion,
    /// Already opted in.
    AlreadyOptedIn,
    /// Recipients can be changed only while opted in.
    NotOptedIn,
    InvalidEmail,
    DuplicateRecipient,
    TooManyRecipients,
    /// The recipients changed since the list the request was made from.
    RecipientsChanged,
    /// The profile changed since the one the request was made from.
    ProfileChanged,
    /// The server holds as many sandboxes as it is allowed to; a new one
    /// can start when an idle one expires.
    SandboxLimit,
    /// The browser's sandbox is no longer the one the page was loaded in
    /// (`x-mock-sandbox-expected`); nothing was done. Reload the page.
    SandboxChanged,
    /// The server failed; the message says what to report.
    Internal,
    /// A tester's fault rule answered in place of the endpoint, with the
    /// rule's status (`/api/admin/faults`); nothing was done.
    InjectedFault,
}

/// The body of every error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// The request field at fault, when there is one (`email`, `recipients[3]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: String,
    pub version: String,
    /// The version of the storage schema.
    pub schema_version: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonasResponse {
    pub personas: Vec<Persona>,
}

/// Who is signed in, in this sandbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Session {
    pub persona: Option<Persona>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    pub persona_id: PersonaId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScopesResponse {
    pub scopes: Vec<ScopeSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoicesResponse {
    /// Newest first.
    pub invoices: Vec<Invoice>,
}

/// Opting in names the terms version the user read and accepted, and the
/// language they read it in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OptInRequest {
    pub terms_version: String,
    /// The language of the terms as read: the confirmation email is written
    /// in it (the invoice emails follow the profile's language). When absent,
    /// the confirmation follows the profile too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<Locale>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateProfileRequest {
    pub preferred_email: String,
    /// The language of the emails; unchanged when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<Locale>,
    /// The `revision` of the profile the change was made from. When given
    /// and the profile has changed since (another tab, a script), nothing is
    /// saved and the answer is 409 `profile_changed`. Without it, the last
    /// write wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_revision: Option<String>,
}

/// The answer to Update profile: the profile as saved, and where the new
/// preferred email left the additional recipients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProfileUpdated {
    #[serde(flatten)]
    pub profile: Profile,
    /// The scopes this persona administers whose additional recipients held
    /// the new preferred email: it was taken off those lists, as the
    /// preferred email receives every invoice anyway. Empty when none did.
    #[serde(default)]
    pub removed_from_recipients: Vec<ScopeId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecipientsResponse {
    pub recipients: Vec<EmailAddress>,
    pub max_recipients: u32,
    /// Names this version of the list (see [`crate::recipients::revision`]).
    pub revision: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AddRecipientRequest {
    pub email: String,
}

/// The whole list, as saved by the Done button.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReplaceRecipientsRequest {
    pub recipients: Vec<String>,
    /// The `revision` of the list the new one was made from. When given and
    /// the list has changed since (another tab, a script), nothing is saved
    /// and the answer is 409 `recipients_changed`. Without it, the last
    /// write wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_revision: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResetResponse {
    /// The sandbox that was reset to its seed.
    pub sandbox: String,
}

/// Why a message was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    /// An invoice of an opted-in scope, with its PDF.
    Invoice,
    /// The confirmation sent to the preferred email on opting in.
    OptInConfirmation,
}

/// The request that caused a message: the action to link back to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cause {
    pub method: String,
    pub path: String,
    pub at: DateTime<Utc>,
}

/// A message of the outbox, as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageSummary {
    /// Numbered per sandbox, from 1.
    pub id: u64,
    pub kind: MessageKind,
    pub created_at: DateTime<Utc>,
    pub from: String,
    pub to: Vec<EmailAddress>,
    pub subject: String,
    pub has_attachment: bool,
    pub read: bool,
    /// Size of the raw message in bytes.
    pub size: u64,
    pub scope_id: Option<ScopeId>,
    pub invoice_id: Option<String>,
    pub cause: Cause,
    /// What the optional SMTP relay did with the message (absent when no
    /// relay is configured, or while it is still trying).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relay: Option<RelayOutcome>,
    /// The language the message is written in (its `Content-Language`);
    /// absent for messages stored before the outbox kept it (data files of
    /// schema version 4 and older).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Locale>,
}

/// The result of handing a message to the configured SMTP relay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RelayOutcome {
    pub delivered: bool,
    /// The relay's answer, or why it failed.
    pub detail: String,
}

/// One page of the outbox, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxPage {
    pub messages: Vec<MessageSummary>,
    /// Messages matching the search, on all pages.
    pub total: u64,
    /// Unread messages in the sandbox (whatever the search).
    pub unread: u64,
    pub page: u32,
    pub per_page: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HeaderLine {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentInfo {
    pub index: usize,
    pub filename: String,
    pub content_type: String,
    pub size: u64,
}

/// A message, parsed back from its raw bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageDetail {
    pub summary: MessageSummary,
    pub headers: Vec<HeaderLine>,
    pub text: Option<String>,
    pub html: Option<String>,
    pub attachments: Vec<AttachmentInfo>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MarkReadRequest {
    pub read: bool,
}

/// What an injected fault does to a matching request.
///
/// Read through [`FaultFields`] (see its `Deserialize`), written as tagged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// Waits between `min_ms` and `max_ms` (equal for a fixed delay), then answers.
    Latency {
        #[cfg_attr(feature = "openapi", schema(maximum = 30000))]
        min_ms: u32,
        /// At least `min_ms`; at most 30000 (30 seconds).
        #[cfg_attr(feature = "openapi", schema(maximum = 30000))]
        max_ms: u32,
    },
    /// Answers with this status and body instead of the real answer.
    Error {
        /// An error status, 400 to 599.
        #[cfg_attr(feature = "openapi", schema(minimum = 400, maximum = 599))]
        status: u16,
        /// At most 16 KiB; sent as JSON when it parses as JSON, else as text.
        body: Option<String>,
    },
    /// Breaks the connection off: a `200` head and the first bytes of its
    /// body, then no more (the client fails reading the body).
    Drop,
}

/// Every field a fault may have, whatever its kind. serde's own tagged
/// enums ignore a field the kind does not have (`{"kind": "drop", "status":
/// 500}` was a drop) and blame `fault` as a whole for a bad value inside it;
/// read as a plain struct first, a bad value is named by its path
/// (`fault.min_ms`), and a field of another kind is refused by name.
#[derive(Deserialize)]
// Said in serde's messages as the request names it, not by this type.
#[serde(
    deny_unknown_fields,
    expecting = "a fault object (kind and its fields)"
)]
struct FaultFields {
    kind: FaultKindName,
    min_ms: Option<u32>,
    max_ms: Option<u32>,
    status: Option<u16>,
    body: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum FaultKindName {
    Latency,
    Error,
    Drop,
}

impl<'de> Deserialize<'de> for FaultKind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let fields = FaultFields::deserialize(deserializer)?;
        // The fields the kind has, and a refusal of any other one given.
        let only = |allowed: &'static [&'static str]| -> Result<(), D::Error> {
            let given = [
                ("min_ms", fields.min_ms.is_some()),
                ("max_ms", fields.max_ms.is_some()),
                ("status", fields.status.is_some()),
                ("body", fields.body.is_some()),
            ];
            match given
                .iter()
                .find(|(name, present)| *present && !allowed.contains(name))
            {
                Some((name, _)) => Err(D::Error::unknown_field(name, allowed)),
                None => Ok(()),
            }
        };
        match fields.kind {
            FaultKindName::Latency => {
                only(&["kind", "min_ms", "max_ms"])?;
                Ok(FaultKind::Latency {
                    min_ms: fields
                        .min_ms
                        .ok_or_else(|| D::Error::missing_field("min_ms"))?,
                    max_ms: fields
                        .max_ms
                        .ok_or_else(|| D::Error::missing_field("max_ms"))?,
                })
            }
            FaultKindName::Error => {
                only(&["kind", "status", "body"])?;
                Ok(FaultKind::Error {
                    status: fields
                        .status
                        .ok_or_else(|| D::Error::missing_field("status"))?,
                    body: fields.body,
                })
            }
            FaultKindName::Drop => {
                only(&["kind"])?;
                Ok(FaultKind::Drop)
            }
        }
    }
}

/// A fault to inject into this sandbox's API requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FaultRequest {
    /// GET, POST, PUT or DELETE; any method when absent.
    #[serde(default)]
    pub method: Option<String>,
    /// An API path (the path only: no query string), at most 200 characters;
    /// `*` matches any run of characters, e.g. `/api/scopes/*/email-invoice`.
    pub path: String,
    pub fault: FaultKind,
    /// For this many matching requests (at least 1); until cleared when absent.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 1, maximum = 4294967295_u64, format = Int64)
    )]
    pub count: Option<u32>,
}

/// The longest latency a fault may add, in milliseconds (30 seconds).
pub const MAX_FAULT_LATENCY_MS: u32 = 30_000;
/// The longest path pattern a fault may have.
pub const MAX_FAULT_PATH_LEN: usize = 200;
/// The largest body an error fault may answer with (16 KiB).
pub const MAX_FAULT_BODY_LEN: usize = 16 * 1024;

/// Why a fault cannot be set: the rules the server enforces and the tester
/// panel checks first. [`FaultProblem::field`] names the request field; the
/// `Display` text is the API's message (in English, in the request's terms;
/// the panel says it in its own words and language).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FaultProblem {
    /// Not GET, POST, PUT or DELETE.
    #[error("'{0}' is not GET, POST, PUT or DELETE.")]
    Method(String),
    /// Not under /api/, or longer than [`MAX_FAULT_PATH_LEN`].
    #[error("The path must start with /api/ (at most {MAX_FAULT_PATH_LEN} characters).")]
    Path,
    /// The pattern has a query string or fragment; the path before it.
    #[error("Faults match the path only, never a query string or fragment: use '{0}'.")]
    QueryInPath(String),
    /// The pattern holds a character that no request path does: a space, a
    /// control character or anything beyond printable ASCII (a URL writes
    /// them percent-encoded). It would match nothing.
    #[error("The path holds {}, which no request path does: write it percent-encoded (a space is %20).", char_name(*.0))]
    PathCharacter(char),
    /// Admin routes cannot be faulted (nothing could clear the fault).
    #[error("Admin routes cannot be faulted: you could not clear the fault.")]
    AdminPath,
    /// Latency with the least delay above the most, or the most above
    /// [`MAX_FAULT_LATENCY_MS`].
    #[error("Latency needs min_ms <= max_ms <= {MAX_FAULT_LATENCY_MS}.")]
    LatencyRange,
    /// An error status outside 400 to 599.
    #[error("An error status is 400 to 599.")]
    Status,
    /// An error body over [`MAX_FAULT_BODY_LEN`].
    #[error("The body can be at most {} KiB.", MAX_FAULT_BODY_LEN / 1024)]
    BodyTooLarge,
    /// A count of 0.
    #[error("count must be at least 1 (or absent: until cleared).")]
    Count,
}

/// A character by its code point (`U+0020`): the characters a path is
/// refused for are mostly invisible.
pub fn char_name(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

impl FaultProblem {
    /// The request field at fault.
    pub fn field(&self) -> &'static str {
        match self {
            FaultProblem::Method(_) => "method",
            FaultProblem::Path
            | FaultProblem::QueryInPath(_)
            | FaultProblem::PathCharacter(_)
            | FaultProblem::AdminPath => "path",
            FaultProblem::LatencyRange => "fault",
            FaultProblem::Status => "fault.status",
            FaultProblem::BodyTooLarge => "fault.body",
            FaultProblem::Count => "count",
        }
    }
}

impl FaultRequest {
    /// Checks the request against the rules; returns the method in capitals,
    /// or the first problem (the server answers one at a time).
    pub fn check(&self) -> Result<Option<String>, FaultProblem> {
        if let Some(first) = self.problems().into_iter().next() {
            return Err(first);
        }
        Ok(self.method.as_ref().map(|m| m.to_ascii_uppercase()))
    }

    /// Every problem of the request, at most one per field, in the order of
    /// the fields (for a form that marks them all at once).
    pub fn problems(&self) -> Vec<FaultProblem> {
        let mut problems = Vec::new();
        if let Some(m) = &self.method {
            if !["GET", "POST", "PUT", "DELETE"].contains(&m.to_ascii_uppercase().as_str()) {
                problems.push(FaultProblem::Method(m.clone()));
            }
        }
        if !self.path.starts_with("/api/") || self.path.len() > MAX_FAULT_PATH_LEN {
            problems.push(FaultProblem::Path);
        } else if let Some(at) = self.path.find(['?', '#']) {
            problems.push(FaultProblem::QueryInPath(self.path[..at].to_owned()));
        } else if let Some(c) = self.path.chars().find(|c| !c.is_ascii_graphic()) {
            problems.push(FaultProblem::PathCharacter(c));
        } else if self.path.starts_with("/api/admin") {
            problems.push(FaultProblem::AdminPath);
        }
        match &self.fault {
            FaultKind::Latency { min_ms, max_ms } => {
                if min_ms > max_ms || *max_ms > MAX_FAULT_LATENCY_MS {
                    problems.push(FaultProblem::LatencyRange);
                }
            }
            FaultKind::Error { status, body } => {
                if !(400..=599).contains(status) {
                    problems.push(FaultProblem::Status);
                } else if body.as_ref().is_some_and(|b| b.len() > MAX_FAULT_BODY_LEN) {
                    problems.push(FaultProblem::BodyTooLarge);
                }
            }
            FaultKind::Drop => {}
        }
        if self.count == Some(0) {
            problems.push(FaultProblem::Count);
        }
        problems
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Fault {
    pub id: u64,
    pub method: Option<String>,
    pub path: String,
    pub fault: FaultKind,
    /// Matching requests it will still affect; none: until cleared.
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 0, maximum = 4294967295_u64, format = Int64)
    )]
    pub remaining: Option<u32>,
    /// Requests it has affected so far.
    pub hits: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FaultsResponse {
    pub faults: Vec<Fault>,
}

/// A scenario testers can apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScenarioInfo {
    pub name: String,
    pub title: String,
    /// Who is signed in afterwards; none: signed out.
    pub persona: Option<PersonaId>,
    /// Where the app opens (a path of the app, not of the API).
    pub start_path: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScenariosResponse {
    pub scenarios: Vec<ScenarioInfo>,
    /// The scenario new sandboxes start from, if the server has one.
    pub default: Option<String>,
}

/// A scenario was applied: the sandbox was reset and put into its state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScenarioApplied {
    pub scenario: ScenarioInfo,
    pub sandbox: String,
    /// The messages it put in the outbox.
    pub messages: Vec<MessageSummary>,
}

/// The longest sandbox name accepted.
pub const MAX_SANDBOX_LEN: usize = 64;

/// Whether `name` can name a sandbox: 1 to [`MAX_SANDBOX_LEN`] ASCII
/// letters, digits, `-` or `_` (it goes into a cookie and a URL as it is).
pub fn is_valid_sandbox_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_SANDBOX_LEN
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The request's sandbox, for the tester panel and scripts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SandboxInfo {
    pub id: String,
    /// This browser's own sandbox, while it is in one it joined (a link that
    /// joins it, `/?sandbox=HOME`, goes back).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home: Option<String>,
    /// An app path that makes a browser join this sandbox (`/?sandbox=ID`).
    pub join_path: String,
    /// When it was last used (the server's wall clock, not the frozen one).
    pub active_at: Option<DateTime<Utc>>,
    /// It is deleted after this many seconds without a request.
    pub idle_timeout_seconds: u64,
    /// The most sandboxes the server holds, and how many it holds now.
    pub max_sandboxes: u64,
    pub sandboxes: u64,
}

/// One API request of a sandbox, as the journal recorded it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JournalEntry {
    /// Numbered from 1 per sandbox, in the order the answers finished.
    pub id: u64,
    /// When the request arrived (the wall clock).
    pub started_at: DateTime<Utc>,
    pub method: String,
    /// The path with its query string.
    pub path: String,
    /// The answer's status; 0 when no answer was completed: the connection
    /// was dropped (a fault), or the client went away (`abandoned`).
    pub status: u16,
    /// From the request's arrival to the answer's last byte, in milliseconds.
    pub duration_ms: f64,
    pub request_headers: Vec<(String, String)>,
    pub response_headers: Vec<(String, String)>,
    /// The bodies as text (base64 when not UTF-8), cut at the journal's cap.
    pub request_body: JournalBody,
    pub response_body: JournalBody,
    /// The testers' faults this request met, in the order they acted (a
    /// delay first); empty when it was answered normally.
    #[serde(default)]
    pub faults: Vec<AppliedFault>,
    /// The client went away before the answer was complete (it gave up, or
    /// its page was reloaded during a delay); `status` is then 0.
    #[serde(default)]
    pub abandoned: bool,
}

/// A fault as one request met it: which one, and what it did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppliedFault {
    /// The fault's number, as `GET /api/admin/faults` listed it.
    pub id: u64,
    pub kind: AppliedFaultKind,
    /// The delay it added, for a latency fault (drawn from its range).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u32>,
}

/// What a fault did to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AppliedFaultKind {
    /// Delayed the answer.
    Latency,
    /// Answered an error instead of the real answer.
    Error,
    /// Broke the connection off.
    Drop,
}

/// A body the journal kept: at most [`JOURNAL_BODY_CAP`] bytes of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JournalBody {
    /// The whole body's size in bytes.
    pub size: u64,
    pub content_type: Option<String>,
    /// The kept bytes: UTF-8 text, or base64 when `base64` is true.
    pub text: String,
    pub base64: bool,
    /// The body was longer than the cap; `text` holds its beginning.
    pub truncated: bool,
}

/// The most bytes of each body the journal keeps.
pub const JOURNAL_BODY_CAP: usize = 16 * 1024;

/// `true` or `false` from a query string, where an empty value is no value.
fn empty_or_bool<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<bool>, D::Error> {
    use serde::de::Error;
    match Option::<String>::deserialize(deserializer)?
        .as_deref()
        .map(str::trim)
    {
        None | Some("") => Ok(None),
        Some("true") => Ok(Some(true)),
        Some("false") => Ok(Some(false)),
        Some(other) => Err(D::Error::custom(format!(
            "`{other}` is not a boolean: use true or false"
        ))),
    }
}

/// Which journal entries to list; every field narrows the list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct JournalQuery {
    /// GET, POST, PUT or DELETE.
    #[serde(default)]
    pub method: Option<String>,
    /// A status (`404`) or a class (`2xx`, `4xx`, `5xx`); `0` for dropped connections.
    #[serde(default)]
    pub status: Option<String>,
    /// Text the path must contain.
    #[serde(default)]
    pub path: Option<String>,
    /// `true`: only requests a fault met; `false`: only the others. Empty,
    /// as the other filters, it narrows nothing.
    #[serde(default, deserialize_with = "empty_or_bool")]
    pub faulted: Option<bool>,
    /// The newest this many (1 to 1000, all the journal keeps; default 200).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1000))]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JournalResponse {
    /// Newest first.
    pub entries: Vec<JournalEntry>,
    /// How many entries match, before the limit.
    pub total: u64,
    /// How many entries the journal keeps per sandbox (the oldest go first).
    pub capacity: u64,
}

/// How many messages a clear removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClearResponse {
    pub deleted: u64,
}

/// The most terms an outbox search (`q`) may have.
pub const MAX_SEARCH_TERMS: usize = 20;
/// The longest term of an outbox search, in characters.
pub const MAX_SEARCH_TERM_LEN: usize = 200;

/// Why an outbox search (`q`) was refused. The server says it in the
/// request's language (`shared::i18n::search_problem`), as the app would.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchProblem {
    /// More than [`MAX_SEARCH_TERMS`] terms.
    TooManyTerms,
    /// A term longer than [`MAX_SEARCH_TERM_LEN`] characters.
    TermTooLong,
    /// `has:` with anything but `attachment` (the term as typed).
    UnknownHas(String),
    /// `is:` with anything but `read` or `unread` (the term as typed).
    UnknownIs(String),
    /// Both `is:read` and `is:unread`.
    ReadAndUnread,
    /// An operator with nothing after its colon (the term as typed).
    NeedsValue(String),
}

/// What a billing cycle issued and sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BillingCycleResponse {
    pub invoices: Vec<Invoice>,
    pub messages: Vec<MessageSummary>,
}

/// Re-exported so clients import every body from one module.
pub type EmailInvoiceResponse = EmailInvoiceStatus;
pub type ProfileResponse = Profile;
pub type TermsResponse = TermsDocument;

#[cfg(test)]
mod tests {
    use super::paths::*;

    #[test]
    fn sandbox_names() {
        use super::{is_valid_sandbox_name, MAX_SANDBOX_LEN};
        assert!(is_valid_sandbox_name("tester-1_a"));
        assert!(is_valid_sandbox_name(&"a".repeat(MAX_SANDBOX_LEN)));
        assert!(!is_valid_sandbox_name(""));
        assert!(!is_valid_sandbox_name("a b"));
        assert!(!is_valid_sandbox_name("a;b"));
        assert!(!is_valid_sandbox_name("é"));
        assert!(!is_valid_sandbox_name(&"a".repeat(MAX_SANDBOX_LEN + 1)));
    }

    #[test]
    fn builders_fill_and_encode() {
        assert_eq!(scope_invoices("sub-1"), "/api/scopes/sub-1/invoices");
        assert_eq!(
            recipient("sub 1", "a+b@c.example"),
            "/api/scopes/sub%201/email-invoice/recipients/a%2Bb%40c.example"
        );
        assert_eq!(terms("nl-NL"), "/api/terms/nl-NL");
    }

    #[test]
    fn routes_are_distinct() {
        let set: std::collections::HashSet<_> = ROUTES.iter().collect();
        assert_eq!(set.len(), ROUTES.len());
    }
}

#[cfg(test)]
mod fault_rules {
    use super::*;

    fn request(path: &str, fault: FaultKind, count: Option<u32>) -> FaultRequest {
        FaultRequest {
            method: Some("get".into()),
            path: path.into(),
            fault,
            count,
        }
    }

    #[test]
    fn every_problem_of_a_fault_is_found_at_once() {
        let mut all = request(
            "api/x",
            FaultKind::Error {
                status: 99,
                body: None,
            },
            Some(0),
        );
        all.method = Some("PATCH".into());
        let fields: Vec<&str> = all.problems().iter().map(FaultProblem::field).collect();
        assert_eq!(fields, ["method", "path", "fault.status", "count"]);
        // The server still answers with the first.
        assert_eq!(all.check(), Err(FaultProblem::Method("PATCH".into())));
        assert!(request("/api/x", FaultKind::Drop, None)
            .problems()
            .is_empty());
    }

    #[test]
    fn a_fault_is_checked_by_the_shared_rules_and_names_its_field() {
        let drop = || FaultKind::Drop;
        assert_eq!(
            request("/api/scopes/*", drop(), Some(2)).check(),
            Ok(Some("GET".into()))
        );
        let problem = |r: FaultRequest| r.check().map(|_| ()).map_err(|p| (p.field(), p));
        let mut patch = request("/api/x", drop(), None);
        patch.method = Some("PATCH".into());
        assert_eq!(problem(patch).unwrap_err().0, "method");
        assert_eq!(
            problem(request("/health", drop(), None)),
            Err(("path", FaultProblem::Path))
        );
        assert_eq!(
            problem(request("/api/outbox?page=2", drop(), None)),
            Err(("path", FaultProblem::QueryInPath("/api/outbox".into())))
        );
        assert_eq!(
            problem(request("/api/admin/faults", drop(), None)),
            Err(("path", FaultProblem::AdminPath))
        );
        for (path, c) in [
            ("/api/x ", ' '),
            ("/api/a\0b", '\0'),
            ("/api/a\tb", '\t'),
            ("/api/pro\u{200b}file", '\u{200b}'),
            ("/api/caf\u{e9}", '\u{e9}'),
        ] {
            assert_eq!(
                problem(request(path, drop(), None)),
                Err(("path", FaultProblem::PathCharacter(c))),
                "{path:?}"
            );
        }
        assert!(problem(request("/api/a%20b", drop(), None)).is_ok());
        let latency = |min_ms, max_ms| FaultKind::Latency { min_ms, max_ms };
        assert_eq!(
            problem(request("/api/x", latency(10, 5), None)),
            Err(("fault", FaultProblem::LatencyRange))
        );
        assert_eq!(
            problem(request(
                "/api/x",
                latency(0, MAX_FAULT_LATENCY_MS + 1),
                None
            )),
            Err(("fault", FaultProblem::LatencyRange))
        );
        assert!(problem(request("/api/x", latency(0, MAX_FAULT_LATENCY_MS), None)).is_ok());
        let error = |status| FaultKind::Error { status, body: None };
        assert_eq!(
            problem(request("/api/x", error(302), None)),
            Err(("fault.status", FaultProblem::Status))
        );
        let big = FaultKind::Error {
            status: 500,
            body: Some("x".repeat(MAX_FAULT_BODY_LEN + 1)),
        };
        assert_eq!(
            problem(request("/api/x", big, None)),
            Err(("fault.body", FaultProblem::BodyTooLarge))
        );
        assert_eq!(
            problem(request("/api/x", drop(), Some(0))),
            Err(("count", FaultProblem::Count))
        );
    }
}
