//! The whole server (the router `main` serves, in-memory store, frozen clock)
//! on arbitrary requests: never a panic, never a 5xx, and every error answer is
//! the API's JSON error body.
//!
//! An input is a sequence of calls separated by the byte 0xFF (which valid
//! UTF-8, and so valid JSON, never contains). A call's first byte picks the
//! route (low 4 bits) and the scope, outbox id or scenario (high 4 bits); the
//! rest is the JSON body, or the path segment or query for routes that take
//! text there. The sandbox is reset after every input, so each input is
//! reproducible on its own.
#![no_main]

use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use libfuzzer_sys::fuzz_target;
use mock_server::scenarios::{Scenarios, BUILT_IN};
use mock_server::{app, AppState, Clock, Store};
use shared::api::{paths, ApiError};
use tower::ServiceExt;

const SANDBOX: &str = "fuzz";
const MAX_CALLS: usize = 12;

const SCOPES: [&str; 8] = [
    "sub-production",
    "sub-development",
    "support-standard",
    "reservation-vm",
    "marketplace-backup",
    "sub-government",
    "no-such-scope",
    "%00%0D%0A",
];

const SCENARIOS: [&str; 4] = [
    "opted-in-three-recipients",
    "recipients-at-limit",
    "co-administrator",
    "no-such-scenario",
];

fn server() -> &'static (tokio::runtime::Runtime, Router) {
    static SERVER: OnceLock<(tokio::runtime::Runtime, Router)> = OnceLock::new();
    SERVER.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let store = Store::open_in_memory().unwrap();
        let state = AppState::new(
            store,
            Clock::Frozen("2026-11-26T09:00:00Z".parse().unwrap()),
        )
        .with_scenarios(Scenarios::parse("built-in", BUILT_IN).unwrap(), None)
        .unwrap();
        (runtime, app(state, None))
    })
}

/// The request one call makes, and whether it sets a fault (which ends the input:
/// a fault may legitimately answer 5xx or stall the next calls).
fn request(call: &[u8]) -> Option<(Request<Body>, bool)> {
    let (&selector, body) = call.split_first()?;
    let pick = usize::from(selector >> 4);
    let scope = SCOPES[pick % SCOPES.len()];
    let text = String::from_utf8_lossy(body);
    let segment = paths::encode_segment(&text);
    let (method, uri, json) = match selector & 0x0f {
        0 => (Method::POST, paths::SESSION.to_owned(), true),
        1 => (Method::POST, paths::opt_in(scope), true),
        2 => (Method::POST, paths::opt_out(scope), false),
        3 => (Method::POST, paths::recipients(scope), true),
        4 => (Method::PUT, paths::recipients(scope), true),
        5 => (Method::PUT, paths::PROFILE.to_owned(), true),
        6 => (Method::POST, paths::BILLING_CYCLE.to_owned(), false),
        7 => (Method::PUT, paths::outbox_read(pick as u64), true),
        8 => (
            Method::POST,
            paths::admin_scenario(SCENARIOS[pick % SCENARIOS.len()]),
            false,
        ),
        9 => (
            Method::DELETE,
            format!("{}/{segment}", paths::recipients(scope)),
            false,
        ),
        10 => (
            Method::GET,
            format!("{}?q={segment}&page={pick}", paths::OUTBOX),
            false,
        ),
        11 => (Method::GET, paths::terms(&text), false),
        12 => (Method::GET, paths::email_invoice(scope), false),
        13 => (Method::DELETE, paths::SESSION.to_owned(), false),
        14 => (Method::GET, paths::outbox_message(pick as u64), false),
        _ => (Method::POST, paths::ADMIN_FAULTS.to_owned(), true),
    };
    let fault = uri == paths::ADMIN_FAULTS;
    let mut builder = Request::builder()
        .method(method)
        .uri(uri)
        .header(paths::SANDBOX_HEADER, SANDBOX);
    let body = if json {
        builder = builder.header(header::CONTENT_TYPE, "application/json");
        Body::from(body.to_vec())
    } else {
        Body::empty()
    };
    Some((builder.body(body).expect("a valid request"), fault))
}

async fn send(router: &Router, request: Request<Body>) -> (StatusCode, Vec<u8>) {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    (status, body)
}

fuzz_target!(|data: &[u8]| {
    let (runtime, router) = server();
    runtime.block_on(async {
        for call in data.split(|&b| b == 0xff).take(MAX_CALLS) {
            let Some((request, fault)) = request(call) else {
                continue;
            };
            let shown = format!("{} {}", request.method(), request.uri());
            let (status, body) = send(router, request).await;
            let text = String::from_utf8_lossy(&body);
            assert!(
                !status.is_server_error(),
                "{shown} answered {status}: {text}"
            );
            if status.is_client_error() {
                let error: ApiError = serde_json::from_slice(&body).unwrap_or_else(|e| {
                    panic!("{shown} answered {status} without a JSON error ({e}): {text}")
                });
                assert!(!error.message.is_empty(), "{shown}: {text}");
            }
            if fault {
                break;
            }
        }
        for cleanup in [
            Request::delete(paths::ADMIN_FAULTS),
            Request::post(paths::ADMIN_RESET),
        ] {
            let request = cleanup
                .header(paths::SANDBOX_HEADER, SANDBOX)
                .body(Body::empty())
                .unwrap();
            let (status, body) = send(router, request).await;
            assert!(
                status.is_success(),
                "cleanup: {status} {}",
                String::from_utf8_lossy(&body)
            );
        }
    });
});
