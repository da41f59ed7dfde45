//! The only module that talks HTTP: one typed function per API call, each
//! using the paths and bodies of the `shared` crate.

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::api::{
    paths, ApiError, ErrorCode, InvoicesResponse, OptInRequest, PersonasResponse,
    RecipientsResponse, ReplaceRecipientsRequest, ScopesResponse, Session, SignInRequest,
    UpdateProfileRequest,
};
use shared::{EmailInvoiceStatus, Locale, PersonaId, Profile, TermsDocument};

/// Why a call failed, as the message bars show it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AppError {
    /// The server answered with an error body.
    #[error("{}", .body.message)]
    Api { status: u16, body: ApiError },
    /// The server could not be reached.
    #[error("The mock server cannot be reached ({0}).")]
    Network(String),
    /// The server answered with something this app does not understand.
    #[error("The server's answer could not be read ({0}).")]
    Decode(String),
}

impl AppError {
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            AppError::Api { body, .. } => Some(body.code),
            _ => None,
        }
    }

    /// The request field the server blamed, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Api { body, .. } => body.field.as_deref(),
            _ => None,
        }
    }
}

pub type ApiResult<T> = Result<T, AppError>;

async fn read<T: DeserializeOwned>(response: Response) -> ApiResult<T> {
    let status = response.status();
    if response.ok() {
        return response
            .json::<T>()
            .await
            .map_err(|e| AppError::Decode(e.to_string()));
    }
    match response.json::<ApiError>().await {
        Ok(body) => Err(AppError::Api { status, body }),
        Err(_) => Err(AppError::Api {
            status,
            body: ApiError {
                code: ErrorCode::Internal,
                message: format!("The server answered {status} {}.", response.status_text()),
                field: None,
            },
        }),
    }
}

async fn send<T: DeserializeOwned>(request: RequestBuilder) -> ApiResult<T> {
    let response = request
        .send()
        .await
        .map_err(|e| AppError::Network(e.to_string()))?;
    read(response).await
}

async fn send_json<B: Serialize, T: DeserializeOwned>(
    request: RequestBuilder,
    body: &B,
) -> ApiResult<T> {
    let request = request
        .json(body)
        .map_err(|e| AppError::Decode(e.to_string()))?;
    let response = request
        .send()
        .await
        .map_err(|e| AppError::Network(e.to_string()))?;
    read(response).await
}

pub async fn personas() -> ApiResult<PersonasResponse> {
    send(Request::get(paths::PERSONAS)).await
}

pub async fn session() -> ApiResult<Session> {
    send(Request::get(paths::SESSION)).await
}

pub async fn sign_in(persona_id: PersonaId) -> ApiResult<Session> {
    send_json(Request::post(paths::SESSION), &SignInRequest { persona_id }).await
}

pub async fn sign_out() -> ApiResult<Session> {
    send(Request::delete(paths::SESSION)).await
}

pub async fn scopes() -> ApiResult<ScopesResponse> {
    send(Request::get(paths::SCOPES)).await
}

pub async fn invoices(scope: String) -> ApiResult<InvoicesResponse> {
    send(Request::get(&paths::scope_invoices(&scope))).await
}

pub async fn email_invoice(scope: String) -> ApiResult<EmailInvoiceStatus> {
    send(Request::get(&paths::email_invoice(&scope))).await
}

pub async fn terms(locale: Locale) -> ApiResult<TermsDocument> {
    send(Request::get(&paths::terms(locale.tag()))).await
}

pub async fn opt_in(scope: String, terms_version: String) -> ApiResult<EmailInvoiceStatus> {
    send_json(
        Request::post(&paths::opt_in(&scope)),
        &OptInRequest { terms_version },
    )
    .await
}

pub async fn opt_out(scope: String) -> ApiResult<EmailInvoiceStatus> {
    send(Request::post(&paths::opt_out(&scope))).await
}

pub async fn profile() -> ApiResult<Profile> {
    send(Request::get(paths::PROFILE)).await
}

pub async fn update_profile(preferred_email: String) -> ApiResult<Profile> {
    send_json(
        Request::put(paths::PROFILE),
        &UpdateProfileRequest {
            preferred_email,
            locale: None,
        },
    )
    .await
}

pub async fn replace_recipients(
    scope: String,
    recipients: Vec<String>,
) -> ApiResult<RecipientsResponse> {
    send_json(
        Request::put(&paths::recipients(&scope)),
        &ReplaceRecipientsRequest { recipients },
    )
    .await
}
