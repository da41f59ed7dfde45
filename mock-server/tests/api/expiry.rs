//! Idle sandboxes expire, active ones never do; a cap on their number
//! refuses new ones with a clear error and never drops anyone's.

use std::time::Duration;

use mock_server::store::SandboxLimits;
use mock_server::{app, AppState, Clock, Store};
use serde_json::json;

use crate::client::{frozen, Client};

fn limited(max_sandboxes: u64, idle: Duration) -> (AppState, axum::Router) {
    let store = Store::open_in_memory().unwrap().with_limits(SandboxLimits {
        max_sandboxes,
        idle_timeout: idle,
    });
    let scenarios = mock_server::scenarios::Scenarios::parse(
        "scenarios.toml",
        mock_server::scenarios::BUILT_IN,
    )
    .unwrap();
    let state = AppState::new(store, Clock::Frozen(frozen()))
        .with_scenarios(scenarios, None)
        .unwrap();
    let router = app(state.clone(), None);
    (state, router)
}

async fn signed_in(client: &Client) -> bool {
    !client.get("/api/session").await.ok()["persona"].is_null()
}

#[tokio::test]
async fn expiry_removes_only_idle_sandboxes() {
    let (state, router) = limited(100, Duration::from_secs(1));
    let idle = Client::new(&router, "idle");
    let busy = Client::new(&router, "busy");
    idle.sign_in("account-admin").await;
    busy.sign_in("account-admin").await;
    let expiry = state.spawn_expiry();
    // The busy tester keeps working for twice the timeout; the other stops.
    for _ in 0..10 {
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(signed_in(&busy).await, "an active sandbox expired");
    }
    expiry.abort();
    assert!(signed_in(&busy).await);
    // The idle one went with its journal; a new request starts it afresh.
    assert!(!signed_in(&idle).await, "the idle sandbox is still there");
    let journal = idle.get("/api/admin/journal").await.ok();
    assert_eq!(
        journal["total"], 1,
        "only the request after expiry: {journal}"
    );
}

#[tokio::test]
async fn the_cap_refuses_new_sandboxes_and_keeps_the_others() {
    let (state, router) = limited(2, Duration::from_secs(3600));
    let ann = Client::new(&router, "ann");
    let bob = Client::new(&router, "bob");
    let cy = Client::new(&router, "cy");
    ann.sign_in("account-admin").await;
    bob.sign_in("co-admin").await;
    let refused = cy
        .post("/api/session", json!({ "persona_id": "account-admin" }))
        .await
        .error(429, "sandbox_limit");
    let message = refused["message"].as_str().unwrap();
    assert!(message.contains("maximum of 2 sandboxes"), "{message}");
    assert!(message.contains("--max-sandboxes"), "{message}");
    assert_eq!(refused["field"], "x-mock-sandbox");
    // Nobody was dropped to make room, and the existing ones still work.
    assert!(signed_in(&ann).await && signed_in(&bob).await);
    let info = ann.get("/api/admin/sandbox").await.ok();
    assert_eq!(
        (info["sandboxes"].as_u64(), info["max_sandboxes"].as_u64()),
        (Some(2), Some(2))
    );
    // A reset or a scenario does not count as a new sandbox.
    ann.post("/api/admin/reset", json!({})).await.ok();
    ann.post("/api/admin/scenarios/fresh-admin", json!({}))
        .await
        .ok();

    // Once a sandbox expires, a new one may start.
    let far_future = chrono::Utc::now() + chrono::Duration::hours(2);
    assert_eq!(state.expire_idle(far_future).await.unwrap(), 2);
    cy.sign_in("account-admin").await;
}

#[tokio::test]
async fn sandbox_info_names_the_sandbox_and_a_join_link() {
    let client = Client::fresh();
    let info = client.get("/api/admin/sandbox").await.ok();
    assert_eq!(info["id"], "tester");
    assert_eq!(info["join_path"], "/?sandbox=tester");
    assert_eq!(info["idle_timeout_seconds"], 24 * 3600);
    assert!(info["active_at"].is_string());
}
