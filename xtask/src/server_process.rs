//! The mock server as the tasks drive it: built once per profile and found
//! from cargo's own report, started as a child process that says where it
//! listens, and stopped and reaped when dropped. The API bench also starts
//! json-server and Mockoon as [`ServerProcess`]es.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::{bail, Context, Result};

use crate::{root, step};

/// The frozen clock of the servers the tasks start: seeded invoices, numbers
/// and dates derive from it, so answers are the same from run to run.
const CLOCK: &str = "2026-11-26T09:00:00Z";

/// How long a starting mock server may take to print its address.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// Builds the mock server (a no-op when it is fresh) and returns its
/// executable, as cargo reports it (so `CARGO_TARGET_DIR` is honoured).
pub fn build_mock_server(release: bool) -> Result<PathBuf> {
    let profile = if release { "release" } else { "debug" };
    step(&format!("Building the mock server ({profile})"));
    let mut command = crate::cargo();
    command.args(["build", "--package", "mock-server", "--bin", "mock-server"]);
    if release {
        command.arg("--release");
    }
    let output = command
        .arg("--message-format=json-render-diagnostics")
        .current_dir(root())
        .stderr(Stdio::inherit())
        .output()
        .context("cannot start cargo build")?;
    if !output.status.success() {
        bail!("cargo build --package mock-server ({profile}) failed");
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["target"]["name"] == "mock-server")
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
        .context("cargo did not name the mock-server executable")
}

/// A server process, killed and reaped when dropped.
pub struct ServerProcess {
    pub name: &'static str,
    child: Child,
    pub addr: SocketAddr,
    /// Where its stderr goes, for [`ServerProcess::check_alive`].
    log: PathBuf,
}

impl ServerProcess {
    /// Starts the mock server `executable` on a free loopback port, in
    /// memory, with its clock frozen at [`CLOCK`] and the app from `dist`,
    /// plus `args`; its stderr goes into `log`. Waits until it prints
    /// `Listening on http://ADDRESS/`. Its stdout keeps being read, so a long
    /// run never blocks on a full pipe.
    pub fn start_mock_server(
        executable: &Path,
        dist: &Path,
        args: &[&str],
        log: &Path,
    ) -> Result<ServerProcess> {
        let mut child = Command::new(executable)
            .args(["--listen", "127.0.0.1:0", "--in-memory", "--clock", CLOCK])
            .arg("--dist")
            .arg(dist)
            .args(args)
            .current_dir(root())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(log)?)
            .spawn()
            .with_context(|| format!("cannot start {}", executable.display()))?;
        let stdout = child.stdout.take().expect("stdout is piped");
        // Guarded from here on: every way out below stops and reaps it.
        let mut server = ServerProcess {
            name: "mock-server",
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            log: log.to_owned(),
        };
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(rest) = line.strip_prefix("Listening on http://") {
                    let _ = tx.send(rest.trim_end_matches('/').to_owned());
                }
            }
        });
        let addr = match rx.recv_timeout(START_TIMEOUT) {
            Ok(addr) => addr,
            // Its output ended: it is exiting. Give it a moment to be
            // reaped, so that the error says how it ended and shows its log.
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                for _ in 0..50 {
                    server.check_alive()?;
                    std::thread::sleep(Duration::from_millis(100));
                }
                bail!("mock-server closed its output without saying where it listens");
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                server.check_alive()?;
                bail!(
                    "mock-server did not say where it listens within {} s",
                    START_TIMEOUT.as_secs()
                );
            }
        };
        server.addr = addr
            .parse()
            .with_context(|| format!("mock-server printed an odd address: {addr}"))?;
        Ok(server)
    }

    /// Wraps a started process that listens on `addr` (ready or not yet).
    pub fn from_child(name: &'static str, child: Child, addr: SocketAddr, log: &Path) -> Self {
        ServerProcess {
            name,
            child,
            addr,
            log: log.to_owned(),
        }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Fails with the end of its log if the process has exited.
    pub fn check_alive(&mut self) -> Result<()> {
        if let Some(status) = self.child.try_wait()? {
            let log = std::fs::read_to_string(&self.log).unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(20).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            bail!("{} exited ({status}):\n{}", self.name, tail.join("\n"));
        }
        Ok(())
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_that_exits_at_once_is_reported_with_its_log() {
        let dir = std::env::temp_dir().join(format!("xtask-server-process-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let script = dir.join("fails.sh");
        std::fs::write(
            &script,
            "#!/bin/sh\necho 'cannot open the data file' >&2\nexit 3\n",
        )
        .unwrap();
        std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .unwrap();
        let error = ServerProcess::start_mock_server(&script, &dir, &[], &dir.join("log"))
            .err()
            .expect("the start fails");
        let shown = format!("{error:#}");
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(shown.contains("exited"), "{shown}");
        assert!(shown.contains("cannot open the data file"), "{shown}");
    }
}
