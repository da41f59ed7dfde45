//! The built app from `--dist`: its files, and `index.html` for deep links.
//!
//! Compression: each file is compressed once per encoding (br, gzip), by
//! tower-http's own encoders, and the bytes are kept in memory, keyed by the
//! file's content (so any folder works, a rebuilt file is never served stale,
//! and every deep link to the page shares one entry). Compressing the 1.5 MB
//! module on every request took half a second and gave different bytes each
//! time. The page itself (HTML) is left to the server's `CompressionLayer`:
//! `security::headers` reads its text for the CSP hashes, and it is small.
//!
//! Caching: a file whose path carries Trunk's content hash
//! (`frontend-601bf1ae994cfd5b_bg.wasm`, `main-d9419f6a78281ff7.css`) never
//! changes under its name: `Cache-Control: public, max-age=31536000,
//! immutable`. The page and every other file: `no-cache`, revalidated by
//! `Last-Modified` (`ServeDir` answers `If-Modified-Since` with 304).

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::header::{
    ACCEPT_ENCODING, ACCEPT_RANGES, ALLOW, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_LENGTH,
    CONTENT_RANGE, CONTENT_TYPE, VARY,
};
use axum::http::{Extensions, HeaderMap, HeaderValue, Method, StatusCode, Version};
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, Full};
use tokio::sync::OnceCell;
use tower::ServiceExt;
use tower_http::compression::Compression;
use tower_http::services::{ServeDir, ServeFile};

use crate::error::AppError;

/// For files named by their content.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// For the page and files without a hash in their name.
pub const NO_CACHE: &str = "no-cache";
/// Larger files are sent as they are, not compressed (nor kept).
const MAX_COMPRESSED_FILE: usize = 32 * 1024 * 1024;
/// When the kept files (with their compressed forms) would pass this, the
/// cache starts again: it only grows when the app is rebuilt.
const MAX_CACHE_BYTES: usize = 256 * 1024 * 1024;
/// `tower-http`'s own floor: smaller answers are not worth compressing.
const MIN_COMPRESSED_FILE: usize = 32;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Encoding {
    Brotli,
    Gzip,
}

impl Encoding {
    fn name(self) -> &'static str {
        match self {
            Encoding::Brotli => "br",
            Encoding::Gzip => "gzip",
        }
    }
}

/// Marks the answer of the fallback page (a deep link), which is never
/// immutable, whatever its path looks like.
#[derive(Clone, Copy)]
struct AppPage;

/// Compressed files by (encoding, content). A cell is filled once; requests
/// that come meanwhile wait for it instead of compressing too.
#[derive(Default)]
struct Cache {
    entries: HashMap<(Encoding, Bytes), Arc<OnceCell<Option<Bytes>>>>,
    bytes: usize,
}

/// The service answering every path the API does not: `dist`'s files, the
/// page for deep links, a JSON 404 for a missing file, a JSON 405 for
/// methods other than GET and HEAD.
pub fn service(
    dist: &Path,
) -> impl tower::Service<
    Request,
    Response = Response,
    Error = Infallible,
    Future = impl Future<Output = Result<Response, Infallible>> + Send,
> + Clone
       + Send
       + Sync
       + 'static {
    let index = ServeFile::new(dist.join("index.html"));
    // Deep links get the app's page; a missing file (a path whose last
    // segment has an extension: `/nope.js`, `/favicon.ico`) is a 404, not
    // the page under a name that promises a script or an image.
    let page = tower::service_fn(move |request: Request| {
        let index = index.clone();
        async move {
            let last = request.uri().path().rsplit('/').next().unwrap_or_default();
            if last.contains('.') {
                let missing = format!("There is no file {}.", request.uri().path());
                return Ok(AppError::not_found(missing).into_response());
            }
            let mut response = index.oneshot(request).await.into_response();
            response.extensions_mut().insert(AppPage);
            Ok::<_, Infallible>(response)
        }
    });
    let files = ServeDir::new(dist).fallback(page);
    let cache = Arc::new(Mutex::new(Cache::default()));
    tower::service_fn(move |request: Request| {
        let files = files.clone();
        let cache = cache.clone();
        async move { Ok(answer(files, &cache, request).await) }
    })
}

async fn answer<F>(files: ServeDir<F>, cache: &Mutex<Cache>, request: Request) -> Response
where
    ServeDir<F>: tower::Service<Request, Error = Infallible>,
    <ServeDir<F> as tower::Service<Request>>::Response: IntoResponse,
{
    // The files are read-only: another method gets the API's JSON 405
    // (with `Allow`), not the file server's empty one.
    let method = request.method().clone();
    if method != Method::GET && method != Method::HEAD {
        let mut refused = crate::method_not_allowed(method, request.uri().clone())
            .await
            .into_response();
        refused
            .headers_mut()
            .insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
        return refused;
    }
    let encoding = preferred_encoding(request.headers());
    let hashed = has_content_hash(request.uri().path());
    // A HEAD is answered as a GET without its body, so that it says the
    // length and encoding a GET gets.
    let (mut parts, body) = request.into_parts();
    parts.method = Method::GET;
    let response = files
        .oneshot(Request::from_parts(parts, body))
        .await
        .into_response();
    let mut response = finish(response, encoding, hashed, cache).await;
    if method == Method::HEAD {
        *response.body_mut() = Body::empty();
    }
    response
}

/// Sets the caching headers of a file (or page) answer, and its encoding.
async fn finish(
    response: Response,
    encoding: Option<Encoding>,
    hashed: bool,
    cache: &Mutex<Cache>,
) -> Response {
    let status = response.status();
    if !(status == StatusCode::OK
        || status == StatusCode::PARTIAL_CONTENT
        || status == StatusCode::NOT_MODIFIED)
    {
        // A 404's JSON, or a 416: as any API answer.
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let page = parts.extensions.get::<AppPage>().is_some();
    let cache_control = if hashed && !page { IMMUTABLE } else { NO_CACHE };
    parts
        .headers
        .insert(CACHE_CONTROL, HeaderValue::from_static(cache_control));
    let content_type = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if page || content_type.starts_with("text/html") {
        // The server's CompressionLayer compresses the page (see above).
        return Response::from_parts(parts, body);
    }
    parts.extensions.insert(crate::NoCompression);
    if !compressible(content_type) {
        return Response::from_parts(parts, body);
    }
    parts
        .headers
        .append(VARY, HeaderValue::from_static("accept-encoding"));
    let Some(encoding) = encoding else {
        return Response::from_parts(parts, body);
    };
    let length = parts
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    let worth_it = length.is_some_and(|n| (MIN_COMPRESSED_FILE..=MAX_COMPRESSED_FILE).contains(&n));
    if status != StatusCode::OK || parts.headers.contains_key(CONTENT_RANGE) || !worth_it {
        return Response::from_parts(parts, body);
    }
    let identity = match crate::faults::read_body(body).await {
        Ok(bytes) => bytes,
        // The file could not be read to its end: the answer breaks off.
        Err(sent) => return Response::from_parts(parts, crate::faults::broken_off(sent)),
    };
    match compressed(cache, encoding, identity.clone()).await {
        Some(encoded) => {
            parts
                .headers
                .insert(CONTENT_ENCODING, HeaderValue::from_static(encoding.name()));
            parts
                .headers
                .insert(CONTENT_LENGTH, HeaderValue::from(encoded.len()));
            // Ranges would be of the file, not of these bytes.
            parts.headers.remove(ACCEPT_RANGES);
            Response::from_parts(parts, Body::from(encoded))
        }
        None => Response::from_parts(parts, Body::from(identity)),
    }
}

/// `identity` in `encoding`, from the cache or compressed now (once).
async fn compressed(cache: &Mutex<Cache>, encoding: Encoding, identity: Bytes) -> Option<Bytes> {
    let cell = {
        let mut cache = cache.lock().unwrap_or_else(PoisonError::into_inner);
        let key = (encoding, identity.clone());
        match cache.entries.get(&key) {
            Some(cell) => cell.clone(),
            None => {
                // The file and, at most, as much again compressed.
                let size = 2 * identity.len();
                if cache.bytes + size > MAX_CACHE_BYTES {
                    *cache = Cache::default();
                }
                cache.bytes += size;
                cache.entries.entry(key).or_default().clone()
            }
        }
    };
    cell.get_or_init(|| compress(encoding, identity))
        .await
        .clone()
}

/// Compresses with tower-http's `Compression` (its encoders and levels),
/// on a blocking thread: brotli takes a while for the module.
async fn compress(encoding: Encoding, identity: Bytes) -> Option<Bytes> {
    let runtime = tokio::runtime::Handle::current();
    let work = move || {
        runtime.block_on(async move {
            let file = tower::service_fn(move |_: axum::http::Request<()>| {
                let body = Full::new(identity.clone());
                async move { Ok::<_, Infallible>(axum::http::Response::new(body)) }
            });
            let always = |_: StatusCode, _: Version, _: &HeaderMap, _: &Extensions| true;
            let request = axum::http::Request::builder()
                .header(ACCEPT_ENCODING, encoding.name())
                .body(())
                .ok()?;
            let response = Compression::new(file)
                .compress_when(always)
                .oneshot(request)
                .await
                .ok()?;
            let encoded = response.headers().get(CONTENT_ENCODING)? == encoding.name();
            let bytes = response.into_body().collect().await.ok()?.to_bytes();
            encoded.then_some(bytes)
        })
    };
    match tokio::task::spawn_blocking(work).await {
        Ok(encoded) => encoded,
        Err(error) => {
            tracing::error!(%error, "compressing a file failed");
            None
        }
    }
}

/// What tower-http's default predicate compresses: not images (but SVG),
/// gRPC or event streams.
fn compressible(content_type: &str) -> bool {
    !((content_type.starts_with("image/") && !content_type.starts_with("image/svg+xml"))
        || content_type.starts_with("application/grpc")
        || content_type.starts_with("text/event-stream"))
}

/// The encoding the client prefers among br and gzip (br on a tie), by the
/// `Accept-Encoding` weights; none when it takes neither.
fn preferred_encoding(headers: &HeaderMap) -> Option<Encoding> {
    let (mut br, mut gzip, mut any) = (None, None, None);
    for value in headers.get_all(ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut params = item.split(';');
            let name = params.next().unwrap_or_default().trim();
            let weight = params
                .filter_map(|p| p.trim().strip_prefix("q="))
                .map(|q| q.trim().parse::<f32>().unwrap_or(0.0))
                .next()
                .unwrap_or(1.0);
            if name.eq_ignore_ascii_case("br") {
                br = Some(weight);
            } else if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
                gzip = Some(weight);
            } else if name == "*" {
                any = Some(weight);
            }
        }
    }
    let br = br.or(any).unwrap_or(0.0);
    let gzip = gzip.or(any).unwrap_or(0.0);
    if br > 0.0 && br >= gzip {
        Some(Encoding::Brotli)
    } else if gzip > 0.0 {
        Some(Encoding::Gzip)
    } else {
        None
    }
}

/// Whether a segment of `path` carries Trunk's content hash: `-` and 16
/// lowercase hex digits, then `.`, `_` or the segment's end
/// (`frontend-601bf1ae994cfd5b_bg.wasm`, `snippets/frontend-601bf1ae994cfd5b/`).
fn has_content_hash(path: &str) -> bool {
    path.split('/').any(|segment| {
        segment.match_indices('-').any(|(at, _)| {
            let rest = &segment.as_bytes()[at + 1..];
            rest.len() >= 16
                && rest[..16]
                    .iter()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
                && matches!(rest.get(16), None | Some(b'.' | b'_'))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_hashes() {
        for hashed in [
            "/frontend-601bf1ae994cfd5b_bg.wasm",
            "/frontend-601bf1ae994cfd5b.js",
            "/main-d9419f6a78281ff7.css",
            "/snippets/frontend-0123456789abcdef/inline0.js",
        ] {
            assert!(has_content_hash(hashed), "{hashed}");
        }
        for plain in [
            "/",
            "/index.html",
            "/app.js",
            "/main-d9419f6a78281ff.css",
            "/main-d9419f6a78281ff7a.css",
            "/main-D9419F6A78281FF7.css",
            "/my-file.css",
        ] {
            assert!(!has_content_hash(plain), "{plain}");
        }
    }

    #[test]
    fn encodings_by_weight() {
        let pick = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(ACCEPT_ENCODING, HeaderValue::from_str(value).unwrap());
            preferred_encoding(&headers)
        };
        assert_eq!(pick("gzip, deflate, br, zstd"), Some(Encoding::Brotli));
        assert_eq!(pick("gzip"), Some(Encoding::Gzip));
        assert_eq!(pick("br;q=0.5, gzip"), Some(Encoding::Gzip));
        assert_eq!(pick("br;q=0, gzip;q=0"), None);
        assert_eq!(pick("*"), Some(Encoding::Brotli));
        assert_eq!(pick("*;q=0.1, br;q=0"), Some(Encoding::Gzip));
        assert_eq!(pick("identity"), None);
        assert_eq!(pick("deflate"), None);
        assert_eq!(pick("BR;Q=1"), Some(Encoding::Brotli));
        assert_eq!(HeaderMap::new().get(ACCEPT_ENCODING), None);
        assert_eq!(preferred_encoding(&HeaderMap::new()), None);
    }
}
