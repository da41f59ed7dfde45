//! The request journal: every API request of a sandbox with its answer, for
//! testers to see what the app did, filter it, and export it as HAR 1.2.
//!
//! A middleware on the API routes (outside the faults one, so injected
//! latency, errors and dropped connections are recorded as the client met
//! them; a dropped one with status 0, its head and the bytes sent before
//! the break) buffers both bodies, keeps at most [`JOURNAL_BODY_CAP`] bytes of
//! each, and hands the entry to one writer task. The writer stores entries in
//! batches, so a request never waits for the journal; readers first wait for
//! the writer to catch up (`flush`), so they see every request answered
//! before theirs.

use std::sync::{Arc, OnceLock};
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use chrono::Utc;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use rusqlite::{params, Transaction};
use shared::api::{
    paths, AppliedFaultKind, ErrorCode, JournalBody, JournalEntry, JournalQuery, JournalResponse,
    JOURNAL_BODY_CAP,
};
use tokio::sync::{mpsc, oneshot};

use crate::error::{AppError, AppResult};
use crate::faults::AppliedFaults;
use crate::sandbox::SandboxId;
use crate::state::AppState;
use crate::store::Store;

/// How many entries the journal keeps per sandbox; the oldest go first.
pub const CAPACITY: u64 = 1000;
/// The most entries one listing returns, and the default.
pub const MAX_LIMIT: u32 = CAPACITY as u32;
pub const DEFAULT_LIMIT: u32 = 200;
/// Entries waiting for the writer; beyond this, new ones are dropped (and
/// logged) rather than letting memory grow without bound.
const QUEUE: usize = 10_000;
/// The most entries the writer stores in one transaction.
const BATCH: usize = 256;

enum Job {
    Record(String, Box<JournalEntry>),
    Flush(oneshot::Sender<()>),
}

/// The handle every request shares: a queue to the writer task, which starts
/// with the first request (inside the server's runtime).
#[derive(Clone, Default)]
pub struct Journal {
    queue: Arc<OnceLock<mpsc::Sender<Job>>>,
}

impl Journal {
    fn sender(&self, store: &Store) -> &mpsc::Sender<Job> {
        self.queue.get_or_init(|| {
            let (sender, receiver) = mpsc::channel(QUEUE);
            tokio::spawn(write_loop(store.clone(), receiver));
            sender
        })
    }

    fn record(&self, store: &Store, sandbox: String, entry: JournalEntry) {
        if let Err(error) = self
            .sender(store)
            .try_send(Job::Record(sandbox, Box::new(entry)))
        {
            tracing::warn!(%error, "the journal is behind; an entry was not recorded");
        }
    }

    /// Waits until every entry recorded before this call is stored.
    pub async fn flush(&self, store: &Store) {
        let (done, wait) = oneshot::channel();
        if self.sender(store).send(Job::Flush(done)).await.is_ok() {
            let _ = wait.await;
        }
    }
}

async fn write_loop(store: Store, mut receiver: mpsc::Receiver<Job>) {
    let mut jobs = Vec::with_capacity(BATCH);
    while receiver.recv_many(&mut jobs, BATCH).await > 0 {
        let mut entries = Vec::new();
        let mut waiting = Vec::new();
        for job in jobs.drain(..) {
            match job {
                Job::Record(sandbox, entry) => entries.push((sandbox, entry)),
                Job::Flush(done) => waiting.push(done),
            }
        }
        if !entries.is_empty() {
            // Encoded before taking the database, which requests share.
            let rows: Vec<Row> = entries
                .into_iter()
                .filter_map(|(sandbox, entry)| match serde_json::to_string(&entry) {
                    Ok(json) => Some(Row {
                        sandbox,
                        entry,
                        json,
                    }),
                    Err(error) => {
                        tracing::error!(%error, "a journal entry cannot be encoded");
                        None
                    }
                })
                .collect();
            if let Err(error) = store
                .transact_global(move |tx| store_entries(tx, &rows))
                .await
            {
                tracing::error!(?error, "storing journal entries failed");
            }
        }
        for done in waiting {
            let _ = done.send(());
        }
    }
}

/// An entry ready to store; its number is given by the database.
struct Row {
    sandbox: String,
    entry: Box<JournalEntry>,
    json: String,
}

fn store_entries(tx: &Transaction<'_>, rows: &[Row]) -> AppResult<()> {
    let mut next_id =
        tx.prepare_cached("SELECT COALESCE(MAX(id), 0) + 1 FROM journal WHERE sandbox = ?1")?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO journal (sandbox, id, started_ms, method, path, status, entry)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut prune = tx.prepare_cached("DELETE FROM journal WHERE sandbox = ?1 AND id <= ?2")?;
    // Numbers and pruning once per sandbox and batch, not per entry: under
    // load a batch holds hundreds of one sandbox's requests.
    let mut next: std::collections::HashMap<&str, i64> = std::collections::HashMap::new();
    for Row {
        sandbox,
        entry,
        json,
    } in rows
    {
        let id = match next.get_mut(sandbox.as_str()) {
            Some(id) => id,
            None => {
                let first: i64 = next_id.query_row([sandbox], |row| row.get(0))?;
                next.entry(sandbox.as_str()).or_insert(first)
            }
        };
        insert.execute(params![
            sandbox,
            *id,
            entry.started_at.timestamp_millis(),
            entry.method,
            entry.path,
            entry.status,
            json
        ])?;
        *id += 1;
    }
    for (sandbox, next) in next {
        prune.execute(params![sandbox, next - 1 - CAPACITY as i64])?;
    }
    Ok(())
}

/// The requests the journal leaves out: the tester's tools reading their
/// state (the panel polls faults and the journal), and the endless event
/// stream. What a tester changes (a fault, a scenario, a reset) is kept.
fn is_journaled(method: &Method, path: &str) -> bool {
    let admin_read =
        path.starts_with("/api/admin/") && (method == Method::GET || method == Method::HEAD);
    !(admin_read || path.starts_with(paths::ADMIN_JOURNAL) || path == paths::OUTBOX_EVENTS)
}

/// Middleware on the API routes: records each request and its answer.
pub async fn record(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(sandbox) = request.extensions().get::<SandboxId>().cloned() else {
        return next.run(request).await;
    };
    if !is_journaled(request.method(), request.uri().path()) {
        return next.run(request).await;
    }
    let started_at = Utc::now();
    let timer = Instant::now();
    let method = request.method().to_string();
    let path = request.uri().path_and_query().map_or_else(
        || request.uri().path().to_owned(),
        |p| p.as_str().to_owned(),
    );
    let (parts, body) = request.into_parts();
    let request_headers = header_pairs(&parts.headers);
    // Twice the API's limit, so that the handlers' own limit still answers
    // bodies just over it; far larger ones are refused here.
    let read = Limited::new(body, crate::MAX_BODY_BYTES * 2)
        .collect()
        .await;
    let applied = AppliedFaults::default();
    // The request to pass on, or the answer to a body that could not be read.
    let (request_body, passed_on) = match read {
        Ok(collected) => {
            let bytes = collected.to_bytes();
            let captured = capture(&bytes, &parts.headers);
            let mut request = Request::from_parts(parts, Body::from(bytes));
            request.extensions_mut().insert(applied.clone());
            (captured, Ok(request))
        }
        Err(error) => {
            let response = if error.is::<LengthLimitError>() {
                AppError::payload_too_large()
            } else {
                AppError::new(
                    StatusCode::BAD_REQUEST,
                    ErrorCode::InvalidBody,
                    "The request body could not be read to its end.",
                )
            };
            (JournalBody::default(), Err(response.into_response()))
        }
    };
    let unfinished = Unfinished {
        state: state.clone(),
        sandbox: sandbox.0,
        entry: Some(JournalEntry {
            id: 0,
            started_at,
            method,
            path,
            status: 0,
            duration_ms: 0.0,
            request_headers,
            response_headers: Vec::new(),
            request_body,
            response_body: JournalBody::default(),
            faults: Vec::new(),
            abandoned: true,
        }),
        timer,
        applied,
    };
    let response = match passed_on {
        Ok(request) => next.run(request).await,
        Err(response) => response,
    };
    answer(unfinished, response).await
}

/// Reads the answer to its end and records the entry; passes the answer on.
async fn answer(mut unfinished: Unfinished, response: Response) -> Response {
    let (parts, body) = response.into_parts();
    let (status, response_body, response) = match crate::faults::read_body(body).await {
        Ok(bytes) => {
            let captured = capture(&bytes, &parts.headers);
            let status = parts.status.as_u16();
            let headers = header_pairs(&parts.headers);
            (
                status,
                (headers, captured),
                Response::from_parts(parts, Body::from(bytes)),
            )
        }
        // The answer broke off (an injected dropped connection): the client
        // gets the same head and bytes, and the same break. The entry says
        // status 0 (no answer came whole) and keeps the bytes sent.
        Err(sent) => (
            0,
            (header_pairs(&parts.headers), capture(&sent, &parts.headers)),
            Response::from_parts(parts, crate::faults::broken_off(sent)),
        ),
    };
    if let Some(entry) = unfinished.entry.as_mut() {
        entry.status = status;
        (entry.response_headers, entry.response_body) = response_body;
        entry.abandoned = false;
    }
    drop(unfinished);
    response
}

/// An entry whose answer is on its way. Dropped, it is recorded: with its
/// answer when [`answer`] has read it, else as abandoned (status 0), since
/// the server drops a request's work when its client goes away (a page
/// reloaded while a delay ran), and the faults it met were used up.
struct Unfinished {
    state: AppState,
    sandbox: String,
    entry: Option<JournalEntry>,
    timer: Instant,
    applied: AppliedFaults,
}

impl Drop for Unfinished {
    fn drop(&mut self) {
        if let Some(mut entry) = self.entry.take() {
            entry.duration_ms = self.timer.elapsed().as_secs_f64() * 1000.0;
            entry.faults = self.applied.take();
            let sandbox = std::mem::take(&mut self.sandbox);
            self.state.journal.record(&self.state.store, sandbox, entry);
        }
    }
}

fn header_pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect()
}

/// The first [`JOURNAL_BODY_CAP`] bytes of a body, as text when they are
/// UTF-8 (a cut inside a character is moved back to its start), else base64.
fn capture(bytes: &Bytes, headers: &HeaderMap) -> JournalBody {
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let truncated = bytes.len() > JOURNAL_BODY_CAP;
    let kept = &bytes[..bytes.len().min(JOURNAL_BODY_CAP)];
    let (text, base64) = match std::str::from_utf8(kept) {
        Ok(text) => (text.to_owned(), false),
        Err(error) if truncated && error.error_len().is_none() => {
            // Only the cut split a character.
            (
                String::from_utf8_lossy(&kept[..error.valid_up_to()]).into_owned(),
                false,
            )
        }
        Err(_) => (base64::engine::general_purpose::STANDARD.encode(kept), true),
    };
    JournalBody {
        size: bytes.len() as u64,
        content_type,
        text,
        base64,
        truncated,
    }
}

/// A checked listing query.
struct Filter {
    method: Option<String>,
    status: Option<(u16, u16)>,
    path: Option<String>,
    faulted: Option<bool>,
    limit: u32,
}

fn invalid(field: &str, message: String) -> AppError {
    AppError::new(
        StatusCode::BAD_REQUEST,
        ErrorCode::InvalidParameter,
        message,
    )
    .with_field(field)
}

fn check(query: &JournalQuery) -> AppResult<Filter> {
    let method = match query.method.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(m) => {
            let upper = m.to_ascii_uppercase();
            const METHODS: [&str; 7] = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
            if !METHODS.contains(&upper.as_str()) {
                return Err(invalid(
                    "method",
                    format!(
                        "'{m}' is not an HTTP method; use one of {}.",
                        METHODS.join(", ")
                    ),
                ));
            }
            Some(upper)
        }
    };
    let status = match query.status.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => Some(parse_status(s).ok_or_else(|| {
            invalid(
                "status",
                format!("'{s}' is not a status: use a number such as 404, a class such as 4xx, or 0 for dropped connections."),
            )
        })?),
    };
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(invalid(
            "limit",
            format!("The limit must be between 1 and {MAX_LIMIT}."),
        ));
    }
    let path = query
        .path
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned);
    if path.as_ref().is_some_and(|p| p.len() > 200) {
        return Err(invalid(
            "path",
            "The path filter is longer than 200 characters.".into(),
        ));
    }
    Ok(Filter {
        method,
        status,
        path,
        faulted: query.faulted,
        limit,
    })
}

/// `404` → (404, 404); `4xx` → (400, 499).
fn parse_status(text: &str) -> Option<(u16, u16)> {
    let lower = text.to_ascii_lowercase();
    if let Some(class) = lower.strip_suffix("xx") {
        let digit: u16 = class.parse().ok().filter(|d| (1..=5).contains(d))?;
        return Some((digit * 100, digit * 100 + 99));
    }
    let status: u16 = lower
        .parse()
        .ok()
        .filter(|s| *s == 0 || (100..=599).contains(s))?;
    Some((status, status))
}

/// The journal of `sandbox`, newest first, narrowed by `query`.
pub async fn list(
    state: &AppState,
    sandbox: &SandboxId,
    query: &JournalQuery,
) -> AppResult<JournalResponse> {
    let filter = check(query)?;
    state.journal.flush(&state.store).await;
    let sandbox = sandbox.0.clone();
    state
        .store
        .transact_global(move |tx| {
            let condition = "sandbox = ?1
                 AND (?2 IS NULL OR method = ?2)
                 AND (?3 IS NULL OR status BETWEEN ?3 AND ?4)
                 AND (?5 IS NULL OR instr(path, ?5) > 0)
                 AND (?6 IS NULL OR (COALESCE(json_array_length(entry, '$.faults'), 0) > 0) = ?6)";
            let (low, high) = filter.status.unzip();
            let args = params![
                sandbox,
                filter.method,
                low,
                high,
                filter.path,
                filter.faulted
            ];
            let total: i64 = tx.query_row(
                &format!("SELECT COUNT(*) FROM journal WHERE {condition}"),
                args,
                |row| row.get(0),
            )?;
            let mut statement = tx.prepare(&format!(
                "SELECT id, entry FROM journal WHERE {condition} ORDER BY id DESC LIMIT ?7"
            ))?;
            let rows = statement.query_map(
                params![
                    sandbox,
                    filter.method,
                    low,
                    high,
                    filter.path,
                    filter.faulted,
                    filter.limit
                ],
                |row| Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?)),
            )?;
            let mut entries = Vec::new();
            for row in rows {
                let (id, json) = row?;
                let mut entry: JournalEntry =
                    serde_json::from_str(&json).map_err(AppError::internal)?;
                entry.id = id as u64;
                entries.push(entry);
            }
            Ok(JournalResponse {
                entries,
                total: total as u64,
                capacity: CAPACITY,
            })
        })
        .await
}

/// Empties the journal of `sandbox`.
pub async fn clear(state: &AppState, sandbox: &SandboxId) -> AppResult<u64> {
    state.journal.flush(&state.store).await;
    let sandbox = sandbox.0.clone();
    state
        .store
        .transact_global(move |tx| {
            Ok(tx.execute("DELETE FROM journal WHERE sandbox = ?1", [sandbox])? as u64)
        })
        .await
}

/// An entry's HAR comment: its journal number and the faults it met
/// (HAR has no field of its own for either).
fn har_comment(entry: &JournalEntry) -> String {
    let faults: Vec<String> = entry
        .faults
        .iter()
        .map(|fault| match (fault.kind, fault.delay_ms) {
            (AppliedFaultKind::Latency, Some(ms)) => format!("#{} ({ms} ms delay)", fault.id),
            (AppliedFaultKind::Latency, None) => format!("#{} (delay)", fault.id),
            (AppliedFaultKind::Error, _) => format!("#{} (error answer)", fault.id),
            (AppliedFaultKind::Drop, _) => format!("#{} (connection dropped)", fault.id),
        })
        .collect();
    if faults.is_empty() {
        format!("journal entry {}", entry.id)
    } else {
        format!(
            "journal entry {}; injected faults: {}",
            entry.id,
            faults.join(", ")
        )
    }
}

/// The journal as an HTTP Archive (HAR 1.2), oldest entry first, with
/// absolute URLs on `origin` (`http://host:port`).
pub fn to_har(entries: &[JournalEntry], origin: &str) -> har::Har {
    use har::v1_2;
    let headers = |pairs: &[(String, String)]| -> Vec<v1_2::Headers> {
        pairs
            .iter()
            .map(|(name, value)| v1_2::Headers {
                name: name.clone(),
                value: value.clone(),
                comment: None,
            })
            .collect()
    };
    let truncated_note = |body: &JournalBody| {
        body.truncated.then(|| {
            format!(
                "The journal kept the first {JOURNAL_BODY_CAP} of {} bytes.",
                body.size
            )
        })
    };
    // "base64" when `text` holds the bytes in base64 (not UTF-8), then
    // whether the journal cut the body.
    let posted_note = |body: &JournalBody| {
        let notes: Vec<String> = body
            .base64
            .then(|| "base64".to_owned())
            .into_iter()
            .chain(truncated_note(body))
            .collect();
        (!notes.is_empty()).then(|| notes.join("; "))
    };
    let har_entries = entries
        .iter()
        .rev()
        .map(|entry| {
            let url = format!("{origin}{}", entry.path);
            let query_string = url::Url::parse(&url)
                .map(|u| {
                    u.query_pairs()
                        .map(|(name, value)| v1_2::QueryString {
                            name: name.into_owned(),
                            value: value.into_owned(),
                            comment: None,
                        })
                        .collect()
                })
                .unwrap_or_default();
            let request_body = &entry.request_body;
            let post_data = (request_body.size > 0).then(|| v1_2::PostData {
                mime_type: request_body
                    .content_type
                    .clone()
                    .unwrap_or_else(|| "application/octet-stream".into()),
                text: Some(request_body.text.clone()),
                params: None,
                // HAR's postData has no `encoding` (content has): say it here.
                comment: posted_note(request_body),
            });
            let response_body = &entry.response_body;
            let (status, status_text, comment) = if entry.status == 0 {
                (
                    0,
                    String::new(),
                    Some(if entry.abandoned {
                        "The client went away before the answer was complete.".to_owned()
                    } else {
                        "The connection was dropped (an injected fault).".to_owned()
                    }),
                )
            } else {
                (
                    i64::from(entry.status),
                    StatusCode::from_u16(entry.status)
                        .ok()
                        .and_then(|s| s.canonical_reason())
                        .unwrap_or("")
                        .to_owned(),
                    None,
                )
            };
            v1_2::Entries {
                pageref: None,
                started_date_time: entry
                    .started_at
                    .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                time: entry.duration_ms,
                request: v1_2::Request {
                    method: entry.method.clone(),
                    url,
                    http_version: "HTTP/1.1".into(),
                    cookies: Vec::new(),
                    headers: headers(&entry.request_headers),
                    query_string,
                    post_data,
                    headers_size: -1,
                    body_size: request_body.size as i64,
                    comment: None,
                },
                response: v1_2::Response {
                    status,
                    status_text,
                    http_version: "HTTP/1.1".into(),
                    cookies: Vec::new(),
                    headers: headers(&entry.response_headers),
                    content: v1_2::Content {
                        size: response_body.size as i64,
                        compression: None,
                        mime_type: Some(
                            response_body
                                .content_type
                                .clone()
                                .unwrap_or_else(|| "x-unknown".into()),
                        ),
                        text: Some(response_body.text.clone()),
                        encoding: response_body.base64.then(|| "base64".to_owned()),
                        comment: truncated_note(response_body),
                    },
                    redirect_url: Some(String::new()),
                    headers_size: -1,
                    body_size: response_body.size as i64,
                    comment,
                },
                cache: v1_2::Cache::default(),
                timings: v1_2::Timings {
                    blocked: None,
                    dns: None,
                    connect: None,
                    send: 0.0,
                    wait: entry.duration_ms,
                    receive: 0.0,
                    ssl: None,
                    comment: None,
                },
                server_ip_address: None,
                connection: None,
                comment: Some(har_comment(entry)),
            }
        })
        .collect();
    har::Har {
        log: har::Spec::V1_2(v1_2::Log {
            creator: v1_2::Creator {
                name: "email-invoice-portal mock-server".into(),
                version: env!("CARGO_PKG_VERSION").into(),
                comment: None,
            },
            browser: None,
            pages: None,
            entries: har_entries,
            comment: None,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert_eq!(parse_status("404"), Some((404, 404)));
        assert_eq!(parse_status("4xx"), Some((400, 499)));
        assert_eq!(parse_status("2XX"), Some((200, 299)));
        assert_eq!(parse_status("0"), Some((0, 0)));
        assert_eq!(parse_status("6xx"), None);
        assert_eq!(parse_status("99"), None);
        assert_eq!(parse_status("abc"), None);
    }

    #[test]
    fn capture_keeps_text_and_cuts_at_the_cap() {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, "application/json".parse().unwrap());
        let small = capture(&Bytes::from_static(b"{\"a\":1}"), &headers);
        assert_eq!(small.text, "{\"a\":1}");
        assert!(!small.truncated && !small.base64);
        // A two-byte character straddles the cap: the cut moves before it.
        let mut long = vec![b'a'; JOURNAL_BODY_CAP - 1];
        long.extend_from_slice("é and more".as_bytes());
        let cut = capture(&Bytes::from(long.clone()), &headers);
        assert!(cut.truncated && !cut.base64);
        assert_eq!(cut.text.len(), JOURNAL_BODY_CAP - 1);
        assert_eq!(cut.size, long.len() as u64);
        let binary = capture(&Bytes::from_static(&[0xff, 0x00, 0xfe]), &headers);
        assert!(binary.base64);
        assert_eq!(binary.text, "/wD+");
    }
}
