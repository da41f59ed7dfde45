//! Browser figures for `cargo xtask bench`: printed, never asserted.
//!
//! - navigation to an interactive Invoices page (the grid shown and Receive
//!   invoice by email usable), from the start of the load: median of 20;
//! - the whole walkthrough (steps 1 to 9) in a fresh sandbox;
//! - the full screenshot set (both languages and themes).

use std::time::{Duration, Instant};

use anyhow::Result;

use crate::harness::Env;
use crate::shots::{self, Options};
use crate::steps::{self, Locale, NoHook, Theme, PLAN};
use shared::api::paths;

pub const LOADS: usize = 20;

pub struct Figures {
    pub loads: Vec<Duration>,
    pub walkthrough: Duration,
    pub screenshots: Duration,
    pub screenshot_files: usize,
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}

pub async fn run(env: &Env) -> Result<Figures> {
    let sandbox = "bench-loads";
    let api = env.api(sandbox);
    api.call("POST", paths::ADMIN_RESET, None)?;
    api.call(
        "POST",
        paths::SESSION,
        Some(serde_json::json!({ "persona_id": "account-admin" })),
    )?;
    let b = env
        .browser("bench-loads", sandbox, Locale::EnUs, Theme::Light)
        .await?;
    let path = format!("/billing/invoices/{}", PLAN.scope_id);
    let command = steps::STEPS[3].label(Locale::EnUs);
    // One warm-up load: the browser's cache is then as a returning user's.
    b.open(&path).await?;
    let mut loads = Vec::with_capacity(LOADS);
    for _ in 0..LOADS {
        let start = Instant::now();
        b.client.goto(&format!("{}{path}", b.base)).await?;
        b.find("button", command).await?;
        b.wait_js(
            "the invoice grid",
            "return document.querySelector('.invoice-grid tbody tr') !== null;",
            vec![],
        )
        .await?;
        loads.push(start.elapsed());
    }
    let _ = b.client.clone().close().await;
    drop(b);

    let sandbox = "bench-walkthrough";
    env.api(sandbox).call("POST", paths::ADMIN_RESET, None)?;
    let b = env
        .browser("bench-walkthrough", sandbox, Locale::EnUs, Theme::Light)
        .await?;
    let start = Instant::now();
    steps::walkthrough(&b, &mut NoHook).await?;
    let walkthrough = start.elapsed();
    let _ = b.client.clone().close().await;
    drop(b);

    let out = crate::harness::target_dir().join("e2e-bench-screenshots");
    let start = Instant::now();
    let manifest = shots::capture(
        env,
        &Options {
            langs: Locale::ALL.to_vec(),
            themes: Theme::ALL.to_vec(),
            out,
            progress: false,
        },
    )
    .await?;
    Ok(Figures {
        loads,
        walkthrough,
        screenshots: start.elapsed(),
        screenshot_files: manifest.shots.len() * 2,
    })
}

impl Figures {
    pub fn print(&self) {
        let ms = |d: Duration| format!("{:.0} ms", d.as_secs_f64() * 1000.0);
        let min = self.loads.iter().min().copied().unwrap_or_default();
        let max = self.loads.iter().max().copied().unwrap_or_default();
        println!("\nbrowser (headless Chromium, 1366x786, release bundle)");
        println!(
            "  Invoices page, load to interactive   median {} of {} (min {}, max {})",
            ms(median(&self.loads)),
            self.loads.len(),
            ms(min),
            ms(max)
        );
        println!(
            "  the whole walkthrough (steps 1-9)    {}",
            ms(self.walkthrough)
        );
        println!(
            "  the full screenshot set              {} ({} PNG files)",
            ms(self.screenshots),
            self.screenshot_files
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_an_odd_and_even_count() {
        let d = Duration::from_millis;
        assert_eq!(median(&[d(5), d(1), d(3)]), d(3));
        assert_eq!(median(&[d(4), d(1), d(3), d(2)]), d(3));
    }
}
