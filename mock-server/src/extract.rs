//! Extractors that turn every malformed request into an [`AppError`], so that
//! bad input gets a JSON 4xx answer naming what is wrong, never axum's plain text.

use axum::body::Bytes;
use axum::extract::path::ErrorKind;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequest, FromRequestParts, MatchedPath, Request};
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
        if !is_json(&req) {
            return Err(AppError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType,
                "Send the body as JSON, with Content-Type: application/json.",
            ));
        }
        let bytes = body_bytes(req, state).await?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// The request says its body is JSON (`application/json` or `…+json`).
fn is_json(req: &Request) -> bool {
    req.headers()
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
        .unwrap_or(false)
}

async fn body_bytes<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, AppError> {
    Bytes::from_request(req, state).await.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::payload_too_large()
        } else {
            AppError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidBody,
                rejection.body_text(),
            )
        }
    })
}

/// A request that takes no body: none, or the empty JSON object `{}` that
/// many clients send by habit. Anything else is refused rather than quietly
/// ignored: a body that is not JSON with 415, JSON with something in it with
/// 422 (as every other endpoint refuses a body it cannot use).
pub struct NoBody;

impl<S> FromRequest<S> for NoBody
where
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json = is_json(&req);
        let bytes = body_bytes(req, state).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(NoBody);
        }
        if !json {
            return Err(AppError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType,
                "This request takes no body: send none (or {} as JSON).",
            ));
        }
        // The same refusals as any JSON body (not JSON, not an object), then
        // one of its own for an object with something in it.
        let object: serde_json::Map<String, serde_json::Value> = parse_json(&bytes)?;
        if object.is_empty() {
            Ok(NoBody)
        } else {
            Err(AppError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::InvalidBody,
                "This request takes no body: send none (or {}).",
            ))
        }
    }
}

fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    // Whether it is JSON at all comes first: a syntax error anywhere is a
    // 400, even after a value of the wrong shape.
    serde_json::from_slice::<serde::de::IgnoredAny>(bytes).map_err(|error| {
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
    if bytes.trim_ascii_start().first() != Some(&b'{') {
        return Err(invalid("it must be a JSON object".into()));
    }
    // Read from the text itself, not from a parsed value: a parsed object
    // keeps only the last of two equal keys, where this refuses them.
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let message = error.inner().to_string();
        let path = error.path().to_string();
        let app = invalid(message.clone());
        // A field named in the message lies inside the value at `path`
        // (an unknown field's path may name it already).
        let field = match (named_field(&message), path.as_str()) {
            (Some(field), ".") => Some(field),
            (Some(field), path) if path == field || path.ends_with(&format!(".{field}")) => {
                Some(path.to_owned())
            }
            (Some(field), path) => Some(format!("{path}.{field}")),
            (None, ".") => None,
            (None, path) => Some(path.to_owned()),
        };
        match field {
            Some(field) => app.with_field(field),
            None => app,
        }
    })
}

/// serde names missing, unknown and repeated fields only in its message.
fn named_field(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("missing field `")
        .or_else(|| message.strip_prefix("unknown field `"))
        .or_else(|| message.strip_prefix("duplicate field `"))?;
    rest.split('`').next().map(str::to_owned)
}

/// Path parameters; a parameter that cannot be decoded (bad percent-encoding,
/// invalid UTF-8) or parsed (`abc` for a number) is a 400 `invalid_parameter`
/// naming it in `field`.
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
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(ApiPath(value)),
            Err(rejection) => {
                let names = parts
                    .extensions
                    .get::<MatchedPath>()
                    .map(|matched| route_parameters(matched.as_str()))
                    .unwrap_or_default();
                Err(path_error(&rejection, &names))
            }
        }
    }
}

/// The `{names}` of a route, in order (`{*rest}` as `rest`).
fn route_parameters(route: &str) -> Vec<String> {
    route
        .split('/')
        .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| name.trim_start_matches('*').to_owned())
        .collect()
}

fn path_error(rejection: &PathRejection, names: &[String]) -> AppError {
    let generic = || invalid_parameter("A path parameter of this route cannot be read.");
    let PathRejection::FailedToDeserializePathParams(error) = rejection else {
        return generic();
    };
    let named = |name: Option<&str>, problem: Problem| match name {
        Some(name) => parameter_error(name, problem),
        None => generic(),
    };
    let problem_of = |expected_type: &str| {
        if is_integer_type(expected_type) {
            Problem::NotAWholeNumber
        } else {
            Problem::Unreadable
        }
    };
    match error.kind() {
        ErrorKind::ParseErrorAtKey {
            key, expected_type, ..
        } => parameter_error(key, problem_of(expected_type)),
        ErrorKind::ParseErrorAtIndex {
            index,
            expected_type,
            ..
        } => named(
            names.get(*index).map(String::as_str),
            problem_of(expected_type),
        ),
        // A single value: the route's only parameter.
        ErrorKind::ParseError { expected_type, .. } => named(
            (names.len() == 1).then(|| names[0].as_str()),
            problem_of(expected_type),
        ),
        ErrorKind::InvalidUtf8InPathParam { key } => parameter_error(key, Problem::NotUtf8),
        ErrorKind::DeserializeError { key, .. } => parameter_error(key, Problem::Unreadable),
        _ => generic(),
    }
}

fn is_integer_type(name: &str) -> bool {
    matches!(
        name,
        "u8" | "u16"
            | "u32"
            | "u64"
            | "u128"
            | "usize"
            | "i8"
            | "i16"
            | "i32"
            | "i64"
            | "i128"
            | "isize"
    )
}

/// What is wrong with one path or query parameter.
enum Problem {
    NotAWholeNumber,
    NotUtf8,
    /// Not a parameter of this endpoint; serde's list of those that are.
    Unknown(Option<String>),
    Duplicate,
    Missing,
    Unreadable,
}

fn invalid_parameter(message: impl Into<String>) -> AppError {
    AppError::new(
        StatusCode::BAD_REQUEST,
        ErrorCode::InvalidParameter,
        message,
    )
}

/// The one wording of parameter errors, whatever the framework said.
fn parameter_error(name: &str, problem: Problem) -> AppError {
    let message = match problem {
        Problem::NotAWholeNumber => {
            let range = match name {
                "page" | "id" => " from 1".to_owned(),
                "per_page" => format!(" from 1 to {}", crate::outbox::MAX_PER_PAGE),
                "limit" => format!(" from 1 to {}", crate::journal::MAX_LIMIT),
                "index" => " from 0".to_owned(),
                _ => String::new(),
            };
            format!("`{name}` must be a whole number{range}.")
        }
        Problem::NotUtf8 => {
            format!("`{name}` is not valid percent-encoded UTF-8.")
        }
        Problem::Unknown(Some(expected)) => {
            format!("`{name}` is not a parameter of this endpoint; it takes {expected}.")
        }
        Problem::Unknown(None) => {
            format!("`{name}` is not a parameter of this endpoint.")
        }
        Problem::Duplicate => format!("`{name}` is given more than once."),
        Problem::Missing => format!("`{name}` is required."),
        Problem::Unreadable => format!("`{name}` has a value this endpoint cannot read."),
    };
    invalid_parameter(message).with_field(name)
}

/// A whole number outside the parameter's range: the same 400 as one that is
/// not a number, so that every bound reads alike.
pub fn out_of_range(name: &str) -> AppError {
    parameter_error(name, Problem::NotAWholeNumber)
}

/// Query parameters; an unknown, mistyped or repeated one is a 400
/// `invalid_parameter` naming it in `field`.
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        parse_query(parts.uri.query().unwrap_or_default()).map(ApiQuery)
    }
}

/// The first query parameter whose name or value is not UTF-8 once
/// percent-decoded (form decoding would replace the bytes and go on: a
/// search for `%FF` would quietly find nothing).
fn not_utf8(query: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let decoded = |text: &str| {
            percent_encoding::percent_decode_str(&text.replace('+', " "))
                .decode_utf8()
                .map(|text| text.into_owned())
        };
        match (decoded(name), decoded(value)) {
            (Ok(_), Ok(_)) => None,
            (Ok(name), Err(_)) => Some(name),
            (Err(_), _) => Some(String::from_utf8_lossy(name.as_bytes()).into_owned()),
        }
    })
}

/// What axum's `Query` does, keeping serde's error to name the parameter.
fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, AppError> {
    if let Some(name) = not_utf8(query) {
        return Err(parameter_error(&name, Problem::NotUtf8));
    }
    let deserializer =
        serde_urlencoded::Deserializer::new(url::form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let message = error.inner().to_string();
        let path = error.path().to_string();
        let field = named_field(&message)
            .or_else(|| {
                message
                    .strip_prefix("duplicate field `")
                    .and_then(|rest| rest.split('`').next())
                    .map(str::to_owned)
            })
            .or_else(|| (!path.is_empty() && path != "." && path != "?").then_some(path));
        let Some(field) = field else {
            return invalid_parameter("The query string cannot be read.");
        };
        let problem = if message.starts_with("unknown field `") {
            Problem::Unknown(message.split_once(", expected ").map(|(_, expected)| {
                expected
                    .strip_prefix("one of ")
                    .unwrap_or(expected)
                    .to_owned()
            }))
        } else if message.starts_with("duplicate field `") {
            Problem::Duplicate
        } else if message.starts_with("missing field `") {
            Problem::Missing
        } else if is_integer_error(&message) {
            Problem::NotAWholeNumber
        } else {
            Problem::Unreadable
        };
        parameter_error(&field, problem)
    })
}

/// `ParseIntError`'s messages, which serde_urlencoded passes on.
fn is_integer_error(message: &str) -> bool {
    [
        "invalid digit found in string",
        "cannot parse integer from empty string",
        "number too large to fit in target type",
        "number too small to fit in target type",
    ]
    .contains(&message)
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
        // Not JSON anywhere: 400, though a wrong shape comes first.
        let e = parse_json::<AddRecipientRequest>(b"{\"email\": 5, ").unwrap_err();
        assert_eq!(e.body.code, ErrorCode::MalformedJson);
        let e = parse_json::<AddRecipientRequest>(b" [\"a@b.example\"]").unwrap_err();
        assert_eq!(e.body.code, ErrorCode::InvalidBody);
    }

    /// Two equal keys are refused, naming the key, not read as the last one.
    #[test]
    fn refuses_a_repeated_key() {
        let e = parse_json::<AddRecipientRequest>(
            b"{\"email\":\"a@b.example\",\"email\":\"c@d.example\"}",
        )
        .unwrap_err();
        assert_eq!(
            (e.status, e.body.code, e.body.field.as_deref()),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::InvalidBody,
                Some("email")
            )
        );
        assert!(
            e.body.message.contains("duplicate field"),
            "{}",
            e.body.message
        );
        let e = parse_json::<shared::api::FaultRequest>(
            br#"{"path":"/api/x","fault":{"kind":"error","status":500,"status":404}}"#,
        )
        .unwrap_err();
        assert_eq!(e.body.field.as_deref(), Some("fault.status"));
    }
}
