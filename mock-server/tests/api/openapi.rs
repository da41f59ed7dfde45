//! The OpenAPI document describes exactly the routes the router serves.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::Request;
use shared::api::paths::ROUTES;

use crate::client::Client;

#[tokio::test]
async fn every_route_is_documented_and_nothing_else() {
    let client = Client::fresh();
    let doc = client.get("/api/openapi.json").await.ok();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));

    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if ["get", "post", "put", "delete", "patch"].contains(&method.as_str()) {
                documented.insert((method.clone(), path.clone()));
            }
        }
    }
    let expected: BTreeSet<_> = ROUTES
        .iter()
        .map(|(method, path)| (method.to_string(), path.to_string()))
        .collect();
    assert_eq!(documented, expected);

    for name in [
        "ApiError",
        "EmailInvoiceStatus",
        "ErrorCode",
        "Eligibility",
        "EmailAddress",
    ] {
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "schema {name}"
        );
    }
}

#[tokio::test]
async fn every_documented_route_is_served() {
    let client = Client::fresh();
    client.sign_in("account-admin").await;
    for (method, path) in ROUTES {
        let path = path
            .replace("{scope_id}", "sub-production")
            .replace("{email}", "x%40tulipworks.example")
            .replace("{locale}", "en-US")
            .replace("{id}", "1")
            .replace("{index}", "0");
        if path == "/api/outbox/events" {
            // An endless stream: check the answer's head, not its body.
            let request = Request::get(&path)
                .header("x-mock-sandbox", "routes")
                .body(Body::empty())
                .unwrap();
            let response = tower::ServiceExt::oneshot(client.app.clone(), request)
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            assert_eq!(response.headers()["content-type"], "text/event-stream");
            continue;
        }
        let request = Request::builder()
            .method(method.to_uppercase().as_str())
            .uri(&path)
            .header("x-mock-sandbox", "routes")
            .header("content-type", "application/json")
            .body(Body::from("{}"))
            .unwrap();
        let reply = client.request(request).await;
        let body = reply.json();
        assert_ne!(reply.status.as_u16(), 405, "{method} {path}: {body}");
        let message = body["message"].as_str().unwrap_or("");
        assert!(
            !message.starts_with("There is no API route"),
            "{method} {path}: {body}"
        );
        assert!(reply.status.as_u16() < 500, "{method} {path}: {body}");
    }
}

/// Every parameter sits where the route takes it: path parameters are the
/// route's `{names}` (and required), everything else is an optional query.
#[tokio::test]
async fn parameters_are_in_the_path_or_the_query_as_served() {
    let client = Client::fresh();
    let doc = client.get("/api/openapi.json").await.ok();
    for (path, item) in doc["paths"].as_object().unwrap() {
        let in_route: BTreeSet<String> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .map(str::to_owned)
            .collect();
        for (method, operation) in item.as_object().unwrap() {
            let parameters = operation["parameters"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let mut in_path = BTreeSet::new();
            for parameter in &parameters {
                let name = parameter["name"].as_str().unwrap().to_owned();
                match parameter["in"].as_str().unwrap() {
                    "path" => {
                        assert_eq!(parameter["required"], true, "{method} {path} {name}");
                        in_path.insert(name);
                    }
                    "query" => assert_ne!(
                        parameter["required"], true,
                        "{method} {path}: query {name} is optional"
                    ),
                    other => panic!("{method} {path}: {name} in {other}"),
                }
            }
            assert_eq!(in_path, in_route, "{method} {path}");
        }
    }

    let query = |path: &str| -> Vec<String> {
        doc["paths"][path]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["in"] == "query")
            .map(|p| p["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(query("/api/outbox"), ["q", "page", "per_page"]);
    for journal in ["/api/admin/journal", "/api/admin/journal.har"] {
        assert_eq!(query(journal), ["method", "status", "path", "limit"]);
    }
}
