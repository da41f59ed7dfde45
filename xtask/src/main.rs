//! `cargo xtask <task>`: every task a person would otherwise script.
//!
//! - `run` installs the pinned tools, builds the app in release, and starts the
//!   server on it with a persistent data file; prints the URL.
//! - `test` installs the same tools, then checks formatting, runs clippy for
//!   the host and for wasm32, runs every test, and builds the app.
//! - `build` builds the app and the server in release.
//! - `bench` prints the figures: the release bundle's size, gzipped.
//! - `tools` installs the pinned tools and prints where they are.
//! - `fuzz`, `soak` and `conformance` run the robustness checks at length
//!   ([`fuzz`], [`soak`], [`conformance`]); `test` runs each briefly.
//!
//! Tools live in a per-user cache keyed by version (see [`tools`]), so a second
//! run, or a fresh clone on the same machine, finds them in seconds.

mod api_bench;
mod bench;
mod conformance;
mod e2e;
mod fuzz;
mod load;
mod screenshots;
mod server_process;
mod soak;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{bail, Context, Result};

const USAGE: &str = "\
usage: cargo xtask <task> [options]

tasks:
  run [-- SERVER FLAGS]   build the app and start the mock server on it
                          (default: http://127.0.0.1:8080/, data in the user's data folder)
  test                    fmt check, clippy (host and wasm32), all tests, app build
  build                   build the app (dist/) and the server in release
  bench [--quick]         build the app in release and print its figures: bundle size,
                          outbox throughput, API req/s and p50/p99 at 1/16/64 connections
                          against json-server and Mockoon (npm), peak RSS, browser
                          load/walkthrough/screenshot times (--quick: shorter runs)
  screenshots [--lang en-US,nl-NL] [--theme light,dark] [--out DIR]
                          a PNG of every step per language and theme, with the step's
                          control cropped and outlined, index.md and manifest.json
                          (default folder: target/screenshots; reproducible byte for byte)
  fuzz [--seconds N] [TARGET...]
                          run the cargo-fuzz targets of fuzz/, N s each (default 300;
                          nightly; a crash fails and names its input file)
  fuzz --replay TARGET FILE
                          run one saved input (a crash) through its target again
  conformance             schemathesis against the debug server's /api/openapi.json
  soak [--seconds N] [--sandboxes N]
                          200 sandboxes against the server on loopback for 60 s, each
                          checked against its client's model; zero 5xx
  tools                   install the pinned tools and print where they are
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("test") => test(),
        Some("build") => tools::ensure().and_then(|t| build_release(&t).map(drop)),
        Some("tools") => tools::ensure().and_then(|t| {
            t.print();
            let axe_core = tools::ensure_axe_core()?;
            println!("axe-core      {}", axe_core.display());
            Ok(())
        }),
        Some("bench") => bench::run(&args[1..]),
        Some("screenshots") => screenshots::run(&args[1..]),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("soak") => soak::run(&args[1..]),
        Some("conformance") => conformance::run(),
        Some("help" | "-h" | "--help") => {
            print!("{USAGE}");
            Ok(())
        }
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("\nxtask: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the parent of this crate's folder).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

/// Cargo's target folder, as cargo resolves it for this workspace.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| if p.is_absolute() { p } else { root().join(p) })
        .unwrap_or_else(|| root().join("target"))
}

pub fn step(title: &str) {
    eprintln!("\n==> {title}");
}

/// Runs a command in the workspace root; fails with the command line if it fails.
pub fn run_command(command: &mut Command) -> Result<()> {
    command.current_dir(root());
    let shown = format!("{command:?}");
    let status = command
        .status()
        .with_context(|| format!("cannot start {shown}"))?;
    if !status.success() {
        bail!("{shown} failed ({status})");
    }
    Ok(())
}

/// The cargo that runs this task (so `+toolchain` and `CARGO` are honoured).
pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// Builds the app and the release server; returns the server's executable.
fn build_release(tools: &tools::Tools) -> Result<PathBuf> {
    e2e::build_app(tools)?;
    server_process::build_mock_server(true)
}

/// A fresh folder for the component tests' browser: `frontend/webdriver.json`
/// with a `--user-data-dir` inside it. wasm-bindgen-test-runner stops
/// chromedriver without ending the session, so the profile chromedriver would
/// make in /tmp (about 100 MB) was left behind by every run; this one is
/// deleted when the tests end.
fn component_test_scratch() -> Result<PathBuf> {
    let scratch = target_dir().join("component-tests");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch)?;
    let source = root().join("frontend/webdriver.json");
    let mut capabilities: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&source)
            .with_context(|| format!("reading {}", source.display()))?,
    )
    .with_context(|| format!("{} is not JSON", source.display()))?;
    let args = capabilities["goog:chromeOptions"]["args"]
        .as_array_mut()
        .with_context(|| format!("{} has no goog:chromeOptions.args", source.display()))?;
    args.push(format!("--user-data-dir={}", scratch.join("profile").display()).into());
    std::fs::write(
        scratch.join("webdriver.json"),
        serde_json::to_string_pretty(&capabilities)?,
    )?;
    Ok(scratch)
}

fn data_file() -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| root().join("target"));
    base.join("email-invoice-portal")
        .join("mock-server.sqlite3")
}

/// Whether `run` names its data file: not when the flags or the
/// environment already say where the data lives (`MOCK_IN_MEMORY` too, which
/// the server refuses beside `--data`). `env` reads a variable.
fn needs_data_file(flags: &[&String], env: impl Fn(&str) -> Option<String>) -> bool {
    let names_data = flags
        .iter()
        .any(|f| f.starts_with("--data") || f.starts_with("--in-memory"));
    let in_memory = env("MOCK_IN_MEMORY").is_some_and(|value| says_yes(&value));
    !names_data && env("MOCK_DATA").is_none() && !in_memory
}

/// How the server reads `MOCK_IN_MEMORY` (clap's falsey values mean no).
fn says_yes(value: &str) -> bool {
    !matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "" | "0" | "n" | "no" | "f" | "false" | "off"
    )
}

fn run(server_flags: &[String]) -> Result<()> {
    let tools = tools::ensure()?;
    let executable = build_release(&tools)?;
    let flags: Vec<&String> = server_flags.iter().skip_while(|a| *a == "--").collect();
    let mut server = Command::new(executable);
    server.arg("--dist").arg(root().join("dist"));
    if needs_data_file(&flags, |name| std::env::var(name).ok()) {
        server.arg("--data").arg(data_file());
    }
    server.args(flags);
    step("Starting the mock server (Ctrl-C stops it)");
    eprintln!("    The URL is printed below; open it in a browser.");
    run_command(&mut server)
}

fn test() -> Result<()> {
    let tools = tools::ensure()?;
    tools.check_pins()?;
    let mut counts = TestCounts::default();
    let result = run_checks(&tools, &mut counts);
    // The closing line CI reads, whatever happened: every test that ran,
    // across all test binaries, host and browser.
    let failed = counts.failed + u64::from(result.is_err() && counts.failed == 0);
    println!("tests: {} passed, {} failed", counts.passed, failed);
    result
}

fn run_checks(tools: &tools::Tools, counts: &mut TestCounts) -> Result<()> {
    step("Formatting (cargo fmt --check)");
    run_command(cargo().args(["fmt", "--all", "--", "--check"]))?;

    step("Clippy for the host (all targets)");
    run_command(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;

    step("Clippy for wasm32 (the app and the shared crate)");
    run_command(cargo().args([
        "clippy",
        "--target",
        "wasm32-unknown-unknown",
        "--package",
        "frontend",
        "--package",
        "shared",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;

    // The end-to-end tests load the release app from dist/: build it first.
    e2e::build_app(tools)?;
    bench::print_bundle_size()?;

    // Checked before any test runs, so a missing browser never hides a
    // host test's result.
    tools::ensure_browser()?;

    step("Tests (cargo test --workspace)");
    let host = run_tests(
        cargo().args([
            "test",
            "--workspace",
            "--exclude",
            "e2e",
            "--lib",
            "--bins",
            "--tests",
            "--no-fail-fast",
        ]),
        counts,
    );

    step("Component tests in headless Chromium (wasm-bindgen-test)");
    let scratch = component_test_scratch()?;
    let browser = run_tests(
        cargo()
            .args([
                "test",
                "--target",
                tools::WASM_TARGET,
                "--package",
                "frontend",
                "--tests",
                "--no-fail-fast",
            ])
            .env("PATH", tools.path())
            .env("CHROMEDRIVER", tools::CHROMEDRIVER)
            .env(
                "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
                scratch.join("webdriver.json"),
            )
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                "wasm-bindgen-test-runner",
            ),
        counts,
    );
    let _ = std::fs::remove_dir_all(&scratch);

    step("End-to-end tests in Chromium (fantoccini; axe-core from npm)");
    let end_to_end = tools::ensure_axe_core()
        .and_then(|axe_core| run_tests(&mut e2e::test_command(&axe_core), counts));
    step(&format!(
        "Soak: 200 sandboxes for {} s against the server on loopback",
        soak::SHORT_SECONDS
    ));
    let soaked = run_tests(&mut soak::command(soak::SHORT_SECONDS, None), counts);
    host?;
    browser?;
    end_to_end?;
    soaked?;
    if counts.passed == 0 {
        bail!("no test ran");
    }

    conformance::run()?;
    step(&format!(
        "Fuzzing: every target for {} s (cargo xtask fuzz runs longer)",
        fuzz::SHORT_SECONDS
    ));
    fuzz::short_run()?;

    eprintln!("\nAll checks passed.");
    Ok(())
}

#[derive(Default)]
struct TestCounts {
    passed: u64,
    failed: u64,
}

/// Runs `cargo test`, echoing its output, and adds its "test result" lines
/// to `counts`.
fn run_tests(command: &mut Command, counts: &mut TestCounts) -> Result<()> {
    use std::io::{BufRead, BufReader, Write};
    command
        .current_dir(root())
        .stdout(std::process::Stdio::piped());
    let shown = format!("{command:?}");
    let mut child = command
        .spawn()
        .with_context(|| format!("cannot start {shown}"))?;
    let stdout = child.stdout.take().expect("stdout is piped");
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        println!("{line}");
        std::io::stdout().flush()?;
        if let Some(rest) = line.strip_prefix("test result: ") {
            counts.passed += count_before(rest, " passed");
            counts.failed += count_before(rest, " failed");
        }
    }
    let status = child.wait()?;
    if !status.success() {
        bail!("{shown} failed ({status})");
    }
    Ok(())
}

/// In "ok. 34 passed; 0 failed; ...", the number before `label`.
fn count_before(text: &str, label: &str) -> u64 {
    text.split(';')
        .find_map(|part| {
            part.trim()
                .trim_start_matches("ok. ")
                .trim_start_matches("FAILED. ")
                .strip_suffix(label.trim_start())
        })
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::{count_before, needs_data_file};

    #[test]
    fn names_the_data_file_unless_told_where_data_lives() {
        let flags = |list: &[&str]| list.iter().map(|f| (*f).to_owned()).collect::<Vec<_>>();
        let needs = |list: &[&str], vars: &[(&str, &str)]| {
            let owned = flags(list);
            let refs: Vec<&String> = owned.iter().collect();
            needs_data_file(&refs, |name| {
                vars.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| (*v).to_owned())
            })
        };
        assert!(needs(&[], &[]));
        assert!(needs(&["--clock", "2026-11-26T09:00:00Z"], &[]));
        assert!(!needs(&["--in-memory"], &[]));
        assert!(!needs(&["--data=x.sqlite3"], &[]));
        assert!(!needs(&[], &[("MOCK_DATA", "x.sqlite3")]));
        assert!(!needs(&[], &[("MOCK_IN_MEMORY", "1")]));
        assert!(!needs(&[], &[("MOCK_IN_MEMORY", "true")]));
        assert!(needs(&[], &[("MOCK_IN_MEMORY", "false")]));
        assert!(needs(&[], &[("MOCK_IN_MEMORY", "0")]));
    }

    #[test]
    fn reads_test_result_lines() {
        let line =
            "ok. 34 passed; 2 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.22s";
        assert_eq!(count_before(line, " passed"), 34);
        assert_eq!(count_before(line, " failed"), 2);
        assert_eq!(count_before("FAILED. 3 passed; 1 failed;", " passed"), 3);
    }
}
