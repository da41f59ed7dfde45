//! The browser end-to-end crate (`e2e/`) as xtask runs it: its tests in
//! `cargo xtask test`, its `e2e` binary for screenshots and the browser bench.
//! The e2e code finds the built app through `E2E_DIST` and the mock server
//! through `E2E_MOCK_SERVER` (else builds it with cargo), and axe-core's
//! script through `E2E_AXE_CORE` (installed by [`tools::ensure_axe_core`]).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Result;

use crate::{cargo, root, run_command, step, tools};

/// Where `trunk build` puts the app.
pub fn dist() -> PathBuf {
    root().join("dist")
}

/// Builds the app in release into dist/ (what the e2e tests load).
pub fn build_app(tools: &tools::Tools) -> Result<()> {
    step("Building the app in release (trunk, wasm-release profile)");
    run_command(
        tools
            .trunk()
            .args(["build", "--release", "--cargo-profile", "wasm-release"]),
    )
}

/// `cargo test --package e2e`, pointed at dist/ and at axe-core's script.
pub fn test_command(axe_core: &Path) -> Command {
    let mut command = cargo();
    command
        .args(["test", "--package", "e2e", "--no-fail-fast"])
        .env("E2E_DIST", dist())
        .env("E2E_AXE_CORE", axe_core);
    command
}

/// Runs the `e2e` binary with `args`; with `server`, against that mock
/// server executable (the release build, for figures), else the e2e crate
/// builds its own.
pub fn run_binary(args: &[OsString], server: Option<&Path>) -> Result<()> {
    let mut command = cargo();
    command
        .args(["run", "--quiet", "--package", "e2e", "--bin", "e2e", "--"])
        .args(args)
        .env("E2E_DIST", dist());
    if let Some(server) = server {
        command.env("E2E_MOCK_SERVER", server);
    }
    run_command(&mut command)
}
