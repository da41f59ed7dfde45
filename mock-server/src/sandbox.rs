//! Which sandbox a request belongs to.
//!
//! A script names its sandbox in the `X-Mock-Sandbox` header; a browser gets a
//! random one in the `mock_sandbox` cookie on its first visit (the SPA's page
//! included, so parallel first API calls share one sandbox). The middleware
//! puts a [`SandboxId`] into the request for handlers to extract.

use axum::extract::{FromRequestParts, Request};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use shared::api::paths::{JOIN_PARAMETER, SANDBOX_COOKIE, SANDBOX_HEADER};
use shared::api::ErrorCode;

use crate::error::AppError;

/// The longest sandbox name accepted.
pub const MAX_SANDBOX_LEN: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxId(pub String);

fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_SANDBOX_LEN
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn from_cookie(request: &Request) -> Option<String> {
    request
        .headers()
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SANDBOX_COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|value| is_valid_name(value))
}

/// A page link `/?sandbox=NAME` (never an API call) joins that sandbox: a
/// colleague's link puts this browser into the same one.
fn from_join_link(request: &Request) -> Option<String> {
    if request.uri().path().starts_with("/api") {
        return None;
    }
    url::form_urlencoded::parse(request.uri().query()?.as_bytes())
        .find(|(name, _)| name == JOIN_PARAMETER)
        .map(|(_, value)| value.into_owned())
        .filter(|value| is_valid_name(value))
}

fn new_name() -> String {
    format!("sb-{:032x}", rand::random::<u128>())
}

pub async fn assign_sandbox(mut request: Request, next: Next) -> Response {
    let (sandbox, set_cookie) = match request.headers().get(SANDBOX_HEADER) {
        Some(value) => match value.to_str().ok().filter(|v| is_valid_name(v)) {
            Some(name) => (name.to_owned(), false),
            None => {
                return AppError::new(
                    StatusCode::BAD_REQUEST,
                    ErrorCode::InvalidSandbox,
                    format!(
                        "The X-Mock-Sandbox header must be 1 to {MAX_SANDBOX_LEN} letters, digits, '-' or '_'."
                    ),
                )
                .with_field(SANDBOX_HEADER)
                .into_response()
            }
        },
        None => match (from_join_link(&request), from_cookie(&request)) {
            (Some(name), cookie) => {
                let changed = cookie.as_deref() != Some(name.as_str());
                (name, changed)
            }
            (None, Some(name)) => (name, false),
            (None, None) => (new_name(), true),
        },
    };
    request.extensions_mut().insert(SandboxId(sandbox.clone()));
    let mut response = next.run(request).await;
    if set_cookie {
        let cookie =
            format!("{SANDBOX_COOKIE}={sandbox}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000");
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

impl<S: Send + Sync> FromRequestParts<S> for SandboxId {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<SandboxId>()
            .cloned()
            .ok_or_else(|| AppError::internal("the sandbox middleware is not installed"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(is_valid_name("tester-1_a"));
        assert!(is_valid_name(&new_name()));
        assert!(!is_valid_name(""));
        assert!(!is_valid_name("a b"));
        assert!(!is_valid_name("a;b"));
        assert!(!is_valid_name(&"a".repeat(MAX_SANDBOX_LEN + 1)));
    }
}
