//! Extractors that turn every malformed request into an [`AppError`], so that
//! bad input gets a JSON 4xx answer naming what is wrong, never axum's plain text.

use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use serde::de::DeserializeOwned;
use shared::api::ErrorCode;

use crate::error::AppError;

/// A JSON body. Refuses a missing content type (415), a body over the limit
/// (413), text that is not JSON (400) and JSON of the wrong shape (422, with
/// the field at fault).
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(|value| {
                let essence = value
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase();
                essence == "application/json" || essence.ends_with("+json")
            })
            .unwrap_or(false);
        if !is_json {
            return Err(AppError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType,
                "Send the body as JSON, with Content-Type: application/json.",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                AppError::payload_too_large()
            } else {
                AppError::new(
                    StatusCode::BAD_REQUEST,
                    ErrorCode::InvalidBody,
                    rejection.body_text(),
                )
            }
        })?;
        parse_json(&bytes).map(ApiJson)
    }
}

fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|error| {
        AppError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::MalformedJson,
            format!("The body is not valid JSON: {error}."),
        )
    })?;
    let invalid = |message: String| {
        AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidBody,
            format!("The body does not match what this endpoint expects: {message}."),
        )
    };
    // Every request body is an object; serde alone would also take an array.
    if !value.is_object() {
        return Err(invalid("it must be a JSON object".into()));
    }
    serde_path_to_error::deserialize(value).map_err(|error| {
        let message = error.inner().to_string();
        let path = error.path().to_string();
        let app = invalid(message.clone());
        match named_field(&message).or((path != ".").then_some(path)) {
            Some(field) => app.with_field(field),
            None => app,
        }
    })
}

/// serde names missing and unknown fields only in its message.
fn named_field(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("missing field `")
        .or_else(|| message.strip_prefix("unknown field `"))?;
    rest.split('`').next().map(str::to_owned)
}

/// Path parameters; a parameter that cannot be decoded (bad percent-encoding,
/// invalid UTF-8) is a 400.
pub struct ApiPath<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| ApiPath(value))
            .map_err(|rejection: PathRejection| {
                AppError::new(
                    StatusCode::BAD_REQUEST,
                    ErrorCode::InvalidParameter,
                    format!("A path parameter cannot be read: {}", rejection.body_text()),
                )
            })
    }
}

/// Query parameters; an unknown, mistyped or undecodable one is a 400.
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| ApiQuery(value))
            .map_err(|rejection| {
                AppError::new(
                    StatusCode::BAD_REQUEST,
                    ErrorCode::InvalidParameter,
                    rejection.body_text(),
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::api::AddRecipientRequest;

    #[test]
    fn classifies_json_errors() {
        let e = parse_json::<AddRecipientRequest>(b"{\"email\": ").unwrap_err();
        assert_eq!(e.body.code, ErrorCode::MalformedJson);
        let e = parse_json::<AddRecipientRequest>(b"{\"email\": 5}").unwrap_err();
        assert_eq!(
            (e.status, e.body.field.as_deref()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("email"))
        );
        let e = parse_json::<AddRecipientRequest>(b"{}").unwrap_err();
        assert_eq!(e.body.field.as_deref(), Some("email"));
        let e =
            parse_json::<AddRecipientRequest>(b"{\"email\":\"a@b.example\",\"cc\":1}").unwrap_err();
        assert_eq!(e.body.field.as_deref(), Some("cc"));
        let e =
            parse_json::<AddRecipientRequest>(b"{\"email\":\"a@b.example\"} trailing").unwrap_err();
        assert_eq!(e.body.code, ErrorCode::MalformedJson);
    }
}
