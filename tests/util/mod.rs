//! Helpers shared by the integration tests: finding ../shared and building indexes from it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The shared test data: `$GONGBAO_SHARED`, else `../shared` beside the repository. When it is
/// missing, tests fail under `CI=true` and say they skipped otherwise.
pub fn shared_dir() -> Option<PathBuf> {
    let candidate = std::env::var_os("GONGBAO_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared"));
    if candidate.join("corpus/laws/metadata.jsonl").is_file() {
        return Some(candidate);
    }
    if std::env::var("CI").is_ok_and(|value| value == "true") {
        panic!(
            "shared test data not found at {} (set GONGBAO_SHARED)",
            candidate.display()
        );
    }
    eprintln!(
        "SKIPPED: shared test data not found at {}; set GONGBAO_SHARED",
        candidate.display()
    );
    None
}

/// The JSON objects of a JSON Lines file, one a line.
pub fn json_lines(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// The PDFs in `folder`, sorted.
pub fn pdfs(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "pdf"))
        .collect();
    files.sort();
    files
}
