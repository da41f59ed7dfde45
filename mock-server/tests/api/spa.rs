//! The built app is served with a fallback to index.html for deep links.

use axum::body::Body;
use axum::http::header::{
    ACCEPT_ENCODING, ALLOW, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE,
    LAST_MODIFIED, VARY,
};
use axum::http::Request;
use mock_server::{app, AppState, Clock, Store};

use crate::client::{frozen, Client};

fn with_dist() -> (tempfile::TempDir, Client) {
    let dist = tempfile::tempdir().unwrap();
    let index = format!(
        "<!doctype html><title>portal</title>{}",
        "<!-- padding -->".repeat(20)
    );
    std::fs::write(dist.path().join("index.html"), index).unwrap();
    std::fs::write(dist.path().join("app.js"), "console.log('app');".repeat(10)).unwrap();
    let store = Store::open_in_memory().unwrap();
    let router = app(
        AppState::new(store, Clock::Frozen(frozen())),
        Some(dist.path()),
    );
    (dist, Client::new(&router, "spa"))
}

#[tokio::test]
async fn serves_files_and_falls_back_to_index_for_deep_links() {
    let (_dist, client) = with_dist();
    let root = client.get("/").await;
    assert_eq!(root.status, 200);
    assert!(String::from_utf8_lossy(&root.body).contains("<title>portal</title>"));

    let deep = client
        .get("/billing/invoices/sub-production/email-invoice?lang=nl-NL")
        .await;
    assert_eq!(deep.status, 200);
    assert_eq!(deep.body, root.body);
    assert!(deep.headers[CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/html"));

    let script = client.get("/app.js").await;
    assert_eq!(script.status, 200);
    assert!(String::from_utf8_lossy(&script.body).starts_with("console.log"));
    // A missing file is not found, not the page under the file's name.
    for missing in ["/nope.js", "/favicon.ico", "/billing/style.css"] {
        let body = client.get(missing).await.error(404, "not_found");
        assert_eq!(body["message"], format!("There is no file {missing}."));
    }

    // The API never falls back to the page.
    client
        .get("/api/nothing-here")
        .await
        .error(404, "not_found");
}

#[tokio::test]
async fn compresses_when_asked() {
    let (_dist, client) = with_dist();
    let request = Request::get("/app.js")
        .header(ACCEPT_ENCODING, "gzip")
        .body(Body::empty())
        .unwrap();
    let reply = client.request(request).await;
    assert_eq!(reply.headers[CONTENT_ENCODING], "gzip");
    let request = Request::get("/api/openapi.json")
        .header(ACCEPT_ENCODING, "br")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        client.request(request).await.headers[CONTENT_ENCODING],
        "br"
    );
}

#[tokio::test]
async fn the_api_root_with_a_slash_is_a_json_404_in_every_method() {
    let (_dist, client) = with_dist();
    // `/api/` is no API route, like `/api` and `/api/foo/`: it must not fall
    // through to the page (GET) or to the file server's bare 405 (others).
    for method in ["GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
        for path in ["/api/", "/api", "/api/foo/"] {
            let request = Request::builder()
                .method(method)
                .uri(path)
                .header("x-mock-sandbox", "spa")
                .body(Body::empty())
                .unwrap();
            let reply = client.request(request).await;
            assert!(
                reply.headers[CONTENT_TYPE]
                    .to_str()
                    .unwrap()
                    .starts_with("application/json"),
                "{method} {path}"
            );
            let body = reply.error(404, "not_found");
            assert_eq!(
                body["message"],
                format!("There is no API route {path}."),
                "{method} {path}"
            );
        }
    }
}

#[tokio::test]
async fn the_files_refuse_other_methods_with_a_json_405() {
    let (_dist, client) = with_dist();
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        for path in ["/", "/app.js", "/billing/invoices", "/nope.js"] {
            let request = Request::builder()
                .method(method)
                .uri(path)
                .body(Body::empty())
                .unwrap();
            let reply = client.request(request).await;
            assert_eq!(reply.headers[ALLOW], "GET, HEAD", "{method} {path}");
            let body = reply.error(405, "method_not_allowed");
            assert_eq!(body["message"], format!("{path} does not accept {method}."));
        }
    }
    // HEAD is a GET without the body.
    let request = Request::head("/app.js").body(Body::empty()).unwrap();
    let reply = client.request(request).await;
    assert_eq!(reply.status, 200);
    assert!(reply.body.is_empty());
}

/// A file the size of the app's module, compressible but not trivially.
fn module_bytes() -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut n: u64 = 1;
    while bytes.len() < 1_500_000 {
        n = n
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        bytes.extend_from_slice(format!("fn f{}() {{ {} }}\n", n % 5000, n >> 52).as_bytes());
    }
    bytes
}

const MODULE: &str = "frontend-601bf1ae994cfd5b_bg.wasm";
const STYLE: &str = "main-d9419f6a78281ff7.css";

/// `with_dist` plus the files Trunk names by their content hash.
fn with_hashed_files() -> (tempfile::TempDir, Client) {
    let (dist, client) = with_dist();
    std::fs::write(dist.path().join(MODULE), module_bytes()).unwrap();
    std::fs::write(dist.path().join(STYLE), "body { margin: 0 }\n".repeat(40)).unwrap();
    let snippets = dist.path().join("snippets/frontend-0123456789abcdef");
    std::fs::create_dir_all(&snippets).unwrap();
    std::fs::write(
        snippets.join("inline0.js"),
        "export function f() {}\n".repeat(4),
    )
    .unwrap();
    (dist, client)
}

async fn get_with(
    client: &Client,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> crate::client::Reply {
    let mut request = Request::builder().method(method).uri(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    client.request(request.body(Body::empty()).unwrap()).await
}

/// The body as it was before `encoding`, by tower-http's decoder.
async fn decompress(encoding: &str, body: Vec<u8>) -> Vec<u8> {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let encoding = encoding.to_owned();
    let encoded = tower::service_fn(move |_: Request<Body>| {
        let response = axum::http::Response::builder()
            .header(CONTENT_ENCODING, &encoding)
            .body(Body::from(body.clone()))
            .unwrap();
        async move { Ok::<_, std::convert::Infallible>(response) }
    });
    let response = tower_http::decompression::Decompression::new(encoded)
        .oneshot(Request::new(Body::empty()))
        .await
        .unwrap();
    response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec()
}

#[tokio::test]
async fn hashed_files_are_immutable_and_the_page_is_always_revalidated() {
    let (_dist, client) = with_hashed_files();
    const IMMUTABLE: &str = "public, max-age=31536000, immutable";
    let cache_control = |reply: &crate::client::Reply| {
        reply
            .headers
            .get(CACHE_CONTROL)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    for path in [
        format!("/{MODULE}"),
        format!("/{STYLE}"),
        "/snippets/frontend-0123456789abcdef/inline0.js".to_owned(),
    ] {
        for (method, encoding) in [("GET", "br"), ("GET", "identity"), ("HEAD", "gzip")] {
            let reply = get_with(&client, method, &path, &[("accept-encoding", encoding)]).await;
            assert_eq!(reply.status, 200, "{method} {path}");
            assert_eq!(
                cache_control(&reply).as_deref(),
                Some(IMMUTABLE),
                "{method} {path} {encoding}"
            );
        }
    }
    // The page, under any of its names, and files without a hash.
    for path in [
        "/",
        "/index.html",
        "/billing/invoices",
        // A deep link that looks like a hashed name is still the page.
        "/billing/invoices/sub-0123456789abcdef",
        "/app.js",
    ] {
        let reply = get_with(&client, "GET", path, &[("accept-encoding", "gzip, br")]).await;
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(cache_control(&reply).as_deref(), Some("no-cache"), "{path}");
    }
    // A missing hashed file is not cached at all.
    let missing = client.get("/frontend-0000000000000000.js").await;
    missing.error(404, "not_found");
    assert_eq!(cache_control(&missing), None);
    // no-cache revalidates: the page unchanged is a 304.
    let page = client.get("/").await;
    let modified = page.headers[LAST_MODIFIED].to_str().unwrap().to_owned();
    let again = get_with(&client, "GET", "/", &[("if-modified-since", &modified)]).await;
    assert_eq!(again.status, 304);
    assert_eq!(cache_control(&again).as_deref(), Some("no-cache"));
}

/// Each file is compressed once per encoding and the same bytes are sent
/// every time (compressing the 1.5 MB module on every request took half a
/// second, and its size changed from one request to the next).
#[tokio::test]
async fn a_file_is_compressed_once_and_always_sent_the_same() {
    let (_dist, client) = with_hashed_files();
    let module = module_bytes();
    let path = format!("/{MODULE}");
    for encoding in ["br", "gzip"] {
        let asked = match encoding {
            "br" => "gzip;q=0.5, deflate, br, zstd",
            _ => "gzip, deflate",
        };
        let mut bodies = Vec::new();
        for _ in 0..3 {
            let reply = get_with(&client, "GET", &path, &[("accept-encoding", asked)]).await;
            assert_eq!(reply.status, 200);
            assert_eq!(reply.headers[CONTENT_ENCODING], encoding, "{asked}");
            assert_eq!(reply.headers[VARY], "accept-encoding");
            assert_eq!(reply.headers[CONTENT_LENGTH], reply.body.len().to_string());
            assert!(
                reply.body.len() < module.len() / 2,
                "{encoding}: {}",
                reply.body.len()
            );
            bodies.push(reply.body);
        }
        assert!(
            bodies.windows(2).all(|w| w[0] == w[1]),
            "{encoding}: the bodies differ"
        );
        assert!(
            decompress(encoding, bodies[0].clone()).await == module,
            "{encoding}"
        );
        // HEAD says what a GET sends.
        let head = get_with(&client, "HEAD", &path, &[("accept-encoding", asked)]).await;
        assert_eq!(head.headers[CONTENT_ENCODING], encoding);
        assert_eq!(head.headers[CONTENT_LENGTH], bodies[0].len().to_string());
        assert!(head.body.is_empty());
    }
    // A client that takes neither gets the file itself.
    for asked in ["identity", "br;q=0, gzip;q=0", "deflate"] {
        let reply = get_with(&client, "GET", &path, &[("accept-encoding", asked)]).await;
        assert!(reply.headers.get(CONTENT_ENCODING).is_none(), "{asked}");
        assert_eq!(reply.headers[VARY], "accept-encoding");
        assert!(reply.body == module, "{asked}");
    }
}
