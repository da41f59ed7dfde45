//! Faults a tester injects are seen by a client, counted down and cleared.

use std::time::Instant;

use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

use crate::client::{listen, server, Client};

#[tokio::test]
async fn an_injected_refusal_says_it_was_injected_not_that_the_server_failed() {
    let client = Client::fresh();
    client.sign_in("account-admin").await;
    for status in [401, 404, 429] {
        client
            .post(
                "/api/admin/faults",
                json!({ "path": "/api/scopes", "fault": { "kind": "error", "status": status }, "count": 1 }),
            )
            .await
            .ok();
        let body = client
            .get("/api/scopes")
            .await
            .error(status, "injected_fault");
        assert!(
            body["message"].as_str().unwrap().contains("Injected fault"),
            "{body}"
        );
    }
    client.get("/api/scopes").await.ok();
}

#[tokio::test]
async fn an_error_fault_answers_for_n_requests_then_ends() {
    let client = Client::fresh();
    client.sign_in("account-admin").await;
    let set = client
        .post(
            "/api/admin/faults",
            json!({ "method": "get", "path": "/api/scopes/*/invoices", "fault": { "kind": "error", "status": 503 }, "count": 2 }),
        )
        .await
        .ok();
    assert_eq!(set["faults"][0]["remaining"], 2);
    assert_eq!(set["faults"][0]["method"], "GET");
    client
        .get("/api/scopes/sub-production/invoices")
        .await
        .error(503, "injected_fault");
    // Other paths and methods are not affected.
    client.get("/api/scopes").await.ok();
    let listed = client.get("/api/admin/faults").await.ok();
    assert_eq!(
        (
            listed["faults"][0]["remaining"].as_u64(),
            listed["faults"][0]["hits"].as_u64()
        ),
        (Some(1), Some(1))
    );
    client
        .get("/api/scopes/sub-development/invoices")
        .await
        .error(503, "injected_fault");
    client.get("/api/scopes/sub-production/invoices").await.ok();
    assert_eq!(
        client.get("/api/admin/faults").await.ok()["faults"],
        json!([])
    );

    // The used-up fault's number is not handed out again, not even after a
    // reset: a list shown earlier cannot remove a newer fault by mistake.
    let fault =
        json!({ "path": "/api/personas", "fault": { "kind": "error", "status": 503 }, "count": 1 });
    let next = client.post("/api/admin/faults", fault.clone()).await.ok();
    assert_eq!(next["faults"][0]["id"], 2);
    client.delete("/api/admin/faults").await.ok();
    client.post("/api/admin/reset", json!({})).await.ok();
    let after_reset = client.post("/api/admin/faults", fault).await.ok();
    assert_eq!(after_reset["faults"][0]["id"], 3);
}

#[tokio::test]
async fn a_custom_body_and_clearing() {
    let client = Client::fresh();
    client
        .post(
            "/api/admin/faults",
            json!({ "path": "/api/personas", "fault": { "kind": "error", "status": 500, "body": "{\"code\":\"internal\",\"message\":\"boom\"}" } }),
        )
        .await
        .ok();
    for _ in 0..3 {
        let body = client.get("/api/personas").await.error(500, "internal");
        assert_eq!(body["message"], "boom");
    }
    // Admin routes are never faulted, so the fault can be cleared.
    client.delete("/api/admin/faults").await.ok();
    client.get("/api/personas").await.ok();
}

#[tokio::test]
async fn latency_delays_the_answer() {
    let client = Client::fresh();
    client
        .post("/api/admin/faults", json!({ "path": "/api/health", "fault": { "kind": "latency", "min_ms": 150, "max_ms": 150 }, "count": 1 }))
        .await
        .ok();
    let started = Instant::now();
    client.get("/api/health").await.ok();
    assert!(
        started.elapsed().as_millis() >= 150,
        "the fault added its latency"
    );
}

#[tokio::test]
async fn a_dropped_connection_never_completes_an_answer() {
    let app = server();
    let client = Client::new(&app, "drop");
    client
        .post(
            "/api/admin/faults",
            json!({ "path": "/api/personas", "fault": { "kind": "drop" }, "count": 1 }),
        )
        .await
        .ok();
    let request = Request::get("/api/personas")
        .header("x-mock-sandbox", "drop")
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert!(
        response.into_body().collect().await.is_err(),
        "the body fails: the connection drops"
    );
    client.get("/api/personas").await.ok();
}

/// Over a real socket, a drop fault sends the head of an answer and part of
/// its body, then breaks the connection: the client sees a broken answer.
/// A connection closed before any byte is answered (as it was) is, to a
/// browser, a stale kept-alive connection: Chromium sent the request again,
/// unseen, and a fault with `count: 1` never reached the page.
#[tokio::test]
async fn a_dropped_connection_breaks_off_an_answer_the_client_has_begun_to_read() {
    let base = listen(server()).await;
    let http = reqwest::Client::new();
    let sandbox = "drop-tcp";
    let call = |method: reqwest::Method, path: &str, body: Option<serde_json::Value>| {
        let mut request = http
            .request(method, format!("{base}{path}"))
            .header("x-mock-sandbox", sandbox);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send()
    };
    let set = |method: &str, path: &str| json!({ "method": method, "path": path, "fault": { "kind": "drop" }, "count": 1 });
    let session = json!({ "persona_id": "account-admin" });
    for (method, path, body) in [
        (reqwest::Method::GET, "/api/personas", None),
        (reqwest::Method::POST, "/api/session", Some(session)),
    ] {
        let added = call(
            reqwest::Method::POST,
            "/api/admin/faults",
            Some(set(method.as_str(), path)),
        )
        .await
        .unwrap();
        assert_eq!(added.status(), 200);

        let broken = call(method.clone(), path, body.clone())
            .await
            .unwrap_or_else(|e| panic!("{method} {path}: no answer began: {e}"));
        assert_eq!(broken.status(), 200, "{method} {path}");
        let promised: usize = broken.headers()["content-length"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(promised > 0);
        // The answer carries the security headers, as every other does.
        for name in [
            "content-security-policy",
            "x-frame-options",
            "referrer-policy",
        ] {
            assert!(
                broken.headers().contains_key(name),
                "{method} {path}: {name}"
            );
        }
        let read = broken.bytes().await;
        assert!(
            read.is_err(),
            "{method} {path}: the body broke off: {read:?}"
        );

        // One request used the fault up; the next gets the real answer.
        let next = call(method.clone(), path, body).await.unwrap();
        assert_eq!(next.status(), 200, "{method} {path}");
        next.json::<serde_json::Value>().await.unwrap();
        let faults: serde_json::Value = call(reqwest::Method::GET, "/api/admin/faults", None)
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(faults["faults"], json!([]), "{method} {path}");

        // The journal has the dropped request (status 0) once, then the answer.
        let journal: serde_json::Value = call(
            reqwest::Method::GET,
            &format!("/api/admin/journal?path={path}"),
            None,
        )
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
        let statuses: Vec<_> = journal["entries"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["method"] == method.as_str())
            .map(|e| e["status"].as_u64().unwrap())
            .collect();
        assert_eq!(statuses, [200, 0], "{method} {path}: newest first");
    }
}

/// A delay on every path and an error on one combine (the README's own
/// examples set them in that order); before, only the first fault set that
/// matched applied, and the error never came.
#[tokio::test]
async fn a_latency_and_an_error_on_the_same_request_combine() {
    let client = Client::fresh();
    client
        .post("/api/admin/faults", json!({ "path": "/api/*", "fault": { "kind": "latency", "min_ms": 120, "max_ms": 120 } }))
        .await
        .ok();
    client
        .post("/api/admin/faults", json!({ "path": "/api/personas", "fault": { "kind": "error", "status": 502 }, "count": 1 }))
        .await
        .ok();
    client
        .post("/api/admin/faults", json!({ "path": "/api/personas", "fault": { "kind": "error", "status": 503 }, "count": 1 }))
        .await
        .ok();
    let started = Instant::now();
    // The first matching error, after the delay; then the next one.
    client
        .get("/api/personas")
        .await
        .error(502, "injected_fault");
    assert!(
        started.elapsed().as_millis() >= 120,
        "no delay before the error"
    );
    client
        .get("/api/personas")
        .await
        .error(503, "injected_fault");
    let started = Instant::now();
    client.get("/api/personas").await.ok();
    assert!(
        started.elapsed().as_millis() >= 120,
        "the delay ended with the errors"
    );
    // Each fault counted the requests it acted on.
    let listed = client.get("/api/admin/faults").await.ok();
    assert_eq!(
        listed["faults"].as_array().map(Vec::len),
        Some(1),
        "{listed}"
    );
    assert_eq!(listed["faults"][0]["hits"], 3);
}

#[tokio::test]
async fn faults_are_per_sandbox_and_checked() {
    let app = server();
    let alice = Client::new(&app, "alice");
    let bob = Client::new(&app, "bob");
    alice
        .post(
            "/api/admin/faults",
            json!({ "path": "/api/*", "fault": { "kind": "error", "status": 500 } }),
        )
        .await
        .ok();
    alice
        .get("/api/personas")
        .await
        .error(500, "injected_fault");
    bob.get("/api/personas").await.ok();

    for (bad, field) in [
        (
            json!({ "path": "/api/admin/faults", "fault": { "kind": "drop" } }),
            "path",
        ),
        (
            json!({ "path": "/elsewhere", "fault": { "kind": "drop" } }),
            "path",
        ),
        (
            json!({ "path": "/api/x", "method": "PATCH", "fault": { "kind": "drop" } }),
            "method",
        ),
        (
            json!({ "path": "/api/x", "fault": { "kind": "error", "status": 200 } }),
            "fault.status",
        ),
        (
            json!({ "path": "/api/x", "fault": { "kind": "latency", "min_ms": 10, "max_ms": 5 } }),
            "fault",
        ),
        (
            json!({ "path": "/api/x", "fault": { "kind": "drop" }, "count": 0 }),
            "count",
        ),
        // Spaces and control characters: no request path holds them, so
        // the fault would match nothing.
        (
            json!({ "path": "/api/personas ", "fault": { "kind": "drop" } }),
            "path",
        ),
        (
            json!({ "path": "/api/per\u{0}sonas", "fault": { "kind": "drop" } }),
            "path",
        ),
    ] {
        let error = bob
            .post("/api/admin/faults", bad)
            .await
            .error(422, "invalid_body");
        assert_eq!(error["field"], field);
    }
    bob.delete("/api/admin/faults/9")
        .await
        .error(404, "not_found");
}

/// A fault's fields belong to its kind: one that does not (a drop with a
/// status, say) is refused rather than ignored, and every shape error names
/// the field inside `fault`, not `fault` as a whole.
#[tokio::test]
async fn a_faults_fields_are_checked_against_its_kind() {
    let client = Client::fresh();
    for (fault, field, says) in [
        (
            json!({ "kind": "drop", "status": 500 }),
            "fault.status",
            "unknown field",
        ),
        (
            json!({ "kind": "error", "status": 500, "min_ms": 5 }),
            "fault.min_ms",
            "unknown field",
        ),
        (
            json!({ "kind": "latency", "min_ms": 5, "max_ms": 9, "body": "x" }),
            "fault.body",
            "unknown field",
        ),
        (
            json!({ "kind": "latency", "min_ms": "abc", "max_ms": 9 }),
            "fault.min_ms",
            "invalid type",
        ),
        (
            json!({ "kind": "latency", "min_ms": -1, "max_ms": 9 }),
            "fault.min_ms",
            "invalid value",
        ),
        (
            json!({ "kind": "latency", "min_ms": 5 }),
            "fault.max_ms",
            "missing field",
        ),
        (json!({ "kind": "error" }), "fault.status", "missing field"),
        (
            json!({ "kind": "explode" }),
            "fault.kind",
            "unknown variant",
        ),
        (json!({ "status": 500 }), "fault.kind", "missing field"),
        (
            json!({ "kind": "drop", "colour": "red" }),
            "fault.colour",
            "unknown field",
        ),
        // Named as the request names it, not by the server's own type.
        (json!("drop"), "fault", "expected a fault object"),
    ] {
        let error = client
            .post(
                "/api/admin/faults",
                json!({ "path": "/api/x", "fault": fault }),
            )
            .await
            .error(422, "invalid_body");
        assert_eq!(error["field"], field, "{fault}: {error}");
        let message = error["message"].as_str().unwrap();
        assert!(message.contains(says), "{fault}: {message}");
    }
    let listed = client.get("/api/admin/faults").await.ok();
    assert_eq!(listed["faults"], json!([]), "a refused fault was set");
    // The kinds' own fields, and a null body, are still taken.
    for fault in [
        json!({ "kind": "drop" }),
        json!({ "kind": "error", "status": 503, "body": null }),
        json!({ "kind": "latency", "min_ms": 0, "max_ms": 0 }),
    ] {
        client
            .post(
                "/api/admin/faults",
                json!({ "path": "/api/x", "fault": fault, "count": 1 }),
            )
            .await
            .ok();
    }
}

/// Faults match the request's path, never its query string: a pattern with
/// one could never match, so it is refused, saying so.
#[tokio::test]
async fn a_path_with_a_query_string_is_refused() {
    let client = Client::fresh();
    for path in ["/api/profile?x=1", "/api/outbox?page=*", "/api/profile#top"] {
        let error = client
            .post(
                "/api/admin/faults",
                json!({ "path": path, "fault": { "kind": "drop" } }),
            )
            .await
            .error(422, "invalid_body");
        assert_eq!(error["field"], "path", "{error}");
        let message = error["message"].as_str().unwrap();
        assert!(message.contains("path only"), "{message}");
    }
    assert_eq!(
        client.get("/api/admin/faults").await.ok()["faults"],
        json!([])
    );
    // A path pattern still matches requests with any query string.
    client
        .post(
            "/api/admin/faults",
            json!({ "path": "/api/outbox", "fault": { "kind": "error", "status": 503 }, "count": 1 }),
        )
        .await
        .ok();
    client
        .get("/api/outbox?page=2")
        .await
        .error(503, "injected_fault");
}

/// Faults are the tester's configuration, not the sandbox's state: a reset
/// or a scenario keeps them (with their counts); only clearing ends them.
#[tokio::test]
async fn faults_outlive_a_reset_and_a_scenario() {
    use mock_server::scenarios::{Scenarios, BUILT_IN};
    use mock_server::{app, AppState, Clock, Store};

    let scenarios = Scenarios::parse("scenarios.toml", BUILT_IN).unwrap();
    let state = AppState::new(
        Store::open_in_memory().unwrap(),
        Clock::Frozen(crate::client::frozen()),
    )
    .with_scenarios(scenarios, Some("fresh-admin"))
    .unwrap();
    let client = Client::new(&app(state, None), "tester");
    client
        .post(
            "/api/admin/faults",
            json!({ "path": "/api/personas", "fault": { "kind": "error", "status": 503 }, "count": 5 }),
        )
        .await
        .ok();
    client
        .post(
            "/api/admin/faults",
            json!({ "method": "PUT", "path": "/api/profile", "fault": { "kind": "latency", "min_ms": 1, "max_ms": 1 } }),
        )
        .await
        .ok();
    client
        .get("/api/personas")
        .await
        .error(503, "injected_fault");
    let before = client.get("/api/admin/faults").await.ok();
    assert_eq!(before["faults"][0]["remaining"], 4);

    client.post("/api/admin/reset", json!({})).await.ok();
    assert_eq!(client.get("/api/admin/faults").await.ok(), before);
    client
        .post("/api/admin/scenarios/opted-in-three-recipients", json!({}))
        .await
        .ok();
    assert_eq!(client.get("/api/admin/faults").await.ok(), before);
    // Still in force, and counted down where they left off.
    client
        .get("/api/personas")
        .await
        .error(503, "injected_fault");
    let after = client.get("/api/admin/faults").await.ok();
    assert_eq!(after["faults"][0]["remaining"], 3);
    assert_eq!(after["faults"][0]["hits"], 2);

    client.delete("/api/admin/faults").await.ok();
    client.get("/api/personas").await.ok();
}
