//! The ingest manifest: which source files an index holds, by content hash, and the documents
//! each one gave.
//!
//! It lives in the index directory (`manifest.json`) and is replaced atomically right after each
//! commit, so it never names a file whose documents are not committed. An ingest that was
//! interrupted finds the files it finished in the manifest and does not read them again; a file
//! whose content (or sidecar metadata) changed gets a new hash and is read again.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::error::IngestError;

/// Name of the manifest in the index directory.
pub const MANIFEST_FILE: &str = "manifest.json";

/// Version of the manifest format.
const FORMAT: u32 = 1;

/// What an index holds, by source file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Format version.
    pub format: u32,
    /// Source files by path relative to their ingested root.
    pub sources: BTreeMap<String, SourceEntry>,
}

impl Default for Manifest {
    fn default() -> Manifest {
        Manifest {
            format: FORMAT,
            sources: BTreeMap::new(),
        }
    }
}

/// Whether a source file's documents are in the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceStatus {
    /// Its documents are committed.
    Indexed,
    /// It could not be read (whole or in part); it is read again by the next ingest.
    Failed,
}

/// One source file in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceEntry {
    /// SHA-256 of the file, its sidecar metadata and the gongbao version that read it.
    pub hash: String,
    /// Ids of the documents it gave that are in the index.
    pub documents: Vec<String>,
    /// Whether it was read without errors.
    pub status: SourceStatus,
    /// What went wrong, when it failed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
}

impl Manifest {
    /// The manifest of the index in `dir`; empty when there is none.
    pub fn load(dir: &Path) -> Result<Manifest, IngestError> {
        let path = dir.join(MANIFEST_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Manifest::default())
            }
            Err(error) => {
                return Err(IngestError::ManifestRead {
                    path,
                    source: error,
                })
            }
        };
        serde_json::from_slice(&bytes)
            .map_err(|source| IngestError::ManifestFormat { path, source })
    }

    /// Replaces the manifest of the index in `dir` atomically.
    pub fn save(&self, dir: &Path) -> Result<(), IngestError> {
        let bytes = serde_json::to_vec(self).map_err(|source| IngestError::ManifestFormat {
            path: dir.join(MANIFEST_FILE),
            source,
        })?;
        gongbao_core::generation::write_atomically(&dir.join(MANIFEST_FILE), &bytes)?;
        Ok(())
    }

    /// Every document id the manifest says the index holds.
    pub fn document_ids(&self) -> BTreeSet<&str> {
        self.sources
            .values()
            .flat_map(|entry| entry.documents.iter().map(String::as_str))
            .collect()
    }

    /// How many documents the index should hold.
    pub fn document_count(&self) -> usize {
        self.document_ids().len()
    }

    /// Whether `relative` was indexed without errors from content with `hash`.
    pub fn is_unchanged(&self, relative: &str, hash: &str) -> bool {
        self.sources
            .get(relative)
            .is_some_and(|entry| entry.status == SourceStatus::Indexed && entry.hash == hash)
    }

    /// Records `entry` for `relative`. A document id it gives is no longer counted for any
    /// other source: re-adding a document by id replaced it in the index.
    pub fn record(&mut self, relative: String, entry: SourceEntry) {
        let ids: BTreeSet<&str> = entry.documents.iter().map(String::as_str).collect();
        for (other, other_entry) in &mut self.sources {
            if *other != relative {
                other_entry
                    .documents
                    .retain(|id| !ids.contains(id.as_str()));
            }
        }
        self.sources.insert(relative, entry);
    }
}

/// The hash a source is known by: its bytes, the sidecar fields that apply to it and the
/// version of gongbao reading it (a new version may recognise metadata differently).
pub fn content_hash(bytes: &[u8], overrides: Option<&Map<String, Value>>) -> String {
    let mut hasher = content_hash_prefix(overrides);
    hasher.update(bytes);
    format!("{:x}", hasher.finalize())
}

/// The hasher of [`content_hash`] before the source's bytes, for sources hashed as they are read.
pub fn content_hash_prefix(overrides: Option<&Map<String, Value>>) -> Sha256 {
    let mut hasher = Sha256::new();
    hasher.update(concat!("gongbao ", env!("CARGO_PKG_VERSION"), "\n").as_bytes());
    if let Some(overrides) = overrides {
        // Serialised in place: the same text as the map's `Value`, without copying the map.
        hasher.update(
            serde_json::to_string(overrides)
                .unwrap_or_default()
                .as_bytes(),
        );
    }
    hasher.update(b"\n");
    hasher
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sidecar_overrides_hash_as_their_json_value_text() {
        // Manifests written before must keep matching: the map is hashed as its `Value` text.
        let mut overrides = Map::new();
        overrides.insert("validity".into(), Value::from("已废止"));
        overrides.insert("publish".into(), Value::from("2020-05-14"));
        let text = Value::Object(overrides.clone()).to_string();
        let mut hasher = Sha256::new();
        hasher.update(concat!("gongbao ", env!("CARGO_PKG_VERSION"), "\n").as_bytes());
        hasher.update(text.as_bytes());
        hasher.update(b"\n");
        hasher.update(b"body");
        let expected: String = hasher
            .finalize()
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect();
        assert_eq!(content_hash(b"body", Some(&overrides)), expected);
    }

    fn entry(hash: &str, documents: &[&str]) -> SourceEntry {
        SourceEntry {
            hash: hash.to_owned(),
            documents: documents.iter().map(|id| (*id).to_owned()).collect(),
            status: SourceStatus::Indexed,
            errors: Vec::new(),
        }
    }

    #[test]
    fn a_document_moved_to_another_source_is_counted_once() {
        let mut manifest = Manifest::default();
        manifest.record("a.jsonl".into(), entry("1", &["n1", "n2"]));
        manifest.record("b.jsonl".into(), entry("2", &["n2", "n3"]));
        assert_eq!(manifest.document_count(), 3);
        assert_eq!(manifest.sources["a.jsonl"].documents, ["n1"]);
    }

    #[test]
    fn saves_and_loads_atomically() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Manifest::load(dir.path()).unwrap(), Manifest::default());
        let mut manifest = Manifest::default();
        manifest.record("通知.md".into(), entry("abc", &["通知.md"]));
        manifest.save(dir.path()).unwrap();
        assert_eq!(Manifest::load(dir.path()).unwrap(), manifest);
        assert!(manifest.is_unchanged("通知.md", "abc"));
        assert!(!manifest.is_unchanged("通知.md", "abd"));
        assert!(!dir.path().join("manifest.json.tmp").exists());
    }

    #[test]
    fn the_hash_covers_content_and_sidecar_fields() {
        let plain = content_hash(b"text", None);
        let mut fields = Map::new();
        fields.insert("validity".into(), Value::from("已废止"));
        assert_ne!(plain, content_hash(b"text", Some(&fields)));
        assert_ne!(plain, content_hash(b"text!", None));
        assert_eq!(plain, content_hash(b"text", None));
        assert_eq!(plain.len(), 64);
    }
}
