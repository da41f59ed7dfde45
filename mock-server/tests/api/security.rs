//! Security headers on every answer; CORS only for configured origins; a
//! page link joins a colleague's sandbox.

use axum::body::Body;
use axum::http::{HeaderValue, Method, Request};
use base64::Engine as _;
use mock_server::{app, AppState, Clock, Store};
use serde_json::json;
use sha2::{Digest, Sha256};
use tower::ServiceExt;

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

/// The cookies a reply sets, as `name=value` (an empty value clears one).
fn cookies_set(reply: &crate::client::Reply) -> Vec<String> {
    reply
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|value| {
            let cookie = value.to_str().unwrap();
            cookie.split(';').next().unwrap().to_owned()
        })
        .collect()
}

#[tokio::test]
async fn a_join_link_puts_the_browser_into_that_sandbox_and_back() {
    let (_dist, client) = with_page(Vec::new());
    let page = |uri: &str, cookie: &str| {
        let mut request = Request::builder().uri(uri);
        if !cookie.is_empty() {
            request = request.header("cookie", cookie);
        }
        request.body(Body::empty()).unwrap()
    };
    // Sandboxes exist once used: the browser's own, and two colleagues'.
    for name in ["mine", "colleague-1", "colleague-2"] {
        Client::new(&client.app, name)
            .get("/api/admin/sandbox")
            .await
            .ok();
    }
    // A browser in its own sandbox follows a colleague's link, and its own
    // is remembered.
    let reply = client
        .request(page("/?sandbox=colleague-1", "mock_sandbox=mine"))
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(
        cookies_set(&reply),
        ["mock_sandbox=colleague-1", "mock_sandbox_home=mine"]
    );
    let joined = "mock_sandbox=colleague-1; mock_sandbox_home=mine";
    let info = client
        .request(page("/api/admin/sandbox", joined))
        .await
        .ok();
    assert_eq!(info["id"], "colleague-1");
    assert_eq!(info["home"], "mine");
    // Already in it: nothing to set.
    let again = client.request(page("/?sandbox=colleague-1", joined)).await;
    assert!(cookies_set(&again).is_empty());
    // A second link: the home stays the browser's own.
    let second = client.request(page("/?sandbox=colleague-2", joined)).await;
    assert_eq!(cookies_set(&second), ["mock_sandbox=colleague-2"]);
    // A name nobody uses (a typo, an expired sandbox) is not joined, nor
    // started: the browser stays where it is.
    let unknown = client
        .request(page("/?sandbox=nobody-here", "mock_sandbox=mine"))
        .await;
    assert_eq!(unknown.status, 200);
    assert!(cookies_set(&unknown).is_empty());
    let count = |info: serde_json::Value| info["sandboxes"].as_u64().unwrap();
    let before = count(
        client
            .request(page("/api/admin/sandbox", "mock_sandbox=mine"))
            .await
            .ok(),
    );
    client
        .request(page("/?sandbox=nobody-else", "mock_sandbox=mine"))
        .await;
    let after = count(
        client
            .request(page("/api/admin/sandbox", "mock_sandbox=mine"))
            .await
            .ok(),
    );
    assert_eq!(before, after, "an unknown name started a sandbox");
    // A malformed name is not joined either.
    let bad = client
        .request(page("/?sandbox=a%20b", "mock_sandbox=mine"))
        .await;
    assert!(cookies_set(&bad).is_empty());
    // API calls never join by query.
    let api = client
        .request(page(
            "/api/admin/sandbox?sandbox=colleague-1",
            "mock_sandbox=mine",
        ))
        .await;
    assert_eq!(api.ok()["id"], "mine");
    assert!(cookies_set(&api).is_empty());
    // Back home: the home link joins the browser's own sandbox and forgets it.
    let home = client.request(page("/?sandbox=mine", joined)).await;
    assert_eq!(
        cookies_set(&home),
        ["mock_sandbox=mine", "mock_sandbox_home="]
    );
    let info = client
        .request(page("/api/admin/sandbox", "mock_sandbox=mine"))
        .await
        .ok();
    assert!(info.get("home").is_none(), "{info}");
    // The own sandbox expired while away: going back starts a new one.
    let expired = client
        .request(page(
            "/?sandbox=gone",
            "mock_sandbox=colleague-1; mock_sandbox_home=gone",
        ))
        .await;
    let set = cookies_set(&expired);
    assert!(set[0].starts_with("mock_sandbox=sb-"), "{set:?}");
    assert_eq!(set[1], "mock_sandbox_home=");
    // A browser new to the server has no home to remember.
    let fresh = client.request(page("/?sandbox=colleague-1", "")).await;
    assert_eq!(cookies_set(&fresh), ["mock_sandbox=colleague-1"]);
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

/// The answers injected faults make (an error, the head of a dropped
/// connection) carry the security headers too, also when compressed for the
/// client. The drop over a real socket: `faults.rs`.
#[tokio::test]
async fn answers_made_by_faults_have_the_security_headers() {
    let (_dist, client) = with_page(Vec::new());
    for fault in [
        json!({ "kind": "error", "status": 503 }),
        json!({ "kind": "error", "status": 500, "body": "{\"code\":\"internal\",\"message\":\"boom\"}" }),
        json!({ "kind": "error", "status": 502, "body": "bad gateway, as text" }),
        json!({ "kind": "drop" }),
    ] {
        for encoding in ["identity", "br"] {
            let set = json!({ "path": "/api/personas", "fault": fault, "count": 1 });
            client.post("/api/admin/faults", set).await.ok();
            let request = Request::get("/api/personas")
                .header("x-mock-sandbox", &client.sandbox)
                .header("accept-encoding", encoding)
                .body(Body::empty())
                .unwrap();
            let response = client.app.clone().oneshot(request).await.unwrap();
            for (name, value) in [
                ("x-frame-options", "SAMEORIGIN"),
                ("referrer-policy", "no-referrer"),
                ("x-content-type-options", "nosniff"),
                ("content-security-policy", "frame-ancestors 'self'"),
            ] {
                assert_eq!(
                    response.headers().get(name).map(|v| v.to_str().unwrap()),
                    Some(value),
                    "{fault} {encoding}: {name}"
                );
            }
        }
    }
}
