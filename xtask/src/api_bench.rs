//! The API and outbox part of `cargo xtask bench`, and the one table it prints.
//!
//! The release mock server, json-server and Mockoon's CLI run side by side on
//! loopback, each serving the same two JSON bodies: the mock server's real
//! answers for the email-invoice status and the recipients list of a prepared
//! sandbox, captured first and then served byte for byte by the other two.
//! [`crate::load`] drives each with 1, 16 and 64 keep-alive connections, one
//! server after the other at each step so that noise from the rest of the
//! machine falls on all three alike. The servers are stopped by drop guards,
//! whatever happens.
//!
//! json-server and Mockoon come from npm, pinned, installed once per user and
//! version into the tools cache, as wasm-opt is (see [`crate::tools`]).

use std::fmt::Write as _;
use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use bytes::Bytes;
use hyper::Method;

use crate::load::{self, Outcome, Plan};
use crate::server_process::ServerProcess;
use crate::{root, run_command, step};

pub const JSON_SERVER_VERSION: &str = "0.17.4";
pub const MOCKOON_CLI_VERSION: &str = "9.9.0";
/// The environment-file schema version `@mockoon/cli` 9.9.0 reads: the id of
/// the last migration in `@mockoon/commons/dist/cjs/libs/migrations.js`.
const MOCKOON_LAST_MIGRATION: u32 = 33;

pub const CONNECTIONS: [usize; 3] = [1, 16, 64];
/// Goals: at least this many times json-server's throughput...
pub const GOAL_RATIO: f64 = 5.0;
/// ... and a p99 below this many milliseconds at 64 connections.
pub const GOAL_P99_MS: f64 = 5.0;

const SCOPE: &str = "/api/scopes/sub-production/email-invoice";
const RECIPIENTS: [&str; 3] = [
    "finance@tulipworks.example",
    "cfo@tulipworks.example",
    "audit@tulipworks.example",
];

/// The two endpoints measured: a short label and the path.
fn endpoints() -> [(&'static str, String); 2] {
    [
        ("status", SCOPE.to_owned()),
        ("recipients", format!("{SCOPE}/recipients")),
    ]
}

/// `--quick`: shorter runs and 10k outbox messages, for a fast look.
pub fn quick_flag(args: &[String]) -> Result<bool> {
    match args {
        [] => Ok(false),
        [flag] if flag == "--quick" => Ok(true),
        _ => bail!("bench takes only --quick, not {args:?}"),
    }
}

/// `cargo xtask` builds xtask unoptimized, and an unoptimized load generator
/// is slow enough to limit what it measures: runs `bench` again from an
/// optimized build. True when it did (and so the caller is done).
pub fn rerun_optimized(args: &[String]) -> Result<bool> {
    if !cfg!(debug_assertions) {
        return Ok(false);
    }
    step(
        "Running the bench from an optimized xtask (the load generator must not be the bottleneck)",
    );
    run_command(
        crate::cargo()
            .args(["run", "--release", "--package", "xtask", "--", "bench"])
            .args(args),
    )?;
    Ok(true)
}

fn plan(connections: usize, quick: bool) -> Plan {
    let (warm_up, measure) = if quick { (500, 1500) } else { (1000, 5000) };
    Plan {
        connections,
        warm_up: Duration::from_millis(warm_up),
        measure: Duration::from_millis(measure),
    }
}

// ---------------------------------------------------------------------------
// Outbox figures: run the outbox bench, echo it, keep its numbers.

/// What `mock-server/benches/outbox.rs` printed.
#[derive(Debug, Default, PartialEq)]
pub struct OutboxFigures {
    pub built_per_second: Option<f64>,
    /// (label, messages in the outbox, median ms) at the largest size.
    pub latencies: Vec<(String, u64, f64)>,
}

pub fn outbox(quick: bool) -> Result<OutboxFigures> {
    let mut command = crate::cargo();
    command
        .args(["bench", "--package", "mock-server", "--bench", "outbox"])
        .current_dir(root())
        .stdout(Stdio::piped());
    if quick && std::env::var_os("OUTBOX_BENCH_MAX").is_none() {
        command.env("OUTBOX_BENCH_MAX", "10000");
    }
    let shown = format!("{command:?}");
    let mut child = command
        .spawn()
        .with_context(|| format!("cannot start {shown}"))?;
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut text = String::new();
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        println!("{line}");
        text.push_str(&line);
        text.push('\n');
    }
    let status = child.wait()?;
    if !status.success() {
        bail!("{shown} failed ({status})");
    }
    let figures = parse_outbox(&text);
    if figures.built_per_second.is_none() || figures.latencies.is_empty() {
        bail!("the outbox bench's output has changed; cannot find its figures");
    }
    Ok(figures)
}

/// Reads "messages built per second ... N" and the "label @SIZE  X ms" lines,
/// keeping the latencies of the largest size.
pub fn parse_outbox(text: &str) -> OutboxFigures {
    let mut figures = OutboxFigures::default();
    for line in text.lines() {
        if line.contains("messages built per second") {
            figures.built_per_second = line.split_whitespace().last().and_then(|n| n.parse().ok());
        } else if let Some((label, rest)) = line.rsplit_once(" @") {
            let mut words = rest.split_whitespace();
            let size = words.next().and_then(|n| n.parse::<u64>().ok());
            let ms = words.next().and_then(|n| n.parse::<f64>().ok());
            if let (Some(size), Some(ms)) = (size, ms) {
                figures.latencies.push((label.trim().to_owned(), size, ms));
            }
        }
    }
    let largest = figures.latencies.iter().map(|l| l.1).max().unwrap_or(0);
    figures.latencies.retain(|l| l.1 == largest);
    figures
}

// ---------------------------------------------------------------------------
// Tools from npm.

fn npm_tool(package: &str, version: &str, dir_name: &str) -> Result<PathBuf> {
    let dir = crate::tools::cache_dir().join(format!("{dir_name}-{version}"));
    let manifest = dir.join("node_modules").join(package).join("package.json");
    let installed = std::fs::read_to_string(&manifest)
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|json| json["version"].as_str().map(str::to_owned));
    if installed.as_deref() != Some(version) {
        crate::tools::npm_install(package, version, &dir)?;
    }
    Ok(dir.join("node_modules/.bin"))
}

// ---------------------------------------------------------------------------
// Servers.

/// Peak resident set size of a live process, in KiB (VmHWM).
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Starts a server from npm on a free port; `args` gets the port appended
/// after the flag that takes it.
fn start_node_server(
    name: &'static str,
    program: &Path,
    args: &[&str],
    port_flag: &str,
    work: &Path,
) -> Result<ServerProcess> {
    let port = free_port()?;
    let log = work.join(format!("{name}.log"));
    let child = Command::new(program)
        .args(args)
        .arg(port_flag)
        .arg(port.to_string())
        .current_dir(work)
        .stdin(Stdio::null())
        // Mockoon logs every request to stdout: let it cost as little as it can.
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log)?)
        .spawn()
        .with_context(|| format!("cannot start {}", program.display()))?;
    Ok(ServerProcess::from_child(
        name,
        child,
        SocketAddr::from(([127, 0, 0, 1], port)),
        &log,
    ))
}

/// Waits until `server` answers `GET path` with 2xx.
async fn wait_ready(server: &mut ServerProcess, path: &str) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        server.check_alive()?;
        if let Ok((200..=299, _)) = load::fetch(server.addr, Method::GET, path, "").await {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!(
                "{} did not answer on {} within 60 s",
                server.name,
                server.addr
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Signs in as the account administrator, opts in and adds three recipients,
/// then captures the two answers to be measured.
async fn prepare(addr: SocketAddr) -> Result<Vec<Bytes>> {
    load::call(
        addr,
        Method::POST,
        "/api/session",
        r#"{"persona_id":"account-admin"}"#,
    )
    .await?;
    load::call(
        addr,
        Method::POST,
        &format!("{SCOPE}/opt-in"),
        r#"{"terms_version":"2026-11"}"#,
    )
    .await?;
    for email in RECIPIENTS {
        load::call(
            addr,
            Method::POST,
            &format!("{SCOPE}/recipients"),
            &serde_json::json!({ "email": email }).to_string(),
        )
        .await?;
    }
    let mut bodies = Vec::new();
    for (_, path) in endpoints() {
        let body = load::call(addr, Method::GET, &path, "").await?;
        serde_json::from_slice::<serde_json::Value>(&body)
            .with_context(|| format!("GET {path} did not answer JSON"))?;
        bodies.push(body);
    }
    Ok(bodies)
}

/// json-server 0.17 (classic): a db.json with the two bodies as singular
/// resources, routes.json mapping the API paths onto them, and a middleware
/// that turns off its pretty-printing so the bodies are the same bytes.
fn write_json_server_files(work: &Path, bodies: &[Bytes]) -> Result<()> {
    let text = |b: &Bytes| String::from_utf8(b.to_vec()).context("a body is not UTF-8");
    // Raw text, not re-serialized: the key order must stay as captured.
    let db = format!(
        "{{\"status\":{},\"recipients\":{}}}\n",
        text(&bodies[0])?,
        text(&bodies[1])?
    );
    std::fs::write(work.join("db.json"), db)?;
    let routes = serde_json::json!({
        format!("{SCOPE}/recipients"): "/recipients",
        SCOPE: "/status",
    });
    std::fs::write(work.join("routes.json"), routes.to_string())?;
    std::fs::write(
        work.join("compact.js"),
        "// Serve the bodies compact, as captured (json-server indents by default).\n\
         module.exports = (req, res, next) => { req.app.set('json spaces', 0); next(); };\n",
    )?;
    Ok(())
}

/// A Mockoon environment (schema of @mockoon/commons 9.9.0, migration 33):
/// one GET route per endpoint answering the captured body, templating off.
fn write_mockoon_file(work: &Path, bodies: &[Bytes]) -> Result<()> {
    let mut routes = Vec::new();
    for (index, ((_, path), body)) in endpoints().iter().zip(bodies).enumerate() {
        routes.push(serde_json::json!({
            "uuid": format!("00000000-0000-4000-8000-00000000010{index}"),
            "type": "http",
            "documentation": "",
            "method": "get",
            "endpoint": path.trim_start_matches('/'),
            "responses": [{
                "uuid": format!("00000000-0000-4000-8000-00000000020{index}"),
                "body": String::from_utf8(body.to_vec())?,
                "latency": 0,
                "statusCode": 200,
                "label": "",
                "headers": [{ "key": "Content-Type", "value": "application/json" }],
                "bodyType": "INLINE",
                "filePath": "",
                "databucketID": "",
                "sendFileAsBody": false,
                "rules": [],
                "rulesOperator": "OR",
                "disableTemplating": true,
                "fallbackTo404": false,
                "default": true,
                "crudKey": "id",
                "callbacks": []
            }],
            "responseMode": null,
            "streamingMode": null,
            "streamingInterval": 0
        }));
    }
    let root_children: Vec<_> = routes
        .iter()
        .map(|r| serde_json::json!({ "type": "route", "uuid": r["uuid"] }))
        .collect();
    let environment = serde_json::json!({
        "uuid": "00000000-0000-4000-8000-000000000001",
        "lastMigration": MOCKOON_LAST_MIGRATION,
        "name": "email-invoice-bench",
        "endpointPrefix": "",
        "latency": 0,
        "port": 3000,
        "hostname": "127.0.0.1",
        "folders": [],
        "routes": routes,
        "rootChildren": root_children,
        "proxyMode": false,
        "proxyHost": "",
        "proxyRemovePrefix": false,
        "tlsOptions": {
            "enabled": false, "type": "CERT", "pfxPath": "", "certPath": "",
            "keyPath": "", "caPath": "", "passphrase": ""
        },
        "cors": false,
        "headers": [],
        "proxyReqHeaders": [],
        "proxyResHeaders": [],
        "data": [],
        "callbacks": []
    });
    std::fs::write(
        work.join("mockoon.json"),
        serde_json::to_string_pretty(&environment)?,
    )?;
    Ok(())
}

/// One measured run: which server, endpoint and connection count.
pub struct Run {
    pub server: &'static str,
    pub endpoint: &'static str,
    pub connections: usize,
    pub outcome: Outcome,
}

pub struct ApiFigures {
    pub runs: Vec<Run>,
    /// (server, VmHWM KiB) after the load.
    pub peak_rss_kib: Vec<(&'static str, Option<u64>)>,
    pub plan: Plan,
    /// The machine's 1-minute load average before and after the runs.
    pub load_average: (String, String),
}

/// A temporary folder, removed when dropped.
struct WorkDir(PathBuf);

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn api(quick: bool, executable: &Path) -> Result<ApiFigures> {
    let json_server_bin = npm_tool("json-server", JSON_SERVER_VERSION, "json-server")?;
    let mockoon_bin = npm_tool("@mockoon/cli", MOCKOON_CLI_VERSION, "mockoon-cli")?;
    let work = WorkDir(
        std::env::temp_dir().join(format!("email-invoice-api-bench-{}", std::process::id())),
    );
    std::fs::create_dir_all(&work.0)?;
    // One thread for the load generator: it takes at most one core from the
    // server under test (on this two-core machine, it measured no slower).
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(measure_all(
        executable,
        &json_server_bin,
        &mockoon_bin,
        &work.0,
        quick,
    ))
}

async fn measure_all(
    executable: &Path,
    json_server_bin: &Path,
    mockoon_bin: &Path,
    work: &Path,
    quick: bool,
) -> Result<ApiFigures> {
    step("API: preparing the sandbox and capturing the two answers");
    let mut ours = ServerProcess::start_mock_server(
        executable,
        &root().join("dist"),
        &[],
        &work.join("mock-server.log"),
    )?;
    let bodies = prepare(ours.addr).await?;
    write_json_server_files(work, &bodies)?;
    write_mockoon_file(work, &bodies)?;

    step(&format!(
        "API: starting json-server {JSON_SERVER_VERSION} and Mockoon CLI {MOCKOON_CLI_VERSION}"
    ));
    let mut json_server = start_node_server(
        "json-server",
        &json_server_bin.join("json-server"),
        &[
            "db.json",
            "--routes",
            "routes.json",
            "--middlewares",
            "compact.js",
            "--host",
            "127.0.0.1",
            "--quiet",
            "--no-cors",
        ],
        "--port",
        work,
    )?;
    let mut mockoon = start_node_server(
        "mockoon",
        &mockoon_bin.join("mockoon-cli"),
        &[
            "start",
            "--data",
            "mockoon.json",
            "--hostname",
            "127.0.0.1",
            "--disable-log-to-file",
            "--disable-admin-api",
        ],
        "--port",
        work,
    )?;
    let (_, first_path) = &endpoints()[0];
    wait_ready(&mut json_server, first_path).await?;
    wait_ready(&mut mockoon, first_path).await?;

    // Every server must answer both endpoints with exactly the captured bytes.
    for server in [&ours, &json_server, &mockoon] {
        for ((_, path), body) in endpoints().iter().zip(&bodies) {
            let got = load::call(server.addr, Method::GET, path, "").await?;
            if got != body {
                bail!(
                    "{} answers GET {path} with\n{}\ninstead of\n{}",
                    server.name,
                    String::from_utf8_lossy(&got),
                    String::from_utf8_lossy(body)
                );
            }
        }
    }

    let plan_shown = plan(1, quick);
    step(&format!(
        "API: {} s warm-up + {} s measured per run, 1/16/64 connections, 3 servers x 2 endpoints",
        plan_shown.warm_up.as_secs_f64(),
        plan_shown.measure.as_secs_f64()
    ));
    let load_before = load_average();
    let mut runs = Vec::new();
    for ((endpoint, path), body) in endpoints().into_iter().zip(&bodies) {
        for connections in CONNECTIONS {
            for server in [&mut ours, &mut json_server, &mut mockoon] {
                server.check_alive()?;
                let outcome =
                    load::run(server.addr, &path, body.clone(), plan(connections, quick)).await?;
                eprintln!(
                    "    {endpoint:<10} {connections:>2} conns  {:<11} {:>9.0} req/s  p50 {:>6.2} ms  p99 {:>6.2} ms  failures {}",
                    server.name,
                    outcome.requests_per_second(),
                    outcome.latency_ms(0.5),
                    outcome.latency_ms(0.99),
                    outcome.failures()
                );
                runs.push(Run {
                    server: server.name,
                    endpoint,
                    connections,
                    outcome,
                });
            }
        }
    }
    let peak_rss_kib = [&ours, &json_server, &mockoon]
        .iter()
        .map(|s| (s.name, peak_rss_kib(s.pid())))
        .collect();
    Ok(ApiFigures {
        runs,
        peak_rss_kib,
        plan: plan_shown,
        load_average: (load_before, load_average()),
    })
}

// ---------------------------------------------------------------------------
// The table.

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|rest| rest.trim_start_matches([' ', '\t', ':']).trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let memory_gib = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|rest| {
                    rest.trim()
                        .trim_end_matches("kB")
                        .trim()
                        .parse::<f64>()
                        .ok()
                })
        })
        .map_or_else(|| "?".into(), |kib| format!("{:.1}", kib / 1024.0 / 1024.0));
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{cores} cores, {cpu}, {memory_gib} GiB")
}

/// The 1-minute load average (other work on the machine skews the figures).
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into())
}

fn today() -> String {
    Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| "unknown date".into())
}

fn find<'a>(
    runs: &'a [Run],
    server: &str,
    endpoint: &str,
    connections: usize,
) -> Option<&'a Outcome> {
    runs.iter()
        .find(|r| r.server == server && r.endpoint == endpoint && r.connections == connections)
        .map(|r| &r.outcome)
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or_else(|| "?".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
}

/// The table, as text: every run, the other figures, whether each goal is
/// met, and any run with failures, named.
pub fn table(bundle_gzip: u64, outbox: &OutboxFigures, api: &ApiFigures) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "\nFIGURES  {}  ({})", today(), machine());
    let _ = writeln!(
        w,
        "API: loopback, keep-alive, {} s measured after {} s warm-up per run; the load generator (one thread) \
         shares the machine's cores with the server; load average {} before, {} after",
        api.plan.measure.as_secs_f64(),
        api.plan.warm_up.as_secs_f64(),
        api.load_average.0,
        api.load_average.1
    );
    let _ = writeln!(
        w,
        "  {:<11} {:>5}  {:<12} {:>9} {:>8} {:>8} {:>8}   {:>10} {:>9}",
        "endpoint",
        "conns",
        "server",
        "req/s",
        "p50 ms",
        "p99 ms",
        "failures",
        "ours/this",
        "p99 o/t"
    );
    let mut ratios = Vec::new();
    let mut failed_runs = Vec::new();
    for (endpoint, _) in endpoints() {
        for connections in CONNECTIONS {
            let ours = find(&api.runs, "mock-server", endpoint, connections);
            for server in ["mock-server", "json-server", "mockoon"] {
                let Some(outcome) = find(&api.runs, server, endpoint, connections) else {
                    continue;
                };
                let (ratio, p99_ratio) = match (server, ours) {
                    ("mock-server", _) | (_, None) => (String::new(), String::new()),
                    (_, Some(ours)) => {
                        let ratio = ours.requests_per_second() / outcome.requests_per_second();
                        if server == "json-server" {
                            ratios.push((ratio, endpoint, connections));
                        }
                        (
                            format!("{ratio:.1}x"),
                            format!("{:.2}x", ours.latency_ms(0.99) / outcome.latency_ms(0.99)),
                        )
                    }
                };
                let flag = if outcome.failures() > 0 {
                    failed_runs.push(format!(
                        "{server} {endpoint} @{connections}: {} non-2xx, {} wrong bodies, {} errors",
                        outcome.non_2xx, outcome.wrong_body, outcome.errors
                    ));
                    " !"
                } else {
                    ""
                };
                let _ = writeln!(
                    w,
                    "  {:<11} {:>5}  {:<12} {:>9.0} {:>8.2} {:>8.2} {:>8}{flag:2} {:>10} {:>9}",
                    endpoint,
                    connections,
                    server,
                    outcome.requests_per_second(),
                    outcome.latency_ms(0.5),
                    outcome.latency_ms(0.99),
                    outcome.failures(),
                    ratio,
                    p99_ratio
                );
            }
        }
    }
    let _ = writeln!(w, "  (ours/this: mock-server's req/s over this server's; p99 o/t: mock-server's p99 over this server's)");
    for (server, kib) in &api.peak_rss_kib {
        let _ = writeln!(
            w,
            "  peak RSS after the load (VmHWM), {server:<12} {:>12}",
            mib(*kib)
        );
    }
    let _ = writeln!(
        w,
        "  bundle, gzip bytes (dist/, release)               {:>12}   (budget {}: {})",
        bundle_gzip,
        crate::bench::BUNDLE_BUDGET_BYTES,
        if bundle_gzip <= crate::bench::BUNDLE_BUDGET_BYTES {
            "within"
        } else {
            "OVER"
        }
    );
    if let Some(rate) = outbox.built_per_second {
        let _ = writeln!(
            w,
            "  outbox messages built per second (MIME + PDF)    {rate:>12.0}"
        );
    }
    for (label, size, ms) in &outbox.latencies {
        let _ = writeln!(w, "  outbox {label:<34} @{size:<7} {ms:>8.2} ms (median)");
    }

    // Goals.
    let ours_clean = api
        .runs
        .iter()
        .filter(|r| r.server == "mock-server")
        .all(|r| r.outcome.failures() == 0);
    let weakest = ratios.iter().copied().min_by(|a, b| a.0.total_cmp(&b.0));
    let ratio_met = ours_clean && weakest.is_some_and(|(ratio, _, _)| ratio >= GOAL_RATIO);
    let _ = writeln!(
        w,
        "  goal: >= {GOAL_RATIO}x json-server's throughput (every endpoint and connection count): {}{}",
        if ratio_met { "MET" } else { "NOT MET" },
        weakest.map_or_else(String::new, |(r, e, c)| format!(" (lowest {r:.1}x: {e} @{c})"))
    );
    let p99s: Vec<(f64, &str)> = endpoints()
        .iter()
        .filter_map(|(e, _)| {
            find(&api.runs, "mock-server", e, 64).map(|o| (o.latency_ms(0.99), *e))
        })
        .collect();
    let p99_met = ours_clean && !p99s.is_empty() && p99s.iter().all(|(p, _)| *p < GOAL_P99_MS);
    let shown: Vec<String> = p99s.iter().map(|(p, e)| format!("{e} {p:.2} ms")).collect();
    let _ = writeln!(
        w,
        "  goal: p99 < {GOAL_P99_MS} ms at 64 connections: {} ({})",
        if p99_met { "MET" } else { "NOT MET" },
        shown.join(", ")
    );
    if failed_runs.is_empty() {
        let _ = writeln!(
            w,
            "  failures: none (every answer 2xx with the captured body)"
        );
    } else {
        let _ = writeln!(w, "  RUNS WITH FAILURES (marked !):");
        for run in failed_runs {
            let _ = writeln!(w, "    {run}");
        }
    }
    out.lines()
        .map(|line| line.trim_end().to_owned() + "\n")
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_outbox_figures_of_the_largest_size() {
        let text = "\
outbox                                        figure
  messages built per second (MIME + PDF)           1234
  average message size, bytes                     45678
  messages stored per second (1000 a transaction)   2345
  list, newest 50                    @ 10000      1.50 ms (median of 15)
  search to:finance                  @ 10000      2.50 ms (median of 15)
  messages stored per second (1000 a transaction)   2300
  list, newest 50                    @100000      3.25 ms (median of 15)
  search subject:\"2003\"              @100000     12.00 ms (median of 15)
";
        let figures = parse_outbox(text);
        assert_eq!(figures.built_per_second, Some(1234.0));
        assert_eq!(
            figures.latencies,
            vec![
                ("list, newest 50".to_owned(), 100_000, 3.25),
                ("search subject:\"2003\"".to_owned(), 100_000, 12.0),
            ]
        );
    }

    #[test]
    fn the_flag_is_only_quick() {
        assert!(!quick_flag(&[]).unwrap());
        assert!(quick_flag(&["--quick".into()]).unwrap());
        assert!(quick_flag(&["--slow".into()]).is_err());
    }
}
