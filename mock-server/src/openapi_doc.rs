//! Finishing touches on the OpenAPI document the handlers' `#[utoipa::path]`
//! attributes generate, applied to every operation at once instead of in
//! forty annotations:
//!
//! - the answers of the sandbox middleware (`crate::sandbox`), which runs
//!   before every route: 400 `invalid_sandbox` for a malformed
//!   `X-Mock-Sandbox` header, and 429 `sandbox_limit` when the request would
//!   create a sandbox beyond `--max-sandboxes` (only operations that use the
//!   sandbox's data can; [`WITHOUT_SANDBOX_DATA`] lists the others), and 409
//!   `sandbox_changed` when a page's call names in `X-Mock-Sandbox-Expected`
//!   a sandbox its browser has left;
//! - a `description` on every response (required by OpenAPI): an annotation
//!   without one gets the status's canonical reason ("OK", "Not Found", …).

use axum::http::StatusCode;
use utoipa::openapi::path::Operation;
use utoipa::openapi::{Content, OpenApi, PathItem, Ref, RefOr, Response, ResponseBuilder};

/// Operations (by `operationId`) that never read or create a sandbox's data,
/// so they cannot answer 429 `sandbox_limit`. A test checks this list against
/// what the server answers at its limit.
pub const WITHOUT_SANDBOX_DATA: [&str; 8] = [
    "health",
    "list_personas",
    "get_terms",
    "list_scenarios",
    // Subscribes to the sandbox's changes without touching its data.
    "message_events",
    // The journal is kept apart from the sandboxes' data.
    "list_journal",
    "clear_journal",
    "export_har",
];

const INVALID_SANDBOX: &str =
    "`invalid_sandbox`: the X-Mock-Sandbox header is not 1 to 64 letters, digits, '-' or '_'";
const SANDBOX_CHANGED: &str = "`sandbox_changed`: the X-Mock-Sandbox-Expected header (which \
    the app sends) names another sandbox than the browser's cookie: the browser moved on in \
    another tab; nothing was done";
const SANDBOX_LIMIT: &str = "`sandbox_limit`: the request would create a new sandbox, and the \
    server already holds as many as it allows (--max-sandboxes); retry once an idle one expired";

/// Applies the finishing touches; `crate::openapi` and `crate::app` serve the result.
pub fn finish(doc: &mut OpenApi) {
    for item in doc.paths.paths.values_mut() {
        for operation in operations_mut(item) {
            add_sandbox_answers(operation);
            describe_responses(operation);
        }
    }
}

fn operations_mut(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.options,
        &mut item.head,
        &mut item.patch,
        &mut item.trace,
        &mut item.query,
    ]
    .into_iter()
    .flatten()
    .chain(item.additional_operations.values_mut())
}

fn api_error(description: String) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            Content::new(Some(Ref::from_schema_name("ApiError"))),
        )
        .build()
}

/// Adds `answer` to the operation's `status`: after what the status already
/// says (`usual` where it says nothing), or as its own.
fn add_answer(
    responses: &mut std::collections::BTreeMap<String, RefOr<Response>>,
    status: &str,
    usual: &str,
    answer: &str,
) {
    match responses.get_mut(status) {
        Some(RefOr::T(existing)) => {
            let before = if existing.description.is_empty() {
                usual.to_owned()
            } else {
                existing.description.trim_end_matches('.').to_owned()
            };
            existing.description = format!("{before}; or {answer}.");
        }
        Some(RefOr::Ref(_)) => {}
        None => {
            let reason = reason(status);
            responses.insert(
                status.to_owned(),
                RefOr::T(api_error(format!("{reason}: {answer}."))),
            );
        }
    }
}

fn add_sandbox_answers(operation: &mut Operation) {
    let responses = &mut operation.responses.responses;
    add_answer(
        responses,
        "400",
        "Bad Request: an invalid parameter or body",
        INVALID_SANDBOX,
    );
    add_answer(responses, "409", "Conflict", SANDBOX_CHANGED);
    let uses_sandbox_data = operation
        .operation_id
        .as_deref()
        .is_none_or(|id| !WITHOUT_SANDBOX_DATA.contains(&id));
    if uses_sandbox_data && !responses.contains_key("429") {
        responses.insert(
            "429".to_owned(),
            RefOr::T(api_error(format!("Too Many Requests: {SANDBOX_LIMIT}."))),
        );
    }
}

fn describe_responses(operation: &mut Operation) {
    for (status, response) in &mut operation.responses.responses {
        if let RefOr::T(response) = response {
            if response.description.trim().is_empty() {
                response.description = reason(status);
            }
        }
    }
}

/// "200" → "OK"; "4XX" → "Client error"; anything else → "Response".
fn reason(status: &str) -> String {
    let canonical = status
        .parse::<u16>()
        .ok()
        .and_then(|code| StatusCode::from_u16(code).ok())
        .and_then(|code| code.canonical_reason());
    let text = match (canonical, status.to_ascii_uppercase().as_str()) {
        (Some(reason), _) => reason,
        (None, "1XX") => "Informational",
        (None, "2XX") => "Success",
        (None, "3XX") => "Redirection",
        (None, "4XX") => "Client error",
        (None, "5XX") => "Server error",
        (None, "DEFAULT") => "Any other answer",
        (None, _) => "Response",
    };
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::reason;

    #[test]
    fn reasons() {
        assert_eq!(reason("200"), "OK");
        assert_eq!(reason("404"), "Not Found");
        assert_eq!(reason("4XX"), "Client error");
        assert_eq!(reason("default"), "Any other answer");
    }
}
