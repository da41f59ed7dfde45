//! SQLite storage: one connection owned by one thread, WAL journal,
//! versioned schema.
//!
//! Every request runs as one transaction on the connection's thread, which
//! takes the work in the order it was queued (see [`Store::on_connection`]).
//! The sandbox a request belongs to is created and seeded inside the same
//! transaction the first time it is used, so a sandbox is never seen
//! half-seeded.

use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::{mpsc, Arc};

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::error::{AppError, AppResult};
use crate::scenarios::Scenario;
use crate::seed;

/// The schema, one entry per version. Version N is reached by running entry N-1.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE sandboxes (
    id            TEXT PRIMARY KEY,
    created_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL,
    signed_in     TEXT
);
CREATE TABLE profiles (
    sandbox          TEXT NOT NULL REFERENCES sandboxes(id) ON DELETE CASCADE,
    persona          TEXT NOT NULL,
    preferred_email  TEXT NOT NULL,
    locale           TEXT NOT NULL,
    PRIMARY KEY (sandbox, persona)
);
CREATE TABLE invoices (
    sandbox       TEXT NOT NULL REFERENCES sandboxes(id) ON DELETE CASCADE,
    id            TEXT NOT NULL,
    scope         TEXT NOT NULL,
    period_start  TEXT NOT NULL,
    period_end    TEXT NOT NULL,
    invoice_date  TEXT NOT NULL,
    due_date      TEXT NOT NULL,
    amount_minor  INTEGER NOT NULL,
    currency      TEXT NOT NULL,
    status        TEXT NOT NULL,
    PRIMARY KEY (sandbox, id)
);
CREATE INDEX invoices_by_scope ON invoices (sandbox, scope, period_start DESC);
CREATE TABLE opt_ins (
    sandbox        TEXT NOT NULL REFERENCES sandboxes(id) ON DELETE CASCADE,
    scope          TEXT NOT NULL,
    terms_version  TEXT NOT NULL,
    accepted_by    TEXT NOT NULL,
    accepted_at    TEXT NOT NULL,
    PRIMARY KEY (sandbox, scope)
);
CREATE TABLE recipients (
    sandbox    TEXT NOT NULL REFERENCES sandboxes(id) ON DELETE CASCADE,
    scope      TEXT NOT NULL,
    position   INTEGER NOT NULL,
    email      TEXT NOT NULL,
    email_key  TEXT NOT NULL,
    PRIMARY KEY (sandbox, scope, email_key)
);
"#,
    r#"
CREATE TABLE messages (
    sandbox         TEXT NOT NULL REFERENCES sandboxes(id) ON DELETE CASCADE,
    id              INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    kind            TEXT NOT NULL,
    sender          TEXT NOT NULL,
    recipients      TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body_text       TEXT NOT NULL,
    has_attachment  INTEGER NOT NULL,
    is_read         INTEGER NOT NULL DEFAULT 0,
    size            INTEGER NOT NULL,
    cause_method    TEXT NOT NULL,
    cause_path      TEXT NOT NULL,
    cause_at        TEXT NOT NULL,
    scope           TEXT,
    invoice_id      TEXT,
    relay_delivered INTEGER,
    relay_detail    TEXT,
    PRIMARY KEY (sandbox, id)
);
CREATE INDEX messages_unread ON messages (sandbox, is_read);
CREATE TABLE faults (
    sandbox    TEXT NOT NULL REFERENCES sandboxes(id) ON DELETE CASCADE,
    id         INTEGER NOT NULL,
    method     TEXT,
    pattern    TEXT NOT NULL,
    spec       TEXT NOT NULL,
    remaining  INTEGER,
    hits       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (sandbox, id)
);
-- Message numbers are never reused, even after a delete or a clear.
ALTER TABLE sandboxes ADD COLUMN next_message_id INTEGER NOT NULL DEFAULT 1;
-- The raw bytes apart, so that listing and searching never read them.
CREATE TABLE message_raw (
    sandbox  TEXT NOT NULL,
    id       INTEGER NOT NULL,
    raw      BLOB NOT NULL,
    PRIMARY KEY (sandbox, id),
    FOREIGN KEY (sandbox, id) REFERENCES messages(sandbox, id) ON DELETE CASCADE
);
"#,
    r#"
-- When a request last used the sandbox, by the wall clock (never frozen):
-- idle sandboxes expire by it.
ALTER TABLE sandboxes ADD COLUMN active_at INTEGER;  -- Unix milliseconds
UPDATE sandboxes SET active_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000;
-- The request journal. Not tied to the sandboxes row: it outlives a reset,
-- and goes when the sandbox expires or a tester clears it.
CREATE TABLE journal (
    sandbox     TEXT NOT NULL,
    id          INTEGER NOT NULL,
    started_ms  INTEGER NOT NULL,  -- Unix milliseconds, wall clock
    method      TEXT NOT NULL,
    path        TEXT NOT NULL,
    status      INTEGER NOT NULL,
    entry       TEXT NOT NULL,
    PRIMARY KEY (sandbox, id)
);
-- For the expiry sweep of journals whose sandbox was never made.
CREATE INDEX journal_by_start ON journal (started_ms);
"#,
    r#"
-- Fault numbers are never reused either (a panel showing an old list must
-- not remove a newer fault that took a used-up one's number).
ALTER TABLE sandboxes ADD COLUMN next_fault_id INTEGER NOT NULL DEFAULT 1;
UPDATE sandboxes SET next_fault_id =
    (SELECT COALESCE(MAX(id), 0) + 1 FROM faults WHERE faults.sandbox = sandboxes.id);
"#,
    r#"
-- A message's language (its Content-Language), for the outbox's list; NULL
-- for messages stored before it was kept.
ALTER TABLE messages ADD COLUMN language TEXT;
"#,
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

#[derive(Clone)]
pub struct Store {
    /// The queue of the thread that owns the connection. The thread ends,
    /// closing the database, when the last clone of the store is dropped.
    jobs: mpsc::Sender<Job>,
    /// Applied to every new (or reset) sandbox after its seed.
    default_scenario: Option<Arc<Scenario>>,
    limits: SandboxLimits,
}

/// How many sandboxes the store holds, and how long an idle one lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SandboxLimits {
    pub max_sandboxes: u64,
    pub idle_timeout: std::time::Duration,
}

impl Default for SandboxLimits {
    fn default() -> Self {
        SandboxLimits {
            max_sandboxes: 1000,
            idle_timeout: std::time::Duration::from_secs(24 * 60 * 60),
        }
    }
}

impl SandboxLimits {
    /// How stale `active_at` may get before a request refreshes it: a minute,
    /// or less for short timeouts, so that expiry never hits an active sandbox.
    fn touch_interval(self) -> chrono::Duration {
        chrono::Duration::from_std(self.check_interval()).unwrap_or(chrono::Duration::seconds(60))
    }

    /// A quarter of the idle timeout, between 250 ms and a minute: how often
    /// activity is refreshed and idle sandboxes are looked for. Both use it,
    /// so an active sandbox is always refreshed well within its timeout.
    pub fn check_interval(self) -> std::time::Duration {
        (self.idle_timeout / 4).clamp(
            std::time::Duration::from_millis(250),
            std::time::Duration::from_secs(60),
        )
    }
}

/// Work for the connection's thread.
type Job = Box<dyn FnOnce(&mut Connection) + Send>;

/// What one request's work sees: its transaction, its sandbox and the time.
pub struct Ctx<'a> {
    pub tx: &'a Transaction<'a>,
    pub sandbox: &'a str,
    pub now: DateTime<Utc>,
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("cannot create the folder for the data file {path}: {source}")]
    CreateDir {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot open the data file {path}: {source}")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    #[error("the data file {path} has schema version {found}, newer than this server's {SCHEMA_VERSION}; use a newer server or another --data file")]
    TooNew { path: String, found: u32 },
    #[error("cannot prepare the data file {path}: {source}")]
    Migrate {
        path: String,
        source: rusqlite::Error,
    },
}

impl Store {
    /// Opens (creating when absent) the data file at `path`.
    pub fn open_file(path: &Path) -> Result<Store, OpenError> {
        let shown = path.display().to_string();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| OpenError::CreateDir {
                path: parent.display().to_string(),
                source,
            })?;
        }
        let connection = Connection::open(path).map_err(|source| OpenError::Open {
            path: shown.clone(),
            source,
        })?;
        Store::prepare(connection, &shown)
    }

    /// A private database that lives as long as the server: for tests.
    pub fn open_in_memory() -> Result<Store, OpenError> {
        let connection = Connection::open_in_memory().map_err(|source| OpenError::Open {
            path: ":memory:".into(),
            source,
        })?;
        Store::prepare(connection, ":memory:")
    }

    fn prepare(mut connection: Connection, shown: &str) -> Result<Store, OpenError> {
        let migrate = |source| OpenError::Migrate {
            path: shown.to_owned(),
            source,
        };
        // Every request runs the same few statements: keep them all prepared.
        connection.set_prepared_statement_cache_capacity(128);
        // WAL with synchronous=NORMAL: a committed transaction survives the
        // process being killed (kill -9); only a power cut may lose the last ones.
        connection
            .execute_batch(
                "PRAGMA journal_mode = WAL;
                 PRAGMA synchronous = NORMAL;
                 PRAGMA foreign_keys = ON;
                 PRAGMA busy_timeout = 5000;",
            )
            .map_err(migrate)?;
        let found: u32 = connection
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(migrate)?;
        if found > SCHEMA_VERSION {
            return Err(OpenError::TooNew {
                path: shown.to_owned(),
                found,
            });
        }
        let tx = connection.transaction().map_err(migrate)?;
        for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            tx.execute_batch(sql).map_err(migrate)?;
            tx.pragma_update(None, "user_version", index as u32 + 1)
                .map_err(migrate)?;
        }
        // Faults are for one testing session: they end with the server.
        tx.execute("DELETE FROM faults", []).map_err(migrate)?;
        tx.commit().map_err(migrate)?;
        Ok(Store {
            jobs: spawn_connection_thread(connection),
            default_scenario: None,
            limits: SandboxLimits::default(),
        })
    }

    pub fn with_limits(mut self, limits: SandboxLimits) -> Store {
        self.limits = limits;
        self
    }

    pub fn limits(&self) -> SandboxLimits {
        self.limits
    }

    /// Runs `work` on the connection in one transaction that is not tied to
    /// a sandbox (the journal, expiry). Commits when `work` succeeds.
    pub async fn transact_global<T, F>(&self, work: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> AppResult<T> + Send + 'static,
    {
        self.on_connection(move |connection| {
            let tx = connection.transaction()?;
            let result = work(&tx)?;
            tx.commit()?;
            Ok(result)
        })
        .await
    }

    /// Runs `work` on the connection's thread and waits for its result.
    ///
    /// One thread owns the connection and runs the queued work one after
    /// another, so requests never contend for a lock, and a busy server
    /// hands work over without waking a thread per request. A panic in one
    /// piece of work answers its request with an internal error (its
    /// transaction rolls back as it unwinds) and the thread goes on.
    async fn on_connection<T, F>(&self, work: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> AppResult<T> + Send + 'static,
    {
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |connection| {
            // The requester may have gone (client disconnected): nobody to tell.
            let _ = answer.send(work(connection));
        });
        self.jobs
            .send(job)
            .map_err(|_| AppError::internal("the database thread has stopped"))?;
        answered
            .await
            .map_err(|_| AppError::internal("the database work panicked"))?
    }

    /// Deletes the sandboxes no request has used for the idle timeout, with
    /// their journals; returns their names. `wall_now` is the real time.
    pub async fn expire_idle(&self, wall_now: DateTime<Utc>) -> AppResult<Vec<String>> {
        let idle =
            chrono::Duration::from_std(self.limits.idle_timeout).unwrap_or(chrono::Duration::MAX);
        let cutoff = wall_now
            .checked_sub_signed(idle)
            .map_or(i64::MIN, |t| t.timestamp_millis());
        self.transact_global(move |tx| {
            let expired: Vec<String> = tx
                .prepare("SELECT id FROM sandboxes WHERE active_at < ?1")?
                .query_map([cutoff], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for id in &expired {
                tx.execute("DELETE FROM sandboxes WHERE id = ?1", [id])?;
                tx.execute("DELETE FROM journal WHERE sandbox = ?1", [id])?;
            }
            // Journals of sandboxes that were never created (every request
            // failed before touching the store) expire by their own age.
            tx.execute(
                "DELETE FROM journal WHERE started_ms < ?1
                   AND sandbox NOT IN (SELECT id FROM sandboxes)",
                [cutoff],
            )?;
            Ok(expired)
        })
        .await
    }

    /// Whether `sandbox` exists (was used, and has not expired).
    pub async fn sandbox_exists(&self, sandbox: String) -> AppResult<bool> {
        self.transact_global(move |tx| {
            Ok(tx
                .prepare_cached("SELECT 1 FROM sandboxes WHERE id = ?1")?
                .exists([sandbox])?)
        })
        .await
    }

    /// How many sandboxes the store holds, and when `sandbox` was last used.
    pub async fn sandbox_activity(
        &self,
        sandbox: String,
    ) -> AppResult<(u64, Option<DateTime<Utc>>)> {
        self.transact_global(move |tx| {
            let count: i64 = tx.query_row("SELECT COUNT(*) FROM sandboxes", [], |r| r.get(0))?;
            let active: Option<i64> = tx
                .query_row(
                    "SELECT active_at FROM sandboxes WHERE id = ?1",
                    [&sandbox],
                    |r| r.get(0),
                )
                .optional()?
                .flatten();
            let active = active.and_then(DateTime::<Utc>::from_timestamp_millis);
            Ok((count as u64, active))
        })
        .await
    }

    /// New and reset sandboxes start from this scenario.
    pub fn with_default_scenario(mut self, scenario: Scenario) -> Store {
        self.default_scenario = Some(Arc::new(scenario));
        self
    }

    /// Runs `work` in one transaction for `sandbox`, creating and seeding the
    /// sandbox first if it is new. Commits when `work` succeeds.
    pub async fn transact<T, F>(&self, sandbox: String, now: DateTime<Utc>, work: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Ctx<'_>) -> AppResult<T> + Send + 'static,
    {
        let default = self.default_scenario.clone();
        let limits = self.limits;
        self.transact_global(move |tx| {
            let created = ensure_sandbox(tx, &sandbox, now, limits)?;
            let ctx = Ctx {
                tx,
                sandbox: &sandbox,
                now,
            };
            if created {
                apply_default(&ctx, default.as_deref())?;
            }
            work(&ctx)
        })
        .await
    }

    /// Runs `work` in one transaction for `sandbox` only if the sandbox
    /// exists, without creating it or counting it as active: for work of the
    /// server's own (delivering to the relay), which must neither bring back
    /// a sandbox that was deleted nor keep an idle one alive. `None` when the
    /// sandbox does not exist.
    pub async fn transact_existing<T, F>(
        &self,
        sandbox: String,
        now: DateTime<Utc>,
        work: F,
    ) -> AppResult<Option<T>>
    where
        T: Send + 'static,
        F: FnOnce(&Ctx<'_>) -> AppResult<T> + Send + 'static,
    {
        self.transact_global(move |tx| {
            let exists = tx
                .prepare_cached("SELECT 1 FROM sandboxes WHERE id = ?1")?
                .exists([&sandbox])?;
            if !exists {
                return Ok(None);
            }
            work(&Ctx {
                tx,
                sandbox: &sandbox,
                now,
            })
            .map(Some)
        })
        .await
    }

    /// Empties a sandbox and seeds it again, with the default scenario.
    pub async fn reset(&self, sandbox: String, now: DateTime<Utc>) -> AppResult<()> {
        let default = self.default_scenario.clone();
        self.transact(sandbox, now, move |ctx| {
            reseed(ctx)?;
            apply_default(ctx, default.as_deref())
        })
        .await
    }
}

/// Starts the thread that owns `connection` and returns its queue.
fn spawn_connection_thread(mut connection: Connection) -> mpsc::Sender<Job> {
    let (jobs, queue) = mpsc::channel::<Job>();
    std::thread::Builder::new()
        .name("sqlite".into())
        .spawn(move || {
            for job in queue {
                // A panic drops the job's answer, which tells its requester.
                let _ = std::panic::catch_unwind(AssertUnwindSafe(|| job(&mut connection)));
            }
        })
        .expect("the database thread starts");
    jobs
}

/// Empties the sandbox of `ctx` and seeds it again (without the default
/// scenario): a reset, and the first step of applying a scenario. Its faults
/// stay: they are the tester's configuration, not the sandbox's state (only
/// clearing them, the sandbox's expiry or a restart of the server ends them).
/// So do its next message and fault numbers: a number (and so a Message-ID)
/// is never handed out twice in a sandbox.
pub fn reseed(ctx: &Ctx<'_>) -> AppResult<()> {
    let (next_message, next_fault): (i64, i64) = ctx.tx.query_row(
        "SELECT next_message_id, next_fault_id FROM sandboxes WHERE id = ?1",
        [ctx.sandbox],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    // Deleting the row cascades to every table, faults included: keep them.
    type FaultRow = (i64, Option<String>, String, String, Option<i64>, i64);
    let faults = ctx
        .tx
        .prepare_cached(
            "SELECT id, method, pattern, spec, remaining, hits FROM faults WHERE sandbox = ?1",
        )?
        .query_map([ctx.sandbox], |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
                row.get(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<FaultRow>>>()?;
    ctx.tx
        .execute("DELETE FROM sandboxes WHERE id = ?1", [ctx.sandbox])?;
    // The row just went, so the cap cannot refuse it.
    let unlimited = SandboxLimits {
        max_sandboxes: u64::MAX,
        ..SandboxLimits::default()
    };
    ensure_sandbox(ctx.tx, ctx.sandbox, ctx.now, unlimited)?;
    ctx.tx.execute(
        "UPDATE sandboxes SET next_message_id = ?2, next_fault_id = ?3 WHERE id = ?1",
        params![ctx.sandbox, next_message, next_fault],
    )?;
    let mut insert = ctx.tx.prepare_cached(
        "INSERT INTO faults (sandbox, id, method, pattern, spec, remaining, hits)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (id, method, pattern, spec, remaining, hits) in faults {
        insert.execute(params![
            ctx.sandbox,
            id,
            method,
            pattern,
            spec,
            remaining,
            hits
        ])?;
    }
    Ok(())
}

fn apply_default(ctx: &Ctx<'_>, scenario: Option<&Scenario>) -> AppResult<()> {
    if let Some(scenario) = scenario {
        let cause = shared::api::Cause {
            method: "SEED".into(),
            path: format!("--default-scenario {}", scenario.name),
            at: ctx.now,
        };
        crate::scenarios::apply(ctx, scenario, &cause)?;
    }
    Ok(())
}

/// Creates and seeds the sandbox if it does not exist yet (true), or
/// refreshes its wall-clock activity time (at most every
/// [`SandboxLimits::touch_interval`], to keep reads cheap). A new sandbox
/// beyond the cap is refused; nobody else's is dropped to make room.
fn ensure_sandbox(
    tx: &Transaction<'_>,
    sandbox: &str,
    now: DateTime<Utc>,
    limits: SandboxLimits,
) -> AppResult<bool> {
    let wall = Utc::now();
    let active: Option<Option<i64>> = tx
        .prepare_cached("SELECT active_at FROM sandboxes WHERE id = ?1")?
        .query_row([sandbox], |row| row.get(0))
        .optional()?;
    match active {
        Some(active) => {
            let stale = active
                .and_then(DateTime::<Utc>::from_timestamp_millis)
                .is_none_or(|t| wall - t >= limits.touch_interval());
            if stale {
                tx.execute(
                    "UPDATE sandboxes SET active_at = ?2, last_seen_at = ?3 WHERE id = ?1",
                    params![sandbox, wall.timestamp_millis(), now.to_rfc3339()],
                )?;
            }
            Ok(false)
        }
        None => {
            let count: i64 = tx.query_row("SELECT COUNT(*) FROM sandboxes", [], |r| r.get(0))?;
            if count as u64 >= limits.max_sandboxes {
                return Err(AppError::sandbox_limit(limits));
            }
            seed_sandbox(tx, sandbox, now)?;
            tx.execute(
                "UPDATE sandboxes SET active_at = ?2 WHERE id = ?1",
                params![sandbox, wall.timestamp_millis()],
            )?;
            Ok(true)
        }
    }
}

fn seed_sandbox(tx: &Transaction<'_>, sandbox: &str, now: DateTime<Utc>) -> rusqlite::Result<()> {
    let stamp = now.to_rfc3339();
    tx.execute(
        "INSERT INTO sandboxes (id, created_at, last_seen_at, signed_in) VALUES (?1, ?2, ?2, NULL)",
        params![sandbox, stamp],
    )?;
    let mut profile = tx.prepare_cached(
        "INSERT INTO profiles (sandbox, persona, preferred_email, locale) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for persona in seed::personas() {
        profile.execute(params![
            sandbox,
            persona.id.0,
            persona.email.as_str(),
            shared::Locale::default().tag()
        ])?;
    }
    for invoice in seed::seeded_invoices(now) {
        insert_invoice(tx, sandbox, &invoice)?;
    }
    Ok(())
}

/// Writes one invoice of a sandbox (seeded, or issued by a billing cycle).
pub fn insert_invoice(
    tx: &Transaction<'_>,
    sandbox: &str,
    invoice: &shared::Invoice,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO invoices (sandbox, id, scope, period_start, period_end, invoice_date, due_date,
                               amount_minor, currency, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        sandbox,
        invoice.id,
        invoice.scope_id.0,
        invoice.period_start.to_string(),
        invoice.period_end.to_string(),
        invoice.invoice_date.to_string(),
        invoice.due_date.to_string(),
        invoice.amount.minor_units,
        invoice.amount.currency,
        crate::portal::invoice_status_name(invoice.status),
    ])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count_sandboxes(tx: &Transaction<'_>) -> AppResult<i64> {
        Ok(tx.query_row("SELECT COUNT(*) FROM sandboxes", [], |r| r.get(0))?)
    }

    #[tokio::test]
    async fn a_panic_in_one_request_rolls_it_back_and_the_next_ones_still_run() {
        let store = Store::open_in_memory().unwrap();
        let now = Utc::now();
        let panicked = store
            .transact("doomed".into(), now, |_ctx| -> AppResult<()> {
                // The sandbox was seeded inside this transaction...
                panic!("a handler bug")
            })
            .await;
        let error = panicked.expect_err("a panic answers an error");
        assert_eq!(error.status, axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        // ...and went with it; the connection's thread carries on.
        assert_eq!(store.transact_global(count_sandboxes).await.unwrap(), 0);
        store
            .transact("alive".into(), now, |_ctx| Ok(()))
            .await
            .unwrap();
        assert_eq!(store.transact_global(count_sandboxes).await.unwrap(), 1);
    }

    #[tokio::test]
    async fn work_on_an_existing_sandbox_neither_creates_one_nor_counts_as_activity() {
        let store = Store::open_in_memory().unwrap();
        let now = Utc::now();
        let missing = store
            .transact_existing("gone".into(), now, |_ctx| Ok(()))
            .await
            .unwrap();
        assert_eq!(missing, None);
        assert_eq!(store.transact_global(count_sandboxes).await.unwrap(), 0);

        store
            .transact("here".into(), now, |_ctx| Ok(()))
            .await
            .unwrap();
        let active_at = |store: Store| async move {
            store
                .transact_global(|tx| {
                    Ok(tx.query_row(
                        "SELECT active_at FROM sandboxes WHERE id = 'here'",
                        [],
                        |r| r.get::<_, i64>(0),
                    )?)
                })
                .await
        };
        let before = active_at(store.clone()).await.unwrap();
        // Older than the touch interval: a request would refresh it.
        store
            .transact_global(move |tx| {
                tx.execute(
                    "UPDATE sandboxes SET active_at = ?1 WHERE id = 'here'",
                    [before - 3_600_000],
                )?;
                Ok(())
            })
            .await
            .unwrap();
        let found = store
            .transact_existing("here".into(), now, |ctx| Ok(ctx.sandbox.to_owned()))
            .await
            .unwrap();
        assert_eq!(found.as_deref(), Some("here"));
        assert_eq!(active_at(store.clone()).await.unwrap(), before - 3_600_000);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_requests_each_get_their_own_answer() {
        let store = Store::open_in_memory().unwrap();
        let now = Utc::now();
        let tasks: Vec<_> = (0..64)
            .map(|n| {
                let store = store.clone();
                tokio::spawn(async move {
                    let sandbox = format!("sandbox-{}", n % 8);
                    let echoed = store
                        .transact(sandbox.clone(), now, move |ctx| {
                            Ok((n, ctx.sandbox.to_owned()))
                        })
                        .await
                        .unwrap();
                    assert_eq!(echoed, (n, sandbox));
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
        assert_eq!(store.transact_global(count_sandboxes).await.unwrap(), 8);
    }

    /// A data file from the schema before messages kept their language
    /// opens, and its messages list without one; new ones have it.
    #[tokio::test]
    async fn a_version_4_data_file_is_migrated_and_its_messages_still_list() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v4.sqlite3");
        {
            let mut connection = Connection::open(&path).unwrap();
            let tx = connection.transaction().unwrap();
            for (index, migration) in MIGRATIONS[..4].iter().enumerate() {
                tx.execute_batch(migration).unwrap();
                tx.pragma_update(None, "user_version", index as u32 + 1)
                    .unwrap();
            }
            tx.execute_batch(
                "INSERT INTO sandboxes (id, created_at, last_seen_at, next_message_id)
                     VALUES ('old', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z', 2);
                 INSERT INTO messages (sandbox, id, created_at, kind, sender, recipients, subject,
                     body_text, has_attachment, size, cause_method, cause_path, cause_at)
                     VALUES ('old', 1, '2026-11-01T00:00:00+00:00', 'invoice', 'a@b.example',
                     'c@d.example', 'Invoice', 'text', 0, 10, 'POST', '/api/billing-cycle',
                     '2026-11-01T00:00:00+00:00');",
            )
            .unwrap();
            tx.commit().unwrap();
        }
        let store = Store::open_file(&path).unwrap();
        let page = store
            .transact("old".into(), Utc::now(), |ctx| {
                crate::outbox::list(ctx, "", 1, 50)
            })
            .await
            .unwrap();
        assert_eq!(page.messages.len(), 1);
        assert_eq!(page.messages[0].subject, "Invoice");
        assert_eq!(page.messages[0].language, None);
        let version: u32 = store
            .transact_global(|tx| Ok(tx.query_row("PRAGMA user_version", [], |r| r.get(0))?))
            .await
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
    }
}
