//! Build facts: the migrations `sqlx::migrate!` embeds, and the built site (wasm, JS, CSS, `public/`)
//! embedded with gzip and brotli copies when cargo-leptos builds the server (`web::site`).
//!
//! cargo-leptos builds the front end first and then the server with `LEPTOS_SITE_ROOT` set, so
//! the site is complete when this runs. A plain `cargo build`, `test` or `clippy` sets no
//! `LEPTOS_SITE_ROOT` and embeds nothing: the server then serves the site from disk.

use std::{
    env, fs,
    io::Write,
    path::{Path, PathBuf},
};

fn main() {
    println!("cargo:rerun-if-changed=../migrations");
    println!("cargo:rerun-if-env-changed=LEPTOS_SITE_ROOT");
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let files = match site_root() {
        Some(root) => {
            println!("cargo:rerun-if-changed={}", root.display());
            embed(&root, &out_dir)
        }
        None => Vec::new(),
    };
    let hash = site_hash(&files);
    let mut code = String::from("pub static FILES: &[EmbeddedFile] = &[\n");
    for file in &files {
        code.push_str(&format!(
            "    EmbeddedFile {{ path: {:?}, body: include_bytes!({:?}), gzip: {}, brotli: {} }},\n",
            file.path,
            file.source,
            optional_bytes(&file.gzip),
            optional_bytes(&file.brotli),
        ));
    }
    code.push_str("];\n");
    code.push_str(&format!("pub const HASH: &str = {hash:?};\n"));
    fs::write(out_dir.join("site.rs"), code).expect("OUT_DIR is writable");
}

/// The site cargo-leptos built, as an absolute path; relative paths are from the workspace root.
fn site_root() -> Option<PathBuf> {
    let root = PathBuf::from(env::var_os("LEPTOS_SITE_ROOT")?);
    let root = if root.is_absolute() {
        root
    } else {
        let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR")?);
        manifest.parent()?.join(root)
    };
    root.is_dir().then_some(root)
}

struct Embedded {
    /// The URL path under the site root, with `/` separators (`pkg/seat-audit.wasm`).
    path: String,
    source: PathBuf,
    body: Vec<u8>,
    gzip: Option<PathBuf>,
    brotli: Option<PathBuf>,
}

fn embed(root: &Path, out_dir: &Path) -> Vec<Embedded> {
    let mut sources = Vec::new();
    walk(root, &mut sources);
    sources.sort();
    let compressed = out_dir.join("site");
    fs::create_dir_all(&compressed).expect("OUT_DIR is writable");
    sources
        .into_iter()
        .enumerate()
        .map(|(index, source)| {
            let path = source
                .strip_prefix(root)
                .expect("walked under the root")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let body = fs::read(&source).expect("a site file is readable");
            let gzip = keep_if_smaller(&body, gzip(&body), &compressed.join(format!("{index}.gz")));
            let brotli = keep_if_smaller(
                &body,
                brotli(&body),
                &compressed.join(format!("{index}.br")),
            );
            Embedded {
                path,
                source,
                body,
                gzip,
                brotli,
            }
        })
        .collect()
}

fn walk(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("the site directory is readable") {
        let path = entry.expect("a readable directory entry").path();
        if path.is_dir() {
            walk(&path, into);
        } else if path.is_file() {
            into.push(path);
        }
    }
}

/// A compressed copy is kept only when it saves at least a tenth (images are compressed already).
fn keep_if_smaller(body: &[u8], compressed: Vec<u8>, to: &Path) -> Option<PathBuf> {
    if compressed.len() * 10 > body.len() * 9 {
        return None;
    }
    fs::write(to, compressed).expect("OUT_DIR is writable");
    Some(to.to_path_buf())
}

fn gzip(body: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(body).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

fn brotli(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &body[..], &mut out, &params).expect("writing to memory");
    out
}

/// A short content hash of every embedded file (FNV-1a), which names the wasm and its JS glue so
/// a browser may cache them for a year; empty when nothing is embedded.
fn site_hash(files: &[Embedded]) -> String {
    if files.is_empty() {
        return String::new();
    }
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in files {
        for byte in file.path.as_bytes().iter().chain(&file.body) {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

fn optional_bytes(path: &Option<PathBuf>) -> String {
    match path {
        Some(path) => format!("Some(include_bytes!({path:?}))"),
        None => "None".into(),
    }
}
