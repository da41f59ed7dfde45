//! The real binary with a data file: acknowledged writes survive `kill -9`,
//! also when it lands in the middle of concurrent writes, and the file passes
//! SQLite's `PRAGMA integrity_check` afterwards.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};

/// The real binary on a free loopback port, killed when dropped (also used by the soak).
pub struct Server {
    child: Child,
    pub base: String,
}

/// The first line a started server prints ("Listening on ...", or nothing
/// when it refused to start).
fn first_line(child: &mut Child) -> String {
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    line
}

impl Server {
    pub fn start(data: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mock-server"))
            .args([
                "--listen",
                "127.0.0.1:0",
                "--clock",
                crate::client::FROZEN,
                "--dist",
            ])
            .arg(data.with_extension("no-dist"))
            .arg("--data")
            .arg(data)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts");
        let line = first_line(&mut child);
        let base = line
            .trim()
            .strip_prefix("Listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .trim_end_matches('/')
            .to_owned();
        Server { child, base }
    }

    fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let client = reqwest::blocking::Client::new();
        let mut request = client
            .request(method, format!("{}{path}", self.base))
            .header("x-mock-sandbox", "durable");
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().unwrap();
        let status = response.status().as_u16();
        (status, response.json().unwrap())
    }

    fn kill_9(mut self) {
        // Child::kill sends SIGKILL on Unix: no shutdown code runs.
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn acknowledged_writes_survive_kill_9_and_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("nested/folder/mock.sqlite3");
    let server = Server::start(&data);
    use reqwest::Method;
    let (status, _) = server.call(
        Method::POST,
        "/api/session",
        Some(json!({ "persona_id": "account-admin" })),
    );
    assert_eq!(status, 200);
    let (status, _) = server.call(
        Method::POST,
        "/api/scopes/sub-production/email-invoice/opt-in",
        Some(json!({ "terms_version": mock_server::terms::CURRENT_VERSION })),
    );
    assert_eq!(status, 200);
    let mut acknowledged = Vec::new();
    for i in 0..15 {
        let email = format!("r{i}@tulipworks.example");
        let (status, _) = server.call(
            Method::POST,
            "/api/scopes/sub-production/email-invoice/recipients",
            Some(json!({ "email": email })),
        );
        assert_eq!(status, 200);
        acknowledged.push(email);
    }
    server.kill_9();

    let server = Server::start(&data);
    let (status, body) = server.call(
        Method::GET,
        "/api/scopes/sub-production/email-invoice",
        None,
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["opted_in"], true);
    assert_eq!(body["recipients"], json!(acknowledged));
    let (_, health) = server.call(Method::GET, "/api/health", None);
    assert_eq!(health["schema_version"], mock_server::store::SCHEMA_VERSION);
    server.kill_9();
    assert_intact(&data);
}

/// `PRAGMA integrity_check` on the data file (the server stopped) says "ok".
#[track_caller]
fn assert_intact(data: &Path) {
    let connection = rusqlite::Connection::open(data).unwrap();
    let report: Vec<String> = connection
        .prepare("PRAGMA integrity_check")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(report, ["ok"], "integrity_check of {}", data.display());
    let violations = connection
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |_| Ok(()))
        .unwrap()
        .count();
    assert_eq!(violations, 0, "foreign_key_check of {}", data.display());
}

/// One writer's sandbox: the recipients after its last acknowledged write,
/// and after the write in flight (whose answer the kill may have swallowed).
#[derive(Default, Clone)]
struct Writes {
    acknowledged: Vec<String>,
    in_flight: Option<Vec<String>>,
    count: u64,
}

const WRITERS: usize = 6;

/// Adds recipients one by one and, when the list is full, replaces it with a
/// fresh short one, until the server stops answering.
fn writer(base: String, sandbox: String, log: Arc<Mutex<Writes>>, acked: Arc<AtomicU64>) {
    let client = reqwest::blocking::Client::new();
    let call = |method: reqwest::Method, path: &str, body: Value| {
        client
            .request(method, format!("{base}{path}"))
            .header("x-mock-sandbox", &sandbox)
            .json(&body)
            .send()
    };
    let signed_in = call(
        reqwest::Method::POST,
        "/api/session",
        json!({ "persona_id": "account-admin" }),
    );
    assert_eq!(signed_in.unwrap().status(), 200);
    let opted_in = call(
        reqwest::Method::POST,
        "/api/scopes/sub-production/email-invoice/opt-in",
        json!({ "terms_version": mock_server::terms::CURRENT_VERSION }),
    );
    assert_eq!(opted_in.unwrap().status(), 200);
    let recipients = "/api/scopes/sub-production/email-invoice/recipients";
    for n in 0u64.. {
        let mut next = log.lock().unwrap().acknowledged.clone();
        let email = format!("w{n}@{sandbox}.example");
        let (method, body) = if next.len() < shared::recipients::MAX_RECIPIENTS {
            next.push(email.clone());
            (reqwest::Method::POST, json!({ "email": email }))
        } else {
            next = vec![email, format!("w{n}b@{sandbox}.example")];
            (reqwest::Method::PUT, json!({ "recipients": next }))
        };
        log.lock().unwrap().in_flight = Some(next.clone());
        match call(method, recipients, body) {
            Ok(response) if response.status() == 200 => {
                let mut log = log.lock().unwrap();
                log.acknowledged = next;
                log.in_flight = None;
                log.count += 1;
                acked.fetch_add(1, Ordering::SeqCst);
            }
            Ok(response) => panic!("{sandbox}: a write answered {}", response.status()),
            // The server was killed: this write may or may not have committed.
            Err(_) => return,
        }
    }
}

#[test]
fn kill_9_during_concurrent_writes_loses_no_acknowledged_write_and_no_integrity() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("mock.sqlite3");
    let server = Server::start(&data);
    let acked = Arc::new(AtomicU64::new(0));
    let logs: Vec<Arc<Mutex<Writes>>> = (0..WRITERS).map(|_| Arc::default()).collect();
    let threads: Vec<_> = logs
        .iter()
        .enumerate()
        .map(|(i, log)| {
            let (base, log, acked) = (server.base.clone(), log.clone(), acked.clone());
            std::thread::spawn(move || writer(base, format!("writer-{i}"), log, acked))
        })
        .collect();
    // Kill while every writer is busy: after enough acknowledged writes that
    // several full lists were replaced.
    let started = std::time::Instant::now();
    while acked.load(Ordering::SeqCst) < 40 * WRITERS as u64 {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the writers are stuck"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    server.kill_9();
    for thread in threads {
        thread.join().expect("a writer failed (see above)");
    }
    let total = acked.load(Ordering::SeqCst);

    let server = Server::start(&data);
    for (i, log) in logs.iter().enumerate() {
        let log = log.lock().unwrap().clone();
        assert!(log.count > 0, "writer-{i} wrote nothing");
        let sandbox = format!("writer-{i}");
        let response = reqwest::blocking::Client::new()
            .get(format!(
                "{}/api/scopes/sub-production/email-invoice",
                server.base
            ))
            .header("x-mock-sandbox", &sandbox)
            .send()
            .unwrap();
        assert_eq!(response.status(), 200);
        let body: Value = response.json().unwrap();
        let stored: Vec<String> = serde_json::from_value(body["recipients"].clone()).unwrap();
        // Every acknowledged write is there; the one in flight may be too.
        assert!(
            stored == log.acknowledged || Some(&stored) == log.in_flight.as_ref(),
            "{sandbox}: stored {stored:?}, acknowledged {:?}, in flight {:?}",
            log.acknowledged,
            log.in_flight
        );
    }
    server.kill_9();
    assert_intact(&data);
    assert!(total >= 40 * WRITERS as u64);
}

#[test]
fn a_data_file_from_a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("future.sqlite3");
    let connection = rusqlite::Connection::open(&data).unwrap();
    connection.pragma_update(None, "user_version", 99).unwrap();
    drop(connection);
    let error = match mock_server::Store::open_file(&data) {
        Ok(_) => panic!("a newer schema must be refused"),
        Err(error) => error.to_string(),
    };
    assert!(error.contains("schema version 99"), "{error}");
    // An existing file of the current version opens again, untouched.
    let current = dir.path().join("current.sqlite3");
    drop(mock_server::Store::open_file(&current).unwrap());
    drop(mock_server::Store::open_file(&current).unwrap());
}

/// Starts the server in a new folder with `MOCK_IN_MEMORY=value` and the
/// flags; gives the folder, the first line of its output and its stderr.
fn start_with_in_memory(value: &str, flags: &[&str]) -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_mock-server"))
        .args(["--listen", "127.0.0.1:0", "--clock", crate::client::FROZEN])
        .args(flags)
        .env_remove("MOCK_DATA")
        .env("MOCK_IN_MEMORY", value)
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server starts");
    let line = first_line(&mut child);
    let _ = child.kill();
    let output = child.wait_with_output().unwrap();
    (
        dir,
        line,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// `MOCK_IN_MEMORY` takes the usual ways of saying yes and no: `1` keeps
/// everything in memory (no data file appears), `0` is the default (a file).
#[test]
fn mock_in_memory_reads_one_and_zero() {
    for (value, file_expected) in [("1", false), ("yes", false), ("0", true), ("false", true)] {
        let (dir, line, stderr) = start_with_in_memory(value, &[]);
        assert!(
            line.starts_with("Listening on "),
            "MOCK_IN_MEMORY={value}: the server did not start: {stderr}"
        );
        let file = dir.path().join("mock-server.sqlite3").exists();
        assert_eq!(
            file, file_expected,
            "MOCK_IN_MEMORY={value}: data file made: {file}"
        );
    }
}

/// A `MOCK_IN_MEMORY` that says no is no conflict with `--data` (clap's
/// `conflicts_with` counted it as given and refused the pair); one that says
/// yes is, and the refusal names both.
#[test]
fn mock_in_memory_conflicts_with_data_only_when_it_says_yes() {
    for value in ["0", "false", ""] {
        let (dir, line, stderr) = start_with_in_memory(value, &["--data", "named.sqlite3"]);
        assert!(
            line.starts_with("Listening on "),
            "MOCK_IN_MEMORY={value:?} --data: the server did not start: {stderr}"
        );
        assert!(dir.path().join("named.sqlite3").exists(), "{value:?}");
    }
    let (dir, line, stderr) = start_with_in_memory("1", &["--data", "named.sqlite3"]);
    assert!(line.is_empty(), "MOCK_IN_MEMORY=1 --data started: {line}");
    assert!(
        stderr.contains("--in-memory") && stderr.contains("--data"),
        "{stderr}"
    );
    assert!(!dir.path().join("named.sqlite3").exists());
}
