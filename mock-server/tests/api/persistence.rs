//! The real binary with a data file: acknowledged writes survive `kill -9`.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use serde_json::{json, Value};

struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(data: &Path) -> Server {
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
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
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
