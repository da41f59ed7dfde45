//! The outbox and the billing cycle, over HTTP: list and search, read a
//! message (parsed, raw .eml, attachments), delete, clear, mark read, and a
//! live stream of new messages (server-sent events).

use std::convert::Infallible;

use axum::extract::{OriginalUri, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{Method, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::IntoResponse;
use axum::Json;
use futures_util::Stream;
use serde::Deserialize;
use shared::api::{
    paths, ApiError, BillingCycleResponse, ClearResponse, MarkReadRequest, MessageDetail,
    MessageSummary, OutboxPage,
};
use tokio::sync::broadcast::error::RecvError;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::cause;
use crate::error::AppResult;
use crate::extract::{out_of_range, ApiJson, ApiPath, ApiQuery, NoBody};
use crate::outbox::{self, DEFAULT_PER_PAGE};
use crate::portal;
use crate::sandbox::SandboxId;
use crate::state::{AppState, OutboxChange};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(run_billing_cycle))
        .routes(routes!(list_messages, clear_messages))
        .routes(routes!(message_events))
        .routes(routes!(get_message, delete_message))
        .routes(routes!(mark_read))
        .routes(routes!(raw_message))
        .routes(routes!(get_attachment))
}

/// Runs the billing cycle: issues each scope's next invoice and emails those
/// of opted-in scopes ("Run billing cycle" on the Invoices page).
#[utoipa::path(post, path = paths::BILLING_CYCLE, tag = "outbox",
    responses((status = 200, body = BillingCycleResponse),
        (status = 415, body = ApiError, description = "A body that is not JSON: this request takes none"),
        (status = 422, body = ApiError, description = "A JSON body other than {}: this request takes none")))]
async fn run_billing_cycle(
    State(state): State<AppState>,
    sandbox: SandboxId,
    method: Method,
    OriginalUri(uri): OriginalUri,
    _: NoBody,
) -> AppResult<Json<BillingCycleResponse>> {
    let cause = cause(&state, &method, &uri);
    let response = state
        .run_sending(
            sandbox,
            move |ctx| portal::run_billing_cycle(ctx, &cause),
            |response| &response.messages,
        )
        .await?;
    Ok(Json(response))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ListParams {
    /// Search: `from:`, `to:`, `subject:`, `has:attachment`, `is:read`,
    /// `is:unread` and free words; quote values with spaces.
    q: Option<String>,
    /// From 1 (default 1); a page past the last one lists no messages.
    #[param(minimum = 1)]
    page: Option<u32>,
    /// 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    per_page: Option<u32>,
}

/// The outbox, newest first, paged and searchable.
#[utoipa::path(get, path = paths::OUTBOX, tag = "outbox", params(ListParams),
    responses((status = 200, body = OutboxPage), (status = 400, body = ApiError)))]
async fn list_messages(
    State(state): State<AppState>,
    sandbox: SandboxId,
    ApiQuery(params): ApiQuery<ListParams>,
) -> AppResult<Json<OutboxPage>> {
    if params.page == Some(0) {
        return Err(out_of_range("page"));
    }
    if params
        .per_page
        .is_some_and(|n| !(1..=outbox::MAX_PER_PAGE).contains(&n))
    {
        return Err(out_of_range("per_page"));
    }
    let page = state
        .run(sandbox, move |ctx| {
            outbox::list(
                ctx,
                params.q.as_deref().unwrap_or(""),
                params.page.unwrap_or(1),
                params.per_page.unwrap_or(DEFAULT_PER_PAGE),
            )
        })
        .await?;
    Ok(Json(page))
}

/// Deletes every message of this sandbox's outbox.
#[utoipa::path(delete, path = paths::OUTBOX, tag = "outbox",
    responses((status = 200, body = ClearResponse)))]
async fn clear_messages(
    State(state): State<AppState>,
    sandbox: SandboxId,
) -> AppResult<Json<ClearResponse>> {
    let deleted = state.run(sandbox.clone(), outbox::clear).await?;
    state.publish_change(&sandbox);
    Ok(Json(ClearResponse { deleted }))
}

/// The outbox as it changes (server-sent events): `message` for each new
/// message (its data is the message summary as JSON), `changed` when messages
/// were read, unread or deleted or the sandbox was reset (data `{}`: reload).
#[utoipa::path(get, path = paths::OUTBOX_EVENTS, tag = "outbox",
    responses((status = 200, content_type = "text/event-stream", description = "A stream of `message` and `changed` events")))]
async fn message_events(
    State(state): State<AppState>,
    sandbox: SandboxId,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = state.events.subscribe();
    let stream = futures_util::stream::unfold(receiver, move |mut receiver| {
        let sandbox = sandbox.0.clone();
        async move {
            loop {
                match receiver.recv().await {
                    Ok(event) if event.sandbox == sandbox => {
                        let event = match event.change {
                            OutboxChange::New(message) => Event::default()
                                .event("message")
                                .id(message.id.to_string())
                                .data(serde_json::to_string(&message).unwrap_or_default()),
                            OutboxChange::Changed => Event::default().event("changed").data("{}"),
                        };
                        return Some((Ok(event), receiver));
                    }
                    Ok(_) | Err(RecvError::Lagged(_)) => continue,
                    Err(RecvError::Closed) => return None,
                }
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// One message, parsed back from its bytes: headers, text, HTML, attachments.
#[utoipa::path(get, path = paths::OUTBOX_MESSAGE, tag = "outbox",
    params(("id" = u64, Path, minimum = 1, description = "The message number")),
    responses((status = 200, body = MessageDetail), (status = 404, body = ApiError), (status = 400, body = ApiError)))]
async fn get_message(
    State(state): State<AppState>,
    sandbox: SandboxId,
    ApiPath(id): ApiPath<u64>,
) -> AppResult<Json<MessageDetail>> {
    Ok(Json(
        state
            .run(sandbox, move |ctx| outbox::detail(ctx, id))
            .await?,
    ))
}

/// Deletes one message.
#[utoipa::path(delete, path = paths::OUTBOX_MESSAGE, tag = "outbox",
    params(("id" = u64, Path, minimum = 1, description = "The message number")),
    responses((status = 204, description = "Deleted"), (status = 400, body = ApiError), (status = 404, body = ApiError)))]
async fn delete_message(
    State(state): State<AppState>,
    sandbox: SandboxId,
    ApiPath(id): ApiPath<u64>,
) -> AppResult<StatusCode> {
    state
        .run(sandbox.clone(), move |ctx| outbox::delete(ctx, id))
        .await?;
    state.publish_change(&sandbox);
    Ok(StatusCode::NO_CONTENT)
}

/// Marks a message read or unread.
#[utoipa::path(put, path = paths::OUTBOX_READ, tag = "outbox", request_body = MarkReadRequest,
    params(("id" = u64, Path, minimum = 1, description = "The message number")),
    responses((status = 200, body = MessageSummary), (status = 404, body = ApiError), (status = "4XX", body = ApiError)))]
async fn mark_read(
    State(state): State<AppState>,
    sandbox: SandboxId,
    ApiPath(id): ApiPath<u64>,
    ApiJson(request): ApiJson<MarkReadRequest>,
) -> AppResult<Json<MessageSummary>> {
    let message = state
        .run(sandbox.clone(), move |ctx| {
            outbox::mark_read(ctx, id, request.read)
        })
        .await?;
    state.publish_change(&sandbox);
    Ok(Json(message))
}

/// The message as sent: RFC 5322 bytes, to save as .eml.
#[utoipa::path(get, path = paths::OUTBOX_RAW, tag = "outbox",
    params(("id" = u64, Path, minimum = 1, description = "The message number")),
    responses((status = 200, content_type = "message/rfc822", description = "The raw message"), (status = 400, body = ApiError), (status = 404, body = ApiError)))]
async fn raw_message(
    State(state): State<AppState>,
    sandbox: SandboxId,
    ApiPath(id): ApiPath<u64>,
) -> AppResult<impl IntoResponse> {
    let (_, raw) = state.run(sandbox, move |ctx| outbox::raw(ctx, id)).await?;
    Ok((
        [
            (CONTENT_TYPE, "message/rfc822".to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"message-{id}.eml\""),
            ),
        ],
        raw,
    ))
}

/// One attachment (the invoice PDF), shown inline; `?download` is not needed
/// to save it: the file name is given.
#[utoipa::path(get, path = paths::OUTBOX_ATTACHMENT, tag = "outbox",
    params(("id" = u64, Path, minimum = 1, description = "The message number"), ("index" = usize, Path, description = "From 0")),
    responses((status = 200, content_type = "application/pdf", description = "The attachment"), (status = 400, body = ApiError), (status = 404, body = ApiError)))]
async fn get_attachment(
    State(state): State<AppState>,
    sandbox: SandboxId,
    ApiPath((id, index)): ApiPath<(u64, usize)>,
) -> AppResult<impl IntoResponse> {
    let (name, content_type, bytes) = state
        .run(sandbox, move |ctx| outbox::attachment(ctx, id, index))
        .await?;
    // The name comes from our own messages, but keep the header well-formed anyway.
    let safe: String = name
        .chars()
        .filter(|c| c.is_ascii_graphic() && *c != '"' && *c != '\\')
        .collect();
    Ok((
        [
            (CONTENT_TYPE, content_type),
            (CONTENT_DISPOSITION, format!("inline; filename=\"{safe}\"")),
        ],
        bytes,
    ))
}
