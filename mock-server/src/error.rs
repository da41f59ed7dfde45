//! The one error type of the server. Every failure becomes a JSON body
//! `{code, message, field?}` with a 4xx status; only a genuine fault of the
//! server itself (a broken data file, say) answers 500.
//!
//! Messages are English, for scripts; the app says most errors in its own
//! words, by their code. The refusals of what a person typed
//! (`invalid_email`, `duplicate_recipient`, `too_many_recipients`), whose
//! message names the detail, are said in the request's `Accept-Language`
//! instead (English unless it prefers Dutch): the error keeps
//! its [`Refusal`], and [`localize`] writes the message again.

use axum::extract::Request;
use axum::http::header::ACCEPT_LANGUAGE;
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use shared::api::{ApiError, ErrorCode, SearchProblem};
use shared::{EmailError, IneligibleReason, Locale, RecipientError};

#[derive(Debug, Clone)]
pub struct AppError {
    pub status: StatusCode,
    pub body: ApiError,
    /// What was refused, for a message in the request's language.
    refusal: Option<Refusal>,
}

/// Why what a person typed was refused: the error behind an `invalid_email`,
/// `duplicate_recipient` or `too_many_recipients` answer.
#[derive(Debug, Clone)]
pub enum Refusal {
    /// An address that is no valid address (the preferred email).
    Email(EmailError),
    /// A recipient that cannot join the list.
    Recipient(RecipientError),
    /// An outbox search that cannot be run.
    Search(SearchProblem),
}

impl Refusal {
    /// The message in `locale`: the app's own words (`shared::i18n`), so
    /// that the API and the page say a refusal alike, in either language.
    pub fn message(&self, locale: Locale) -> String {
        match self {
            Refusal::Email(error) => shared::i18n::email_error(locale, error),
            Refusal::Recipient(error) => shared::i18n::recipient_error(locale, error),
            Refusal::Search(problem) => shared::i18n::search_problem(locale, problem),
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        AppError {
            status,
            body: ApiError {
                code,
                message: message.into(),
                field: None,
            },
            refusal: None,
        }
    }

    /// Names the request field at fault.
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.body.field = Some(field.into());
        self
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        AppError::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, message)
    }

    pub fn payload_too_large() -> Self {
        AppError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::PayloadTooLarge,
            format!(
                "The body is larger than the {} KiB the API accepts.",
                crate::MAX_BODY_BYTES / 1024
            ),
        )
    }

    /// A page's call refused because the browser's sandbox moved on since the
    /// page was loaded (another tab followed a join link, or went back).
    pub fn sandbox_changed(page: &str, browser: &str) -> Self {
        AppError::new(
            StatusCode::CONFLICT,
            ErrorCode::SandboxChanged,
            format!(
                "This page was loaded in sandbox '{page}', but this browser is now in \
                 '{browser}' (another tab joined or left a sandbox). Nothing was done. Reload \
                 the page to go on in '{browser}'."
            ),
        )
        .with_field(shared::api::paths::EXPECTED_SANDBOX_HEADER)
    }

    /// A new sandbox was refused: the server holds its maximum.
    pub fn sandbox_limit(limits: crate::store::SandboxLimits) -> Self {
        AppError::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::SandboxLimit,
            format!(
                "The mock server already holds its maximum of {} sandboxes, so it cannot start a \
                 new one. Reuse your sandbox (its cookie or the X-Mock-Sandbox header), wait for \
                 an idle one to expire (after {} without requests), or restart the server with a \
                 larger --max-sandboxes.",
                limits.max_sandboxes,
                humantime::format_duration(limits.idle_timeout)
            ),
        )
        .with_field(shared::api::paths::SANDBOX_HEADER)
    }

    pub fn not_signed_in() -> Self {
        AppError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::NotSignedIn,
            "Sign in first: pick an account on the sign-in page.",
        )
    }

    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!(%detail, "internal error");
        AppError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            "The mock server failed; its log says why.",
        )
    }

    /// The answer to an opt-in that the eligibility rule refuses.
    pub fn ineligible(reason: IneligibleReason) -> Self {
        match reason {
            IneligibleReason::NotAccountAdministrator => AppError::new(
                StatusCode::FORBIDDEN,
                ErrorCode::NotAccountAdministrator,
                reason.message(),
            ),
            _ => AppError::new(
                StatusCode::CONFLICT,
                ErrorCode::IneligibleScope,
                reason.message(),
            ),
        }
    }

    /// The answer to an address that is not valid (422 `invalid_email`);
    /// `field` names where it was in the request.
    pub fn invalid_email(error: EmailError, field: impl Into<String>) -> Self {
        AppError::refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidEmail,
            Refusal::Email(error),
        )
        .with_field(field)
    }

    /// The answer to a refused recipient; `field` names where it was in the request.
    pub fn recipient(error: RecipientError, field: impl Into<String>) -> Self {
        let (status, code) = match &error {
            RecipientError::Invalid(_) => {
                (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::InvalidEmail)
            }
            RecipientError::Duplicate(_) | RecipientError::PreferredEmail(_) => {
                (StatusCode::CONFLICT, ErrorCode::DuplicateRecipient)
            }
            RecipientError::LimitReached => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::TooManyRecipients,
            ),
        };
        AppError::refused(status, code, Refusal::Recipient(error)).with_field(field)
    }

    /// The answer to an outbox search that cannot be run (400
    /// `invalid_parameter`, field `q`).
    pub fn invalid_search(problem: SearchProblem) -> Self {
        AppError::refused(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidParameter,
            Refusal::Search(problem),
        )
        .with_field("q")
    }

    /// A refusal of what was typed, in English until [`localize`] sees the request.
    fn refused(status: StatusCode, code: ErrorCode, refusal: Refusal) -> Self {
        let mut error = AppError::new(status, code, refusal.message(Locale::EnUs));
        error.refusal = Some(refusal);
        error
    }

    /// This error with its message in `locale`, where it is a [`Refusal`].
    pub fn in_language(mut self, locale: Locale) -> Self {
        if let Some(refusal) = &self.refusal {
            self.body.message = refusal.message(locale);
        }
        self
    }
}

/// The language an API request asks for, by its `Accept-Language` header
/// (all its lines; bytes that are not UTF-8 match no language); en-US without one.
pub fn request_locale(headers: &HeaderMap) -> Locale {
    let mut lines = headers.get_all(ACCEPT_LANGUAGE).iter();
    let Some(first) = lines.next() else {
        return Locale::EnUs;
    };
    let mut value = String::from_utf8_lossy(first.as_bytes()).into_owned();
    for line in lines {
        value.push(',');
        value.push_str(&String::from_utf8_lossy(line.as_bytes()));
    }
    Locale::from_accept_language(&value)
}

/// Middleware on the API routes: says a [`Refusal`] in the request's
/// language (`Accept-Language`). The answer keeps its status, code and
/// field; every other answer passes untouched.
pub async fn localize(request: Request, next: Next) -> Response {
    let locale = request_locale(request.headers());
    let mut response = next.run(request).await;
    match response.extensions_mut().remove::<AppError>() {
        Some(error) => {
            let error = error.in_language(locale);
            (error.status, Json(error.body)).into_response()
        }
        _ => response,
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(error: rusqlite::Error) -> Self {
        AppError::internal(format!("database: {error}"))
    }
}

impl IntoResponse for AppError {
    /// The JSON answer; a refusal also keeps itself in the response's
    /// extensions for [`localize`].
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(&self.body)).into_response();
        if self.refusal.is_some() {
            response.extensions_mut().insert(self);
        }
        response
    }
}
