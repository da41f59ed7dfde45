//! Faults testers inject into their sandbox's API: latency, an error answer,
//! or a dropped connection (an answer broken off after its head, see
//! [`dropped_connection`]), for requests matching a method and path pattern,
//! for N requests or until cleared. Admin routes are never faulted, so a
//! tester can always clear what they set. Faults are the tester's
//! configuration: a reset or a scenario keeps them (`store::reseed`); clearing
//! them, the sandbox's expiry or a restart of the server ends them.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use http_body_util::BodyExt;
use rusqlite::{params, OptionalExtension};
use shared::api::{AppliedFault, AppliedFaultKind, ErrorCode, Fault, FaultKind, FaultRequest};

use crate::error::{AppError, AppResult};
use crate::sandbox::SandboxId;
use crate::state::AppState;
use crate::store::Ctx;

/// At most this many faults per sandbox.
pub const MAX_FAULTS: usize = 50;

/// Whether `path` matches `pattern`, where `*` stands for any run of characters.
pub fn matches(pattern: &str, path: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let (first, rest) = parts.split_first().expect("split yields one part at least");
    let Some(mut remainder) = path.strip_prefix(first) else {
        return false;
    };
    for (i, part) in rest.iter().enumerate() {
        let last = i == rest.len() - 1;
        if last {
            return remainder.ends_with(part);
        }
        match remainder.find(part) {
            Some(at) => remainder = &remainder[at + part.len()..],
            None => return false,
        }
    }
    remainder.is_empty()
}

fn invalid(field: &str, message: String) -> AppError {
    AppError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::InvalidBody,
        message,
    )
    .with_field(field)
}

/// Checks a fault request; returns the normalized method.
/// The shared rules of a fault ([`FaultRequest::check`]), said in English
/// with the field at fault.
pub fn validate(request: &FaultRequest) -> AppResult<Option<String>> {
    request
        .check()
        .map_err(|problem| invalid(problem.field(), problem.to_string()))
}

fn fault_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Fault> {
    let spec: String = row.get(3)?;
    Ok(Fault {
        id: row.get::<_, i64>(0)? as u64,
        method: row.get(1)?,
        path: row.get(2)?,
        fault: serde_json::from_str(&spec).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, Box::new(e))
        })?,
        remaining: row.get::<_, Option<i64>>(4)?.map(|r| r as u32),
        hits: row.get::<_, i64>(5)? as u64,
    })
}

pub fn list(ctx: &Ctx<'_>) -> AppResult<Vec<Fault>> {
    let mut statement = ctx.tx.prepare(
        "SELECT id, method, pattern, spec, remaining, hits FROM faults WHERE sandbox = ?1 ORDER BY id",
    )?;
    let faults = statement
        .query_map([ctx.sandbox], fault_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(faults)
}

pub fn add(ctx: &Ctx<'_>, request: &FaultRequest) -> AppResult<Vec<Fault>> {
    let method = validate(request)?;
    if list(ctx)?.len() >= MAX_FAULTS {
        return Err(AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidBody,
            format!("A sandbox can have at most {MAX_FAULTS} faults; clear some first."),
        ));
    }
    // Numbered per sandbox, never reused (see the schema).
    let id: i64 = ctx.tx.query_row(
        "UPDATE sandboxes SET next_fault_id = next_fault_id + 1 WHERE id = ?1
         RETURNING next_fault_id - 1",
        [ctx.sandbox],
        |row| row.get(0),
    )?;
    let spec = serde_json::to_string(&request.fault).map_err(AppError::internal)?;
    ctx.tx.execute(
        "INSERT INTO faults (sandbox, id, method, pattern, spec, remaining) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![ctx.sandbox, id, method, request.path, spec, request.count],
    )?;
    list(ctx)
}

pub fn remove(ctx: &Ctx<'_>, id: u64) -> AppResult<Vec<Fault>> {
    let removed = ctx.tx.execute(
        "DELETE FROM faults WHERE sandbox = ?1 AND id = ?2",
        params![ctx.sandbox, id as i64],
    )?;
    if removed == 0 {
        return Err(AppError::not_found(format!("There is no fault {id}.")).with_field("id"));
    }
    list(ctx)
}

pub fn clear(ctx: &Ctx<'_>) -> AppResult<()> {
    ctx.tx
        .execute("DELETE FROM faults WHERE sandbox = ?1", [ctx.sandbox])?;
    Ok(())
}

/// What a request gets from the faults it matches: a delay, then an error
/// or a dropped connection (or its real answer); each with its fault's number.
#[derive(Debug, Default, PartialEq)]
struct Taken {
    latency: Option<(u64, u32, u32)>,
    outcome: Option<(u64, FaultKind)>,
}

/// The faults a request met, as they act: the journal (`journal::record`,
/// outside this layer) puts one on the request and records what it holds,
/// also when the client goes away in the middle (a delay counts as met as
/// soon as it starts).
#[derive(Debug, Clone, Default)]
pub struct AppliedFaults(std::sync::Arc<std::sync::Mutex<Vec<AppliedFault>>>);

impl AppliedFaults {
    fn push(&self, fault: AppliedFault) {
        if let Ok(mut faults) = self.0.lock() {
            faults.push(fault);
        }
    }

    /// What the request met, in the order the faults acted.
    pub fn take(&self) -> Vec<AppliedFault> {
        self.0
            .lock()
            .map(|mut faults| std::mem::take(&mut *faults))
            .unwrap_or_default()
    }
}

/// Takes the faults a request meets: the first matching latency fault (in
/// the order they were set) and the first matching error or drop fault, so
/// that a delay on every path and a drop on one combine. Each counts a hit
/// and uses up one of its requests. With a delay (`with_latency`, the first
/// call), the error or drop is left for a second call once the delay has
/// run: a client that goes away during the delay never met it, so it is not
/// used up (and a fault cleared meanwhile no longer acts).
fn take(ctx: &Ctx<'_>, method: &str, path: &str, with_latency: bool) -> AppResult<Taken> {
    let faults = list(ctx)?;
    let matching =
        |f: &&Fault| f.method.as_deref().is_none_or(|m| m == method) && matches(&f.path, path);
    let latency = faults
        .iter()
        .filter(matching)
        .find(|f| with_latency && matches!(f.fault, FaultKind::Latency { .. }));
    let outcome = faults
        .iter()
        .filter(matching)
        .find(|f| latency.is_none() && !matches!(f.fault, FaultKind::Latency { .. }));
    for fault in latency.iter().chain(outcome.iter()) {
        use_up(ctx, fault)?;
    }
    Ok(Taken {
        latency: latency.and_then(|f| match f.fault {
            FaultKind::Latency { min_ms, max_ms } => Some((f.id, min_ms, max_ms)),
            _ => None,
        }),
        outcome: outcome.map(|f| (f.id, f.fault.clone())),
    })
}

/// Counts a hit of `fault`, and deletes it after its last request.
fn use_up(ctx: &Ctx<'_>, fault: &Fault) -> AppResult<()> {
    if fault.remaining == Some(1) {
        ctx.tx.execute(
            "DELETE FROM faults WHERE sandbox = ?1 AND id = ?2",
            params![ctx.sandbox, fault.id as i64],
        )?;
    } else {
        ctx.tx.execute(
            "UPDATE faults SET hits = hits + 1, remaining = remaining - 1 WHERE sandbox = ?1 AND id = ?2",
            params![ctx.sandbox, fault.id as i64],
        )?;
    }
    Ok(())
}

/// Whether the sandbox has any fault set.
pub fn any(ctx: &Ctx<'_>) -> AppResult<bool> {
    Ok(ctx
        .tx
        .query_row(
            "SELECT 1 FROM faults WHERE sandbox = ?1 LIMIT 1",
            [ctx.sandbox],
            |r| r.get::<_, i64>(0),
        )
        .optional()?
        .is_some())
}

/// Middleware on the API: applies the sandbox's matching faults, if any (see
/// [`take`]). Sandboxes without faults cost one set lookup.
pub async fn inject(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let Some(sandbox) = request.extensions().get::<SandboxId>().cloned() else {
        return next.run(request).await;
    };
    if path.starts_with("/api/admin") || !state.has_faults(&sandbox) {
        return next.run(request).await;
    }
    let method = request.method().as_str().to_owned();
    let taken = {
        let (sandbox, method, path) = (sandbox.clone(), method.clone(), path.clone());
        state
            .run_faults(sandbox, move |ctx| take(ctx, &method, &path, true))
            .await
    };
    let mut taken = match taken {
        Ok(taken) => taken,
        Err(error) => return error.into_response(),
    };
    let applied = request
        .extensions()
        .get::<AppliedFaults>()
        .cloned()
        .unwrap_or_default();
    if let Some((id, min_ms, max_ms)) = taken.latency {
        let ms = if max_ms > min_ms {
            rand::random_range(min_ms..=max_ms)
        } else {
            min_ms
        };
        applied.push(AppliedFault {
            id,
            kind: AppliedFaultKind::Latency,
            delay_ms: Some(ms),
        });
        tokio::time::sleep(Duration::from_millis(u64::from(ms))).await;
        // Now the error or drop, if one (still) matches.
        taken.outcome = match state
            .run_faults(sandbox, move |ctx| take(ctx, &method, &path, false))
            .await
        {
            Ok(after) => after.outcome,
            Err(error) => return error.into_response(),
        };
    }
    if let Some((id, kind)) = &taken.outcome {
        let kind = match kind {
            FaultKind::Latency { .. } => None,
            FaultKind::Error { .. } => Some(AppliedFaultKind::Error),
            FaultKind::Drop => Some(AppliedFaultKind::Drop),
        };
        if let Some(kind) = kind {
            applied.push(AppliedFault {
                id: *id,
                kind,
                delay_ms: None,
            });
        }
    }
    match taken.outcome.map(|(_, kind)| kind) {
        None | Some(FaultKind::Latency { .. }) => next.run(request).await,
        Some(FaultKind::Error { status, body }) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            match body {
                Some(body) => {
                    let json = serde_json::from_str::<serde_json::Value>(&body).is_ok();
                    let content_type = if json {
                        "application/json"
                    } else {
                        "text/plain; charset=utf-8"
                    };
                    (status, [(CONTENT_TYPE, content_type)], body).into_response()
                }
                None => AppError::new(
                    status,
                    ErrorCode::InjectedFault,
                    "Injected fault: this error was set by a tester.",
                )
                .into_response(),
            }
        }
        Some(FaultKind::Drop) => dropped_connection(),
    }
}

/// What a dropped connection sends before it breaks: the start of an
/// [`ErrorCode::InjectedFault`] answer, whose whole length it promises.
const DROPPED: &str =
    "{\"code\":\"injected_fault\",\"message\":\"Injected fault: the connection was dropped.\"}";
const DROPPED_SENT: usize = 40;

/// The answer of a drop fault: a `200` head promising a JSON body
/// (`Content-Length`), the first bytes of it, then the connection breaks.
///
/// The head makes the break visible: a connection closed before any byte
/// of an answer is, to a browser, a stale kept-alive one, and it sends the
/// request again unseen (Chromium does, also a POST), so a `count: 1` fault
/// would be used up by an attempt the app never knew of. After a head, the
/// browser reports the failure (`fetch` resolves, reading the body fails).
pub fn dropped_connection() -> Response {
    let mut response = Response::new(broken_off(Bytes::from_static(
        &DROPPED.as_bytes()[..DROPPED_SENT],
    )));
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(CONTENT_LENGTH, HeaderValue::from(DROPPED.len()));
    // Compressed, the bytes could stay in the encoder: the head alone would go.
    response.extensions_mut().insert(crate::NoCompression);
    response
}

/// A body that sends `sent`, then fails, which makes the server break the
/// connection. The pause between lets the head and `sent` reach the client
/// first (as a connection lost in the middle of an answer does).
pub fn broken_off(sent: Bytes) -> Body {
    let data = futures_util::stream::iter((!sent.is_empty()).then_some(Ok(sent)));
    let failure = futures_util::stream::once(async {
        tokio::time::sleep(Duration::from_millis(20)).await;
        Err::<Bytes, std::io::Error>(std::io::Error::other("injected fault: connection dropped"))
    });
    Body::from_stream(data.chain(failure))
}

/// Reads a body to its end; when it breaks off, `Err` with the bytes it
/// sent before, so that a layer which reads an answer can pass a broken one
/// on as it came ([`broken_off`]).
pub async fn read_body(mut body: Body) -> Result<Bytes, Bytes> {
    let mut chunks: Vec<Bytes> = Vec::new();
    let mut broken = false;
    while let Some(frame) = body.frame().await {
        match frame {
            Ok(frame) => chunks.extend(frame.into_data().ok()),
            Err(_) => {
                broken = true;
                break;
            }
        }
    }
    // One chunk (the usual case) is passed on without a copy.
    let bytes = match chunks.len() {
        0 => Bytes::new(),
        1 => chunks.swap_remove(0),
        _ => Bytes::from(chunks.concat()),
    };
    if broken {
        Err(bytes)
    } else {
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn glob_patterns() {
        assert!(matches("/api/scopes", "/api/scopes"));
        assert!(!matches("/api/scopes", "/api/scopes/x"));
        assert!(matches(
            "/api/scopes/*",
            "/api/scopes/sub-production/invoices"
        ));
        assert!(matches(
            "/api/scopes/*/email-invoice",
            "/api/scopes/x/email-invoice"
        ));
        assert!(!matches(
            "/api/scopes/*/email-invoice",
            "/api/scopes/x/email-invoice/opt-in"
        ));
        assert!(matches("/api/*", "/api/profile"));
        assert!(matches("*", "/anything"));
        assert!(!matches("/api/profile", "/api/profile2"));
    }
}
