//! API conformance: schemathesis against the mock server's own OpenAPI
//! document, inside `cargo xtask test`.
//!
//! Schemathesis (PyPI, pinned) lives in a virtual environment in the per-user
//! tool cache. The debug server is started on a free loopback port, in memory,
//! with a frozen clock and the `opted-in-three-recipients` scenario for new
//! sandboxes (so generated requests reach the rules, not only "sign in first").
//! Every operation is tested with every check but two (see [`EXCLUDED_CHECKS`]),
//! among them `not_a_server_error`, `status_code_conformance`,
//! `content_type_conformance` and `response_schema_conformance`, except one:
//!
//! - `POST /api/admin/faults` (`add_fault`) is left out: its purpose is to make
//!   the following requests answer 5xx, stall or drop the connection, which
//!   would fail every later check in the run. Its validation is covered by
//!   `mock-server/tests/api/faults.rs` and by the `server` fuzz target.
//!
//! The run is deterministic (fixed seed, one worker); `SCHEMATHESIS_SEED` and
//! `SCHEMATHESIS_MAX_EXAMPLES` change it.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::server_process::{build_mock_server, ServerProcess};
use crate::{run_command, step, tools};

pub const SCHEMATHESIS_VERSION: &str = "4.32.5";
/// Every check but the two below; among them `not_a_server_error`,
/// `status_code_conformance`, `content_type_conformance`,
/// `response_headers_conformance` and `response_schema_conformance`.
const CHECKS: &str = "all";
/// Left out, because the schemas state types, not every rule the server
/// enforces (those are answered with a documented 4xx):
/// - `positive_data_acceptance`: a schema-valid body or parameter may still
///   be refused by a rule (an empty `preferred_email` is a string, and a 422);
/// - `negative_data_rejection`: a few out-of-range values are answered by a
///   rule rather than refused as malformed (a message or fault `id` of 0 is a
///   404 `not_found`, not a 400).
const EXCLUDED_CHECKS: &str = "positive_data_acceptance,negative_data_rejection";
/// Operations left out of the run, with the reason in the module comment.
const EXCLUDED_OPERATIONS: [&str; 1] = ["add_fault"];
const SEED: &str = "20261126";
const MAX_EXAMPLES: &str = "40";

/// Values that reach real data: path parameters and body fields are taken
/// from these most of the time, and generated otherwise.
const CONFIG: &str = r#"
headers = { X-Mock-Sandbox = "conformance" }

[dictionaries.scopes]
values = ["sub-production", "sub-development", "support-standard", "reservation-vm", "marketplace-backup", "sub-government"]
[dictionaries.personas]
values = ["account-admin", "co-admin", "billing-reader", "government-admin"]
[dictionaries.locales]
values = ["en-US", "nl-NL"]
[dictionaries.scenarios]
values = ["fresh-admin", "opted-in-three-recipients", "recipients-at-limit", "co-administrator", "dutch-admin"]
[dictionaries.emails]
values = ["finance@tulipworks.example", "cfo@tulipworks.example", "archive@tulipworks.example", "jan@bücher.example"]
[dictionaries.terms]
values = ["2026-11"]

[parameters]
"path.scope_id" = { dictionary = "scopes", probability = 0.8 }
"path.locale" = { dictionary = "locales", probability = 0.5 }
"path.name" = { dictionary = "scenarios", probability = 0.5 }
"path.email" = { dictionary = "emails", probability = 0.5 }
"body.persona_id" = { dictionary = "personas", probability = 0.8 }
"body.terms_version" = { dictionary = "terms", probability = 0.8 }
"body.email" = { dictionary = "emails", probability = 0.5 }
"body.preferred_email" = { dictionary = "emails", probability = 0.5 }
"#;

/// Schemathesis in a virtual environment of its own, in the tool cache.
pub fn ensure_schemathesis() -> Result<PathBuf> {
    let dir = tools::cache_dir().join(format!("schemathesis-{SCHEMATHESIS_VERSION}"));
    let bin = dir.join("bin/schemathesis");
    if tools::version_output(&bin).is_some_and(|v| v.contains(SCHEMATHESIS_VERSION)) {
        return Ok(bin);
    }
    step(&format!(
        "Installing schemathesis {SCHEMATHESIS_VERSION} (PyPI) into {} (once per version)",
        dir.display()
    ));
    if Command::new("python3").arg("--version").output().is_err() {
        bail!("schemathesis needs Python 3 with venv (Debian: apt-get install python3-venv)");
    }
    run_command(
        Command::new("python3")
            .args(["-m", "venv", "--clear"])
            .arg(&dir),
    )?;
    run_command(
        Command::new(dir.join("bin/pip"))
            .args(["install", "--disable-pip-version-check", "--quiet"])
            .arg(format!("schemathesis=={SCHEMATHESIS_VERSION}")),
    )?;
    if tools::version_output(&bin).is_none_or(|v| !v.contains(SCHEMATHESIS_VERSION)) {
        bail!(
            "installed schemathesis {SCHEMATHESIS_VERSION}, but {} does not run",
            bin.display()
        );
    }
    Ok(bin)
}

/// Runs schemathesis against the debug server; fails on any failure it reports.
pub fn run() -> Result<()> {
    let schemathesis = ensure_schemathesis()?;
    step("API conformance: schemathesis against /api/openapi.json (debug server)");
    let executable = build_mock_server(false)?;
    let work = crate::target_dir().join("conformance");
    std::fs::create_dir_all(&work)?;
    let config = work.join("schemathesis.toml");
    std::fs::write(&config, CONFIG)?;
    let server = ServerProcess::start_mock_server(
        &executable,
        &work.join("no-dist"),
        &["--default-scenario", "opted-in-three-recipients"],
        &work.join("mock-server.log"),
    )?;
    let seed = std::env::var("SCHEMATHESIS_SEED").unwrap_or_else(|_| SEED.into());
    let examples =
        std::env::var("SCHEMATHESIS_MAX_EXAMPLES").unwrap_or_else(|_| MAX_EXAMPLES.into());
    let mut command = Command::new(&schemathesis);
    command
        .arg("--config-file")
        .arg(&config)
        .arg("run")
        .arg("--no-color")
        .arg(format!("{}/api/openapi.json", server.base_url()))
        .args(["--checks", CHECKS, "--exclude-checks", EXCLUDED_CHECKS])
        .args(["--seed", &seed, "--max-examples", &examples])
        .args(["--workers", "1", "--generation-database", "none"])
        .args(["--request-timeout", "10"])
        .arg("--report-dir")
        .arg(work.join("report"))
        .args(["--report", "junit"])
        .current_dir(&work);
    for operation in EXCLUDED_OPERATIONS {
        command.args(["--exclude-operation-id", operation]);
    }
    // Not run_command: schemathesis keeps its cache in the working folder,
    // which must be target/conformance, not the workspace.
    let status = command
        .status()
        .with_context(|| format!("cannot start {}", schemathesis.display()));
    drop(server);
    let result = match status {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(anyhow::anyhow!("schemathesis failed ({status})")),
        Err(error) => Err(error),
    };
    result.context(
        "schemathesis found failures (see above; the JUnit report is in target/conformance/report, \
         the server's log in target/conformance/mock-server.log)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_excluded_operations_are_still_handlers() {
        // If add_fault is renamed, the exclusion must follow it.
        let mut sources = String::new();
        for entry in std::fs::read_dir(crate::root().join("mock-server/src")).unwrap() {
            sources += &std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
        }
        for operation in EXCLUDED_OPERATIONS {
            assert!(
                sources.contains(&format!("async fn {operation}(")),
                "{operation} is not a handler any more"
            );
        }
    }

    #[test]
    fn the_terms_dictionary_names_the_current_version() {
        // A stale version would make every opt-in a 409, and the opted-in
        // endpoints would go untested without a word.
        let terms =
            std::fs::read_to_string(crate::root().join("mock-server/src/terms.rs")).unwrap();
        let current = terms
            .split("CURRENT_VERSION: &str = \"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("mock-server/src/terms.rs names CURRENT_VERSION");
        assert!(
            CONFIG.contains(&format!("[dictionaries.terms]\nvalues = [\"{current}\"]")),
            "the terms dictionary is not [\"{current}\"]"
        );
    }
}
