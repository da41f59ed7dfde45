//! The request journal holds what was sent and answered, per sandbox, and
//! exports as a HAR 1.2 document that parses back and has every field the
//! format requires.

use axum::body::Body;
use axum::http::{Method, Request};
use serde_json::{json, Value};

use crate::client::{server, Client};

/// Signs in, makes one bad request and one good one; returns the client.
async fn some_traffic() -> Client {
    let client = Client::fresh();
    client.sign_in("account-admin").await;
    client
        .put(
            "/api/profile",
            json!({ "preferred_email": "not an address", "locale": "en-US" }),
        )
        .await
        .error(422, "invalid_email");
    client.get("/api/scopes?x=1&y=two%20words").await.ok();
    client
}

/// GETs `path` in the tester's sandbox and checks that its answer breaks
/// off (a drop fault), as a client meets it.
async fn expect_dropped(client: &Client, path: &str) {
    let response = tower::ServiceExt::oneshot(
        client.app.clone(),
        Request::builder()
            .uri(path)
            .header("x-mock-sandbox", "tester")
            .body(Body::empty())
            .unwrap(),
    )
    .await
    .unwrap();
    assert!(
        http_body_util::BodyExt::collect(response.into_body())
            .await
            .is_err(),
        "the answer to {path} came whole"
    );
}

#[tokio::test]
async fn the_journal_holds_each_request_and_answer_newest_first() {
    let client = some_traffic().await;
    // The tester's tools reading their state are left out (the panel polls).
    client.get("/api/admin/faults").await.ok();
    client.get("/api/admin/sandbox").await.ok();
    let journal = client.get("/api/admin/journal").await.ok();
    let entries = journal["entries"].as_array().unwrap();
    let summary: Vec<(&str, &str, u64)> = entries
        .iter()
        .map(|e| {
            (
                e["method"].as_str().unwrap(),
                e["path"].as_str().unwrap(),
                e["status"].as_u64().unwrap(),
            )
        })
        .collect();
    // The journal's own listing is not in it.
    assert_eq!(
        summary,
        [
            ("GET", "/api/scopes?x=1&y=two%20words", 200),
            ("PUT", "/api/profile", 422),
            ("POST", "/api/session", 200),
        ]
    );
    assert_eq!(journal["total"], 3);
    let put = &entries[1];
    let sent: Value = serde_json::from_str(put["request_body"]["text"].as_str().unwrap()).unwrap();
    assert_eq!(sent["preferred_email"], "not an address");
    assert_eq!(put["request_body"]["content_type"], "application/json");
    let answered: Value =
        serde_json::from_str(put["response_body"]["text"].as_str().unwrap()).unwrap();
    assert_eq!(answered["code"], "invalid_email");
    assert!(put["duration_ms"].as_f64().unwrap() >= 0.0);
    assert!(put["request_headers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h[0] == "x-mock-sandbox" && h[1] == "tester"));
    assert!(
        entries[2]["started_at"].as_str().unwrap() <= entries[0]["started_at"].as_str().unwrap()
    );
    assert!(entries[0]["id"].as_u64() > entries[2]["id"].as_u64());
}

#[tokio::test]
async fn the_journal_filters_by_method_status_and_path() {
    let client = some_traffic().await;
    let count = |query: &'static str| {
        let client = client.clone();
        async move {
            let body = client
                .get(&format!("/api/admin/journal?{query}"))
                .await
                .ok();
            (
                body["total"].as_u64().unwrap(),
                body["entries"].as_array().unwrap().len(),
            )
        }
    };
    assert_eq!(count("status=4xx").await, (1, 1));
    assert_eq!(count("status=422").await, (1, 1));
    assert_eq!(count("status=2xx").await, (2, 2));
    assert_eq!(count("method=post").await, (1, 1));
    assert_eq!(count("path=profile").await, (1, 1));
    assert_eq!(count("method=GET&path=scopes&status=200").await, (1, 1));
    assert_eq!(count("limit=1").await, (3, 1));
    for (query, field) in [
        ("status=teapot", "status"),
        ("status=7xx", "status"),
        ("method=FETCH", "method"),
        ("limit=0", "limit"),
        ("limit=1001", "limit"),
    ] {
        let body = client
            .get(&format!("/api/admin/journal?{query}"))
            .await
            .error(400, "invalid_parameter");
        assert_eq!(body["field"], field, "{query}");
    }
    client
        .get("/api/admin/journal?colour=red")
        .await
        .error(400, "invalid_parameter");
}

#[tokio::test]
async fn sandboxes_have_their_own_journals_which_outlive_a_reset_until_cleared() {
    let app = server();
    let ann = Client::new(&app, "ann");
    let bob = Client::new(&app, "bob");
    ann.sign_in("account-admin").await;
    bob.get("/api/personas").await.ok();
    let paths = |body: Value| -> Vec<String> {
        body["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["path"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        paths(ann.get("/api/admin/journal").await.ok()),
        ["/api/session"]
    );
    assert_eq!(
        paths(bob.get("/api/admin/journal").await.ok()),
        ["/api/personas"]
    );

    ann.post("/api/admin/reset", json!({})).await.ok();
    assert_eq!(
        paths(ann.get("/api/admin/journal").await.ok()),
        ["/api/admin/reset", "/api/session"]
    );
    assert_eq!(ann.delete("/api/admin/journal").await.ok()["deleted"], 2);
    assert!(paths(ann.get("/api/admin/journal").await.ok()).is_empty());
    assert_eq!(
        paths(bob.get("/api/admin/journal").await.ok()),
        ["/api/personas"]
    );
}

#[tokio::test]
async fn faults_are_journaled_as_the_client_met_them() {
    let client = Client::fresh();
    client
        .post(
            "/api/admin/faults",
            json!({ "path": "/api/personas", "fault": { "kind": "error", "status": 500 }, "count": 1 }),
        )
        .await
        .ok();
    client
        .post(
            "/api/admin/faults",
            json!({ "path": "/api/scopes", "fault": { "kind": "drop" }, "count": 1 }),
        )
        .await
        .ok();
    client
        .get("/api/personas")
        .await
        .error(500, "injected_fault");
    // The dropped answer fails for the client, and is journaled as status 0.
    expect_dropped(&client, "/api/scopes").await;
    let journal = client.get("/api/admin/journal?path=/api/").await.ok();
    // What a tester changes is kept.
    assert_eq!(
        client
            .get("/api/admin/journal?method=POST&path=/api/admin/faults")
            .await
            .ok()["total"],
        2
    );
    let statuses: Vec<(String, u64)> = journal["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap().to_owned(),
                e["status"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(statuses[0], ("/api/scopes".into(), 0));
    assert_eq!(statuses[1], ("/api/personas".into(), 500));
    assert_eq!(
        client.get("/api/admin/journal?status=0").await.ok()["total"],
        1
    );
}

/// Each entry names the faults its request met (a fault used up is gone from
/// the list, so the journal is where a tester sees it acted), the listing
/// narrows to them, and the HAR export says so in the entry's comment.
#[tokio::test]
async fn entries_name_the_faults_their_requests_met() {
    let client = Client::fresh();
    for fault in [
        json!({ "path": "/api/personas", "fault": { "kind": "latency", "min_ms": 5, "max_ms": 5 }, "count": 1 }),
        json!({ "path": "/api/personas", "fault": { "kind": "error", "status": 503 }, "count": 1 }),
        json!({ "path": "/api/scopes", "fault": { "kind": "drop" }, "count": 1 }),
    ] {
        client.post("/api/admin/faults", fault).await.ok();
    }
    client
        .get("/api/personas")
        .await
        .error(503, "injected_fault");
    client.get("/api/personas").await.ok();
    expect_dropped(&client, "/api/scopes").await;

    let faulted = client.get("/api/admin/journal?faulted=true").await.ok();
    assert_eq!(faulted["total"], 2, "{faulted}");
    let entries = faulted["entries"].as_array().unwrap();
    assert_eq!(entries[0]["path"], "/api/scopes");
    assert_eq!(
        entries[0]["faults"],
        json!([{ "id": 3, "kind": "drop" }]),
        "{faulted}"
    );
    assert_eq!(entries[1]["path"], "/api/personas");
    assert_eq!(
        entries[1]["faults"],
        json!([{ "id": 1, "kind": "latency", "delay_ms": 5 }, { "id": 2, "kind": "error" }]),
        "{faulted}"
    );
    // The second request of /api/personas met none: the faults were used up.
    let normal = client
        .get("/api/admin/journal?faulted=false&path=/api/personas")
        .await
        .ok();
    assert_eq!(normal["total"], 1, "{normal}");
    assert_eq!(normal["entries"][0]["status"], 200);
    assert_eq!(normal["entries"][0]["faults"], json!([]));
    let refused = client
        .get("/api/admin/journal?faulted=maybe")
        .await
        .error(400, "invalid_parameter");
    assert_eq!(refused["field"], "faulted", "{refused}");
    // Empty, as the other filters, it narrows nothing.
    assert_eq!(
        client.get("/api/admin/journal?faulted=&status=").await.ok()["total"],
        client.get("/api/admin/journal").await.ok()["total"]
    );

    let har = client.get("/api/admin/journal.har?faulted=true").await.ok();
    let comments: Vec<&str> = har["log"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["comment"].as_str().unwrap())
        .collect();
    assert_eq!(comments.len(), 2, "{har}");
    assert!(
        comments[0].ends_with("; injected faults: #1 (5 ms delay), #2 (error answer)"),
        "{comments:?}"
    );
    assert!(
        comments[1].ends_with("; injected faults: #3 (connection dropped)"),
        "{comments:?}"
    );
}

/// A client that goes away during an injected delay (a page reloaded): the
/// request is journaled as abandoned, naming the delay it met; the error
/// fault behind the delay never acted, so it is not used up.
#[tokio::test]
async fn a_request_abandoned_during_a_delay_is_journaled_and_leaves_the_error_fault() {
    let client = Client::fresh();
    for fault in [
        json!({ "path": "/api/personas", "fault": { "kind": "latency", "min_ms": 2000, "max_ms": 2000 }, "count": 1 }),
        json!({ "path": "/api/personas", "fault": { "kind": "error", "status": 500 }, "count": 1 }),
    ] {
        client.post("/api/admin/faults", fault).await.ok();
    }
    let gone = tokio::time::timeout(
        std::time::Duration::from_millis(200),
        tower::ServiceExt::oneshot(
            client.app.clone(),
            Request::builder()
                .uri("/api/personas")
                .header("x-mock-sandbox", "tester")
                .body(Body::empty())
                .unwrap(),
        ),
    )
    .await;
    assert!(gone.is_err(), "the delayed answer came within 200 ms");

    let journal = client
        .get("/api/admin/journal?path=/api/personas")
        .await
        .ok();
    assert_eq!(journal["total"], 1, "{journal}");
    let entry = &journal["entries"][0];
    assert_eq!(entry["status"], 0, "{entry}");
    assert_eq!(entry["abandoned"], true, "{entry}");
    assert_eq!(
        entry["faults"],
        json!([{ "id": 1, "kind": "latency", "delay_ms": 2000 }]),
        "{entry}"
    );
    // The error fault is still there, for the next request to meet.
    let faults = client.get("/api/admin/faults").await.ok();
    assert_eq!(faults["faults"].as_array().unwrap().len(), 1, "{faults}");
    assert_eq!(faults["faults"][0]["id"], 2, "{faults}");
    client
        .get("/api/personas")
        .await
        .error(500, "injected_fault");
    let har = client.get("/api/admin/journal.har?status=0").await.ok();
    assert_eq!(
        har["log"]["entries"][0]["response"]["comment"],
        "The client went away before the answer was complete.",
        "{har}"
    );
}

#[tokio::test]
async fn long_bodies_are_kept_up_to_the_cap() {
    let client = Client::fresh();
    client.sign_in("account-admin").await;
    let long = format!("{}@example.com", "a".repeat(40_000));
    client
        .put(
            "/api/profile",
            json!({ "preferred_email": long, "locale": "en-US" }),
        )
        .await
        .error(422, "invalid_email");
    let journal = client.get("/api/admin/journal?method=PUT").await.ok();
    let body = &journal["entries"][0]["request_body"];
    assert_eq!(body["truncated"], true);
    assert_eq!(body["base64"], false);
    assert_eq!(
        body["text"].as_str().unwrap().len(),
        shared::api::JOURNAL_BODY_CAP
    );
    assert!(body["size"].as_u64().unwrap() > 40_000);
}

#[tokio::test]
async fn the_har_export_parses_back_and_has_every_required_field() {
    let client = some_traffic().await;
    client.post("/api/billing-cycle", json!({})).await.ok();
    let reply = client
        .request(
            Request::builder()
                .method(Method::GET)
                .uri("/api/admin/journal.har")
                .header("x-mock-sandbox", "tester")
                .header("host", "127.0.0.1:8080")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.headers["content-type"], "application/json");
    assert_eq!(
        reply.headers["content-disposition"],
        "attachment; filename=\"journal-tester.har\""
    );

    // The `har` crate reads it back as version 1.2.
    let parsed = har::from_slice(&reply.body).expect("a HAR document");
    let har::Spec::V1_2(log) = parsed.log else {
        panic!("not HAR 1.2")
    };
    assert_eq!(log.entries.len(), 4);
    let urls: Vec<&str> = log.entries.iter().map(|e| e.request.url.as_str()).collect();
    // Oldest first, as devtools list them, with absolute URLs.
    assert_eq!(
        urls,
        [
            "http://127.0.0.1:8080/api/session",
            "http://127.0.0.1:8080/api/profile",
            "http://127.0.0.1:8080/api/scopes?x=1&y=two%20words",
            "http://127.0.0.1:8080/api/billing-cycle",
        ]
    );
    let scopes = &log.entries[2].request;
    assert_eq!(
        scopes
            .query_string
            .iter()
            .map(|q| (q.name.as_str(), q.value.as_str()))
            .collect::<Vec<_>>(),
        [("x", "1"), ("y", "two words")]
    );
    let profile = &log.entries[1];
    let post = profile.request.post_data.as_ref().unwrap();
    assert_eq!(post.mime_type, "application/json");
    assert!(post.text.as_deref().unwrap().contains("not an address"));
    assert_eq!(profile.response.status, 422);
    assert_eq!(profile.response.status_text, "Unprocessable Entity");
    assert!(profile
        .response
        .content
        .text
        .as_deref()
        .unwrap()
        .contains("invalid_email"));

    // Every field HAR 1.2 requires, checked on the raw JSON.
    let raw: Value = serde_json::from_slice(&reply.body).unwrap();
    let log = &raw["log"];
    assert_eq!(log["version"], "1.2");
    assert!(log["creator"]["name"].is_string() && log["creator"]["version"].is_string());
    for entry in log["entries"].as_array().unwrap() {
        let started = entry["startedDateTime"].as_str().unwrap();
        chrono::DateTime::parse_from_rfc3339(started).expect("ISO 8601 start");
        assert!(entry["time"].as_f64().unwrap() >= 0.0);
        assert!(entry["cache"].is_object());
        for key in [
            "method",
            "url",
            "httpVersion",
            "cookies",
            "headers",
            "queryString",
            "headersSize",
            "bodySize",
        ] {
            assert!(!entry["request"][key].is_null(), "request.{key} in {entry}");
        }
        for key in [
            "status",
            "statusText",
            "httpVersion",
            "cookies",
            "headers",
            "content",
            "redirectURL",
            "headersSize",
            "bodySize",
        ] {
            assert!(
                !entry["response"][key].is_null(),
                "response.{key} in {entry}"
            );
        }
        assert!(entry["response"]["content"]["size"].is_i64());
        assert!(entry["response"]["content"]["mimeType"].is_string());
        let timings = &entry["timings"];
        for key in ["send", "wait", "receive"] {
            assert!(timings[key].as_f64().unwrap() >= 0.0, "timings.{key}");
        }
        let sum = timings["send"].as_f64().unwrap()
            + timings["wait"].as_f64().unwrap()
            + timings["receive"].as_f64().unwrap();
        assert!((sum - entry["time"].as_f64().unwrap()).abs() < 1e-6);
    }
}

#[tokio::test]
async fn the_journal_keeps_the_newest_thousand_entries() {
    let client = Client::fresh();
    for n in 0..1010 {
        client.get(&format!("/api/personas?n={n}")).await.ok();
    }
    let journal = client.get("/api/admin/journal?limit=1000").await.ok();
    assert_eq!(journal["total"], 1000);
    let entries = journal["entries"].as_array().unwrap();
    assert_eq!(entries[0]["path"], "/api/personas?n=1009");
    assert_eq!(entries[999]["path"], "/api/personas?n=10");
    // Numbered in order, without gaps.
    let ids: Vec<u64> = entries.iter().map(|e| e["id"].as_u64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] == w[1] + 1), "{:?}", &ids[..5]);
    assert_eq!(ids[0], 1010);
}

/// HAR's `postData` has no `encoding` field: a body that is not UTF-8 is
/// base64 in `text`, and its `comment` says "base64".
#[tokio::test]
async fn the_har_export_marks_base64_request_bodies() {
    use base64::Engine;

    let client = Client::fresh();
    let bytes = vec![0xff, 0xfe, 0x00, 0x80, b'{'];
    client
        .send_raw(
            Method::POST,
            "/api/session",
            "application/octet-stream",
            bytes.clone(),
        )
        .await
        .error(415, "unsupported_media_type");
    client
        .post("/api/session", json!({ "persona_id": "account-admin" }))
        .await
        .ok();
    let har = client.get("/api/admin/journal.har").await.ok();
    let entries = har["log"]["entries"].as_array().unwrap();
    let binary = &entries[0]["request"]["postData"];
    assert_eq!(binary["comment"], "base64", "{binary}");
    assert_eq!(binary["mimeType"], "application/octet-stream");
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(binary["text"].as_str().unwrap())
        .unwrap();
    assert_eq!(decoded, bytes);
    // A UTF-8 body is the text itself, with no such note.
    let text = &entries[1]["request"]["postData"];
    assert!(text["text"].as_str().unwrap().contains("account-admin"));
    assert!(text.get("comment").is_none_or(Value::is_null), "{text}");
}
