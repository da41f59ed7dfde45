//! A small client that sends requests straight into the router.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use chrono::{DateTime, Utc};
use http_body_util::BodyExt;
use mock_server::{app, AppState, Clock, Store};
use serde_json::Value;
use tower::ServiceExt;

pub const FROZEN: &str = "2026-11-26T09:00:00Z";

pub fn frozen() -> DateTime<Utc> {
    FROZEN.parse().unwrap()
}

/// A fresh server: in-memory store, frozen clock, no SPA.
pub fn server() -> Router {
    let store = Store::open_in_memory().unwrap();
    app(AppState::new(store, Clock::Frozen(frozen())), None)
}

/// Serves `router` on a free loopback port, over real TCP (for what only a
/// socket shows: a connection broken off); returns `http://127.0.0.1:port`.
/// The server runs until the test's runtime ends.
pub async fn listen(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{address}")
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// Asserts a 200 and returns the body.
    #[track_caller]
    pub fn ok(&self) -> Value {
        assert_eq!(
            self.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&self.body)
        );
        self.json()
    }

    /// Asserts an error answer with this status and code, returns the body.
    #[track_caller]
    pub fn error(&self, status: u16, code: &str) -> Value {
        let body = self.json();
        assert_eq!(self.status.as_u16(), status, "{body}");
        assert_eq!(body["code"], code, "{body}");
        assert!(
            body["message"].as_str().is_some_and(|m| !m.is_empty()),
            "an error has a message: {body}"
        );
        body
    }
}

/// A tester working in one named sandbox.
#[derive(Clone)]
pub struct Client {
    pub app: Router,
    pub sandbox: String,
    /// Sent with every request, besides the sandbox's.
    headers: axum::http::HeaderMap,
}

impl Client {
    pub fn new(app: &Router, sandbox: &str) -> Client {
        Client {
            app: app.clone(),
            sandbox: sandbox.to_owned(),
            headers: axum::http::HeaderMap::new(),
        }
    }

    /// The same tester, sending also this header (one more line of it if
    /// there is one already) with every request.
    pub fn with_header(&self, name: header::HeaderName, value: &[u8]) -> Client {
        let mut client = self.clone();
        let value = header::HeaderValue::from_bytes(value).unwrap();
        client.headers.append(name, value);
        client
    }

    /// A client in its own fresh server.
    pub fn fresh() -> Client {
        Client::new(&server(), "tester")
    }

    pub async fn request(&self, request: Request<Body>) -> Reply {
        let response = self.app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec();
        Reply {
            status,
            headers,
            body,
        }
    }

    fn builder(&self, method: Method, path: &str) -> axum::http::request::Builder {
        let mut builder = Request::builder()
            .method(method)
            .uri(path)
            .header("x-mock-sandbox", &self.sandbox);
        for (name, value) in &self.headers {
            builder = builder.header(name, value);
        }
        builder
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.request(self.builder(Method::GET, path).body(Body::empty()).unwrap())
            .await
    }

    pub async fn send(&self, method: Method, path: &str, body: Value) -> Reply {
        self.send_raw(
            method,
            path,
            "application/json",
            body.to_string().into_bytes(),
        )
        .await
    }

    pub async fn send_raw(
        &self,
        method: Method,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> Reply {
        let request = self
            .builder(method, path)
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap();
        self.request(request).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.send(Method::POST, path, body).await
    }

    pub async fn put(&self, path: &str, body: Value) -> Reply {
        self.send(Method::PUT, path, body).await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.request(
            self.builder(Method::DELETE, path)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    pub async fn sign_in(&self, persona: &str) -> Value {
        self.post("/api/session", serde_json::json!({ "persona_id": persona }))
            .await
            .ok()
    }

    /// Sets the signed-in persona's preferred email and email language.
    pub async fn set_profile(&self, preferred_email: &str, locale: &str) -> Value {
        self.put(
            "/api/profile",
            serde_json::json!({ "preferred_email": preferred_email, "locale": locale }),
        )
        .await
        .ok()
    }

    pub async fn opt_in(&self, scope: &str) -> Reply {
        self.post(
            &format!("/api/scopes/{scope}/email-invoice/opt-in"),
            serde_json::json!({ "terms_version": mock_server::terms::CURRENT_VERSION }),
        )
        .await
    }

    pub async fn add_recipient(&self, scope: &str, email: &str) -> Reply {
        self.post(
            &format!("/api/scopes/{scope}/email-invoice/recipients"),
            serde_json::json!({ "email": email }),
        )
        .await
    }

    pub async fn status(&self, scope: &str) -> Value {
        self.get(&format!("/api/scopes/{scope}/email-invoice"))
            .await
            .ok()
    }
}
