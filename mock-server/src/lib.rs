//! The mock server of the email-invoice portal: the JSON API under `/api`, the
//! built single-page app with a fallback to `index.html` for deep links, and
//! one SQLite-backed sandbox per tester.
//!
//! [`app`] builds the whole router, so tests drive exactly what `main` serves.

pub mod admin_api;
pub mod api;
pub mod assets;
pub mod config;
pub mod error;
pub mod extract;
pub mod faults;
pub mod format;
pub mod journal;
pub mod mail;
pub mod openapi_doc;
pub mod outbox;
pub mod outbox_api;
pub mod pdf;
pub mod portal;
pub mod relay;
pub mod sandbox;
pub mod scenarios;
pub mod security;
pub mod seed;
pub mod state;
pub mod store;
pub mod terms;

use std::path::Path;

use axum::extract::DefaultBodyLimit;
use axum::http::header::CONTENT_TYPE;
use axum::http::{Extensions, HeaderMap, StatusCode, Version};
use axum::routing::{any, get};
use axum::{middleware, Router};
use shared::api::{paths, ErrorCode};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

pub use config::Config;
pub use error::AppError;
pub use state::{AppState, Clock};
pub use store::Store;

/// A response extension: the server's `CompressionLayer` leaves this answer
/// as it is (the app's files, which `assets` compresses once; a dropped
/// connection, whose bytes must go out before it breaks).
#[derive(Clone, Copy, Debug)]
pub struct NoCompression;

/// The largest request body the API reads.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Email invoice portal mock API",
        description = "The mock of the Azure portal's invoice-by-email flow. Every request \
            belongs to a sandbox, named by the `mock_sandbox` cookie or the `X-Mock-Sandbox` \
            header. Errors are `{code, message, field?}` with a 4xx status. Messages are \
            English, except those of `invalid_email`, `duplicate_recipient`, \
            `too_many_recipients` and an outbox search's `invalid_parameter` (`q`), which \
            name what was refused: they are in the language \
            the `Accept-Language` header asks for (en-US or nl-NL; English by default)."
    ),
    tags(
        (name = "session", description = "Personas and sign-in (step 1)"),
        (name = "invoices", description = "Billing scopes and their invoices (steps 3-4)"),
        (name = "email invoices", description = "Eligibility, terms, opt-in and opt-out (step 5)"),
        (name = "profile", description = "The preferred communication email (step 6)"),
        (name = "recipients", description = "Additional recipients (steps 7-9)"),
        (name = "admin", description = "Sandbox administration for testers"),
        (name = "outbox", description = "The invoice emails the flow sends, and the billing cycle that sends them"),
        (name = "server", description = "Health")
    )
)]
struct ApiDoc;

/// The OpenAPI document, generated from the handlers and the shared types.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api_and_openapi().1
}

/// The API routes and their document, finished by [`openapi_doc::finish`].
fn api_and_openapi() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (api, mut openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(api::routes())
        .split_for_parts();
    openapi_doc::finish(&mut openapi);
    (api, openapi)
}

/// The whole server: API, OpenAPI document, SPA from `dist` (when given).
pub fn app(state: AppState, dist: Option<&Path>) -> Router {
    let (api, openapi) = api_and_openapi();
    let cors = security::cors(&state.cors_origins);
    let openapi_json = axum::body::Bytes::from(
        serde_json::to_vec(&openapi).expect("the OpenAPI document serializes"),
    );

    let mut router = api
        .route(
            paths::OPENAPI,
            get(move || {
                let body = openapi_json.clone();
                async move { ([(CONTENT_TYPE, "application/json")], body) }
            }),
        )
        .route("/api", any(api_not_found))
        // `/api/{*rest}` does not match an empty rest: without this, `/api/`
        // would fall through to the SPA (index.html, or ServeDir's bare 405).
        .route("/api/", any(api_not_found))
        .route("/api/{*rest}", any(api_not_found))
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn(error::localize))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            faults::inject,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            journal::record,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state.clone());

    if let Some(dist) = dist {
        router = router.fallback_service(assets::service(dist));
    } else {
        router = router.fallback(api_not_found);
    }

    if let Some(cors) = cors {
        router = router.layer(cors);
    }
    outer_layers(router.layer(middleware::from_fn_with_state(
        state,
        sandbox::assign_sandbox,
    )))
}

/// What wraps every answer, API or file: a panic becomes the JSON 500 (with
/// the security headers like any other answer), then the security headers,
/// compression and the trace.
fn outer_layers(router: Router) -> Router {
    let panic_to_500 = || {
        CatchPanicLayer::custom(|_| {
            use axum::response::IntoResponse;
            AppError::internal("a handler panicked").into_response()
        })
    };
    router
        .layer(panic_to_500())
        .layer(middleware::from_fn(security::headers))
        .layer(
            CompressionLayer::new().compress_when(DefaultPredicate::new().and(
                |_: StatusCode, _: Version, _: &HeaderMap, extensions: &Extensions| {
                    extensions.get::<NoCompression>().is_none()
                },
            )),
        )
        // Should the outer layers themselves panic: still an answer.
        .layer(panic_to_500())
        .layer(TraceLayer::new_for_http())
}

async fn api_not_found(uri: axum::http::Uri) -> AppError {
    AppError::not_found(format!("There is no API route {}.", uri.path()))
}

pub(crate) async fn method_not_allowed(
    method: axum::http::Method,
    uri: axum::http::Uri,
) -> AppError {
    AppError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::MethodNotAllowed,
        format!("{} does not accept {method}.", uri.path()),
    )
}

/// Opens the store the configuration names, binds, and serves until Ctrl-C.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let store = if config.in_memory {
        Store::open_in_memory()?
    } else {
        Store::open_file(&config.data)?
    };
    let clock = config.clock.map_or(Clock::System, Clock::Frozen);
    let scenarios = match &config.scenarios {
        Some(path) => scenarios::Scenarios::load(path)?,
        None if std::path::Path::new(scenarios::DEFAULT_PATH).is_file() => {
            scenarios::Scenarios::load(std::path::Path::new(scenarios::DEFAULT_PATH))?
        }
        None => scenarios::Scenarios::parse("(built-in scenarios.toml)", scenarios::BUILT_IN)?,
    };
    let store = store.with_limits(store::SandboxLimits {
        max_sandboxes: config.max_sandboxes,
        idle_timeout: config.sandbox_idle,
    });
    let mut state = AppState::new(store, clock)
        .with_cors(config.cors_origins.clone())
        .with_scenarios(scenarios, config.default_scenario.as_deref())
        .map_err(|e| anyhow::anyhow!("--default-scenario: {e}"))?;
    if let Some(url) = &config.smtp_relay {
        let relay =
            relay::SmtpRelay::from_url(url).map_err(|e| anyhow::anyhow!("--smtp-relay: {e}"))?;
        tracing::info!(
            relay = relay.url(),
            "every message is also delivered to this SMTP server"
        );
        state = state.with_relay(relay);
    }
    if !config.dist.join("index.html").is_file() {
        tracing::warn!(
            dist = %config.dist.display(),
            "no built app in this folder; only the API is served (run `cargo xtask run` to build it)"
        );
    }
    if !config.listen.ip().is_loopback() {
        tracing::warn!(
            listen = %config.listen,
            "listening beyond loopback: anyone who can reach this address can use the mock"
        );
    }
    let expiry = state.spawn_expiry();
    state.spawn_relay_catch_up();
    let app = app(state, Some(&config.dist));
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let address = listener.local_addr()?;
    let storage = if config.in_memory {
        "in memory".to_owned()
    } else {
        config.data.display().to_string()
    };
    tracing::info!(%address, storage, ?clock, "serving");
    // One line on stdout, for people and for scripts that start the server.
    println!("Listening on http://{address}/");
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    expiry.abort();
    Ok(())
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::Request;
    use axum::routing::get;
    use tower::ServiceExt;

    /// A handler that panics answers the JSON 500, with the headers every
    /// other answer has (the panic layer sat outside them).
    #[tokio::test]
    async fn a_panic_answers_500_with_the_security_headers() {
        async fn panics() -> &'static str {
            panic!("on purpose")
        }
        let router = super::outer_layers(axum::Router::new().route("/boom", get(panics)));
        let response = router
            .oneshot(Request::get("/boom").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), 500);
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert!(
            headers.contains_key("content-security-policy"),
            "{headers:?}"
        );
        let body = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["code"], "internal");
    }
}
