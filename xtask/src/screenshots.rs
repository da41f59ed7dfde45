//! `cargo xtask screenshots [--lang en-US,nl-NL] [--theme light,dark] [--out DIR]`:
//! builds the app, then walks the nine steps in Chromium for each language
//! and theme and saves a 1366x786 PNG per step plus a cropped, outlined PNG
//! of the control the step names, with `index.md` and `manifest.json`
//! (default folder: target/screenshots). Two runs give the same bytes.

use std::ffi::OsString;

use anyhow::{bail, Result};

use crate::{e2e, step, tools};

pub const USAGE: &str = "\
usage: cargo xtask screenshots [--lang en-US,nl-NL] [--theme light,dark] [--out DIR]
";

pub fn run(args: &[String]) -> Result<()> {
    // Checked here too, so a typo fails before the build.
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let flag = arg.split_once('=').map_or(arg.as_str(), |(f, _)| f);
        match flag {
            "--lang" | "--theme" | "--out" => {
                if !arg.contains('=') && rest.next().is_none() {
                    bail!("{flag} needs a value\n{USAGE}");
                }
            }
            "-h" | "--help" => {
                print!("{USAGE}");
                return Ok(());
            }
            other => bail!("unknown option {other}\n{USAGE}"),
        }
    }
    let tools = tools::ensure()?;
    tools::ensure_browser()?;
    e2e::build_app(&tools)?;
    step("Screenshots (headless Chromium)");
    e2e::run_binary(&with_absolute_out(args)?, None)
}

/// The arguments for the e2e binary, which runs in the workspace root: a
/// relative `--out` is made absolute from where the command was given.
fn with_absolute_out(args: &[String]) -> Result<Vec<OsString>> {
    let here = std::env::current_dir()?;
    let mut out: Vec<OsString> = vec!["screenshots".into()];
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        if arg == "--out" {
            if let Some(dir) = rest.next() {
                out.push("--out".into());
                out.push(here.join(dir).into_os_string());
            }
        } else if let Some(dir) = arg.strip_prefix("--out=") {
            out.push("--out".into());
            out.push(here.join(dir).into_os_string());
        } else {
            out.push(arg.into());
        }
    }
    Ok(out)
}
