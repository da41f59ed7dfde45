//! Security headers on every answer, and CORS only when configured.
//!
//! The app's page gets a Content Security Policy that allows its own files,
//! the WebAssembly module, and exactly the inline start-up script Trunk writes
//! into `index.html` (by its SHA-256, computed from the page as served, so a
//! rebuilt app is never blocked by a stale hash). Every
//! other answer may be framed only by the app itself (the outbox shows emails
//! and PDFs in frames), and nothing is content-sniffed.

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{
    CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderName, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// The policy for answers that are not the app's page.
pub const OTHER_POLICY: &str = "frame-ancestors 'self'";

/// The Content Security Policy of a page of the app, allowing its inline
/// scripts by hash.
pub fn page_policy(html: &str) -> HeaderValue {
    let hashes: String = inline_scripts(html)
        .map(|script| {
            let digest = Sha256::digest(script.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    let policy = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; \
         connect-src 'self'; frame-src 'self' blob:; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'self'"
    );
    HeaderValue::from_str(&policy).expect("the policy is ASCII")
}

/// The text of each inline `<script>` (one without `src`) in `html`.
pub fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    let mut rest = html;
    std::iter::from_fn(move || loop {
        let start = rest.find("<script")?;
        let after = &rest[start..];
        let open_end = after.find('>')?;
        let tag = &after[..open_end];
        let body = &after[open_end + 1..];
        let close = body.find("</script>")?;
        rest = &body[close..];
        if !tag.contains(" src=") {
            return Some(&body[..close]);
        }
    })
}

/// The largest page whose inline scripts are hashed; the app's is ~1 KiB.
const MAX_PAGE_BYTES: usize = 1024 * 1024;

/// Middleware: adds the security headers to every answer.
pub async fn headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let is_page = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let small = response
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok())
        .is_some_and(|size| size <= MAX_PAGE_BYTES);
    let policy = if is_page && small {
        let (parts, body) = response.into_parts();
        match crate::faults::read_body(body).await {
            Ok(bytes) => {
                let policy = page_policy(&String::from_utf8_lossy(&bytes));
                response = Response::from_parts(parts, Body::from(bytes));
                policy
            }
            // The file could not be read to its end: the answer breaks off,
            // as it would have without this middleware (with its headers).
            Err(sent) => {
                response = Response::from_parts(parts, crate::faults::broken_off(sent));
                page_policy("")
            }
        }
    } else if is_page {
        // A page of unknown or great length is not the app's: no inline script.
        page_policy("")
    } else {
        HeaderValue::from_static(OTHER_POLICY)
    };
    let headers = response.headers_mut();
    headers.insert(CONTENT_SECURITY_POLICY, policy);
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("SAMEORIGIN"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// A CORS layer for the configured origins; none when there are none.
pub fn cors(origins: &[HeaderValue]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins.iter().cloned()))
            .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
            .allow_headers([
                CONTENT_TYPE,
                HeaderName::from_static(shared::api::paths::SANDBOX_HEADER),
            ])
            .allow_credentials(true),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_inline_scripts_only() {
        let html = r#"<head><script type="module">import init from '/a.js';
await init();</script><script src="/b.js"></script><script>x()</script></head>"#;
        let found: Vec<_> = inline_scripts(html).collect();
        assert_eq!(found, ["import init from '/a.js';\nawait init();", "x()"]);
    }

    #[test]
    fn page_policy_names_each_inline_script_by_hash() {
        let policy = page_policy("<script>a()</script>");
        let digest = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"a()"));
        let policy = policy.to_str().unwrap();
        assert!(policy.contains(&format!("'sha256-{digest}'")), "{policy}");
        assert!(policy.contains("'wasm-unsafe-eval'"));
        assert!(!policy.contains("'unsafe-eval'"));
    }
}
