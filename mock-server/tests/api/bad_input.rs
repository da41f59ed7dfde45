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
}
