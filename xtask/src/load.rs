//! A small HTTP/1.1 load generator for `cargo xtask bench`: a fixed number of
//! keep-alive connections, one task each, sending the same GET back to back
//! (closed loop). Every response is checked: a non-2xx status, a body other
//! than the expected one, or a transport error is counted, never hidden.
//!
//! A run is a warm-up followed by a measured window; only requests that start
//! and finish inside the window count towards throughput and latency.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use bytes::Bytes;
use hdrhistogram::Histogram;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper::{Method, Request};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

/// The sandbox every benchmark request names (ignored by the other servers).
pub const SANDBOX: &str = "bench";

/// One run's shape.
#[derive(Clone, Copy, Debug)]
pub struct Plan {
    pub connections: usize,
    pub warm_up: Duration,
    pub measure: Duration,
}

/// What one run measured.
pub struct Outcome {
    /// Requests completed inside the measured window.
    pub requests: u64,
    pub window: Duration,
    /// Latency of those requests, in microseconds.
    pub latency_us: Histogram<u64>,
    /// Over the whole run, warm-up included.
    pub non_2xx: u64,
    pub wrong_body: u64,
    pub errors: u64,
}

impl Outcome {
    pub fn requests_per_second(&self) -> f64 {
        self.requests as f64 / self.window.as_secs_f64()
    }

    /// The latency at `quantile` (0.5, 0.99), in milliseconds.
    pub fn latency_ms(&self, quantile: f64) -> f64 {
        self.latency_us.value_at_quantile(quantile) as f64 / 1000.0
    }

    /// Anything but clean 2xx answers with the expected body.
    pub fn failures(&self) -> u64 {
        self.non_2xx + self.wrong_body + self.errors
    }
}

struct TaskTally {
    requests: u64,
    latency_us: Histogram<u64>,
    non_2xx: u64,
    wrong_body: u64,
    errors: u64,
}

fn histogram() -> Histogram<u64> {
    // 1 µs to 60 s, three significant digits.
    Histogram::new_with_bounds(1, 60_000_000, 3).expect("valid histogram bounds")
}

async fn connect(addr: SocketAddr) -> Result<SendRequest<Full<Bytes>>> {
    let stream = TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    let (sender, connection) = http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(async move {
        // Ends when the sender is dropped or the peer closes.
        let _ = connection.await;
    });
    Ok(sender)
}

fn request(
    addr: SocketAddr,
    method: Method,
    path: &str,
    body: Bytes,
) -> Result<Request<Full<Bytes>>> {
    let mut builder = Request::builder()
        .method(method)
        .uri(path)
        .header(hyper::header::HOST, addr.to_string())
        .header("x-mock-sandbox", SANDBOX);
    if !body.is_empty() {
        builder = builder.header(hyper::header::CONTENT_TYPE, "application/json");
    }
    Ok(builder.body(Full::new(body))?)
}

/// One request on a connection of its own: the status and the body.
pub async fn fetch(
    addr: SocketAddr,
    method: Method,
    path: &str,
    body: &str,
) -> Result<(u16, Bytes)> {
    let mut sender = connect(addr).await?;
    let response = sender
        .send_request(request(
            addr,
            method,
            path,
            Bytes::copy_from_slice(body.as_bytes()),
        )?)
        .await?;
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await?.to_bytes();
    Ok((status, bytes))
}

/// `fetch`, expecting a 2xx answer.
pub async fn call(addr: SocketAddr, method: Method, path: &str, body: &str) -> Result<Bytes> {
    let shown = format!("{method} {path}");
    let (status, bytes) = fetch(addr, method, path, body)
        .await
        .with_context(|| format!("{shown} on {addr}"))?;
    if !(200..300).contains(&status) {
        bail!(
            "{shown} on {addr} answered {status}: {}",
            String::from_utf8_lossy(&bytes)
        );
    }
    Ok(bytes)
}

/// Runs `plan` against `GET path` on `addr`; every answer should be `expected`.
pub async fn run(addr: SocketAddr, path: &str, expected: Bytes, plan: Plan) -> Result<Outcome> {
    let start = Instant::now();
    let measure_from = start + plan.warm_up;
    let end = measure_from + plan.measure;
    let mut tasks = Vec::with_capacity(plan.connections);
    for _ in 0..plan.connections {
        let path = path.to_owned();
        let expected = expected.clone();
        tasks.push(tokio::spawn(async move {
            connection_loop(addr, &path, &expected, measure_from, end).await
        }));
    }
    let mut outcome = Outcome {
        requests: 0,
        window: plan.measure,
        latency_us: histogram(),
        non_2xx: 0,
        wrong_body: 0,
        errors: 0,
    };
    for task in tasks {
        let tally = task.await.context("a load task panicked")?;
        outcome.requests += tally.requests;
        outcome.latency_us.add(&tally.latency_us)?;
        outcome.non_2xx += tally.non_2xx;
        outcome.wrong_body += tally.wrong_body;
        outcome.errors += tally.errors;
    }
    Ok(outcome)
}

/// One connection, requests back to back until `end`; reconnects after an error.
async fn connection_loop(
    addr: SocketAddr,
    path: &str,
    expected: &Bytes,
    measure_from: Instant,
    end: Instant,
) -> TaskTally {
    let mut tally = TaskTally {
        requests: 0,
        latency_us: histogram(),
        non_2xx: 0,
        wrong_body: 0,
        errors: 0,
    };
    let mut sender: Option<SendRequest<Full<Bytes>>> = None;
    while Instant::now() < end {
        let connection = match sender.as_mut() {
            Some(connection) => connection,
            None => match connect(addr).await {
                Ok(connection) => sender.insert(connection),
                Err(_) => {
                    tally.errors += 1;
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            },
        };
        if connection.ready().await.is_err() {
            tally.errors += 1;
            sender = None;
            continue;
        }
        let request = match request(addr, Method::GET, path, Bytes::new()) {
            Ok(request) => request,
            Err(_) => {
                tally.errors += 1;
                break;
            }
        };
        let started = Instant::now();
        let answer = match connection.send_request(request).await {
            Ok(response) => {
                let status = response.status();
                response
                    .into_body()
                    .collect()
                    .await
                    .map(|body| (status, body.to_bytes()))
            }
            Err(error) => Err(error),
        };
        let finished = Instant::now();
        match answer {
            Ok((status, body)) => {
                if !status.is_success() {
                    tally.non_2xx += 1;
                } else if body != *expected {
                    tally.wrong_body += 1;
                }
                if started >= measure_from && finished <= end {
                    tally.requests += 1;
                    let micros = (finished - started).as_micros().max(1);
                    tally
                        .latency_us
                        .saturating_record(u64::try_from(micros).unwrap_or(u64::MAX));
                }
            }
            Err(_) => {
                tally.errors += 1;
                sender = None;
            }
        }
    }
    tally
}
