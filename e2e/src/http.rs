//! A small HTTP/1.1 client for the mock server's JSON API on loopback, used
//! to arrange and check state (reset, faults, scenarios) as a script would:
//! in a sandbox named by the `X-Mock-Sandbox` header.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use serde_json::Value;
use shared::api::paths;

pub struct Api {
    /// host:port
    authority: String,
    sandbox: String,
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
        Self {
            authority: base
                .trim_start_matches("http://")
                .trim_end_matches('/')
                .to_owned(),
            sandbox: sandbox.to_owned(),
        }
    }

    /// Sends a request; fails on a transport error, not on a 4xx/5xx status.
    pub fn send(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Response> {
        let body = body.map(Value::to_string).unwrap_or_default();
        let mut stream = TcpStream::connect(&self.authority)
            .with_context(|| format!("connecting to {}", self.authority))?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\n{}: {}\r\nContent-Type: application/json\r\n\
             Accept: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.authority,
            paths::SANDBOX_HEADER,
            self.sandbox,
            body.len()
        )?;
        let mut raw = Vec::new();
        stream
            .read_to_end(&mut raw)
            .with_context(|| format!("reading the answer to {method} {path}"))?;
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .with_context(|| format!("{method} {path}: no header end in the answer"))?;
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut payload = raw[split + 4..].to_vec();
        let status: u16 = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .with_context(|| format!("{method} {path}: bad status line in {head:?}"))?;
        let chunked = head.lines().any(|l| {
            let l = l.to_ascii_lowercase();
            l.starts_with("transfer-encoding:") && l.contains("chunked")
        });
        if chunked {
            payload = dechunk(&payload)?;
        }
        Ok(Response {
            status,
            body: String::from_utf8_lossy(&payload).into_owned(),
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

fn dechunk(mut data: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data
            .windows(2)
            .position(|w| w == b"\r\n")
            .context("bad chunk")?;
        let size_text = String::from_utf8_lossy(&data[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .context("bad chunk size")?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        if data.len() < size + 2 {
            bail!("truncated chunk");
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dechunks() {
        let body = b"4\r\nWiki\r\n5;x=y\r\npedia\r\n0\r\n\r\n";
        assert_eq!(super::dechunk(body).unwrap(), b"Wikipedia");
        assert!(super::dechunk(b"9\r\nshort\r\n").is_err());
    }
}
