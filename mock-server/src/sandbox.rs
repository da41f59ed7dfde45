//! Which sandbox a request belongs to.
//!
//! A script names its sandbox in the `X-Mock-Sandbox` header; a browser gets a
//! random one in the `mock_sandbox` cookie on its first visit (the SPA's page
//! included, so parallel first API calls share one sandbox). A page link
//! `/?sandbox=NAME` joins an existing sandbox, and the browser's own one is
//! remembered in `mock_sandbox_home` until it goes back. The middleware puts
//! a [`SandboxId`] (and the [`HomeSandbox`]) into the request for handlers.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use shared::api::paths::{
    EXPECTED_SANDBOX_HEADER, HOME_COOKIE, JOIN_PARAMETER, SANDBOX_COOKIE, SANDBOX_HEADER,
};
use shared::api::{is_valid_sandbox_name, ErrorCode, MAX_SANDBOX_LEN};

use crate::error::AppError;
use crate::state::AppState;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxId(pub String);

/// A browser's own sandbox while it is in one it joined; `None` otherwise
/// (and always for scripts).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HomeSandbox(pub Option<String>);

fn from_cookie(request: &Request, cookie: &str) -> Option<String> {
    request
        .headers()
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == cookie)
        .map(|(_, value)| value.to_owned())
        .filter(|value| is_valid_sandbox_name(value))
}

/// A page link `/?sandbox=NAME` (never an API call) asks to join that
/// sandbox: a colleague's link puts this browser into the same one.
fn from_join_link(request: &Request) -> Option<String> {
    if request.uri().path().starts_with("/api") {
        return None;
    }
    url::form_urlencoded::parse(request.uri().query()?.as_bytes())
        .find(|(name, _)| name == JOIN_PARAMETER)
        .map(|(_, value)| value.into_owned())
        .filter(|value| is_valid_sandbox_name(value))
}

fn new_name() -> String {
    format!("sb-{:032x}", rand::random::<u128>())
}

/// Where a browser's request goes: its sandbox, and its own one to go back
/// to while it is in a joined one.
#[derive(Debug, PartialEq, Eq)]
struct Placement {
    sandbox: String,
    home: Option<String>,
}

/// Places a browser that asks to join `wanted` (if it does), is in `current`
/// (its cookie) and came from `home`. Only a sandbox that exists is joined:
/// a mistyped or expired name leaves the browser where it is. Going back to
/// `home` forgets it; if it expired meanwhile, the browser gets a new one.
async fn place(
    state: &AppState,
    wanted: Option<String>,
    current: Option<String>,
    home: Option<String>,
) -> Placement {
    let stay = |current: Option<String>, home: Option<String>| Placement {
        sandbox: current.unwrap_or_else(new_name),
        home,
    };
    let Some(wanted) = wanted.filter(|w| current.as_ref() != Some(w)) else {
        return stay(current, home);
    };
    let going_home = home.as_ref() == Some(&wanted);
    // A failed look-up joins nothing: the browser stays where it is.
    let exists = state
        .store
        .sandbox_exists(wanted.clone())
        .await
        .unwrap_or(false);
    match (exists, going_home) {
        (true, true) => Placement {
            sandbox: wanted,
            home: None,
        },
        (true, false) => Placement {
            // The first join remembers where the browser came from.
            home: home.or(current),
            sandbox: wanted,
        },
        (false, true) => Placement {
            sandbox: new_name(),
            home: None,
        },
        (false, false) => stay(current, home),
    }
}

fn cookie_header(name: &str, value: Option<&str>) -> Option<HeaderValue> {
    let cookie = match value {
        Some(value) => {
            format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000")
        }
        None => format!("{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"),
    };
    HeaderValue::from_str(&cookie).ok()
}

pub async fn assign_sandbox(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    // Two headers name no one sandbox: refused like a malformed one.
    let headers = request.headers().get_all(SANDBOX_HEADER);
    let header = match (headers.iter().next(), headers.iter().nth(1)) {
        (None, _) => None,
        (Some(value), None) => Some(
            value
                .to_str()
                .ok()
                .filter(|v| is_valid_sandbox_name(v))
                .map(str::to_owned),
        ),
        (Some(_), Some(_)) => Some(None),
    };
    if let Some(header) = header {
        let Some(name) = header else {
            return AppError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidSandbox,
                format!(
                    "The X-Mock-Sandbox header must be 1 to {MAX_SANDBOX_LEN} letters, digits, '-' or '_'."
                ),
            )
            .with_field(SANDBOX_HEADER)
            .into_response();
        };
        request.extensions_mut().insert(SandboxId(name.clone()));
        request.extensions_mut().insert(HomeSandbox(None));
        return with_sandbox_named(next.run(request).await, &name);
    }
    let current = from_cookie(&request, SANDBOX_COOKIE);
    let home = from_cookie(&request, HOME_COOKIE);
    let placed = place(
        &state,
        from_join_link(&request),
        current.clone(),
        home.clone(),
    )
    .await;
    // A page's call, made for the sandbox the page shows, is never made in
    // another one the browser moved to meanwhile (in another tab).
    let expected = request
        .headers()
        .get(EXPECTED_SANDBOX_HEADER)
        .and_then(|value| value.to_str().ok())
        .filter(|value| is_valid_sandbox_name(value))
        .map(str::to_owned);
    if let Some(expected) = expected.filter(|expected| *expected != placed.sandbox) {
        return with_sandbox_named(
            AppError::sandbox_changed(&expected, &placed.sandbox).into_response(),
            &placed.sandbox,
        );
    }
    request
        .extensions_mut()
        .insert(SandboxId(placed.sandbox.clone()));
    request
        .extensions_mut()
        .insert(HomeSandbox(placed.home.clone()));
    let mut response = next.run(request).await;
    let mut set = |name: &str, value: Option<&str>| {
        if let Some(header) = cookie_header(name, value) {
            response.headers_mut().append(SET_COOKIE, header);
        }
    };
    if current.as_deref() != Some(placed.sandbox.as_str()) {
        set(SANDBOX_COOKIE, Some(&placed.sandbox));
    }
    if home != placed.home {
        set(HOME_COOKIE, placed.home.as_deref());
    }
    with_sandbox_named(response, &placed.sandbox)
}

/// Names the sandbox an answer came from (`x-mock-sandbox`): the app sends
/// it back as the one it expects.
fn with_sandbox_named(mut response: Response, sandbox: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(sandbox) {
        response.headers_mut().insert(SANDBOX_HEADER, value);
    }
    response
}

impl<S: Send + Sync> FromRequestParts<S> for HomeSandbox {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<HomeSandbox>()
            .cloned()
            .unwrap_or_default())
    }
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
    fn new_names_are_valid() {
        assert!(is_valid_sandbox_name(&new_name()));
    }
}
