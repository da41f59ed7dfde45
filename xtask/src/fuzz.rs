//! `cargo xtask fuzz [--seconds N] [TARGET...]`: the cargo-fuzz targets of
//! `fuzz/`, each for N seconds (300 by default); `cargo xtask test` runs each
//! for [`SHORT_SECONDS`].
//!
//! cargo-fuzz is installed pinned into the per-user tool cache; the targets are
//! built with the nightly toolchain (libFuzzer needs it), without a sanitizer
//! (the workspace forbids `unsafe`, so what the fuzzer looks for is panics,
//! failed assertions, 5xx answers and hangs). The corpus grows in
//! `fuzz/corpus/<target>/` (kept between runs, not committed), starting from
//! the committed seeds in `fuzz/seeds/<target>/`. A crash fails the run and
//! names the input libFuzzer saved under `fuzz/artifacts/<target>/`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};

use crate::{root, step, tools};

pub const CARGO_FUZZ_VERSION: &str = "0.13.2";
/// Seconds per target inside `cargo xtask test`.
pub const SHORT_SECONDS: u64 = 20;
/// Seconds per target for `cargo xtask fuzz` without `--seconds`.
pub const LONG_SECONDS: u64 = 300;
/// Every target in `fuzz/fuzz_targets/`.
pub const TARGETS: [&str; 4] = ["email_address", "api_requests", "scenarios", "server"];

/// The flags every build and run uses, so that the short and the long run
/// share one build in `fuzz/target`.
const BUILD_FLAGS: [&str; 4] = ["--sanitizer", "none", "--codegen-units", "16"];

/// What `cargo xtask fuzz` was asked to do.
#[derive(Debug, PartialEq, Eq)]
enum Request {
    /// Fuzz these targets for this long each.
    Fuzz { targets: Vec<String>, seconds: u64 },
    /// Run one saved input (a crash) through its target again.
    Replay { target: String, input: PathBuf },
}

fn parse(args: &[String]) -> Result<Request> {
    let mut seconds = LONG_SECONDS;
    let mut targets = Vec::new();
    let mut args = args.iter();
    let known = |name: &str| -> Result<String> {
        if TARGETS.contains(&name) {
            Ok(name.to_owned())
        } else {
            bail!(
                "unknown target '{name}' (the targets: {})",
                TARGETS.join(", ")
            )
        }
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seconds" => {
                let value = args.next().context("--seconds needs a number")?;
                seconds = value
                    .parse()
                    .with_context(|| format!("--seconds {value}: not a number"))?;
            }
            "--replay" => {
                let target = known(args.next().context("--replay needs a target and a file")?)?;
                let input = PathBuf::from(args.next().context("--replay needs a file after the target")?);
                if let Some(extra) = args.next() {
                    bail!("unexpected '{extra}' after --replay TARGET FILE");
                }
                return Ok(Request::Replay { target, input });
            }
            name if !name.starts_with('-') => targets.push(known(name)?),
            other => bail!(
                "unknown argument '{other}' (expected --seconds N, --replay TARGET FILE or a target: {})",
                TARGETS.join(", ")
            ),
        }
    }
    if targets.is_empty() {
        targets = TARGETS.iter().map(|t| (*t).to_owned()).collect();
    }
    Ok(Request::Fuzz { targets, seconds })
}

/// `cargo xtask fuzz [--seconds N] [TARGET...]` or `--replay TARGET FILE`.
pub fn run(args: &[String]) -> Result<()> {
    match parse(args)? {
        Request::Fuzz { targets, seconds } => {
            let targets: Vec<&str> = targets.iter().map(String::as_str).collect();
            fuzz(&targets, seconds)
        }
        Request::Replay { target, input } => replay(&target, &input),
    }
}

/// Runs one saved input through `target` (built as the fuzz runs build it),
/// showing all it prints: a crash's panic message and backtrace.
fn replay(target: &str, input: &Path) -> Result<()> {
    let input = std::fs::canonicalize(input)
        .with_context(|| format!("cannot read the input {}", input.display()))?;
    let cargo_fuzz = ensure_cargo_fuzz()?;
    step(&format!("Replaying {} through {target}", input.display()));
    crate::run_command(
        fuzz_command(&cargo_fuzz)
            .arg("run")
            .args(BUILD_FLAGS)
            .arg(target)
            .arg(&input)
            .env("RUST_BACKTRACE", "1"),
    )
}

/// The short run of every target, for `cargo xtask test`.
pub fn short_run() -> Result<()> {
    fuzz(&TARGETS, SHORT_SECONDS)
}

fn fuzz(targets: &[&str], seconds: u64) -> Result<()> {
    let cargo_fuzz = ensure_cargo_fuzz()?;
    step("Building the fuzz targets (cargo fuzz build, nightly)");
    crate::run_command(fuzz_command(&cargo_fuzz).arg("build").args(BUILD_FLAGS))?;
    let mut summary = Vec::new();
    for target in targets {
        step(&format!("Fuzzing {target} for {seconds} s"));
        let runs = run_target(&cargo_fuzz, target, seconds)?;
        summary.push(format!("    {target:<14} {runs:>10} runs in {seconds} s"));
    }
    eprintln!("\nFuzzing found no crash:\n{}", summary.join("\n"));
    Ok(())
}

/// Runs one target; returns how many inputs it ran, or fails naming the crash input.
fn run_target(cargo_fuzz: &Path, target: &str, seconds: u64) -> Result<u64> {
    let fuzz_dir = root().join("fuzz");
    let corpus = fuzz_dir.join("corpus").join(target);
    let seeds = fuzz_dir.join("seeds").join(target);
    std::fs::create_dir_all(&corpus)?;
    let mut command = fuzz_command(cargo_fuzz);
    command
        .arg("run")
        .args(BUILD_FLAGS)
        .arg(target)
        .arg(&corpus)
        .arg(&seeds)
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        // One input taking 10 s is a hang.
        .arg("-timeout=10")
        .arg("-max_len=8192")
        .arg("-print_final_stats=1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let shown = format!("{command:?}");
    let mut child = command
        .spawn()
        .with_context(|| format!("cannot start {shown}"))?;
    let stderr = child.stderr.take().expect("stderr is piped");
    let mut artifact = None;
    let mut runs = 0;
    for line in BufReader::new(stderr).lines() {
        let line = line?;
        if !is_noise(&line) {
            eprintln!("    {line}");
        }
        if let Some(path) = artifact_path(&line) {
            artifact = Some(path);
        }
        if let Some(n) = line.strip_prefix("stat::number_of_executed_units:") {
            runs = n.trim().parse().unwrap_or(0);
        }
    }
    let status = child.wait()?;
    if !status.success() {
        match artifact {
            Some(path) => bail!(
                "fuzz target {target} crashed; the input is {} (replay it with `cargo xtask fuzz --replay {target} {}`)",
                path.display(),
                path.display()
            ),
            None => bail!("fuzz target {target} failed ({status}) without saving an input"),
        }
    }
    Ok(runs)
}

/// libFuzzer's progress lines (`#N NEW/REDUCE/pulse ...`, `NEW_FUNC`), its
/// start-up notes, the sanitizer hooks it misses (no sanitizer) and its
/// recommended dictionary (`"..." # Uses: N`): not worth showing. What a
/// crash prints, the final stats and cargo's lines are shown.
fn is_noise(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with('#')
        || line.starts_with('"')
        || line.starts_with("NEW_FUNC")
        || line.starts_with("INFO:")
        || line.starts_with("WARNING: Failed to find function")
        || line.starts_with("###### ")
}

/// In libFuzzer's "Test unit written to ./fuzz/artifacts/x/crash-..." (also
/// "leak-", "timeout-", "oom-"), the file, relative to the workspace root.
fn artifact_path(line: &str) -> Option<PathBuf> {
    let (_, path) = line.split_once("Test unit written to ")?;
    let path = Path::new(path.trim());
    Some(if path.is_absolute() {
        path.to_path_buf()
    } else {
        root().join(path)
    })
}

/// Whether a nightly toolchain is installed (asked once per run).
fn has_nightly() -> bool {
    static NIGHTLY: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *NIGHTLY.get_or_init(|| {
        Command::new("rustup")
            .args(["run", "nightly", "rustc", "--version"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// `cargo fuzz` with the nightly toolchain, from the workspace root, with the
/// pinned cargo-fuzz, and without the variables the outer (stable) cargo set.
/// Without a nightly toolchain, the stable one with `RUSTC_BOOTSTRAP=1`: the
/// targets are built without a sanitizer, which needs no nightly-only parts.
fn fuzz_command(cargo_fuzz: &Path) -> Command {
    let mut command = Command::new("rustup");
    if has_nightly() {
        command.args(["run", "nightly"]);
    } else {
        command.args(["run", "stable"]).env("RUSTC_BOOTSTRAP", "1");
    }
    command.arg(cargo_fuzz).arg("fuzz").current_dir(root());
    for variable in [
        "CARGO",
        "RUSTC",
        "RUSTDOC",
        "RUSTUP_TOOLCHAIN",
        "RUSTFLAGS",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET_DIR",
        "CARGO_ENCODED_RUSTFLAGS",
    ] {
        command.env_remove(variable);
    }
    command
}

/// The pinned cargo-fuzz, installed once per user into the tool cache.
pub fn ensure_cargo_fuzz() -> Result<PathBuf> {
    if !has_nightly() {
        eprintln!(
            "    No nightly toolchain: fuzzing with the stable one and RUSTC_BOOTSTRAP=1 \
             (rustup toolchain install nightly --profile minimal for the usual setup)."
        );
    }
    let dir = tools::cache_dir().join(format!("cargo-fuzz-{CARGO_FUZZ_VERSION}"));
    let bin = dir.join("bin/cargo-fuzz");
    let wanted = format!("cargo-fuzz {CARGO_FUZZ_VERSION}");
    if tools::version_output(&bin).is_none_or(|v| v.trim() != wanted) {
        tools::cargo_install("cargo-fuzz", CARGO_FUZZ_VERSION, &dir, true)?;
    }
    Ok(bin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_artifact_libfuzzer_names() {
        let line = "artifact_prefix='/w/fuzz/artifacts/server/'; Test unit written to /w/fuzz/artifacts/server/crash-0a1b";
        assert_eq!(
            artifact_path(line),
            Some(PathBuf::from("/w/fuzz/artifacts/server/crash-0a1b"))
        );
        let relative = "Test unit written to fuzz/artifacts/x/timeout-12";
        assert_eq!(
            artifact_path(relative),
            Some(root().join("fuzz/artifacts/x/timeout-12"))
        );
        assert_eq!(artifact_path("#1024 pulse cov: 12"), None);
    }

    #[test]
    fn shows_what_a_crash_prints_and_hides_progress() {
        assert!(is_noise(
            "#4096\tpulse  cov: 5943 ft: 24200 corp: 2250/2344Kb"
        ));
        assert!(is_noise("\tNEW_FUNC[1/2]: 0x5568c23c6bf1"));
        assert!(is_noise("  \"2026-07-01\" # Uses: 2"));
        for shown in [
            "thread '<unnamed>' panicked at fuzz_targets/server.rs:120:13:",
            "==17422== ERROR: libFuzzer: deadly signal",
            "artifact_prefix='/w/'; Test unit written to /w/crash-1",
            "stat::number_of_executed_units: 72746",
        ] {
            assert!(!is_noise(shown), "{shown}");
        }
    }

    #[test]
    fn reads_its_arguments() {
        let args = |list: &[&str]| list.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            parse(&args(&[])).unwrap(),
            Request::Fuzz {
                targets: TARGETS.iter().map(|t| (*t).to_owned()).collect(),
                seconds: LONG_SECONDS
            }
        );
        assert_eq!(
            parse(&args(&["--seconds", "60", "server"])).unwrap(),
            Request::Fuzz {
                targets: vec!["server".to_owned()],
                seconds: 60
            }
        );
        assert_eq!(
            parse(&args(&[
                "--replay",
                "server",
                "fuzz/artifacts/server/crash-1"
            ]))
            .unwrap(),
            Request::Replay {
                target: "server".to_owned(),
                input: PathBuf::from("fuzz/artifacts/server/crash-1")
            }
        );
        for bad in [
            &["nope"][..],
            &["--seconds", "x"],
            &["--replay", "server"],
            &["--replay", "nope", "f"],
            &["--replay", "server", "f", "g"],
            &["--fast"],
        ] {
            assert!(parse(&args(bad)).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn every_target_has_a_source_and_seeds() {
        for target in TARGETS {
            let source = root().join(format!("fuzz/fuzz_targets/{target}.rs"));
            assert!(source.is_file(), "{}", source.display());
            let seeds = root().join(format!("fuzz/seeds/{target}"));
            let count = std::fs::read_dir(&seeds)
                .map(|d| d.count())
                .unwrap_or_default();
            assert!(count > 0, "no seeds in {}", seeds.display());
        }
    }
}
