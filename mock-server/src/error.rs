//! The one error type of the server. Every failure becomes a JSON body
//! `{code, message, field?}` with a 4xx status; only a genuine fault of the
//! server itself (a broken data file, say) answers 500.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use shared::api::{ApiError, ErrorCode};
use shared::{IneligibleReason, RecipientError};

#[derive(Debug)]
pub struct AppError {
    pub status: StatusCode,
    pub body: ApiError,
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
        AppError::new(status, code, error.to_string()).with_field(field)
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(error: rusqlite::Error) -> Self {
        AppError::internal(format!("database: {error}"))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}
