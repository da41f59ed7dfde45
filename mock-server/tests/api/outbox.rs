//! The outbox: real MIME messages with PDF invoices, parsed back with a parser
//! crate; search, read state, delete, clear, and live events.

use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use mail_parser::{MessageParser, MimeHeaders};
use serde_json::{json, Value};
use tower::ServiceExt;

use crate::client::{server, Client};

const PROD: &str = "sub-production";

async fn opted_in_with_recipients(client: &Client, recipients: &[&str]) {
    client.sign_in("account-admin").await;
    client.opt_in(PROD).await.ok();
    for r in recipients {
        client.add_recipient(PROD, r).await.ok();
    }
}

fn parse(raw: &[u8]) -> mail_parser::Message<'_> {
    MessageParser::default()
        .parse(raw)
        .expect("a parseable message")
}

fn addresses(message: &mail_parser::Message<'_>) -> Vec<String> {
    message
        .to()
        .map(|to| {
            to.iter()
                .filter_map(|a| a.address())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn opting_in_sends_a_confirmation_to_the_preferred_email() {
    let client = Client::fresh();
    client.sign_in("account-admin").await;
    client.opt_in(PROD).await.ok();
    let page = client.get("/api/outbox").await.ok();
    assert_eq!(page["total"], 1);
    assert_eq!(page["unread"], 1);
    let summary = &page["messages"][0];
    assert_eq!(summary["kind"], "opt_in_confirmation");
    assert_eq!(summary["to"], json!(["noor.jansen@tulipworks.example"]));
    assert_eq!(summary["cause"]["method"], "POST");
    assert_eq!(
        summary["cause"]["path"],
        "/api/scopes/sub-production/email-invoice/opt-in"
    );
    assert_eq!(summary["has_attachment"], false);

    let raw = client.get("/api/outbox/1/raw").await;
    assert_eq!(raw.status, 200);
    assert_eq!(raw.headers["content-type"], "message/rfc822");
    let message = parse(&raw.body);
    assert_eq!(addresses(&message), ["noor.jansen@tulipworks.example"]);
    assert!(message.subject().unwrap().contains("Tulipworks Production"));
    assert!(message
        .body_text(0)
        .unwrap()
        .contains(mock_server::terms::CURRENT_VERSION));
    assert!(message
        .body_html(0)
        .unwrap()
        .contains("<html lang=\"en-US\">"));
    assert_eq!(message.attachment_count(), 0);
}

#[tokio::test]
async fn a_billing_cycle_emails_each_opted_in_scope_its_invoice_as_a_pdf() {
    let client = Client::fresh();
    opted_in_with_recipients(
        &client,
        &["finance@tulipworks.example", "o'brien&co@bücher.example"],
    )
    .await;
    let cycle = client.post("/api/billing-cycle", json!({})).await.ok();
    assert_eq!(
        cycle["invoices"].as_array().unwrap().len(),
        6,
        "one invoice per scope"
    );
    let sent = cycle["messages"].as_array().unwrap();
    assert_eq!(sent.len(), 1, "only the opted-in scope is emailed");
    let invoice = cycle["invoices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["scope_id"] == PROD)
        .unwrap()
        .clone();
    assert_eq!(invoice["period_start"], "2026-11-01");
    assert_eq!(sent[0]["invoice_id"], invoice["id"]);
    assert_eq!(sent[0]["cause"]["path"], "/api/billing-cycle");

    // The new invoice is on the Invoices page, newest first.
    let invoices = client.get("/api/scopes/sub-production/invoices").await.ok();
    assert_eq!(invoices["invoices"][0]["id"], invoice["id"]);
    assert_eq!(invoices["invoices"].as_array().unwrap().len(), 7);

    let id = sent[0]["id"].as_u64().unwrap();
    let raw = client.get(&format!("/api/outbox/{id}/raw")).await;
    let message = parse(&raw.body);
    assert_eq!(
        addresses(&message),
        [
            "noor.jansen@tulipworks.example",
            "finance@tulipworks.example",
            "o'brien&co@xn--bcher-kva.example"
        ]
    );
    assert_eq!(
        message.from().unwrap().first().unwrap().address(),
        Some("no-reply@billing.mock-portal.example")
    );
    let subject = message.subject().unwrap();
    assert!(
        subject.contains(invoice["id"].as_str().unwrap()),
        "{subject}"
    );
    assert!(subject.contains("November 2026"), "{subject}");
    assert!(message.message_id().is_some() && message.date().is_some());
    let text = message.body_text(0).unwrap();
    assert!(text.contains("Tulipworks Production") && text.contains("finance@tulipworks.example"));
    let html = message.body_html(0).unwrap();
    assert!(
        html.contains("o'brien&amp;co@bücher.example"),
        "user text is escaped: {html}"
    );
    assert!(!html.contains("&co@"), "no raw ampersand from user input");

    assert_eq!(message.attachment_count(), 1);
    let pdf = message.attachment(0).unwrap();
    assert_eq!(pdf.content_type().unwrap().subtype(), Some("pdf"));
    assert_eq!(
        pdf.attachment_name(),
        Some(format!("{}.pdf", invoice["id"].as_str().unwrap()).as_str())
    );
    assert!(pdf.contents().starts_with(b"%PDF-"));

    // The same PDF through the attachment endpoint.
    let download = client.get(&format!("/api/outbox/{id}/attachments/0")).await;
    assert_eq!(download.status, 200);
    assert_eq!(download.headers["content-type"], "application/pdf");
    assert_eq!(download.body, pdf.contents());
    // And from the Invoices page's Download: the very document the email carries.
    let from_grid = client
        .get(&shared::api::paths::invoice_pdf(
            PROD,
            invoice["id"].as_str().unwrap(),
        ))
        .await;
    assert_eq!(from_grid.status, 200);
    assert_eq!(from_grid.body, pdf.contents());
    client
        .get(&format!("/api/outbox/{id}/attachments/1"))
        .await
        .error(404, "not_found");
}

#[tokio::test]
async fn messages_follow_the_administrators_language() {
    let client = Client::fresh();
    client.sign_in("account-admin").await;
    client
        .set_profile("noor.jansen@tulipworks.example", "nl-NL")
        .await;
    client.opt_in(PROD).await.ok();
    client.post("/api/billing-cycle", json!({})).await.ok();
    let detail = client.get("/api/outbox/2").await.ok();
    assert!(
        detail["summary"]["subject"]
            .as_str()
            .unwrap()
            .starts_with("Factuur "),
        "{detail}"
    );
    assert!(detail["html"]
        .as_str()
        .unwrap()
        .contains("<html lang=\"nl-NL\">"));
    assert!(detail["text"].as_str().unwrap().contains("november 2026"));
    // The list says each message's language, for the outbox to mark it.
    let list = client.get("/api/outbox").await.ok();
    let languages: Vec<&Value> = list["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &m["language"])
        .collect();
    assert_eq!(languages, [&json!("nl-NL"), &json!("nl-NL")], "{list}");
    assert_eq!(detail["summary"]["language"], "nl-NL");
}

/// The confirmation is written in the language the terms were read in (a
/// Dutch user opting in from the Dutch app before choosing the profile's
/// language); the invoices that follow keep to the profile's language.
#[tokio::test]
async fn the_confirmation_follows_the_language_the_terms_were_read_in() {
    let client = Client::fresh();
    client.sign_in("account-admin").await;
    client
        .post(
            "/api/scopes/sub-production/email-invoice/opt-in",
            json!({ "terms_version": mock_server::terms::CURRENT_VERSION, "locale": "nl-NL" }),
        )
        .await
        .ok();
    client.post("/api/billing-cycle", json!({})).await.ok();
    let confirmation = client.get("/api/outbox/1").await.ok();
    assert_eq!(
        confirmation["summary"]["subject"],
        "Facturen voor Tulipworks Production worden per e-mail verzonden"
    );
    assert!(confirmation["html"]
        .as_str()
        .unwrap()
        .contains("<html lang=\"nl-NL\">"));
    let invoice = client.get("/api/outbox/2").await.ok();
    assert!(invoice["html"]
        .as_str()
        .unwrap()
        .contains("<html lang=\"en-US\">"));
    // An unknown language is refused like any other bad field.
    client.sign_in("account-admin").await;
    client
        .post(
            "/api/scopes/support-standard/email-invoice/opt-in",
            json!({ "terms_version": mock_server::terms::CURRENT_VERSION, "locale": "fr-FR" }),
        )
        .await
        .error(422, "invalid_body");
}

/// The same actions on two servers make the same messages, byte for byte
/// (the MIME boundaries were random), and the boundaries differ between
/// messages and appear nowhere but as boundaries.
#[tokio::test]
async fn the_same_message_is_the_same_bytes_every_time() {
    let mut runs = Vec::new();
    for _ in 0..2 {
        let client = Client::fresh();
        client.sign_in("account-admin").await;
        client.opt_in(PROD).await.ok();
        client
            .add_recipient(PROD, "a=_b@tulipworks.example")
            .await
            .ok();
        client.post("/api/billing-cycle", json!({})).await.ok();
        let confirmation = client.get("/api/outbox/1/raw").await.body;
        let invoice = client.get("/api/outbox/2/raw").await.body;
        runs.push((confirmation, invoice));
    }
    assert!(runs[0] == runs[1], "two runs built different messages");
    let (confirmation, invoice) = &runs[0];
    let boundaries = |raw: &[u8]| -> Vec<String> {
        let text = String::from_utf8_lossy(raw);
        text.split("boundary=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next().map(str::to_owned))
            .collect()
    };
    let (first, second) = (boundaries(confirmation), boundaries(invoice));
    assert_eq!(first.len(), 1, "{first:?}");
    assert_eq!(second.len(), 2, "{second:?}");
    assert!(!second.contains(&first[0]));
    let text = String::from_utf8_lossy(invoice);
    for boundary in &second {
        // The Content-Type line, then "--b" before each of the two parts
        // (text and HTML; the alternatives and the PDF) and "--b--" at the end.
        let uses = text.matches(boundary.as_str()).count();
        assert_eq!(uses, 1 + 2 + 1, "{boundary} appears {uses} times");
    }
    // Still a message mail readers take apart: the PDF is attached.
    assert_eq!(parse(invoice).attachment_count(), 1);
}

/// Another sandbox, or the same one after a reset, doing the same actions
/// makes the same messages but for the Message-ID line: the ID names the
/// sandbox and the message's number, which a reset does not hand out again.
/// Everything else, the MIME boundaries included, is made from the content.
#[tokio::test]
async fn other_sandboxes_and_resets_differ_in_the_message_id_only() {
    async fn run(client: &Client, first: u64) -> Vec<String> {
        client.sign_in("account-admin").await;
        client.opt_in(PROD).await.ok();
        client
            .add_recipient(PROD, "finance@tulipworks.example")
            .await
            .ok();
        client.post("/api/billing-cycle", json!({})).await.ok();
        let mut messages = Vec::new();
        for id in [first, first + 1] {
            let raw = client.get(&format!("/api/outbox/{id}/raw")).await.body;
            let text = String::from_utf8(raw.to_vec()).unwrap();
            let id_line = text
                .lines()
                .find(|line| line.starts_with("Message-ID:"))
                .unwrap_or_else(|| panic!("no Message-ID in {text}"))
                .to_owned();
            messages.push(text.replacen(&id_line, "Message-ID: (left out)", 1));
        }
        messages
    }
    let app = server();
    let (alice, bob) = (Client::new(&app, "alice"), Client::new(&app, "bob"));
    let first = run(&alice, 1).await;
    assert!(first == run(&bob, 1).await, "another sandbox differed");
    alice.post("/api/admin/reset", json!({})).await.ok();
    assert!(first == run(&alice, 3).await, "a reset sandbox differed");
}

#[tokio::test]
async fn detail_lists_headers_parts_and_attachments() {
    let client = Client::fresh();
    opted_in_with_recipients(&client, &["finance@tulipworks.example"]).await;
    client.post("/api/billing-cycle", json!({})).await.ok();
    let detail = client.get("/api/outbox/2").await.ok();
    let names: Vec<&str> = detail["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap())
        .collect();
    for name in [
        "From",
        "To",
        "Subject",
        "Date",
        "Message-ID",
        "MIME-Version",
    ] {
        assert!(
            names.iter().any(|n| n.eq_ignore_ascii_case(name)),
            "{name} in {names:?}"
        );
    }
    assert_eq!(detail["attachments"][0]["content_type"], "application/pdf");
    assert!(detail["attachments"][0]["size"].as_u64().unwrap() > 1000);
    assert!(detail["text"].as_str().is_some() && detail["html"].as_str().is_some());
    client.get("/api/outbox/99").await.error(404, "not_found");
    client
        .get("/api/outbox/not-a-number")
        .await
        .error(400, "invalid_parameter");
}

#[tokio::test]
async fn no_input_reaches_a_header_with_a_line_break() {
    let client = Client::fresh();
    client.sign_in("account-admin").await;
    let injection = "x@tulipworks.example\r\nBcc: all@victim.example";
    client
        .put("/api/profile", json!({ "preferred_email": injection }))
        .await
        .error(422, "invalid_email");
    client.opt_in(PROD).await.ok();
    client
        .add_recipient(PROD, injection)
        .await
        .error(422, "invalid_email");
    client
        .put(
            "/api/scopes/sub-production/email-invoice/recipients",
            json!({ "recipients": [injection] }),
        )
        .await
        .error(422, "invalid_email");
    client.post("/api/billing-cycle", json!({})).await.ok();
    for id in [1, 2] {
        let raw = client.get(&format!("/api/outbox/{id}/raw")).await;
        let text = String::from_utf8_lossy(&raw.body);
        assert!(!text.to_ascii_lowercase().contains("bcc:"), "{text}");
        assert!(!text.contains("victim"));
    }
}

async fn search(client: &Client, q: &str) -> Vec<u64> {
    let path = format!("/api/outbox?q={}", shared::api::paths::encode_segment(q));
    let page = client.get(&path).await.ok();
    page["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_u64().unwrap())
        .collect()
}

#[tokio::test]
async fn search_operators() {
    let client = Client::fresh();
    opted_in_with_recipients(
        &client,
        &["finance@tulipworks.example", "r@münchen.example"],
    )
    .await; // message 1: confirmation
    client.opt_in("support-standard").await.ok(); // message 2: confirmation
    client.post("/api/billing-cycle", json!({})).await.ok(); // messages 3, 4: invoices
    assert_eq!(search(&client, "").await, [4, 3, 2, 1], "newest first");
    assert_eq!(search(&client, "has:attachment").await, [4, 3]);
    assert_eq!(search(&client, "to:finance").await, [3]);
    // An international domain as typed finds it as it is stored.
    assert_eq!(search(&client, "to:r@münchen.example").await, [3]);
    assert_eq!(search(&client, "to:münchen.example").await, [3]);
    assert_eq!(search(&client, "from:no-reply@billing").await, [4, 3, 2, 1]);
    // The display name of the From header finds its messages.
    assert_eq!(
        search(&client, "from:\"mock cloud billing\"").await,
        [4, 3, 2, 1]
    );
    assert_eq!(search(&client, "Cloud to:finance").await, [3]);
    assert_eq!(
        search(&client, "from:someone.else").await,
        Vec::<u64>::new()
    );
    assert_eq!(search(&client, "subject:\"Standard support\"").await, [2]);
    assert_eq!(
        search(&client, "subject:invoice has:attachment to:finance").await,
        [3]
    );
    assert_eq!(search(&client, "Production").await, [3, 1], "free text");
    assert_eq!(
        search(&client, "100%").await,
        Vec::<u64>::new(),
        "wildcards are literal"
    );
    client
        .put("/api/outbox/1/read", json!({ "read": true }))
        .await
        .ok();
    assert_eq!(search(&client, "is:unread").await, [4, 3, 2]);
    assert_eq!(search(&client, "is:read").await, [1]);
    client
        .get("/api/outbox?q=has%3Apdf")
        .await
        .error(400, "invalid_parameter");
    // A search that cannot be run is said in the request's language, as a
    // refusal of what was typed, naming the parameter.
    for (query, english, dutch) in [
        (
            "has%3Apdf",
            "'has:pdf' is not a search; use has:attachment.",
            "'has:pdf' is geen zoekopdracht; gebruik has:attachment.",
        ),
        (
            "From%3A",
            "'From:' needs a value after the colon, as in from:finance.",
            "Na 'From:' hoort een waarde, zoals from:finance.",
        ),
        (
            "is%3Aread%20is%3Aunread",
            "is:read and is:unread together match nothing; use one of them.",
            "is:read en is:unread samen vinden niets; gebruik er één.",
        ),
    ] {
        let path = format!("/api/outbox?q={query}");
        let error = client.get(&path).await.error(400, "invalid_parameter");
        assert_eq!(
            (error["message"].as_str(), error["field"].as_str()),
            (Some(english), Some("q"))
        );
        let error = client
            .with_header(axum::http::header::ACCEPT_LANGUAGE, b"nl-NL")
            .get(&path)
            .await
            .error(400, "invalid_parameter");
        assert_eq!(error["message"], dutch, "{query}");
    }

    // Paging.
    let page = client.get("/api/outbox?per_page=3&page=2").await.ok();
    assert_eq!(page["total"], 4);
    assert_eq!(page["messages"].as_array().unwrap().len(), 1);
    client
        .get("/api/outbox?page=-1")
        .await
        .error(400, "invalid_parameter");
}

#[tokio::test]
async fn read_state_delete_and_clear() {
    let client = Client::fresh();
    opted_in_with_recipients(&client, &[]).await;
    client.post("/api/billing-cycle", json!({})).await.ok();
    assert_eq!(client.get("/api/outbox").await.ok()["unread"], 2);
    let summary = client
        .put("/api/outbox/2/read", json!({ "read": true }))
        .await
        .ok();
    assert_eq!(summary["read"], true);
    assert_eq!(client.get("/api/outbox").await.ok()["unread"], 1);
    client
        .put("/api/outbox/2/read", json!({ "read": false }))
        .await
        .ok();
    assert_eq!(client.get("/api/outbox").await.ok()["unread"], 2);
    client
        .put("/api/outbox/9/read", json!({ "read": true }))
        .await
        .error(404, "not_found");

    assert_eq!(client.delete("/api/outbox/1").await.status, 204);
    client.delete("/api/outbox/1").await.error(404, "not_found");
    assert_eq!(client.get("/api/outbox").await.ok()["total"], 1);
    assert_eq!(client.delete("/api/outbox").await.ok()["deleted"], 1);
    assert_eq!(client.get("/api/outbox").await.ok()["total"], 0);
}

#[tokio::test]
async fn outboxes_are_per_sandbox() {
    let app = server();
    let alice = Client::new(&app, "alice");
    let bob = Client::new(&app, "bob");
    opted_in_with_recipients(&alice, &[]).await;
    bob.sign_in("account-admin").await;
    assert_eq!(bob.get("/api/outbox").await.ok()["total"], 0);
    bob.get("/api/outbox/1").await.error(404, "not_found");
}

#[tokio::test]
async fn server_sent_events_deliver_new_messages_of_the_own_sandbox_only() {
    let app = server();
    let alice = Client::new(&app, "alice");
    let bob = Client::new(&app, "bob");
    opted_in_with_recipients(&alice, &[]).await;
    opted_in_with_recipients(&bob, &[]).await;

    let request = Request::get("/api/outbox/events")
        .header("x-mock-sandbox", "alice")
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let mut body = response.into_body();

    // Bob's cycle first, then Alice's: the stream shows only Alice's message.
    bob.post("/api/billing-cycle", json!({})).await.ok();
    let cycle = alice.post("/api/billing-cycle", json!({})).await.ok();
    let expected_id = cycle["messages"][0]["id"].as_u64().unwrap();

    let mut received = String::new();
    let event = tokio::time::timeout(std::time::Duration::from_secs(5), async {
        loop {
            let frame = body.frame().await.expect("the stream stays open").unwrap();
            if let Some(data) = frame.data_ref() {
                received.push_str(&String::from_utf8_lossy(data));
                if let Some(line) = received.lines().find(|l| l.starts_with("data:")) {
                    return serde_json::from_str::<Value>(line.trim_start_matches("data:").trim())
                        .unwrap();
                }
            }
        }
    })
    .await
    .expect("an event within five seconds");
    assert!(received.contains("event: message"), "{received}");
    assert_eq!(event["id"].as_u64(), Some(expected_id));
    assert_eq!(event["kind"], "invoice");
    assert_eq!(event["subject"], cycle["messages"][0]["subject"]);
}

/// Reading, deleting, clearing and resetting tell the live stream the list
/// is stale, so an open outbox viewer reloads.
#[tokio::test]
async fn server_sent_events_say_when_messages_change() {
    let app = server();
    let alice = Client::new(&app, "alice");
    opted_in_with_recipients(&alice, &[]).await;
    alice.post("/api/billing-cycle", json!({})).await.ok();

    let request = Request::get("/api/outbox/events")
        .header("x-mock-sandbox", "alice")
        .body(Body::empty())
        .unwrap();
    let mut body = app.clone().oneshot(request).await.unwrap().into_body();
    let mut received = String::new();
    let mut next_event = async || {
        tokio::time::timeout(std::time::Duration::from_secs(5), async {
            loop {
                let frame = body.frame().await.expect("the stream stays open").unwrap();
                if let Some(data) = frame.data_ref() {
                    received.push_str(&String::from_utf8_lossy(data));
                }
                // One event ends with a blank line.
                if let Some((event, rest)) = received.split_once("\n\n") {
                    let event = event.to_owned();
                    received = rest.to_owned();
                    if !event.starts_with(':') {
                        return event;
                    }
                }
            }
        })
        .await
        .expect("an event within five seconds")
    };

    alice
        .put("/api/outbox/1/read", json!({ "read": true }))
        .await
        .ok();
    assert!(next_event().await.contains("event: changed"));
    assert_eq!(alice.delete("/api/outbox/1").await.status, 204);
    assert!(next_event().await.contains("event: changed"));
    alice.delete("/api/outbox").await.ok();
    assert!(next_event().await.contains("event: changed"));
    alice.post("/api/admin/reset", json!({})).await.ok();
    assert!(next_event().await.contains("event: changed"));
}

#[tokio::test]
async fn message_numbers_and_message_ids_are_never_reused() {
    let app = server();
    let alice = Client::new(&app, "alice");
    let bob = Client::new(&app, "bob");
    opted_in_with_recipients(&alice, &[]).await; // 1
    opted_in_with_recipients(&bob, &[]).await; // bob's 1
    assert_eq!(alice.delete("/api/outbox/1").await.status, 204);
    let cycle = alice.post("/api/billing-cycle", json!({})).await.ok();
    assert_eq!(
        cycle["messages"][0]["id"], 2,
        "a deleted number is not handed out again"
    );
    alice.delete("/api/outbox").await.ok();
    alice.post("/api/billing-cycle", json!({})).await.ok();
    assert_eq!(alice.get("/api/outbox").await.ok()["messages"][0]["id"], 3);

    let id_of = |raw: &[u8]| parse(raw).message_id().unwrap().to_owned();
    let a = id_of(&alice.get("/api/outbox/3/raw").await.body);
    let b = id_of(&bob.get("/api/outbox/1/raw").await.body);
    assert_ne!(a, b);
    assert!(a.contains("alice.3"), "{a}");

    // Nor after a reset, which empties the outbox: the same action sends a
    // message with a number, and so a Message-ID, of its own.
    alice.post("/api/admin/reset", json!({})).await.ok();
    opted_in_with_recipients(&alice, &[]).await;
    let cycle = alice.post("/api/billing-cycle", json!({})).await.ok();
    assert_eq!(cycle["messages"][0]["id"], 5, "{cycle}");
    let again = id_of(&alice.get("/api/outbox/5/raw").await.body);
    assert_ne!(again, a);
    assert!(again.contains("alice.5"), "{again}");
}

#[tokio::test]
async fn oversized_searches_and_indexes_are_refused_not_failed() {
    let client = Client::fresh();
    opted_in_with_recipients(&client, &[]).await;
    let many = vec!["a"; 1000].join(" ");
    client
        .get(&format!(
            "/api/outbox?q={}",
            shared::api::paths::encode_segment(&many)
        ))
        .await
        .error(400, "invalid_parameter");
    let long = "x".repeat(60_000);
    client
        .get(&format!("/api/outbox?q={long}"))
        .await
        .error(400, "invalid_parameter");
    client
        .get("/api/outbox/1/attachments/4294967296")
        .await
        .error(404, "not_found");
}

/// An invoice email is dated when its invoice is issued (the invoice date, at
/// the frozen clock's time of day), never before it; the opt-in confirmation
/// is dated now. The outbox's `created_at` is the same instant as `Date`.
#[tokio::test]
async fn invoice_emails_are_dated_at_their_invoice_date() {
    let client = Client::fresh();
    opted_in_with_recipients(&client, &[]).await;
    let first = client.post("/api/billing-cycle", json!({})).await.ok();
    let second = client.post("/api/billing-cycle", json!({})).await.ok();
    let invoice_date = |cycle: &Value| {
        let invoice = cycle["invoices"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["scope_id"] == PROD)
            .unwrap()
            .clone();
        invoice["invoice_date"].as_str().unwrap().to_owned()
    };
    assert_eq!(invoice_date(&first), "2026-12-09");
    assert_eq!(invoice_date(&second), "2027-01-09");
    for (id, created_at) in [
        (1, crate::client::FROZEN),
        (2, "2026-12-09T09:00:00Z"),
        (3, "2027-01-09T09:00:00Z"),
    ] {
        let detail = client.get(&format!("/api/outbox/{id}")).await.ok();
        assert_eq!(detail["summary"]["created_at"], created_at, "message {id}");
        let raw = client.get(&format!("/api/outbox/{id}/raw")).await;
        let date = parse(&raw.body).date().unwrap().to_rfc3339();
        let expected: chrono::DateTime<chrono::Utc> = created_at.parse().unwrap();
        assert_eq!(
            chrono::DateTime::parse_from_rfc3339(&date).unwrap(),
            expected,
            "message {id}"
        );
    }
    // The summaries the cycle answered with say the same.
    assert_eq!(first["messages"][0]["created_at"], "2026-12-09T09:00:00Z");
    // The cause still records when the cycle was run.
    assert_eq!(first["messages"][0]["cause"]["at"], crate::client::FROZEN);
}

/// The VAT is 21% of the net, rounded half up, and the total is net + VAT:
/// in the API's amounts, the email and the PDF. QA's case is production's
/// November 2026 invoice: net 1,629.17, VAT 342.13, total 1,971.30.
#[tokio::test]
async fn invoice_totals_are_the_net_plus_21_percent_vat() {
    let client = Client::fresh();
    opted_in_with_recipients(&client, &[]).await;
    client.post("/api/billing-cycle", json!({})).await.ok();
    client.post("/api/billing-cycle", json!({})).await.ok();
    for scope in [
        PROD,
        "sub-development",
        "support-standard",
        "reservation-vm",
        "marketplace-backup",
    ] {
        let invoices = client
            .get(&format!("/api/scopes/{scope}/invoices"))
            .await
            .ok();
        for invoice in invoices["invoices"].as_array().unwrap() {
            let total = invoice["amount"]["minor_units"].as_i64().unwrap();
            let net = (total * 200 + 121) / 242;
            assert_eq!(net + (net * 21 + 50) / 100, total, "{invoice}");
        }
    }
    let invoices = client
        .get(&format!("/api/scopes/{PROD}/invoices"))
        .await
        .ok();
    let november = invoices["invoices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["period_start"] == "2026-11-01")
        .unwrap()
        .clone();
    assert_eq!(november["amount"]["minor_units"], 197_130);

    let detail = client.get("/api/outbox/2").await.ok();
    assert_eq!(detail["summary"]["invoice_id"], november["id"]);
    assert!(
        detail["text"].as_str().unwrap().contains("€1,971.30"),
        "{detail}"
    );
    let pdf = client.get("/api/outbox/2/attachments/0").await;
    let text = String::from_utf8_lossy(&pdf.body);
    // Amounts with a euro sign (WinAnsi 0x80) are written as hex strings.
    let hex = |shown: &str| -> String {
        let bytes: Vec<u8> = shown
            .chars()
            .map(|c| if c == '€' { 0x80 } else { c as u8 })
            .collect();
        format!(
            "<{}>",
            bytes.iter().map(|b| format!("{b:02X}")).collect::<String>()
        )
    };
    for shown in ["€1,384.80", "€244.37", "€342.13", "€1,971.30"] {
        assert!(text.contains(&hex(shown)), "{shown} on the PDF");
    }
}
