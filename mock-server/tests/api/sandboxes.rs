//! Sandboxes never see each other's data, also when used at the same time.

use axum::body::Body;
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::Request;
use serde_json::json;

use crate::client::{server, Client};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_sandboxes_used_in_parallel_stay_apart() {
    let app = server();
    let alice = Client::new(&app, "alice");
    let bob = Client::new(&app, "bob");
    alice.sign_in("account-admin").await;
    bob.sign_in("account-admin").await;
    alice.opt_in("sub-production").await.ok();
    bob.opt_in("sub-production").await.ok();

    let work = |client: Client, prefix: &'static str| {
        tokio::spawn(async move {
            for i in 0..20 {
                client
                    .add_recipient("sub-production", &format!("{prefix}{i}@tulipworks.example"))
                    .await
                    .ok();
            }
        })
    };
    let (a, b) = tokio::join!(work(alice.clone(), "alice"), work(bob.clone(), "bob"));
    a.unwrap();
    b.unwrap();

    for (client, prefix) in [(&alice, "alice"), (&bob, "bob")] {
        let status = client.status("sub-production").await;
        let list = status["recipients"].as_array().unwrap();
        assert_eq!(list.len(), 20);
        assert!(
            list.iter().all(|r| r.as_str().unwrap().starts_with(prefix)),
            "{list:?}"
        );
    }

    // What one does to its sandbox leaves the other alone.
    bob.post(
        "/api/scopes/sub-production/email-invoice/opt-out",
        json!({}),
    )
    .await
    .ok();
    bob.post("/api/admin/reset", json!({})).await.ok();
    assert_eq!(
        alice.status("sub-production").await["recipients"]
            .as_array()
            .unwrap()
            .len(),
        20
    );
    assert_eq!(bob.get("/api/session").await.ok()["persona"], json!(null));
    let carol = Client::new(&app, "carol");
    assert_eq!(carol.get("/api/session").await.ok()["persona"], json!(null));
}

#[tokio::test]
async fn a_browser_gets_a_cookie_that_keeps_its_sandbox() {
    let client = Client::fresh();
    let first = client
        .request(Request::get("/api/session").body(Body::empty()).unwrap())
        .await;
    let cookie = first
        .headers
        .get(SET_COOKIE)
        .expect("a cookie on first visit");
    let cookie = cookie.to_str().unwrap();
    assert!(cookie.starts_with("mock_sandbox=sb-"), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("Path=/"));
    let pair = cookie.split(';').next().unwrap().to_owned();

    let sign_in = Request::post("/api/session")
        .header(COOKIE, &pair)
        .header("content-type", "application/json")
        .body(Body::from(r#"{"persona_id":"billing-reader"}"#))
        .unwrap();
    let reply = client.request(sign_in).await;
    reply.ok();
    assert!(
        reply.headers.get(SET_COOKIE).is_none(),
        "a known sandbox keeps its cookie"
    );

    let again = client
        .request(
            Request::get("/api/session")
                .header(COOKIE, &pair)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(again.ok()["persona"]["id"], "billing-reader");

    // Another browser, no cookie: another sandbox.
    let other = client
        .request(Request::get("/api/session").body(Body::empty()).unwrap())
        .await;
    assert_eq!(other.ok()["persona"], json!(null));
}

/// A page sends the sandbox it was loaded in (every answer names it); once
/// the browser has moved to another (a join link in another tab), the page's
/// calls are refused, so a stale tab never saves into a sandbox it does not
/// show (R13). A script's own header is not second-guessed.
#[tokio::test]
async fn a_page_in_a_sandbox_the_browser_left_is_refused() {
    let app = server();
    let colleague = Client::new(&app, "colleague");
    colleague.sign_in("account-admin").await;
    let mine = Client::new(&app, "mine");
    mine.sign_in("account-admin").await;
    let call = |cookie: &str, expected: &str| {
        Request::post("/api/session")
            .header(COOKIE, format!("mock_sandbox={cookie}"))
            .header("x-mock-sandbox-expected", expected)
            .header("content-type", "application/json")
            .body(Body::from(r#"{"persona_id":"billing-reader"}"#))
            .unwrap()
    };
    // Still in the page's sandbox: done, and the answer names it.
    let reply = mine.request(call("mine", "mine")).await;
    assert_eq!(reply.headers.get("x-mock-sandbox").unwrap(), "mine");
    assert_eq!(reply.ok()["persona"]["id"], "billing-reader");
    // Moved on to the colleague's: refused, naming both, and nothing done there.
    let reply = mine.request(call("colleague", "mine")).await;
    assert_eq!(reply.headers.get("x-mock-sandbox").unwrap(), "colleague");
    let error = reply.error(409, "sandbox_changed");
    assert_eq!(error["field"], "x-mock-sandbox-expected");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("'mine'") && message.contains("'colleague'"),
        "{message}"
    );
    // One sentence, not broken by the source's line breaks.
    assert!(!message.contains("  "), "{message}");
    assert_eq!(
        colleague.get("/api/session").await.ok()["persona"]["id"],
        "account-admin"
    );
    // A script names its sandbox itself: the header wins.
    let scripted = Request::get("/api/session")
        .header("x-mock-sandbox", "colleague")
        .header("x-mock-sandbox-expected", "mine")
        .body(Body::empty())
        .unwrap();
    let reply = mine.request(scripted).await;
    assert_eq!(reply.headers.get("x-mock-sandbox").unwrap(), "colleague");
    reply.ok();
}
