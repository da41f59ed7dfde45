//! The only module that talks HTTP: one typed function per API call, each
//! using the paths and bodies of the `shared` crate.

use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::api::{paths, ApiError, PersonasResponse, Session, SignInRequest};
use shared::PersonaId;

/// Why a call failed, as the error bar shows it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AppError {
    /// The server answered with an error body.
    #[error("{}", .body.message)]
    Api { status: u16, body: ApiError },
    /// The server could not be reached.
    #[error("The mock server cannot be reached ({0}). Is it running?")]
    Network(String),
    /// The server answered with something this app does not understand.
    #[error("The server's answer could not be read ({0}).")]
    Decode(String),
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, AppError> {
    let status = response.status();
    if response.ok() {
        return response
            .json::<T>()
            .await
            .map_err(|e| AppError::Decode(e.to_string()));
    }
    match response.json::<ApiError>().await {
        Ok(body) => Err(AppError::Api { status, body }),
        Err(e) => Err(AppError::Decode(format!("status {status}: {e}"))),
    }
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, AppError> {
    let response = Request::get(path)
        .send()
        .await
        .map_err(|e| AppError::Network(e.to_string()))?;
    read(response).await
}

async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, AppError> {
    let response = Request::post(path)
        .json(body)
        .map_err(|e| AppError::Decode(e.to_string()))?
        .send()
        .await
        .map_err(|e| AppError::Network(e.to_string()))?;
    read(response).await
}

pub async fn personas() -> Result<PersonasResponse, AppError> {
    get(paths::PERSONAS).await
}

pub async fn session() -> Result<Session, AppError> {
    get(paths::SESSION).await
}

pub async fn sign_in(persona_id: PersonaId) -> Result<Session, AppError> {
    post(paths::SESSION, &SignInRequest { persona_id }).await
}
