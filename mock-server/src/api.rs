//! The JSON handlers under `/api`. Each decodes its input, runs one function of
//! [`crate::portal`] in the request's sandbox, and encodes the answer. The
//! `#[utoipa::path]` attributes feed the OpenAPI document from the same types.

use axum::extract::{OriginalUri, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{Method, Uri};
use axum::response::IntoResponse;
use axum::Json;
use shared::api::{
    paths, AddRecipientRequest, ApiError, Cause, FaultRequest, FaultsResponse, Health,
    InvoicesResponse, OptInRequest, PersonasResponse, ProfileUpdated, RecipientsResponse,
    ReplaceRecipientsRequest, ResetResponse, ScenarioApplied, ScenariosResponse, ScopesResponse,
    Session, SignInRequest, UpdateProfileRequest,
};
use shared::{EmailAddress, EmailInvoiceStatus, Locale, Profile, TermsDocument, MAX_RECIPIENTS};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{AppError, AppResult};
use crate::extract::{ApiJson, ApiPath, NoBody};
use crate::sandbox::SandboxId;
use crate::state::AppState;
use crate::{portal, seed, store, terms};

/// Every API route, documented; `crate::app` adds the OpenAPI document itself.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(health))
        .routes(routes!(list_personas))
        .routes(routes!(get_session, sign_in, sign_out))
        .routes(routes!(list_scopes))
        .routes(routes!(list_invoices))
        .routes(routes!(get_invoice_pdf))
        .routes(routes!(get_email_invoice))
        .routes(routes!(opt_in))
        .routes(routes!(opt_out))
        .routes(routes!(list_recipients, add_recipient, replace_recipients))
        .routes(routes!(remove_recipient))
        .routes(routes!(get_terms))
        .routes(routes!(get_profile, update_profile))
        .routes(routes!(reset_sandbox))
        .routes(routes!(list_faults, add_fault, clear_faults))
        .routes(routes!(remove_fault))
        .routes(routes!(list_scenarios))
        .routes(routes!(apply_scenario))
        .merge(crate::outbox_api::routes())
        .merge(crate::admin_api::routes())
}

fn recipients_response(recipients: Vec<EmailAddress>) -> Json<RecipientsResponse> {
    Json(RecipientsResponse {
        revision: shared::recipients::revision(&recipients),
        recipients,
        max_recipients: MAX_RECIPIENTS as u32,
    })
}

/// Whether the server is up, and which schema its data file has.
#[utoipa::path(get, path = paths::HEALTH, tag = "server",
    responses((status = 200, body = Health)))]
async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        schema_version: store::SCHEMA_VERSION,
    })
}

/// The accounts the sign-in page offers.
#[utoipa::path(get, path = paths::PERSONAS, tag = "session",
    responses((status = 200, body = PersonasResponse)))]
async fn list_personas() -> Json<PersonasResponse> {
    Json(PersonasResponse {
        personas: seed::personas(),
    })
}

/// Who is signed in, in this sandbox.
#[utoipa::path(get, path = paths::SESSION, tag = "session",
    responses((status = 200, body = Session)))]
async fn get_session(
    State(state): State<AppState>,
    sandbox: SandboxId,
) -> AppResult<Json<Session>> {
    let persona = state.run(sandbox, portal::session).await?;
    Ok(Json(Session { persona }))
}

/// Signs in as a persona (step 1 of the walkthrough).
#[utoipa::path(post, path = paths::SESSION, tag = "session", request_body = SignInRequest,
    responses((status = 200, body = Session), (status = 404, body = ApiError), (status = "4XX", body = ApiError)))]
async fn sign_in(
    State(state): State<AppState>,
    sandbox: SandboxId,
    ApiJson(request): ApiJson<SignInRequest>,
) -> AppResult<Json<Session>> {
    let persona = state
        .run(sandbox, move |ctx| {
            portal::sign_in(ctx, &request.persona_id)
        })
        .await?;
    Ok(Json(Session {
        persona: Some(persona),
    }))
}

/// Signs out.
#[utoipa::path(delete, path = paths::SESSION, tag = "session",
    responses((status = 200, body = Session)))]
async fn sign_out(State(state): State<AppState>, sandbox: SandboxId) -> AppResult<Json<Session>> {
    state.run(sandbox, portal::sign_out).await?;
    Ok(Json(Session { persona: None }))
}

/// The billing scopes of the signed-in persona, with role and eligibility.
#[utoipa::path(get, path = paths::SCOPES, tag = "invoices",
    responses((status = 200, body = ScopesResponse), (status = 401, body = ApiError)))]
async fn list_scopes(
    State(state): State<AppState>,
    sandbox: SandboxId,
) -> AppResult<Json<ScopesResponse>> {
    let scopes = state.run(sandbox, portal::scopes).await?;
    Ok(Json(ScopesResponse { scopes }))
}

/// The invoices of one scope, newest first.
#[utoipa::path(get, path = paths::SCOPE_INVOICES, tag = "invoices",
    params(("scope_id" = String, Path, description = "A billing scope id")),
    responses((status = 200, body = InvoicesResponse), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
async fn list_invoices(
    State(state): State<AppState>,
    sandbox: SandboxId,
    ApiPath(scope_id): ApiPath<String>,
) -> AppResult<Json<InvoicesResponse>> {
    let invoices = state
        .run(sandbox, move |ctx| portal::invoices(ctx, &scope_id))
        .await?;
    Ok(Json(InvoicesResponse { invoices }))
}

/// One invoice as a PDF document, to download: the document its email
/// carries, in the Account Administrator's email language.
#[utoipa::path(get, path = paths::INVOICE_PDF, tag = "invoices",
    params(
        ("scope_id" = String, Path, description = "A billing scope id"),
        ("invoice_id" = String, Path, description = "An invoice id of that scope, as listed")
    ),
    responses(
        (status = 200, content_type = "application/pdf", description = "The invoice, as an attachment named after its id"),
        (status = 401, body = ApiError),
        (status = 404, body = ApiError, description = "No such scope for this persona, or no such invoice in it")
    ))]
async fn get_invoice_pdf(
    State(state): State<AppState>,
    sandbox: SandboxId,
    ApiPath((scope_id, invoice_id)): ApiPath<(String, String)>,
) -> AppResult<impl IntoResponse> {
    let (name, bytes) = state
        .run(sandbox, move |ctx| {
            portal::invoice_pdf(ctx, &scope_id, &invoice_id)
        })
        .await?;
    Ok((
        [
            (CONTENT_TYPE, "application/pdf".to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    ))
}

/// The email-invoice state of a scope: eligibility (and why not), opt-in,
/// preferred email, recipients and the accepted terms version.
#[utoipa::path(get, path = paths::EMAIL_INVOICE, tag = "email invoices",
    params(("scope_id" = String, Path, description = "A billing scope id")),
    responses((status = 200, body = EmailInvoiceStatus), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
async fn get_email_invoice(
    State(state): State<AppState>,
    sandbox: SandboxId,
    ApiPath(scope_id): ApiPath<String>,
) -> AppResult<Json<EmailInvoiceStatus>> {
    let status = state
        .run(sandbox, move |ctx| portal::status(ctx, &scope_id))
        .await?;
    Ok(Json(status))
}

/// Opts a scope in, accepting the named terms version (step 5).
#[utoipa::path(post, path = paths::OPT_IN, tag = "email invoices", request_body = OptInRequest,
    params(("scope_id" = String, Path, description = "A billing scope id")),
    responses(
        (status = 200, body = EmailInvoiceStatus),
        (status = 403, description = "Not the Account Administrator", body = ApiError),
        (status = 409, description = "Ineligible scope, stale terms version or already opted in", body = ApiError),
        (status = "4XX", body = ApiError)))]
async fn opt_in(
    State(state): State<AppState>,
    sandbox: SandboxId,
    method: Method,
    OriginalUri(uri): OriginalUri,
    ApiPath(scope_id): ApiPath<String>,
    ApiJson(request): ApiJson<OptInRequest>,
) -> AppResult<Json<EmailInvoiceStatus>> {
    let cause = cause(&state, &method, &uri);
    let (status, _) = state
        .run_sending(
            sandbox,
            move |ctx| {
                portal::opt_in(
                    ctx,
                    &scope_id,
                    &request.terms_version,
                    request.locale,
                    &cause,
                )
            },
            |(_, message)| std::slice::from_ref(message),
        )
        .await?;
    Ok(Json(status))
}

/// The request that caused a message, for the outbox to link back to.
pub fn cause(state: &AppState, method: &Method, uri: &Uri) -> Cause {
    Cause {
        method: method.to_string(),
        path: uri.path().to_owned(),
        at: state.clock.now(),
    }
}

/// Opts a scope out; its additional recipients are removed.
#[utoipa::path(post, path = paths::OPT_OUT, tag = "email invoices",
    params(("scope_id" = String, Path, description = "A billing scope id")),
    responses((status = 200, body = EmailInvoiceStatus), (status = 403, body = ApiError), (status = 409, body = ApiError), (status = "4XX", body = ApiError)))]
async fn opt_out(
    State(state): State<AppState>,
    sandbox: SandboxId,
    ApiPath(scope_id): ApiPath<String>,
    _: NoBody,
) -> AppResult<Json<EmailInvoiceStatus>> {
    let status = state
        .run(sandbox, move |ctx| portal::opt_out(ctx, &scope_id))
        .await?;
    Ok(Json(status))
}

/// The additional recipients of a scope.
#[utoipa::path(get, path = paths::RECIPIENTS, tag = "recipients",
    params(("scope_id" = String, Path, description = "A billing scope id")),
    responses((status = 200, body = RecipientsResponse), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
async fn list_recipients(
    State(state): State<AppState>,
    sandbox: SandboxId,
    ApiPath(scope_id): ApiPath<String>,
) -> AppResult<Json<RecipientsResponse>> {
    let list = state
        .run(sandbox, move |ctx| portal::recipients(ctx, &scope_id))
        .await?;
    Ok(recipients_response(list))
}

/// Adds one recipient (step 8).
#[utoipa::path(post, path = paths::RECIPIENTS, tag = "recipients", request_body = AddRecipientRequest,
    params(("scope_id" = String, Path, description = "A billing scope id")),
    responses(
        (status = 200, body = RecipientsResponse),
        (status = 409, description = "Not opted in, a duplicate, or the list changed since `expected_revision`", body = ApiError),
        (status = 422, description = "Invalid address, or the list is full", body = ApiError),
        (status = "4XX", body = ApiError)))]
async fn add_recipient(
    State(state): State<AppState>,
    sandbox: SandboxId,
    ApiPath(scope_id): ApiPath<String>,
    ApiJson(request): ApiJson<AddRecipientRequest>,
) -> AppResult<Json<RecipientsResponse>> {
    let list = state
        .run(sandbox, move |ctx| {
            portal::add_recipient(ctx, &scope_id, &request.email)
        })
        .await?;
    Ok(recipients_response(list))
}

/// Replaces the whole list (the Done button, step 9).
#[utoipa::path(put, path = paths::RECIPIENTS, tag = "recipients", request_body = ReplaceRecipientsRequest,
    params(("scope_id" = String, Path, description = "A billing scope id")),
    responses(
        (status = 200, body = RecipientsResponse),
        (status = 409, description = "Not opted in, or a duplicate", body = ApiError),
        (status = 422, description = "An invalid address, or over the limit", body = ApiError),
        (status = "4XX", body = ApiError)))]
async fn replace_recipients(
    State(state): State<AppState>,
    sandbox: SandboxId,
    ApiPath(scope_id): ApiPath<String>,
    ApiJson(request): ApiJson<ReplaceRecipientsRequest>,
) -> AppResult<Json<RecipientsResponse>> {
    let list = state
        .run(sandbox, move |ctx| {
            portal::replace_recipients(
                ctx,
                &scope_id,
                &request.recipients,
                request.expected_revision.as_deref(),
            )
        })
        .await?;
    Ok(recipients_response(list))
}

/// Removes one recipient.
#[utoipa::path(delete, path = paths::RECIPIENT, tag = "recipients",
    params(
        ("scope_id" = String, Path, description = "A billing scope id"),
        ("email" = String, Path, description = "The recipient's address, percent-encoded")),
    responses((status = 200, body = RecipientsResponse), (status = 404, body = ApiError), (status = "4XX", body = ApiError)))]
async fn remove_recipient(
    State(state): State<AppState>,
    sandbox: SandboxId,
    ApiPath((scope_id, email)): ApiPath<(String, String)>,
) -> AppResult<Json<RecipientsResponse>> {
    let list = state
        .run(sandbox, move |ctx| {
            portal::remove_recipient(ctx, &scope_id, &email)
        })
        .await?;
    Ok(recipients_response(list))
}

/// The current terms in one language (`en-US` or `nl-NL`).
#[utoipa::path(get, path = paths::TERMS, tag = "email invoices",
    params(("locale" = String, Path, description = "en-US or nl-NL")),
    responses((status = 200, body = TermsDocument), (status = 404, body = ApiError)))]
async fn get_terms(ApiPath(locale): ApiPath<String>) -> AppResult<Json<TermsDocument>> {
    let locale = Locale::from_tag(&locale).ok_or_else(|| {
        AppError::not_found(format!(
            "There are no terms in '{locale}'; use en-US or nl-NL."
        ))
        .with_field("locale")
    })?;
    Ok(Json(terms::document(locale)))
}

/// The signed-in persona's profile (step 6).
#[utoipa::path(get, path = paths::PROFILE, tag = "profile",
    responses((status = 200, body = Profile), (status = 401, body = ApiError)))]
async fn get_profile(
    State(state): State<AppState>,
    sandbox: SandboxId,
) -> AppResult<Json<Profile>> {
    Ok(Json(state.run(sandbox, portal::profile).await?))
}

/// Changes the preferred communication email (Update profile, step 6).
#[utoipa::path(put, path = paths::PROFILE, tag = "profile", request_body = UpdateProfileRequest,
    responses((status = 200, body = ProfileUpdated), (status = 401, body = ApiError),
        (status = 409, body = ApiError, description = "`profile_changed`: the profile changed since `expected_revision`; nothing was saved"),
        (status = 422, body = ApiError), (status = "4XX", body = ApiError)))]
async fn update_profile(
    State(state): State<AppState>,
    sandbox: SandboxId,
    ApiJson(request): ApiJson<UpdateProfileRequest>,
) -> AppResult<Json<ProfileUpdated>> {
    let updated = state
        .run(sandbox, move |ctx| {
            portal::update_profile(
                ctx,
                &request.preferred_email,
                request.locale,
                request.expected_revision.as_deref(),
            )
        })
        .await?;
    Ok(Json(updated))
}

/// Resets this sandbox to its seed: signed out, nothing opted in. Its
/// faults stay (clear them with `DELETE /api/admin/faults`); so does its journal.
#[utoipa::path(post, path = paths::ADMIN_RESET, tag = "admin",
    responses((status = 200, body = ResetResponse),
        (status = 415, body = ApiError, description = "A body that is not JSON: this request takes none"),
        (status = 422, body = ApiError, description = "A JSON body other than {}: this request takes none")))]
async fn reset_sandbox(
    State(state): State<AppState>,
    sandbox: SandboxId,
    _: NoBody,
) -> AppResult<Json<ResetResponse>> {
    state
        .store
        .reset(sandbox.0.clone(), state.clock.now())
        .await?;
    state.publish_change(&sandbox);
    Ok(Json(ResetResponse { sandbox: sandbox.0 }))
}

/// The scenarios testers can apply.
#[utoipa::path(get, path = paths::ADMIN_SCENARIOS, tag = "admin",
    responses((status = 200, body = ScenariosResponse)))]
async fn list_scenarios(State(state): State<AppState>) -> Json<ScenariosResponse> {
    Json(ScenariosResponse {
        scenarios: state.scenarios.all().iter().map(|s| s.info()).collect(),
        default: state.default_scenario.clone(),
    })
}

/// Resets this sandbox and puts it into a scenario's state; its faults stay.
#[utoipa::path(post, path = paths::ADMIN_SCENARIO, tag = "admin",
    params(("name" = String, Path, description = "A scenario name")),
    responses((status = 200, body = ScenarioApplied), (status = 404, body = ApiError),
        (status = 415, body = ApiError, description = "A body that is not JSON: this request takes none"),
        (status = 422, body = ApiError, description = "A JSON body other than {}: this request takes none")))]
async fn apply_scenario(
    State(state): State<AppState>,
    sandbox: SandboxId,
    method: Method,
    OriginalUri(uri): OriginalUri,
    ApiPath(name): ApiPath<String>,
    _: NoBody,
) -> AppResult<Json<ScenarioApplied>> {
    let scenario = state.scenarios.get(&name).cloned().ok_or_else(|| {
        AppError::not_found(format!("There is no scenario '{name}'.")).with_field("name")
    })?;
    let cause = cause(&state, &method, &uri);
    let info = scenario.info();
    let messages = state
        .run_sending(
            sandbox.clone(),
            move |ctx| {
                crate::store::reseed(ctx)?;
                crate::scenarios::apply(ctx, &scenario, &cause)
            },
            |messages| messages,
        )
        .await?;
    // The reseed dropped the old messages (the new ones were published).
    state.publish_change(&sandbox);
    Ok(Json(ScenarioApplied {
        scenario: info,
        sandbox: sandbox.0,
        messages,
    }))
}

/// The faults set in this sandbox.
#[utoipa::path(get, path = paths::ADMIN_FAULTS, tag = "admin",
    responses((status = 200, body = FaultsResponse)))]
async fn list_faults(
    State(state): State<AppState>,
    sandbox: SandboxId,
) -> AppResult<Json<FaultsResponse>> {
    let faults = state.run(sandbox, crate::faults::list).await?;
    Ok(Json(FaultsResponse { faults }))
}

/// Injects a fault into this sandbox's API requests that match it.
#[utoipa::path(post, path = paths::ADMIN_FAULTS, tag = "admin", request_body = FaultRequest,
    responses((status = 200, body = FaultsResponse), (status = 422, body = ApiError), (status = "4XX", body = ApiError)))]
async fn add_fault(
    State(state): State<AppState>,
    sandbox: SandboxId,
    ApiJson(request): ApiJson<FaultRequest>,
) -> AppResult<Json<FaultsResponse>> {
    let faults = state
        .run_faults(sandbox, move |ctx| crate::faults::add(ctx, &request))
        .await?;
    Ok(Json(FaultsResponse { faults }))
}

/// Clears every fault of this sandbox.
#[utoipa::path(delete, path = paths::ADMIN_FAULTS, tag = "admin",
    responses((status = 200, body = FaultsResponse)))]
async fn clear_faults(
    State(state): State<AppState>,
    sandbox: SandboxId,
) -> AppResult<Json<FaultsResponse>> {
    state.run_faults(sandbox, crate::faults::clear).await?;
    Ok(Json(FaultsResponse { faults: Vec::new() }))
}

/// Removes one fault.
#[utoipa::path(delete, path = paths::ADMIN_FAULT, tag = "admin",
    params(("id" = u64, Path, minimum = 1, description = "The fault's number")),
    responses((status = 200, body = FaultsResponse), (status = 400, body = ApiError), (status = 404, body = ApiError)))]
async fn remove_fault(
    State(state): State<AppState>,
    sandbox: SandboxId,
    ApiPath(id): ApiPath<u64>,
) -> AppResult<Json<FaultsResponse>> {
    let faults = state
        .run_faults(sandbox, move |ctx| crate::faults::remove(ctx, id))
        .await?;
    Ok(Json(FaultsResponse { faults }))
}
