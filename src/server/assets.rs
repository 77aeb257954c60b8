//! Static assets: cache headers, and `.br`/`.gz` copies made once so the WASM
//! bundle is not compressed again on every request.
use axum::extract::{Request, State};
use axum::http::header::{HeaderValue, CACHE_CONTROL};
use axum::middleware::Next;
use axum::response::Response;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::state::AppState;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";
const SHORT: &str = "public, max-age=3600";

/// Hashed bundle files never change under their name, so browsers may keep them
/// for a year; unhashed ones must be revalidated; other assets are cached briefly.
pub async fn cache_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let pkg_prefix = format!("/{}/", state.leptos.site_pkg_dir);
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    if !res.status().is_success() || res.headers().contains_key(CACHE_CONTROL) {
        return res;
    }
    let value = if path.starts_with(&pkg_prefix) {
        if state.leptos.hash_files {
            IMMUTABLE
        } else {
            REVALIDATE
        }
    } else if path.contains('.') && !path.starts_with("/api/") {
        SHORT
    } else {
        return res;
    };
    res.headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static(value));
    res
}

/// Writes `name.br` and `name.gz` beside each text or WASM asset that lacks an
/// up-to-date copy. Runs in the background after start-up; a read-only site
/// folder only costs on-the-fly compression.
pub fn precompress(site_root: &Path) {
    let mut stack = vec![site_root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if compressible(&path) {
                if let Err(e) = compress_one(&path) {
                    tracing::warn!(file = %path.display(), error = %e, "cannot precompress asset");
                }
            }
        }
    }
}

fn compressible(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("wasm" | "js" | "css" | "svg" | "json" | "html" | "txt")
    )
}

fn sibling(path: &Path, ext: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
}

fn fresh(copy: &Path, source_modified: std::time::SystemTime) -> bool {
    std::fs::metadata(copy)
        .and_then(|m| m.modified())
        .map(|m| m >= source_modified)
        .unwrap_or(false)
}

fn compress_one(path: &Path) -> std::io::Result<()> {
    let modified = std::fs::metadata(path)?.modified()?;
    let (br, gz) = (sibling(path, "br"), sibling(path, "gz"));
    if fresh(&br, modified) && fresh(&gz, modified) {
        return Ok(());
    }
    let data = std::fs::read(path)?;
    let mut out = Vec::with_capacity(data.len() / 3);
    {
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 22,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut data.as_slice(), &mut out, &params)?;
    }
    write_atomically(&br, &out)?;
    let mut gz_enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz_enc.write_all(&data)?;
    write_atomically(&gz, &gz_enc.finish()?)?;
    Ok(())
}

fn write_atomically(path: &Path, data: &[u8]) -> std::io::Result<()> {
    let tmp = sibling(path, "tmp");
    std::fs::write(&tmp, data)?;
    std::fs::rename(tmp, path)
}
