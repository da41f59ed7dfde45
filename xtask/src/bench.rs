//! `cargo xtask bench`: figures, printed, never asserted by a timed test.
//! The size of the release bundle the browser downloads, the outbox's
//! throughput and list/search latency (`mock-server/benches/outbox.rs`), and
//! the browser figures of `e2e/src/bench.rs`.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use flate2::write::GzEncoder;
use flate2::Compression;

use crate::{root, step, tools};

/// The size the walkthrough issue sets for wasm + js + css + html, gzipped.
pub const BUNDLE_BUDGET_BYTES: u64 = 250 * 1000;

/// `args`: `--quick` for shorter API runs and 10k outbox messages.
pub fn run(args: &[String]) -> Result<()> {
    let quick = crate::api_bench::quick_flag(args)?;
    if crate::api_bench::rerun_optimized(args)? {
        return Ok(());
    }
    let tools = tools::ensure()?;
    crate::e2e::build_app(&tools)?;
    let bundle_gzip = print_bundle_size()?;
    step("Outbox: building, storing, listing and searching messages (release)");
    let outbox = crate::api_bench::outbox(quick)?;
    // API throughput and latency against json-server and Mockoon (api_bench.rs).
    // One release server for the API figures and the browser figures.
    let server = crate::server_process::build_mock_server(true)?;
    let api = crate::api_bench::api(quick, &server)?;
    let browser = browser(&server);
    print!("{}", crate::api_bench::table(bundle_gzip, &outbox, &api));
    browser
}

/// In headless Chromium against the release server and bundle: the Invoices
/// page from navigation to interactive (median of 20 loads), the whole
/// walkthrough, and the full screenshot set (see `e2e/src/bench.rs`).
fn browser(server: &Path) -> Result<()> {
    tools::ensure_browser()?;
    step("Browser: Invoices page loads, the walkthrough, the screenshot set");
    crate::e2e::run_binary(&["bench".into()], Some(server))
}

fn gzip_len(bytes: &[u8]) -> Result<u64> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len() as u64)
}

/// Prints each file of dist/ with its raw and gzip size, and the total;
/// returns the gzip total.
pub fn print_bundle_size() -> Result<u64> {
    let dist = root().join("dist");
    let mut rows = Vec::new();
    collect(&dist, &dist, &mut rows)?;
    rows.sort();
    println!("\nbundle (dist/, release)            raw bytes   gzip bytes");
    let (mut raw_total, mut gz_total) = (0, 0);
    for (name, raw, gz) in &rows {
        println!("  {name:<32} {raw:>10}   {gz:>10}");
        raw_total += raw;
        gz_total += gz;
    }
    let verdict = if gz_total <= BUNDLE_BUDGET_BYTES {
        "within"
    } else {
        "OVER"
    };
    println!("  {:<32} {raw_total:>10}   {gz_total:>10}", "total");
    println!("  budget {BUNDLE_BUDGET_BYTES} gzip bytes: {verdict}");
    Ok(gz_total)
}

fn collect(base: &Path, dir: &Path, rows: &mut Vec<(String, u64, u64)>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        let name = path.strip_prefix(base)?.display().to_string();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(base, &path, rows)?;
        } else {
            let bytes = std::fs::read(&path)?;
            rows.push((name, bytes.len() as u64, gzip_len(&bytes)?));
        }
    }
    Ok(())
}
