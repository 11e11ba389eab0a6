//! Finding the source files under the paths a clerk gives.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::IngestError;

/// Name of the sidecar file whose lines override recognised metadata.
pub const SIDECAR: &str = "metadata.jsonl";

/// How a source file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// Markdown or plain text: one document per file.
    Text,
    /// JSON Lines: one document per line.
    JsonLines,
    /// PDF: one document per file.
    Pdf,
}

impl SourceKind {
    fn of(path: &Path) -> Option<SourceKind> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "md" | "markdown" | "txt" | "text" => Some(SourceKind::Text),
            "jsonl" | "ndjson" => Some(SourceKind::JsonLines),
            "pdf" => Some(SourceKind::Pdf),
            _ => None,
        }
    }
}

/// One file to ingest.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The file on disk.
    pub path: PathBuf,
    /// The root it was found under (the file's parent when a file was given directly).
    pub root: PathBuf,
    /// Path relative to the root, with `/` separators: the document id of one-document files.
    pub relative: String,
    /// How to read it.
    pub kind: SourceKind,
}

/// The source files under each path, in a stable order. Sidecar files and files of unknown
/// types are skipped; a path that does not exist is an error.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<SourceFile>, IngestError> {
    let mut files = Vec::new();
    for path in paths {
        if !path.exists() {
            return Err(IngestError::MissingPath { path: path.clone() });
        }
        let root = if path.is_dir() {
            path.clone()
        } else {
            path.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        let mut found: Vec<SourceFile> = WalkDir::new(path)
            .follow_links(true)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_file() && entry.file_name() != SIDECAR)
            .filter_map(|entry| {
                let kind = SourceKind::of(entry.path())?;
                let relative = relative_path(entry.path(), &root);
                Some(SourceFile {
                    path: entry.into_path(),
                    root: root.clone(),
                    relative,
                    kind,
                })
            })
            .collect();
        found.sort_by(|a, b| a.relative.cmp(&b.relative));
        files.extend(found);
    }
    Ok(files)
}

fn relative_path(path: &Path, root: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|component| component.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_known_types_recursively_in_order_and_skips_sidecars() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("行政法规")).unwrap();
        for name in [
            "行政法规/b.md",
            "a.txt",
            "notices.jsonl",
            SIDECAR,
            "image.png",
        ] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        let files = discover(&[dir.path().to_path_buf()]).unwrap();
        let relative: Vec<_> = files.iter().map(|file| file.relative.as_str()).collect();
        assert_eq!(relative, ["a.txt", "notices.jsonl", "行政法规/b.md"]);
        assert_eq!(files[1].kind, SourceKind::JsonLines);
    }

    #[test]
    fn a_single_file_is_relative_to_its_parent() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("通知.md");
        std::fs::write(&file, "x").unwrap();
        let files = discover(&[file]).unwrap();
        assert_eq!(files[0].relative, "通知.md");
    }

    #[test]
    fn a_missing_path_is_an_error() {
        let missing = PathBuf::from("/nonexistent/gongbao");
        assert!(matches!(
            discover(&[missing]),
            Err(IngestError::MissingPath { .. })
        ));
    }
}
