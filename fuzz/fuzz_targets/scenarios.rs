//! The scenario file parser on arbitrary text: it either accepts the file or
//! names what is wrong (file and line), and never panics. Accepted scenarios
//! are applied to a sandbox through the portal's own rules, which must accept
//! what the parser checked.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mock_server::sandbox::SandboxId;
use mock_server::scenarios::{self, Scenarios};
use mock_server::{AppState, Clock, Store};
use shared::api::Cause;

const FROZEN: &str = "2026-11-26T09:00:00Z";

fn state() -> &'static (tokio::runtime::Runtime, AppState) {
    static STATE: OnceLock<(tokio::runtime::Runtime, AppState)> = OnceLock::new();
    STATE.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let store = Store::open_in_memory().unwrap();
        let state = AppState::new(store, Clock::Frozen(FROZEN.parse().unwrap()));
        (runtime, state)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    match Scenarios::parse("fuzz.toml", source) {
        Ok(parsed) => {
            let mut seen = std::collections::HashSet::new();
            for scenario in parsed.all() {
                assert!(seen.insert(&scenario.name), "{} twice", scenario.name);
                assert!(parsed.get(&scenario.name).is_some());
            }
            let (runtime, state) = state();
            for scenario in parsed.all().iter().take(4).cloned() {
                let name = scenario.name.clone();
                let cause = Cause {
                    method: "POST".into(),
                    path: format!("/api/admin/scenarios/{name}"),
                    at: FROZEN.parse().unwrap(),
                };
                runtime
                    .block_on(state.run(SandboxId("fuzz".into()), move |ctx| {
                        mock_server::store::reseed(ctx)?;
                        scenarios::apply(ctx, &scenario, &cause)
                    }))
                    .unwrap_or_else(|e| {
                        panic!("the checked scenario {name} fails to apply: {e:?}")
                    });
            }
        }
        Err(error) => {
            assert!(error.line >= 1, "{error}");
            assert!(error.to_string().starts_with("fuzz.toml:"), "{error}");
        }
    }
});
