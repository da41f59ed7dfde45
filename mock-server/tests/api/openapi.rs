//! The OpenAPI document describes exactly the routes the router serves.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::Request;
use serde_json::{json, Value};
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
        assert_eq!(
            query(journal),
            ["method", "status", "path", "faulted", "limit"]
        );
    }
}

/// Every operation of the document, as (method, path, operation).
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut all = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            if operation.get("responses").is_some() {
                all.push((method.clone(), path.clone(), operation.clone()));
            }
        }
    }
    all
}

/// OpenAPI requires a `description` on every response object.
#[tokio::test]
async fn every_response_has_a_description() {
    let doc = Client::fresh().get("/api/openapi.json").await.ok();
    let mut count = 0;
    for (method, path, operation) in operations(&doc) {
        for (status, response) in operation["responses"].as_object().unwrap() {
            count += 1;
            let description = response["description"].as_str().unwrap_or("");
            assert!(
                !description.trim().is_empty(),
                "{method} {path} {status}: {response}"
            );
        }
    }
    assert!(count > 80, "{count} responses");
    assert_eq!(
        doc["paths"]["/api/outbox"]["get"]["responses"]["200"]["description"],
        "OK"
    );
}

/// The numeric bounds the document states are the ones the server enforces.
#[tokio::test]
async fn numeric_bounds_are_declared_as_enforced() {
    let client = Client::fresh();
    let doc = client.get("/api/openapi.json").await.ok();
    let schemas = &doc["components"]["schemas"];
    let bounds = |schema: &Value| (schema["minimum"].as_u64(), schema["maximum"].as_u64());
    let variant = |kind: &str| {
        schemas["FaultKind"]["oneOf"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["properties"]["kind"]["enum"][0] == kind)
            .unwrap()["properties"]
            .clone()
    };
    let latency = u64::from(shared::api::MAX_FAULT_LATENCY_MS);
    assert_eq!(
        bounds(&variant("latency")["min_ms"]),
        (Some(0), Some(latency))
    );
    assert_eq!(
        bounds(&variant("latency")["max_ms"]),
        (Some(0), Some(latency))
    );
    assert_eq!(bounds(&variant("error")["status"]), (Some(400), Some(599)));
    // u32 counts: int32 (signed) would not hold them all.
    let count = &schemas["FaultRequest"]["properties"]["count"];
    let remaining = &schemas["Fault"]["properties"]["remaining"];
    let max = Some(u64::from(u32::MAX));
    assert_eq!(bounds(count), (Some(1), max));
    assert_eq!(bounds(remaining), (Some(0), max));
    assert_eq!(
        (&count["format"], &remaining["format"]),
        (&json!("int64"), &json!("int64"))
    );

    let parameter = |method: &str, path: &str, name: &str| {
        doc["paths"][path][method]["parameters"]
            .as_array()
            .unwrap_or_else(|| panic!("{method} {path}"))
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{method} {path} {name}"))["schema"]
            .clone()
    };
    let journal = u64::from(mock_server::journal::MAX_LIMIT);
    for path in ["/api/admin/journal", "/api/admin/journal.har"] {
        assert_eq!(
            bounds(&parameter("get", path, "limit")),
            (Some(1), Some(journal))
        );
    }
    let per_page = u64::from(mock_server::outbox::MAX_PER_PAGE);
    assert_eq!(
        bounds(&parameter("get", "/api/outbox", "per_page")),
        (Some(1), Some(per_page))
    );
    assert_eq!(
        bounds(&parameter("get", "/api/outbox", "page")),
        (Some(1), None)
    );
    for (method, path) in [
        ("get", "/api/outbox/{id}"),
        ("delete", "/api/outbox/{id}"),
        ("put", "/api/outbox/{id}/read"),
        ("get", "/api/outbox/{id}/raw"),
        ("get", "/api/outbox/{id}/attachments/{index}"),
        ("delete", "/api/admin/faults/{id}"),
    ] {
        assert_eq!(
            bounds(&parameter(method, path, "id")),
            (Some(1), None),
            "{method} {path}"
        );
    }

    // Just outside each bound is refused, just inside accepted.
    let fault = |kind: Value, count: Option<u32>| json!({ "path": "/api/personas", "fault": kind, "count": count });
    for (body, field) in [
        (
            fault(json!({"kind": "error", "status": 399}), None),
            "fault.status",
        ),
        (
            fault(json!({"kind": "error", "status": 600}), None),
            "fault.status",
        ),
        (
            fault(
                json!({"kind": "latency", "min_ms": 0, "max_ms": latency + 1}),
                None,
            ),
            "fault",
        ),
        (fault(json!({"kind": "drop"}), Some(0)), "count"),
    ] {
        let error = client
            .post("/api/admin/faults", body)
            .await
            .error(422, "invalid_body");
        assert_eq!(error["field"], field, "{error}");
    }
    for body in [
        fault(json!({"kind": "error", "status": 400}), Some(1)),
        fault(json!({"kind": "error", "status": 599}), Some(1)),
        fault(
            json!({"kind": "latency", "min_ms": latency, "max_ms": latency}),
            Some(1),
        ),
    ] {
        client.post("/api/admin/faults", body).await.ok();
    }
    client
        .post(
            "/api/admin/faults",
            fault(json!({"kind": "drop"}), Some(u32::MAX)),
        )
        .await
        .ok();
    let over = json!({ "path": "/api/personas", "fault": {"kind": "drop"}, "count": u64::from(u32::MAX) + 1 });
    let error = client
        .post("/api/admin/faults", over)
        .await
        .error(422, "invalid_body");
    assert_eq!(error["field"], "count", "{error}");
    client.delete("/api/admin/faults").await.ok();
    for (path, field) in [
        (format!("/api/admin/journal?limit={}", journal + 1), "limit"),
        ("/api/admin/journal?limit=0".to_owned(), "limit"),
        (format!("/api/outbox?per_page={}", per_page + 1), "per_page"),
        ("/api/outbox?per_page=0".to_owned(), "per_page"),
        ("/api/outbox?page=0".to_owned(), "page"),
    ] {
        let error = client.get(&path).await.error(400, "invalid_parameter");
        assert_eq!(error["field"], field, "{path}: {error}");
    }
    client
        .get(&format!("/api/admin/journal?limit={journal}"))
        .await
        .ok();
    client
        .get(&format!("/api/outbox?page=1&per_page={per_page}"))
        .await
        .ok();
}

/// The sandbox middleware runs before every route: its 400 `invalid_sandbox`
/// is declared everywhere, and its 429 `sandbox_limit` wherever the server
/// can answer it (every operation that uses a sandbox's data).
#[tokio::test]
async fn the_sandbox_answers_are_declared_for_every_operation() {
    use mock_server::openapi_doc::WITHOUT_SANDBOX_DATA;
    use mock_server::store::SandboxLimits;

    let store = mock_server::Store::open_in_memory()
        .unwrap()
        .with_limits(SandboxLimits {
            max_sandboxes: 1,
            ..SandboxLimits::default()
        });
    let app = mock_server::app(
        mock_server::AppState::new(store, mock_server::Clock::Frozen(crate::client::frozen())),
        None,
    );
    let doc = Client::new(&app, "first")
        .get("/api/openapi.json")
        .await
        .ok();
    Client::new(&app, "first").sign_in("account-admin").await;

    let mut refused = 0;
    for (method, path, operation) in operations(&doc) {
        let id = operation["operationId"].as_str().unwrap();
        let responses = &operation["responses"];
        for status in ["400", "429"] {
            if status == "429" && WITHOUT_SANDBOX_DATA.contains(&id) {
                assert!(responses.get("429").is_none(), "{id}");
                continue;
            }
            assert_eq!(
                responses[status]["content"]["application/json"]["schema"]["$ref"],
                "#/components/schemas/ApiError",
                "{id} {status}"
            );
        }
        assert!(
            responses["400"]["description"]
                .as_str()
                .unwrap()
                .contains("invalid_sandbox"),
            "{id}"
        );

        let uri = path
            .replace("{scope_id}", "sub-production")
            .replace("{email}", "x%40tulipworks.example")
            .replace("{locale}", "en-US")
            .replace("{name}", "opted-in")
            .replace("{id}", "1")
            .replace("{index}", "0");
        let request = |sandbox: &str| {
            Request::builder()
                .method(method.to_uppercase().as_str())
                .uri(&uri)
                .header("x-mock-sandbox", sandbox)
                .header("content-type", "application/json")
                .body(Body::from("{}"))
                .unwrap()
        };
        // What the middleware answers, whatever the route.
        let reply = Client::new(&app, "first").request(request("a;b")).await;
        reply.error(400, "invalid_sandbox");

        // A new sandbox, one beyond the limit. (The event stream never ends:
        // read its status only.)
        let response = tower::ServiceExt::oneshot(app.clone(), request("second"))
            .await
            .unwrap();
        let status = response.status().as_u16();
        if status == 429 {
            refused += 1;
            assert!(responses.get("429").is_some(), "{id} answered 429");
        }
        if WITHOUT_SANDBOX_DATA.contains(&id) {
            assert_ne!(status, 429, "{id} is listed as never answering 429");
        }
    }
    // The others refused the empty body (or the scenario name) first.
    assert!(refused >= 20, "{refused} operations answered 429");
}
