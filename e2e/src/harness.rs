//! The processes a test needs: the mock server and chromedriver, each on a free
//! port, each behind a guard that kills it when dropped (a failing or panicking
//! test included). Chromium is killed by its user-data folder, which is unique.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, OnceLock};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::browser::Browser;
use crate::steps::{Locale, Theme};

/// The server's frozen clock: invoices, numbers and dates derive from it.
pub const CLOCK: &str = "2026-11-26T09:00:00Z";

/// Debian's Chromium and its driver (`cargo xtask test` installs them).
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("e2e lives inside the workspace")
        .to_path_buf()
}

/// Cargo's target folder: `CARGO_TARGET_DIR`, else `<workspace>/target`.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| {
            if p.is_absolute() {
                p
            } else {
                workspace_root().join(p)
            }
        })
        .unwrap_or_else(|| workspace_root().join("target"))
}

/// The built app: `E2E_DIST` (set by `cargo xtask`), else `<workspace>/dist`.
pub fn dist_dir() -> Result<PathBuf> {
    let dist = std::env::var_os("E2E_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("dist"));
    if !dist.join("index.html").is_file() {
        bail!(
            "the e2e tests need the built app, and {} has no index.html: run `cargo xtask build` \
             (or set E2E_DIST to a folder built by trunk)",
            dist.display()
        );
    }
    Ok(dist)
}

/// The mock server binary: `E2E_MOCK_SERVER`, else built with cargo (a no-op
/// when it is fresh) and located from cargo's own report.
pub fn server_binary() -> Result<PathBuf> {
    static BINARY: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    BINARY
        .get_or_init(|| locate_server().map_err(|e| format!("{e:#}")))
        .clone()
        .map_err(anyhow::Error::msg)
}

fn locate_server() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("E2E_MOCK_SERVER") {
        return Ok(PathBuf::from(path));
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "build",
            "--package",
            "mock-server",
            "--bin",
            "mock-server",
            "--message-format=json-render-diagnostics",
        ])
        .current_dir(workspace_root())
        .stderr(Stdio::inherit())
        .output()
        .context("running cargo build --package mock-server")?;
    if !output.status.success() {
        bail!(
            "cargo build --package mock-server failed ({})",
            output.status
        );
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "mock-server")
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .context("cargo built mock-server but did not report its executable")
}

/// A child process, killed (and reaped) when dropped.
pub struct ChildGuard {
    child: Child,
    what: &'static str,
}

impl ChildGuard {
    pub fn new(child: Child, what: &'static str) -> Self {
        Self { child, what }
    }

    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Fails if the process has already exited.
    pub fn check_running(&mut self) -> Result<()> {
        if let Some(status) = self.child.try_wait()? {
            bail!("{} exited early ({status})", self.what);
        }
        Ok(())
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The mock server: in memory, frozen clock, serving the built app.
pub struct Server {
    pub base: String,
    _process: ChildGuard,
}

impl Server {
    pub fn start() -> Result<Self> {
        let binary = server_binary()?;
        let dist = dist_dir()?;
        let mut command = Command::new(&binary);
        command
            .args(["--listen", "127.0.0.1:0", "--in-memory", "--clock", CLOCK])
            .arg("--dist")
            .arg(&dist)
            // No scenario file from the working folder: the built-in copy.
            .current_dir(workspace_root())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(if std::env::var_os("E2E_SERVER_LOG").is_some() {
                Stdio::inherit()
            } else {
                Stdio::null()
            });
        let mut child = command
            .spawn()
            .with_context(|| format!("starting {}", binary.display()))?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let process = ChildGuard::new(child, "mock-server");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut sent = false;
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if !sent {
                    if let Some(rest) = line.strip_prefix("Listening on ") {
                        let _ = tx.send(rest.trim().trim_end_matches('/').to_owned());
                        sent = true;
                    }
                }
            }
        });
        let base = match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(base) => base,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                anyhow::bail!("mock-server did not print `Listening on ...` within 30 s")
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => anyhow::bail!(
                "mock-server exited before it was listening (set E2E_SERVER_LOG=1 to see its log)"
            ),
        };
        Ok(Self {
            base,
            _process: process,
        })
    }
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// chromedriver on a free port.
pub struct Driver {
    pub url: String,
    _process: ChildGuard,
}

impl Driver {
    pub fn start() -> Result<Self> {
        for &path in &[CHROMIUM, CHROMEDRIVER] {
            if !Path::new(path).is_file() {
                bail!(
                    "{path} is missing: the e2e tests need Debian's Chromium and ChromeDriver \
                     (sudo apt-get install chromium chromium-driver; `cargo xtask test` does it as root)"
                );
            }
        }
        let mut last_error = None;
        // The port is free when picked; another process may take it before
        // chromedriver binds it, so try a few.
        for _ in 0..3 {
            let port = free_port()?;
            let child = Command::new(CHROMEDRIVER)
                .arg(format!("--port={port}"))
                .arg("--log-level=SEVERE")
                // Dates the browser formats do not depend on the machine's zone.
                .env("TZ", "UTC")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .context("starting chromedriver")?;
            let mut process = ChildGuard::new(child, "chromedriver");
            let url = format!("http://127.0.0.1:{port}");
            let deadline = Instant::now() + Duration::from_secs(20);
            loop {
                if let Err(e) = process.check_running() {
                    last_error = Some(e);
                    break;
                }
                if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return Ok(Self {
                        url,
                        _process: process,
                    });
                }
                if Instant::now() > deadline {
                    last_error = Some(anyhow::anyhow!(
                        "chromedriver did not listen on port {port} within 20 s"
                    ));
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        Err(last_error.unwrap_or_else(|| anyhow::anyhow!("chromedriver did not start")))
    }
}

/// A fresh Chromium profile folder; on drop, kills every process started with
/// it (Chromium and its helpers, by id) and removes it.
pub struct ProfileDir {
    pub path: PathBuf,
}

impl ProfileDir {
    pub fn new() -> Result<Self> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let path = std::env::temp_dir().join(format!(
            "e2e-chromium-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).with_context(|| format!("creating {}", path.display()))?;
        Ok(Self { path })
    }

    /// The processes whose command line names this folder.
    fn processes(&self) -> Vec<u32> {
        let needle = format!("--user-data-dir={}", self.path.display());
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return Vec::new();
        };
        entries
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
            .filter(|pid| {
                std::fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|cmdline| {
                    cmdline
                        .split(|&b| b == 0)
                        .any(|arg| arg == needle.as_bytes())
                })
            })
            .collect()
    }
}

impl Drop for ProfileDir {
    fn drop(&mut self) {
        let pids = self.processes();
        if !pids.is_empty() {
            let _ = Command::new("kill")
                .arg("-9")
                .args(pids.iter().map(u32::to_string))
                .stderr(Stdio::null())
                .status();
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// A server and a driver for one test (or one screenshot run).
pub struct Env {
    pub server: Server,
    pub driver: Driver,
}

impl Env {
    pub fn start() -> Result<Self> {
        Ok(Self {
            server: Server::start()?,
            driver: Driver::start()?,
        })
    }

    /// A new browser session in the sandbox `sandbox`, with `lang` and `theme`
    /// given on the first URL. `name` names failure artifacts.
    pub async fn browser(
        &self,
        name: &str,
        sandbox: &str,
        lang: Locale,
        theme: Theme,
    ) -> Result<Browser> {
        Browser::start(self, name, sandbox, lang, theme).await
    }

    /// The API, as a script in `sandbox` would call it.
    pub fn api(&self, sandbox: &str) -> crate::http::Api {
        crate::http::Api::new(&self.server.base, sandbox)
    }
}

/// Where failing tests leave a screenshot and the page's text.
pub fn failures_dir() -> PathBuf {
    target_dir().join("e2e-failures")
}
