//! `cargo xtask soak [--seconds N] [--sandboxes N]`: the soak test of
//! `mock-server/tests/api/soak.rs` (many sandboxes against the real binary on
//! loopback, each checked against its client's model; zero 5xx) for N seconds,
//! 60 by default. `cargo xtask test` runs it for [`SHORT_SECONDS`].

use std::process::Command;

use anyhow::{bail, Context, Result};

/// Seconds of soak inside `cargo xtask test`.
pub const SHORT_SECONDS: u64 = 10;
pub const LONG_SECONDS: u64 = 60;

/// The `cargo test` command that runs the (ignored) soak test for `seconds`.
pub fn command(seconds: u64, sandboxes: Option<u64>) -> Command {
    let mut command = crate::cargo();
    command
        .args([
            "test",
            "--package",
            "mock-server",
            "--test",
            "api",
            "soak::",
            "--",
            "--ignored",
            "--nocapture",
        ])
        .env("SOAK_SECONDS", seconds.to_string());
    if let Some(sandboxes) = sandboxes {
        command.env("SOAK_SANDBOXES", sandboxes.to_string());
    }
    command
}

/// `cargo xtask soak [--seconds N] [--sandboxes N]`.
pub fn run(args: &[String]) -> Result<()> {
    let mut seconds = LONG_SECONDS;
    let mut sandboxes = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut number = |flag: &str| -> Result<u64> {
            let value = args
                .next()
                .with_context(|| format!("{flag} needs a number"))?;
            value
                .parse()
                .with_context(|| format!("{flag} {value}: not a number"))
        };
        match arg.as_str() {
            "--seconds" => seconds = number("--seconds")?,
            "--sandboxes" => sandboxes = Some(number("--sandboxes")?),
            other => bail!("unknown argument '{other}' (expected --seconds N or --sandboxes N)"),
        }
    }
    crate::step(&format!(
        "Soak: {} sandboxes for {seconds} s against the server on loopback",
        sandboxes.unwrap_or(200)
    ));
    crate::run_command(&mut command(seconds, sandboxes))
}
