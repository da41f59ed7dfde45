//! Security headers on every answer; CORS only for configured origins; a
//! page link joins a colleague's sandbox.

use axum::body::Body;
use axum::http::{HeaderValue, Method, Request};
use base64::Engine as _;
use mock_server::{app, AppState, Clock, Store};
use sha2::{Digest, Sha256};

use crate::client::{frozen, server, Client};

const INLINE: &str = "\nimport init from '/app.js';\nawait init();\n";

fn with_page(cors: Vec<HeaderValue>) -> (tempfile::TempDir, Client) {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        format!("<!doctype html><title>portal</title><script type=\"module\">{INLINE}</script>"),
    )
    .unwrap();
    let state =
        AppState::new(Store::open_in_memory().unwrap(), Clock::Frozen(frozen())).with_cors(cors);
    let router = app(state, Some(dist.path()));
    (dist, Client::new(&router, "security"))
}

#[tokio::test]
async fn every_answer_has_the_security_headers() {
    let (_dist, client) = with_page(Vec::new());
    for path in [
        "/",
        "/billing/invoices",
        "/api/health",
        "/api/nothing",
        "/api/outbox/1/raw",
    ] {
        let reply = client.get(path).await;
        let header = |name: &str| {
            reply
                .headers
                .get(name)
                .unwrap_or_else(|| panic!("{path} has no {name}"))
                .to_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header("x-frame-options"), "SAMEORIGIN", "{path}");
        assert_eq!(header("referrer-policy"), "no-referrer", "{path}");
        let policy = header("content-security-policy");
        // The outbox frames emails and PDFs from the same origin; nobody else may frame anything.
        assert!(
            policy.contains("frame-ancestors 'self'"),
            "{path}: {policy}"
        );
    }
}

#[tokio::test]
async fn the_page_policy_allows_exactly_its_own_inline_script() {
    let (_dist, client) = with_page(Vec::new());
    let reply = client.get("/").await;
    let policy = reply.headers["content-security-policy"].to_str().unwrap();
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(INLINE.as_bytes()));
    assert!(policy.contains(&format!("'sha256-{hash}'")), "{policy}");
    assert!(policy.contains("default-src 'self'"), "{policy}");
    assert!(policy.contains("object-src 'none'"), "{policy}");
    assert!(!policy.contains("'unsafe-eval'"), "{policy}");
    assert!(
        !policy.contains("script-src 'self' 'unsafe-inline'"),
        "{policy}"
    );
}

async fn preflight(client: &Client, origin: &str) -> crate::client::Reply {
    client
        .request(
            Request::builder()
                .method(Method::OPTIONS)
                .uri("/api/profile")
                .header("origin", origin)
                .header("access-control-request-method", "PUT")
                .header("access-control-request-headers", "content-type")
                .body(Body::empty())
                .unwrap(),
        )
        .await
}

#[tokio::test]
async fn no_cors_unless_configured() {
    let client = Client::new(&server(), "cors");
    let reply = client
        .request(
            Request::builder()
                .uri("/api/health")
                .header("origin", "http://elsewhere.example")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert!(reply.headers.get("access-control-allow-origin").is_none());
    let reply = preflight(&client, "http://elsewhere.example").await;
    assert!(reply.headers.get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn configured_origins_may_call_the_api_and_no_others() {
    let (_dist, client) = with_page(vec![HeaderValue::from_static("http://localhost:3000")]);
    let allowed = preflight(&client, "http://localhost:3000").await;
    assert_eq!(
        allowed.headers["access-control-allow-origin"],
        "http://localhost:3000"
    );
    assert_eq!(allowed.headers["access-control-allow-credentials"], "true");
    let other = preflight(&client, "http://elsewhere.example").await;
    assert!(other.headers.get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn a_join_link_puts_the_browser_into_that_sandbox() {
    let (_dist, client) = with_page(Vec::new());
    let page = |uri: &str, cookie: Option<&str>| {
        let mut request = Request::builder().uri(uri);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.body(Body::empty()).unwrap()
    };
    // A browser with its own sandbox follows a colleague's link.
    let reply = client
        .request(page("/?sandbox=colleague-1", Some("mock_sandbox=mine")))
        .await;
    assert_eq!(reply.status, 200);
    let cookie = reply.headers["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("mock_sandbox=colleague-1;"), "{cookie}");
    // Already in it: nothing to set.
    let again = client
        .request(page(
            "/?sandbox=colleague-1",
            Some("mock_sandbox=colleague-1"),
        ))
        .await;
    assert!(again.headers.get("set-cookie").is_none());
    // A malformed name is not joined; the browser keeps its sandbox.
    let bad = client
        .request(page("/?sandbox=a%20b", Some("mock_sandbox=mine")))
        .await;
    assert!(bad.headers.get("set-cookie").is_none());
    // API calls never join by query.
    let api = client
        .request(page(
            "/api/admin/sandbox?sandbox=colleague-1",
            Some("mock_sandbox=mine"),
        ))
        .await;
    assert_eq!(api.ok()["id"], "mine");
    assert!(api.headers.get("set-cookie").is_none());
}

#[tokio::test]
async fn a_rebuilt_page_is_allowed_its_new_script_without_a_restart() {
    let (dist, client) = with_page(Vec::new());
    let rebuilt = "\nimport init from '/app-2.js';\n";
    std::fs::write(
        dist.path().join("index.html"),
        format!("<!doctype html><script type=\"module\">{rebuilt}</script>"),
    )
    .unwrap();
    let reply = client.get("/billing/invoices").await;
    let policy = reply.headers["content-security-policy"].to_str().unwrap();
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(rebuilt.as_bytes()));
    assert!(policy.contains(&format!("'sha256-{hash}'")), "{policy}");
}
