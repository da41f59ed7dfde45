//! The built app is served with a fallback to index.html for deep links.

use axum::body::Body;
use axum::http::header::{ACCEPT_ENCODING, ALLOW, CONTENT_ENCODING, CONTENT_TYPE};
use axum::http::Request;
use mock_server::{app, AppState, Clock, Store};

use crate::client::{frozen, Client};

fn with_dist() -> (tempfile::TempDir, Client) {
    let dist = tempfile::tempdir().unwrap();
    let index = format!(
        "<!doctype html><title>portal</title>{}",
        "<!-- padding -->".repeat(20)
    );
    std::fs::write(dist.path().join("index.html"), index).unwrap();
    std::fs::write(dist.path().join("app.js"), "console.log('app');".repeat(10)).unwrap();
    let store = Store::open_in_memory().unwrap();
    let router = app(
        AppState::new(store, Clock::Frozen(frozen())),
        Some(dist.path()),
    );
    (dist, Client::new(&router, "spa"))
}

#[tokio::test]
async fn serves_files_and_falls_back_to_index_for_deep_links() {
    let (_dist, client) = with_dist();
    let root = client.get("/").await;
    assert_eq!(root.status, 200);
    assert!(String::from_utf8_lossy(&root.body).contains("<title>portal</title>"));

    let deep = client
        .get("/billing/invoices/sub-production/email-invoice?lang=nl-NL")
        .await;
    assert_eq!(deep.status, 200);
    assert_eq!(deep.body, root.body);
    assert!(deep.headers[CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/html"));

    let script = client.get("/app.js").await;
    assert_eq!(script.status, 200);
    assert!(String::from_utf8_lossy(&script.body).starts_with("console.log"));
    // A missing file is not found, not the page under the file's name.
    for missing in ["/nope.js", "/favicon.ico", "/billing/style.css"] {
        let body = client.get(missing).await.error(404, "not_found");
        assert_eq!(body["message"], format!("There is no file {missing}."));
    }

    // The API never falls back to the page.
    client
        .get("/api/nothing-here")
        .await
        .error(404, "not_found");
}

#[tokio::test]
async fn compresses_when_asked() {
    let (_dist, client) = with_dist();
    let request = Request::get("/app.js")
        .header(ACCEPT_ENCODING, "gzip")
        .body(Body::empty())
        .unwrap();
    let reply = client.request(request).await;
    assert_eq!(reply.headers[CONTENT_ENCODING], "gzip");
    let request = Request::get("/api/openapi.json")
        .header(ACCEPT_ENCODING, "br")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        client.request(request).await.headers[CONTENT_ENCODING],
        "br"
    );
}

#[tokio::test]
async fn the_api_root_with_a_slash_is_a_json_404_in_every_method() {
    let (_dist, client) = with_dist();
    // `/api/` is no API route, like `/api` and `/api/foo/`: it must not fall
    // through to the page (GET) or to the file server's bare 405 (others).
    for method in ["GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
        for path in ["/api/", "/api", "/api/foo/"] {
            let request = Request::builder()
                .method(method)
                .uri(path)
                .header("x-mock-sandbox", "spa")
                .body(Body::empty())
                .unwrap();
            let reply = client.request(request).await;
            assert!(
                reply.headers[CONTENT_TYPE]
                    .to_str()
                    .unwrap()
                    .starts_with("application/json"),
                "{method} {path}"
            );
            let body = reply.error(404, "not_found");
            assert_eq!(
                body["message"],
                format!("There is no API route {path}."),
                "{method} {path}"
            );
        }
    }
}

#[tokio::test]
async fn the_files_refuse_other_methods_with_a_json_405() {
    let (_dist, client) = with_dist();
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        for path in ["/", "/app.js", "/billing/invoices", "/nope.js"] {
            let request = Request::builder()
                .method(method)
                .uri(path)
                .body(Body::empty())
                .unwrap();
            let reply = client.request(request).await;
            assert_eq!(reply.headers[ALLOW], "GET, HEAD", "{method} {path}");
            let body = reply.error(405, "method_not_allowed");
            assert_eq!(body["message"], format!("{path} does not accept {method}."));
        }
    }
    // HEAD is a GET without the body.
    let request = Request::head("/app.js").body(Body::empty()).unwrap();
    let reply = client.request(request).await;
    assert_eq!(reply.status, 200);
    assert!(reply.body.is_empty());
}
