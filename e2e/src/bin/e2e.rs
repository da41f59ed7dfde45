//! `e2e screenshots [--lang en-US,nl-NL] [--theme light,dark] [--out DIR]`
//! and `e2e bench`; run by `cargo xtask screenshots` and `cargo xtask bench`,
//! which build the app first and say where it is (`E2E_DIST`).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use e2e::shots::{self, Options};
use e2e::{Env, Locale, Theme};

const USAGE: &str = "\
usage: e2e screenshots [--lang en-US,nl-NL] [--theme light,dark] [--out DIR]
       e2e bench
";

fn screenshot_options(args: &[String]) -> Result<Options> {
    let mut options = Options {
        langs: Locale::ALL.to_vec(),
        themes: Theme::ALL.to_vec(),
        out: e2e::harness::target_dir().join("screenshots"),
        progress: true,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) => (f, Some(v.to_owned())),
            None => (arg.as_str(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next().cloned())
                .with_context(|| format!("{flag} needs a value"))
        };
        match flag {
            "--lang" => options.langs = shots::parse_langs(&value()?)?,
            "--theme" => options.themes = shots::parse_themes(&value()?)?,
            "--out" => options.out = PathBuf::from(value()?),
            other => bail!("unknown option {other}\n{USAGE}"),
        }
    }
    Ok(options)
}

async fn main_async(args: Vec<String>) -> Result<()> {
    match args.first().map(String::as_str) {
        Some("screenshots") => {
            let options = screenshot_options(&args[1..])?;
            std::fs::create_dir_all(&options.out)
                .with_context(|| format!("creating {}", options.out.display()))?;
            let env = Env::start()?;
            let manifest = shots::capture(&env, &options).await?;
            println!(
                "{} screenshots ({} files) in {}; see index.md and manifest.json there",
                manifest.shots.len(),
                manifest.shots.len() * 2,
                options.out.display()
            );
            Ok(())
        }
        Some("bench") => {
            let env = Env::start()?;
            e2e::bench::run(&env).await?.print();
            Ok(())
        }
        _ => bail!("{USAGE}"),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    match runtime.block_on(main_async(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("e2e: {error:#}");
            ExitCode::FAILURE
        }
    }
}
