//! One test per class of bad input: each gets a JSON 4xx, never a 5xx.

use axum::body::Body;
use axum::http::{Method, Request};
use serde_json::json;

use crate::client::Client;

const RECIPIENTS: &str = "/api/scopes/sub-production/email-invoice/recipients";

async fn opted_in() -> Client {
    let client = Client::fresh();
    client.sign_in("account-admin").await;
    client.opt_in("sub-production").await.ok();
    client
}

#[tokio::test]
async fn malformed_json() {
    let client = opted_in().await;
    for body in [
        "{",
        "{\"email\": }",
        "not json",
        "",
        "{\"email\":\"a@b.example\"} {}",
    ] {
        client
            .send_raw(Method::POST, RECIPIENTS, "application/json", body.into())
            .await
            .error(400, "malformed_json");
    }
}

#[tokio::test]
async fn wrong_types() {
    let client = opted_in().await;
    let error = client
        .post(RECIPIENTS, json!({ "email": 42 }))
        .await
        .error(422, "invalid_body");
    assert_eq!(error["field"], "email");
    let error = client
        .put(RECIPIENTS, json!({ "recipients": ["a@b.example", 7] }))
        .await
        .error(422, "invalid_body");
    assert_eq!(error["field"], "recipients[1]");
    client
        .post(RECIPIENTS, json!(["a@b.example"]))
        .await
        .error(422, "invalid_body");
    let error = client
        .post(RECIPIENTS, json!({}))
        .await
        .error(422, "invalid_body");
    assert_eq!(error["field"], "email");
}

#[tokio::test]
async fn unknown_fields() {
    let client = opted_in().await;
    let error = client
        .post(
            RECIPIENTS,
            json!({ "email": "a@b.example", "bcc": "c@d.example" }),
        )
        .await
        .error(422, "invalid_body");
    assert_eq!(error["field"], "bcc");
    let error = client
        .post(
            "/api/scopes/sub-development/email-invoice/opt-in",
            json!({ "terms_version": "2026-05", "accepted": true }),
        )
        .await
        .error(422, "invalid_body");
    assert_eq!(error["field"], "accepted");
}

/// A field missing or unknown inside a nested object is named by its whole
/// path, as the tester panel's fields are (before, `status` for a fault's
/// missing status, which the panel could not place).
#[tokio::test]
async fn nested_fields_are_named_by_their_path() {
    let client = Client::fresh();
    for (fault, field) in [
        (json!({ "kind": "error" }), "fault.status"),
        (json!({ "kind": "latency" }), "fault.min_ms"),
        (
            json!({ "kind": "error", "status": 500, "zzz": 1 }),
            "fault.zzz",
        ),
    ] {
        let error = client
            .post(
                "/api/admin/faults",
                json!({ "path": "/api/*", "fault": fault }),
            )
            .await
            .error(422, "invalid_body");
        assert_eq!(error["field"], field, "{error}");
    }
    let error = client
        .post("/api/admin/faults", json!({ "fault": { "kind": "drop" } }))
        .await
        .error(422, "invalid_body");
    assert_eq!(error["field"], "path");
}

/// An endpoint that takes no body refuses one instead of ignoring it;
/// nothing, or `{}` as JSON, is fine.
#[tokio::test]
async fn a_body_where_none_is_taken() {
    for path in [
        "/api/billing-cycle",
        "/api/admin/reset",
        "/api/admin/scenarios/fresh-admin",
        "/api/scopes/sub-production/email-invoice/opt-out",
    ] {
        use mock_server::scenarios::{Scenarios, BUILT_IN};
        use mock_server::{app, AppState, Clock, Store};
        let state = AppState::new(
            Store::open_in_memory().unwrap(),
            Clock::Frozen(crate::client::frozen()),
        )
        .with_scenarios(Scenarios::parse("scenarios.toml", BUILT_IN).unwrap(), None)
        .unwrap();
        let client = Client::new(&app(state, None), "no-body");
        client.sign_in("account-admin").await;
        client.opt_in("sub-production").await.ok();
        let send = |content_type: &'static str, body: &'static str| {
            client.send_raw(Method::POST, path, content_type, body.into())
        };
        send("text/plain", "hello")
            .await
            .error(415, "unsupported_media_type");
        send("application/json", r#"{"scope":"x"}"#)
            .await
            .error(422, "invalid_body");
        send("application/json", "[]")
            .await
            .error(422, "invalid_body");
        send("application/json", "{")
            .await
            .error(400, "malformed_json");
        // Nothing was done for the refused ones.
        let outbox = client.get("/api/outbox").await.ok();
        assert_eq!(outbox["total"], 1, "{path}: {outbox}");

        send("application/json", " { } ").await.ok();
        if path.ends_with("opt-out") {
            client.opt_in("sub-production").await.ok();
        }
        send("text/plain", "").await.ok();
    }
}

#[tokio::test]
async fn missing_content_type() {
    let client = opted_in().await;
    client
        .send_raw(
            Method::POST,
            RECIPIENTS,
            "text/plain",
            b"{\"email\":\"a@b.example\"}".to_vec(),
        )
        .await
        .error(415, "unsupported_media_type");
    let request = Request::post(RECIPIENTS)
        .header("x-mock-sandbox", "tester")
        .body(Body::from("{\"email\":\"a@b.example\"}"))
        .unwrap();
    client
        .request(request)
        .await
        .error(415, "unsupported_media_type");
}

#[tokio::test]
async fn bodies_over_64_kib() {
    let client = opted_in().await;
    let huge = format!("{{\"email\":\"{}@b.example\"}}", "a".repeat(70 * 1024));
    client
        .send_raw(
            Method::POST,
            RECIPIENTS,
            "application/json",
            huge.into_bytes(),
        )
        .await
        .error(413, "payload_too_large");
    // Just under the limit is read (and refused for what it says, not its size).
    let big = format!("{{\"email\":\"{}@b.example\"}}", "a".repeat(60 * 1024));
    client
        .send_raw(
            Method::POST,
            RECIPIENTS,
            "application/json",
            big.into_bytes(),
        )
        .await
        .error(422, "invalid_email");
}

#[tokio::test]
async fn bad_percent_encoding() {
    let client = opted_in().await;
    client
        .delete(&format!("{RECIPIENTS}/%FF%FE"))
        .await
        .error(400, "invalid_parameter");
    client
        .get("/api/scopes/%C3%28/invoices")
        .await
        .error(400, "invalid_parameter");
}

#[tokio::test]
async fn unknown_ids_and_routes() {
    let client = opted_in().await;
    client
        .get("/api/scopes/no-such-scope/email-invoice")
        .await
        .error(404, "not_found");
    client
        .post("/api/session", json!({ "persona_id": "no-such-persona" }))
        .await
        .error(404, "not_found");
    client
        .delete(&format!("{RECIPIENTS}/nobody%40tulipworks.example"))
        .await
        .error(404, "not_found");
    client
        .get("/api/no-such-route")
        .await
        .error(404, "not_found");
    client.get("/api").await.error(404, "not_found");
    client.get("/api/terms/xx-XX").await.error(404, "not_found");
}

#[tokio::test]
async fn wrong_methods() {
    let client = opted_in().await;
    let reply = client.send(Method::PATCH, "/api/profile", json!({})).await;
    reply.error(405, "method_not_allowed");
    client
        .delete("/api/personas")
        .await
        .error(405, "method_not_allowed");
}

#[tokio::test]
async fn wrong_methods_name_method_and_path_and_keep_allow() {
    let client = opted_in().await;
    for (method, path, allow) in [
        ("PATCH", "/api/profile", "GET,HEAD,PUT"),
        ("OPTIONS", "/api/profile", "GET,HEAD,PUT"),
        ("POST", "/api/health", "GET,HEAD"),
        ("DELETE", "/api/openapi.json", "GET,HEAD"),
        ("PUT", "/api/outbox/1/raw", "GET,HEAD"),
        ("GET", "/api/admin/reset", "POST"),
        (
            "PATCH",
            "/api/scopes/sub-production/email-invoice/recipients/a%40b.example",
            "DELETE",
        ),
    ] {
        let request = Request::builder()
            .method(method)
            .uri(path)
            .header("x-mock-sandbox", "tester")
            .body(Body::empty())
            .unwrap();
        let reply = client.request(request).await;
        let body = reply.error(405, "method_not_allowed");
        assert_eq!(
            body["message"],
            format!("{path} does not accept {method}."),
            "{method} {path}"
        );
        assert_eq!(reply.headers["allow"], allow, "{method} {path}");
    }
}

#[tokio::test]
async fn invalid_addresses() {
    let client = opted_in().await;
    for bad in [
        "",
        "plain",
        "a@b",
        "a b@c.example",
        "Name <a@b.example>",
        "a@b.example\r\nX: y",
        "a@-b.example",
    ] {
        let error = client
            .add_recipient("sub-production", bad)
            .await
            .error(422, "invalid_email");
        assert_eq!(error["field"], "email", "{bad:?}");
    }
}

/// An `Accept-Language` the server cannot read is no reason to fail: the
/// refusal is the English one, with its own 4xx.
#[tokio::test]
async fn unreadable_accept_language() {
    use axum::http::header::ACCEPT_LANGUAGE;
    let client = opted_in().await;
    let english = client
        .add_recipient("sub-production", "plain")
        .await
        .error(422, "invalid_email");
    let long = "nl;q=2, ".repeat(4096);
    let odd: Vec<u8> = (0x80..=0xff).chain(*b", nl;q=0.\xe9").collect();
    let garbage: [&[u8]; 9] = [
        b"nl;q=zz",
        b";;;,,,===",
        b"nl;q=0.5;q=",
        b"\xff\xfe",
        b"nl-\xc3\xa9",
        b"*;q=-1, nl;q=1.5",
        b"\tnl_NL\t",
        long.as_bytes(),
        &odd,
    ];
    for header in garbage {
        let reply = client
            .with_header(ACCEPT_LANGUAGE, header)
            .add_recipient("sub-production", "plain")
            .await;
        assert!(
            reply.status.is_client_error(),
            "{header:?}: {}",
            reply.status
        );
        assert_eq!(
            reply.error(422, "invalid_email"),
            english,
            "{}",
            String::from_utf8_lossy(header)
        );
    }
    // What can be read among the garbage still counts.
    let mixed: &[u8] = b"\xff;;q, nl;q=0.5, *;q=zz, 1x-\xe9";
    let error = client
        .with_header(ACCEPT_LANGUAGE, mixed)
        .add_recipient("sub-production", "plain")
        .await
        .error(422, "invalid_email");
    assert_eq!(error["message"], plain_refused_in_dutch());
}

/// The refusal of `plain` as an address, in Dutch.
fn plain_refused_in_dutch() -> String {
    let error = shared::EmailAddress::parse_typed("plain").unwrap_err();
    shared::i18n::email_error(shared::Locale::NlNl, &error)
}

#[tokio::test]
async fn invalid_sandbox_names() {
    let client = Client::fresh();
    for bad in ["", "a b", "semi;colon", &"x".repeat(65)] {
        let request = Request::get("/api/health")
            .header("x-mock-sandbox", bad)
            .body(Body::empty())
            .unwrap();
        client.request(request).await.error(400, "invalid_sandbox");
    }
    // Two headers name no one sandbox (before, the first one was used).
    let request = Request::get("/api/health")
        .header("x-mock-sandbox", "one")
        .header("x-mock-sandbox", "two")
        .body(Body::empty())
        .unwrap();
    client.request(request).await.error(400, "invalid_sandbox");
}

/// A path or query parameter that cannot be read is a 400 in our own words,
/// naming the parameter, never the framework's text.
#[tokio::test]
async fn unreadable_parameters_name_the_parameter() {
    let client = opted_in().await;
    let cases: &[(Method, &str, &str, &str)] = &[
        (Method::GET, "/api/outbox/abc", "id", "`id` must be a whole number from 1."),
        (Method::DELETE, "/api/outbox/-1", "id", "`id` must be a whole number from 1."),
        (Method::GET, "/api/outbox/99999999999999999999999/raw", "id", "`id` must be a whole number from 1."),
        (Method::GET, "/api/outbox/1/attachments/x", "index", "`index` must be a whole number from 0."),
        (Method::GET, "/api/outbox/x/attachments/0", "id", "`id` must be a whole number from 1."),
        (Method::DELETE, "/api/admin/faults/one", "id", "`id` must be a whole number from 1."),
        (Method::GET, "/api/outbox?page=abc", "page", "`page` must be a whole number from 1."),
        (Method::GET, "/api/outbox?page=", "page", "`page` must be a whole number from 1."),
        (Method::GET, "/api/outbox?per_page=-5", "per_page", "`per_page` must be a whole number from 1 to 200."),
        (Method::GET, "/api/outbox?page=1&page=2", "page", "`page` is given more than once."),
        // Query values too: a search for these bytes used to find nothing, quietly.
        (Method::GET, "/api/outbox?q=%FF%FE", "q", "`q` is not valid percent-encoded UTF-8."),
        (Method::GET, "/api/admin/journal?path=%C3%28", "path", "`path` is not valid percent-encoded UTF-8."),
        (Method::GET, "/api/admin/journal?limit=lots", "limit", "`limit` must be a whole number from 1 to 1000."),
        (Method::GET, "/api/admin/journal.har?limit=1.5", "limit", "`limit` must be a whole number from 1 to 1000."),
        (
            Method::GET,
            "/api/admin/journal?colour=red",
            "colour",
            "`colour` is not a parameter of this endpoint; it takes `method`, `status`, `path`, `faulted`, `limit`.",
        ),
    ];
    for (method, path, field, message) in cases {
        let request = Request::builder()
            .method(method)
            .uri(*path)
            .header("x-mock-sandbox", "tester")
            .body(Body::empty())
            .unwrap();
        let body = client
            .request(request)
            .await
            .error(400, "invalid_parameter");
        assert_eq!(body["field"], *field, "{method} {path}: {body}");
        assert_eq!(body["message"], *message, "{method} {path}: {body}");
    }
    // Bad percent-encoding names the parameter too.
    let body = client
        .delete(&format!("{RECIPIENTS}/%FF%FE"))
        .await
        .error(400, "invalid_parameter");
    assert_eq!(body["field"], "email", "{body}");
    let body = client
        .get("/api/scopes/%C3%28/invoices")
        .await
        .error(400, "invalid_parameter");
    assert_eq!(body["field"], "scope_id", "{body}");
    // A whole number out of range is refused alike (`per_page` above 200
    // used to be clamped, and `page=0` read as 1).
    for (path, field, message) in [
        (
            "/api/outbox?page=2&per_page=500",
            "per_page",
            "`per_page` must be a whole number from 1 to 200.",
        ),
        (
            "/api/outbox?per_page=0",
            "per_page",
            "`per_page` must be a whole number from 1 to 200.",
        ),
        (
            "/api/outbox?page=0",
            "page",
            "`page` must be a whole number from 1.",
        ),
    ] {
        let body = client.get(path).await.error(400, "invalid_parameter");
        assert_eq!(
            (&body["field"], &body["message"]),
            (&json!(field), &json!(message)),
            "{path}"
        );
    }
    // The bounds themselves are accepted.
    client.get("/api/outbox?page=1&per_page=200").await.ok();
    client.get("/api/outbox?page=9&per_page=1").await.ok();
}
