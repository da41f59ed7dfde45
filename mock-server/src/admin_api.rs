//! The tester's handlers for the sandbox itself: who it is, and its journal
//! of requests (listed, cleared, or exported as HAR 1.2).

use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, HOST};
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::Json;
use shared::api::{paths, ApiError, ClearResponse, JournalQuery, JournalResponse, SandboxInfo};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{AppError, AppResult};
use crate::extract::ApiQuery;
use crate::journal;
use crate::sandbox::{HomeSandbox, SandboxId};
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sandbox_info))
        .routes(routes!(list_journal, clear_journal))
        .routes(routes!(export_har))
}

/// This sandbox: its name, a link that joins it, and the server's limits.
#[utoipa::path(get, path = paths::ADMIN_SANDBOX, tag = "admin",
    responses((status = 200, body = SandboxInfo), (status = "4XX", body = ApiError)))]
async fn sandbox_info(
    State(state): State<AppState>,
    sandbox: SandboxId,
    HomeSandbox(home): HomeSandbox,
) -> AppResult<Json<SandboxInfo>> {
    // Touches (and if need be creates) the sandbox, like any request.
    state.run(sandbox.clone(), |_| Ok(())).await?;
    let (count, active_at) = state.store.sandbox_activity(sandbox.0.clone()).await?;
    let limits = state.store.limits();
    Ok(Json(SandboxInfo {
        join_path: format!(
            "/?{}={}",
            paths::JOIN_PARAMETER,
            paths::encode_segment(&sandbox.0)
        ),
        id: sandbox.0,
        home,
        active_at,
        idle_timeout_seconds: limits.idle_timeout.as_secs(),
        max_sandboxes: limits.max_sandboxes,
        sandboxes: count,
    }))
}

/// The journal of this sandbox's API requests, newest first.
#[utoipa::path(get, path = paths::ADMIN_JOURNAL, tag = "admin", params(JournalQuery),
    responses((status = 200, body = JournalResponse), (status = 400, body = ApiError)))]
async fn list_journal(
    State(state): State<AppState>,
    sandbox: SandboxId,
    ApiQuery(query): ApiQuery<JournalQuery>,
) -> AppResult<Json<JournalResponse>> {
    Ok(Json(journal::list(&state, &sandbox, &query).await?))
}

/// Empties this sandbox's journal.
#[utoipa::path(delete, path = paths::ADMIN_JOURNAL, tag = "admin",
    responses((status = 200, body = ClearResponse)))]
async fn clear_journal(
    State(state): State<AppState>,
    sandbox: SandboxId,
) -> AppResult<Json<ClearResponse>> {
    let deleted = journal::clear(&state, &sandbox).await?;
    Ok(Json(ClearResponse { deleted }))
}

/// The journal as an HTTP Archive (HAR 1.2) that browser devtools open;
/// the same filters as the list.
#[utoipa::path(get, path = paths::ADMIN_JOURNAL_HAR, tag = "admin", params(JournalQuery),
    responses((status = 200, description = "A HAR 1.2 document", content_type = "application/json"),
              (status = 400, body = ApiError)))]
async fn export_har(
    State(state): State<AppState>,
    sandbox: SandboxId,
    headers: HeaderMap,
    ApiQuery(mut query): ApiQuery<JournalQuery>,
) -> AppResult<impl IntoResponse> {
    query.limit = query.limit.or(Some(journal::MAX_LIMIT));
    let list = journal::list(&state, &sandbox, &query).await?;
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let har = journal::to_har(&list.entries, &format!("http://{host}"));
    let body = har::to_json(&har).map_err(AppError::internal)?;
    let disposition = format!("attachment; filename=\"journal-{}.har\"", sandbox.0);
    Ok((
        [
            (CONTENT_TYPE, "application/json".to_owned()),
            (CONTENT_DISPOSITION, disposition),
        ],
        body,
    ))
}
