//! Outbox figures, printed (run by `cargo xtask bench`): messages built and
//! stored per second, and list and search latency with 10k and 100k messages
//! in one sandbox. `OUTBOX_BENCH_MAX` lowers the largest size (default 100000).

use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use mock_server::mail::{invoice_message, InvoiceMail};
use mock_server::outbox;
use mock_server::{seed, AppState, Clock, Store};
use shared::api::{Cause, MessageKind};
use shared::{EmailAddress, Locale, ScopeId};

const BATCH: usize = 1000;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let max: usize = std::env::var("OUTBOX_BENCH_MAX")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_file(&dir.path().join("bench.sqlite3")).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
    let state = AppState::new(store, Clock::Frozen(now));
    let scope = seed::all_scopes().into_iter().next().unwrap();
    let preferred = EmailAddress::parse("noor.jansen@tulipworks.example").unwrap();
    let recipients: Vec<EmailAddress> = ["finance@tulipworks.example", "cfo@tulipworks.example"]
        .iter()
        .map(|a| EmailAddress::parse(a).unwrap())
        .collect();
    let cause = Cause {
        method: "POST".into(),
        path: "/api/billing-cycle".into(),
        at: now,
    };
    let sandbox = mock_server::sandbox::SandboxId("bench".into());

    println!("outbox                                        figure");
    // Building: MIME + PDF, in memory.
    let start = Instant::now();
    let mut built = Vec::with_capacity(BATCH);
    for i in 0..BATCH {
        let period =
            NaiveDate::from_ymd_opt(2000 + (i / 12) as i32, (i % 12) as u32 + 1, 1).unwrap();
        let invoice = seed::invoice_for(&scope.id, period, now.date_naive());
        built.push((
            invoice.id.clone(),
            invoice_message(&InvoiceMail {
                key: &format!("bench.{i}"),
                invoice: &invoice,
                scope: &scope,
                bill_to: "Noor Jansen",
                preferred: &preferred,
                recipients: &recipients,
                locale: if i % 2 == 0 {
                    Locale::EnUs
                } else {
                    Locale::NlNl
                },
                issued_at: seed::issued_at(&invoice, now),
            }),
        ));
    }
    let build_rate = BATCH as f64 / start.elapsed().as_secs_f64();
    let size = built.iter().map(|(_, m)| m.raw.len()).sum::<usize>() / BATCH;
    println!("  messages built per second (MIME + PDF)     {build_rate:>10.0}");
    println!("  average message size, bytes                {size:>10}");

    let mut stored = 0;
    let mut store_time = Duration::ZERO;
    for target in [10_000, 100_000]
        .into_iter()
        .filter(|t| *t <= max.max(10_000))
    {
        let target = target.min(max);
        while stored < target {
            let batch = built.clone();
            let scope_id = ScopeId(scope.id.0.clone());
            let cause = cause.clone();
            let started = Instant::now();
            runtime
                .block_on(state.run(sandbox.clone(), move |ctx| {
                    for (invoice_id, message) in &batch {
                        outbox::store(
                            ctx,
                            outbox::reserve_id(ctx)?,
                            MessageKind::Invoice,
                            message,
                            &cause,
                            Some(&scope_id),
                            Some(invoice_id),
                        )?;
                    }
                    Ok(())
                }))
                .unwrap();
            store_time += started.elapsed();
            stored += BATCH;
        }
        println!(
            "  messages stored per second ({BATCH} a transaction) {:>6.0}",
            stored as f64 / store_time.as_secs_f64()
        );
        for (label, query) in [
            ("list, newest 50", ""),
            ("search to:finance", "to:finance"),
            ("search subject:\"2003\"", "subject:\"2003\""),
            ("search free text", "Tulipworks"),
            (
                "search has:attachment is:unread",
                "has:attachment is:unread",
            ),
        ] {
            let samples: Vec<Duration> = (0..15)
                .map(|_| {
                    let query = query.to_owned();
                    let started = Instant::now();
                    runtime
                        .block_on(
                            state.run(sandbox.clone(), move |ctx| outbox::list(ctx, &query, 1, 50)),
                        )
                        .unwrap();
                    started.elapsed()
                })
                .collect();
            println!(
                "  {label:<34} @{:>6}  {:>8.2} ms (median of 15)",
                stored,
                median(samples).as_secs_f64() * 1000.0
            );
        }
    }
}
