//! The page's stylesheet and script, compiled into the binary and served under names that carry
//! a hash of their content, so browsers may keep them for a year: a changed file gets a new name.

use std::sync::OnceLock;

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::{ApiError, ErrorCode};

/// How long browsers may keep an asset: a year, since its name changes with its content.
const CACHE_FOREVER: &str = "public, max-age=31536000, immutable";

/// One static file.
struct Asset {
    /// Name without the hash (`gongbao.css`).
    stem: &'static str,
    extension: &'static str,
    content_type: &'static str,
    body: &'static str,
}

const ASSETS: [Asset; 2] = [
    Asset {
        stem: "gongbao",
        extension: "css",
        content_type: "text/css; charset=utf-8",
        body: include_str!("../../assets/gongbao.css"),
    },
    Asset {
        stem: "gongbao",
        extension: "js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("../../assets/gongbao.js"),
    },
];

/// 64-bit FNV-1a: a stable content hash, no cryptography needed.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The served names (`gongbao.1a2b3c4d5e6f7a8b.css`), in the order of [`ASSETS`].
fn names() -> &'static [String; 2] {
    static NAMES: OnceLock<[String; 2]> = OnceLock::new();
    NAMES.get_or_init(|| {
        ASSETS.each_ref().map(|asset| {
            let hash = fnv1a(asset.body.as_bytes());
            format!("{}.{hash:016x}.{}", asset.stem, asset.extension)
        })
    })
}

/// The URL of the stylesheet.
pub(crate) fn stylesheet() -> String {
    format!("/assets/{}", names()[0])
}

/// The URL of the script.
pub(crate) fn script() -> String {
    format!("/assets/{}", names()[1])
}

/// Serves an asset by its hashed name; any other name is `not_found`.
pub(crate) async fn asset(Path(name): Path<String>) -> Response {
    match names().iter().position(|served| *served == name) {
        Some(at) => (
            [
                (header::CONTENT_TYPE, ASSETS[at].content_type),
                (header::CACHE_CONTROL, CACHE_FOREVER),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            ],
            ASSETS[at].body,
        )
            .into_response(),
        None => ApiError::new(ErrorCode::NotFound, "no such asset").into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_the_content_hash() {
        assert!(stylesheet().starts_with("/assets/gongbao.") && stylesheet().ends_with(".css"));
        assert!(script().ends_with(".js"));
        assert_ne!(fnv1a(b"a"), fnv1a(b"b"));
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
    }
}
