//! Scenarios put a sandbox into a known state in one step.

use mock_server::scenarios::{Scenarios, BUILT_IN};
use mock_server::{app, AppState, Clock, Store};
use serde_json::json;

use crate::client::{frozen, Client};

fn with_scenarios(default: Option<&str>) -> axum::Router {
    let scenarios = Scenarios::parse("scenarios.toml", BUILT_IN).unwrap();
    let state = AppState::new(Store::open_in_memory().unwrap(), Clock::Frozen(frozen()))
        .with_scenarios(scenarios, default)
        .unwrap();
    app(state, None)
}

#[tokio::test]
async fn every_built_in_scenario_applies_fully() {
    let app = with_scenarios(None);
    let scenarios = Scenarios::parse("scenarios.toml", BUILT_IN).unwrap();
    let listed = Client::new(&app, "list")
        .get("/api/admin/scenarios")
        .await
        .ok();
    assert_eq!(
        listed["scenarios"].as_array().unwrap().len(),
        scenarios.all().len()
    );

    for scenario in scenarios.all() {
        let client = Client::new(&app, &format!("s-{}", scenario.name));
        // Some earlier state, which the scenario must replace.
        client.sign_in("billing-reader").await;
        let applied = client
            .post(
                &format!("/api/admin/scenarios/{}", scenario.name),
                json!({}),
            )
            .await
            .ok();
        assert_eq!(
            applied["scenario"]["start_path"],
            scenario.start_path.as_str()
        );

        let session = client.get("/api/session").await.ok();
        assert_eq!(
            session["persona"]["id"].as_str(),
            scenario.persona.as_ref().map(|p| p.0.as_str()),
            "{}",
            scenario.name
        );
        let Some(persona) = &scenario.persona else {
            continue;
        };
        if let Some(email) = &scenario.preferred_email {
            assert_eq!(
                client.get("/api/profile").await.ok()["preferred_email"],
                email.as_str()
            );
        }
        if let Some(locale) = scenario.locale {
            assert_eq!(
                client.get("/api/profile").await.ok()["locale"],
                locale.tag()
            );
        }
        let scopes = client.get("/api/scopes").await.ok();
        for summary in scopes["scopes"].as_array().unwrap() {
            let id = summary["scope"]["id"].as_str().unwrap();
            let expected = scenario.opt_ins.iter().find(|(scope, _)| scope == id);
            assert_eq!(
                summary["opted_in"],
                expected.is_some(),
                "{} {id}",
                scenario.name
            );
            if let Some((_, recipients)) = expected {
                let status = client
                    .get(&format!("/api/scopes/{id}/email-invoice"))
                    .await
                    .ok();
                let got: Vec<&str> = status["recipients"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r.as_str().unwrap())
                    .collect();
                let want: Vec<&str> = recipients.iter().map(|r| r.as_str()).collect();
                assert_eq!(got, want, "{} as {persona}", scenario.name);
            }
        }
        let outbox = client.get("/api/outbox").await.ok();
        let expected_messages = scenario.opt_ins.len() * (1 + scenario.billing_cycles as usize);
        assert_eq!(outbox["total"], expected_messages, "{}", scenario.name);
    }
}

#[tokio::test]
async fn unknown_scenarios_are_not_found() {
    let client = Client::new(&with_scenarios(None), "x");
    let error = client
        .post("/api/admin/scenarios/no-such", json!({}))
        .await
        .error(404, "not_found");
    assert_eq!(error["field"], "name");
}

#[tokio::test]
async fn a_default_scenario_seeds_new_and_reset_sandboxes() {
    let app = with_scenarios(Some("opted-in-three-recipients"));
    let client = Client::new(&app, "fresh");
    assert_eq!(
        client.get("/api/session").await.ok()["persona"]["id"],
        "account-admin"
    );
    assert_eq!(
        client.status("sub-production").await["recipients"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    client
        .post(
            "/api/scopes/sub-production/email-invoice/opt-out",
            json!({}),
        )
        .await
        .ok();
    client.post("/api/admin/reset", json!({})).await.ok();
    assert_eq!(
        client.status("sub-production").await["recipients"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let listed = client.get("/api/admin/scenarios").await.ok();
    assert_eq!(listed["default"], "opted-in-three-recipients");
}

#[test]
fn an_unknown_default_scenario_is_refused() {
    let scenarios = Scenarios::parse("scenarios.toml", BUILT_IN).unwrap();
    let state = AppState::new(Store::open_in_memory().unwrap(), Clock::Frozen(frozen()));
    let error = state.with_scenarios(scenarios, Some("nope")).err().unwrap();
    assert!(error.contains("nope"));
}
