//! Soak: many sandboxes at once against the real binary on loopback, for a
//! fixed time. Each client opts in, adds and removes recipients, replaces the
//! list, runs billing cycles and opts out, keeping a model of what its sandbox
//! should hold; every answer must be the one the model predicts, none a 5xx.
//! Afterwards each sandbox holds exactly what its client did: the recipients
//! and opt-ins of the model, and as many outbox messages as it expected.
//!
//! Ignored by plain `cargo test` (it takes its time and all the CPU);
//! `cargo xtask soak [--seconds N]` runs it for 60 s by default, and
//! `cargo xtask test` for a short while. `SOAK_SECONDS` and `SOAK_SANDBOXES`
//! set the length and the number of sandboxes.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::persistence::Server;

const SCOPES: [&str; 2] = ["sub-production", "support-standard"];
const MAX_RECIPIENTS: usize = shared::recipients::MAX_RECIPIENTS;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[derive(Default)]
struct Figures {
    requests: AtomicU64,
    server_errors: AtomicU64,
}

/// A small deterministic random source (xorshift), one per sandbox.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// What one scope of the sandbox should hold.
#[derive(Default, Clone)]
struct ScopeModel {
    opted_in: bool,
    recipients: Vec<String>,
}

struct Tester {
    http: reqwest::Client,
    base: String,
    sandbox: String,
    figures: Arc<Figures>,
    rng: Rng,
    scopes: [ScopeModel; 2],
    messages: u64,
    next_address: u64,
}

impl Tester {
    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let mut request = self
            .http
            .request(method.clone(), format!("{}{path}", self.base))
            .header("x-mock-sandbox", &self.sandbox);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("{}: {method} {path}: {e}", self.sandbox));
        self.figures.requests.fetch_add(1, Ordering::Relaxed);
        let status = response.status();
        if status.is_server_error() {
            self.figures.server_errors.fetch_add(1, Ordering::Relaxed);
        }
        let bytes = response.bytes().await.unwrap();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or_else(|e| {
                panic!(
                    "{}: {method} {path} answered {status} without JSON ({e}): {}",
                    self.sandbox,
                    String::from_utf8_lossy(&bytes)
                )
            })
        };
        (status, body)
    }

    /// Calls and asserts the status the model predicts.
    async fn expect(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        expected: u16,
    ) -> Value {
        let shown = format!("{method} {path} {body:?}");
        let (status, answer) = self.call(method, path, body).await;
        assert_eq!(
            status.as_u16(),
            expected,
            "{}: {shown} answered {answer}",
            self.sandbox
        );
        answer
    }

    fn new_address(&mut self) -> String {
        self.next_address += 1;
        format!("r{}.{}@soak.example", self.next_address, self.sandbox)
    }

    /// The scope's state as the server reports it equals the model.
    async fn check_scope(&self, index: usize) {
        let scope = SCOPES[index];
        let model = &self.scopes[index];
        let path = format!("/api/scopes/{scope}/email-invoice");
        let status = self.expect(Method::GET, &path, None, 200).await;
        assert_eq!(
            status["opted_in"], model.opted_in,
            "{}: {scope}",
            self.sandbox
        );
        assert_eq!(
            status["recipients"],
            json!(model.recipients),
            "{}: {scope}",
            self.sandbox
        );
    }

    async fn step(&mut self) {
        let index = self.rng.below(SCOPES.len());
        let scope = SCOPES[index];
        let recipients = format!("/api/scopes/{scope}/email-invoice/recipients");
        if !self.scopes[index].opted_in {
            let path = format!("/api/scopes/{scope}/email-invoice/opt-in");
            let body = json!({ "terms_version": mock_server::terms::CURRENT_VERSION });
            self.expect(Method::POST, &path, Some(body), 200).await;
            self.scopes[index] = ScopeModel {
                opted_in: true,
                recipients: Vec::new(),
            };
            self.messages += 1; // the confirmation
            return;
        }
        match self.rng.below(100) {
            0..=39 => {
                let address = self.new_address();
                let full = self.scopes[index].recipients.len() >= MAX_RECIPIENTS;
                let answer = self
                    .expect(
                        Method::POST,
                        &recipients,
                        Some(json!({ "email": address })),
                        if full { 422 } else { 200 },
                    )
                    .await;
                if full {
                    assert_eq!(answer["code"], "too_many_recipients");
                } else {
                    self.scopes[index].recipients.push(address);
                }
            }
            40..=44 => {
                // An existing address in other letters is a duplicate.
                let list = &self.scopes[index].recipients;
                if let Some(existing) = list.get(self.rng.below(list.len().max(1))) {
                    let shouted = existing.to_ascii_uppercase();
                    let answer = self
                        .expect(
                            Method::POST,
                            &recipients,
                            Some(json!({ "email": shouted })),
                            409,
                        )
                        .await;
                    assert_eq!(answer["code"], "duplicate_recipient");
                }
            }
            45..=64 => {
                let list = &self.scopes[index].recipients;
                if !list.is_empty() {
                    let gone = list[self.rng.below(list.len())].clone();
                    let path = shared::api::paths::recipient(scope, &gone);
                    self.expect(Method::DELETE, &path, None, 200).await;
                    self.scopes[index].recipients.retain(|r| *r != gone);
                }
            }
            65..=74 => {
                // Done: keep some, add one.
                let mut list = Vec::new();
                for address in self.scopes[index].recipients.clone() {
                    if self.rng.below(3) != 0 {
                        list.push(address);
                    }
                }
                list.truncate(MAX_RECIPIENTS - 1);
                list.push(self.new_address());
                self.expect(
                    Method::PUT,
                    &recipients,
                    Some(json!({ "recipients": list })),
                    200,
                )
                .await;
                self.scopes[index].recipients = list;
            }
            75..=86 => {
                let answer = self
                    .expect(Method::POST, "/api/billing-cycle", None, 200)
                    .await;
                let sent = self.scopes.iter().filter(|s| s.opted_in).count() as u64;
                let messages = answer["messages"].as_array().map_or(0, Vec::len) as u64;
                assert_eq!(messages, sent, "{}: billing cycle", self.sandbox);
                self.messages += sent;
            }
            87..=91 => {
                let path = format!("/api/scopes/{scope}/email-invoice/opt-out");
                self.expect(Method::POST, &path, None, 200).await;
                self.scopes[index] = ScopeModel::default();
            }
            _ => self.check_scope(index).await,
        }
    }
}

async fn tester(
    http: reqwest::Client,
    base: String,
    number: u64,
    figures: Arc<Figures>,
    deadline: Instant,
) -> Tester {
    let mut tester = Tester {
        http,
        base,
        sandbox: format!("soak-{number:03}"),
        figures,
        rng: Rng(0x9E37_79B9_7F4A_7C15 ^ (number + 1).wrapping_mul(0x2545_F491_4F6C_DD1D)),
        scopes: Default::default(),
        messages: 0,
        next_address: 0,
    };
    let body = json!({ "persona_id": "account-admin" });
    tester
        .expect(Method::POST, "/api/session", Some(body), 200)
        .await;
    while Instant::now() < deadline {
        tester.step().await;
    }
    tester
}

#[test]
#[ignore = "takes its time: run by `cargo xtask soak` and, briefly, `cargo xtask test`"]
fn soak_many_sandboxes_each_holds_what_its_client_did() {
    let seconds = env_number("SOAK_SECONDS", 60);
    let sandboxes = env_number("SOAK_SANDBOXES", 200);
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&dir.path().join("soak.sqlite3"));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let figures = Arc::new(Figures::default());
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(sandboxes as usize)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();

    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let testers = runtime.block_on(async {
        let tasks: Vec<_> = (0..sandboxes)
            .map(|n| {
                tokio::spawn(tester(
                    http.clone(),
                    server.base.clone(),
                    n,
                    figures.clone(),
                    deadline,
                ))
            })
            .collect();
        let mut testers = Vec::new();
        for task in tasks {
            testers.push(task.await.expect("a tester panicked (see above)"));
        }
        testers
    });
    let elapsed = started.elapsed();
    let requests = figures.requests.load(Ordering::Relaxed);

    // Afterwards, every sandbox holds exactly what its client did.
    runtime.block_on(async {
        for tester in &testers {
            for index in 0..SCOPES.len() {
                tester.check_scope(index).await;
            }
            let page = tester
                .expect(Method::GET, "/api/outbox?per_page=1", None, 200)
                .await;
            assert_eq!(
                page["total"], tester.messages,
                "{}: outbox messages",
                tester.sandbox
            );
        }
    });
    let messages: u64 = testers.iter().map(|t| t.messages).sum();
    let recipients: usize = testers
        .iter()
        .flat_map(|t| t.scopes.iter())
        .map(|s| s.recipients.len())
        .sum();
    println!(
        "soak: {sandboxes} sandboxes for {:.1} s: {requests} requests ({:.0}/s), {} 5xx, \
         {messages} messages and {recipients} recipients held as expected",
        elapsed.as_secs_f64(),
        requests as f64 / elapsed.as_secs_f64(),
        figures.server_errors.load(Ordering::Relaxed),
    );
    assert_eq!(figures.server_errors.load(Ordering::Relaxed), 0);
    assert!(
        requests >= sandboxes * 2,
        "each sandbox made more than its sign-in"
    );
}
