//! The site (wasm, JS glue, CSS, `public/`) embedded in the release binary by `build.rs`, served
//! with its content type, a precompressed copy the browser accepts, and cache headers: a year for
//! the hashed wasm and JS, a few minutes for the rest.

use axum::{
    body::Body,
    http::{header, HeaderMap, HeaderValue, Response, StatusCode},
};

/// One file of the built site, with its gzip and brotli copies when they are smaller.
pub struct EmbeddedFile {
    pub path: &'static str,
    pub body: &'static [u8],
    pub gzip: Option<&'static [u8]>,
    pub brotli: Option<&'static [u8]>,
}

mod embedded {
    use super::EmbeddedFile;
    include!(concat!(env!("OUT_DIR"), "/site.rs"));
}

/// Hashed names never change content: a browser keeps them for a year without asking again.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Unhashed names (the CSS, `public/`) may change with the next release.
const SHORT: &str = "public, max-age=300";

/// Whether this binary carries the site (a `cargo leptos build`); otherwise it is read from disk.
pub fn is_embedded() -> bool {
    !embedded::FILES.is_empty()
}

/// The name the wasm and JS are served under: `seat-audit.<hash>` when embedded, so their URLs
/// change with their content.
pub fn output_name(base: &str) -> String {
    if is_embedded() {
        format!("{base}.{}", embedded::HASH)
    } else {
        base.to_owned()
    }
}

/// The embedded file at `path` (a request path), or `None` to fall through to the pages.
pub fn response(path: &str, request: &HeaderMap) -> Option<Response<Body>> {
    let path = path.strip_prefix('/')?;
    let marker = format!(".{}", embedded::HASH);
    let (path, hashed) = match path.contains(&marker) {
        true if !embedded::HASH.is_empty() => (path.replacen(&marker, "", 1), true),
        _ => (path.to_owned(), false),
    };
    let file = embedded::FILES.iter().find(|f| f.path == path)?;
    let (body, encoding) = match encoding(request) {
        Accepted { brotli: true, .. } if file.brotli.is_some() => (file.brotli, Some("br")),
        Accepted { gzip: true, .. } if file.gzip.is_some() => (file.gzip, Some("gzip")),
        _ => (Some(file.body), None),
    };
    let mut response = Response::new(Body::from(body.unwrap_or(file.body)));
    *response.status_mut() = StatusCode::OK;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(&path)),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if hashed { IMMUTABLE } else { SHORT }),
    );
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(encoding) = encoding {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    Some(response)
}

#[derive(Debug, Default, PartialEq)]
struct Accepted {
    brotli: bool,
    gzip: bool,
}

/// The encodings `Accept-Encoding` allows (any with a q-value above zero).
fn encoding(request: &HeaderMap) -> Accepted {
    let mut accepted = Accepted::default();
    for value in request.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default().to_ascii_lowercase();
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            if refused {
                continue;
            }
            match name.as_str() {
                "br" => accepted.brotli = true,
                "gzip" => accepted.gzip = true,
                "*" => {
                    accepted.brotli = true;
                    accepted.gzip = true;
                }
                _ => {}
            }
        }
    }
    accepted
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("wasm") => "application/wasm",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("html") => "text/html; charset=utf-8",
        Some("json" | "map") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> Accepted {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_ENCODING, value.parse().unwrap());
        encoding(&headers)
    }

    #[test]
    fn a_browser_that_accepts_brotli_and_gzip_gets_either() {
        assert_eq!(
            accept("gzip, deflate, br, zstd"),
            Accepted {
                brotli: true,
                gzip: true
            }
        );
    }

    #[test]
    fn an_encoding_with_q_zero_is_refused() {
        assert_eq!(
            accept("br;q=0, gzip;q=0.5"),
            Accepted {
                brotli: false,
                gzip: true
            }
        );
    }

    #[test]
    fn no_accept_encoding_means_the_file_as_it_is() {
        assert_eq!(encoding(&HeaderMap::new()), Accepted::default());
    }

    #[test]
    fn the_wasm_the_glue_and_the_stylesheet_have_their_content_types() {
        assert_eq!(content_type("pkg/seat-audit.wasm"), "application/wasm");
        assert_eq!(
            content_type("pkg/seat-audit.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(
            content_type("pkg/seat-audit.css"),
            "text/css; charset=utf-8"
        );
        assert_eq!(content_type("favicon.svg"), "image/svg+xml");
    }
}
