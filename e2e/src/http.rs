//! The mock server's JSON API on loopback, used to arrange and check state
//! (reset, faults, scenarios) as a script would: in a sandbox named by the
//! `X-Mock-Sandbox` header. HTTP is ureq's; this adds the sandbox and JSON.

use std::time::Duration;

use anyhow::{bail, Context, Result};
use serde_json::Value;
use shared::api::paths;

pub struct Api {
    /// http://host:port
    base: String,
    sandbox: String,
    agent: ureq::Agent,
}

pub struct Response {
    pub status: u16,
    pub body: String,
}

impl Response {
    pub fn json(&self) -> Result<Value> {
        serde_json::from_str(&self.body).with_context(|| format!("not JSON: {}", self.body))
    }
}

impl Api {
    pub fn new(base: &str, sandbox: &str) -> Self {
        let agent = ureq::Agent::config_builder()
            // A 4xx or 5xx is an answer to check, not a transport error.
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        Self {
            base: base.trim_end_matches('/').to_owned(),
            sandbox: sandbox.to_owned(),
            agent,
        }
    }

    /// Sends a request; fails on a transport error, not on a 4xx/5xx status.
    /// A body that is not UTF-8 (a PDF) is kept as lossy text.
    pub fn send(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Response> {
        let request = ureq::http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base))
            .header(paths::SANDBOX_HEADER, &self.sandbox)
            .header("accept", "application/json");
        let answer = match body {
            Some(body) => self.agent.run(
                request
                    .header("content-type", "application/json")
                    .body(body.to_string())?,
            ),
            None => self.agent.run(request.body(())?),
        };
        let mut response = answer.with_context(|| format!("{method} {path}"))?;
        let bytes = response
            .body_mut()
            .read_to_vec()
            .with_context(|| format!("reading the answer to {method} {path}"))?;
        Ok(Response {
            status: response.status().as_u16(),
            body: String::from_utf8_lossy(&bytes).into_owned(),
        })
    }

    /// Sends a request that must succeed (2xx); returns its JSON (or Null).
    pub fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value> {
        let response = self.send(method, path, body.as_ref())?;
        if !(200..300).contains(&response.status) {
            bail!(
                "{method} {path} answered {}: {}",
                response.status,
                response.body
            );
        }
        if response.body.trim().is_empty() {
            Ok(Value::Null)
        } else {
            response.json()
        }
    }
}
