//! Creating and opening a gongbao index: a tantivy index plus the analyzer it was built with.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
use tantivy::{Index, TantivyDocument};

use crate::analyzer::{Analyzer, UserDictionary};
use crate::error::{Error, Result};
use crate::generation::Generations;
use crate::model::Document;
use crate::schema::{build_schema, Fields, SCHEMA_VERSION};

/// File beside tantivy's own files that says which gongbao wrote the index.
const META_FILE: &str = "gongbao.json";
/// Copy of the user dictionary the index was built with, so search segments as indexing did.
const DICTIONARY_FILE: &str = "user.dict";

/// Writer memory of [`GongbaoIndex::add_documents`]: the least tantivy accepts for a thread.
const SMALL_WRITER_MEMORY: usize = 15_000_000;

/// What gongbao records about an index.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IndexMeta {
    /// Schema version, checked on open.
    pub schema_version: u32,
    /// Fingerprint of the user dictionary used for every document in the index.
    pub dictionary_fingerprint: String,
    /// The gongbao version that created the index.
    pub created_by: String,
}

/// An open gongbao index.
#[derive(Clone)]
pub struct GongbaoIndex {
    /// The tantivy index, with gongbao's tokenizers registered.
    pub index: Index,
    /// Field handles.
    pub fields: Fields,
    /// The analyzer the index was built with.
    pub analyzer: Analyzer,
    /// What gongbao recorded about the index.
    pub meta: IndexMeta,
    path: PathBuf,
    /// The generations root the index was opened through, if any.
    root: Option<PathBuf>,
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_owned(),
        source,
    }
}

impl GongbaoIndex {
    /// Whether `path` holds a gongbao index (of any version), directly or as the live
    /// generation of a generations root.
    pub fn exists(path: &Path) -> bool {
        path.join(META_FILE).is_file() || Generations::is_root(path)
    }

    /// Opens the index at `path`, or creates one there with `dictionary` if there is none.
    pub fn open_or_create(path: &Path, dictionary: UserDictionary) -> Result<GongbaoIndex> {
        if GongbaoIndex::exists(path) {
            GongbaoIndex::open(path)
        } else {
            GongbaoIndex::create(path, dictionary)
        }
    }

    /// Creates an empty index at `path` (the directory may exist but must hold no index).
    pub fn create(path: &Path, dictionary: UserDictionary) -> Result<GongbaoIndex> {
        fs::create_dir_all(path).map_err(io_error(path))?;
        let (schema, fields) = build_schema();
        let directory = MmapDirectory::open(path).map_err(|error| Error::Io {
            path: path.to_owned(),
            source: std::io::Error::other(error.to_string()),
        })?;
        let index = Index::create(directory, schema, Default::default())?;
        let meta = IndexMeta {
            schema_version: SCHEMA_VERSION,
            dictionary_fingerprint: dictionary.fingerprint(),
            created_by: format!("gongbao {}", env!("CARGO_PKG_VERSION")),
        };
        let dictionary_path = path.join(DICTIONARY_FILE);
        fs::write(&dictionary_path, dictionary.text()).map_err(io_error(&dictionary_path))?;
        let meta_path = path.join(META_FILE);
        let meta_json = serde_json::to_vec_pretty(&meta)?;
        fs::write(&meta_path, meta_json).map_err(io_error(&meta_path))?;
        let analyzer = Analyzer::new(dictionary);
        analyzer.register(index.tokenizers());
        Ok(GongbaoIndex {
            index,
            fields,
            analyzer,
            meta,
            path: path.to_owned(),
            root: None,
        })
    }

    /// Opens the index at `path`, checking that this build can read it. When `path` is a
    /// generations root (it has a `CURRENT` file), the live generation is opened.
    pub fn open(path: &Path) -> Result<GongbaoIndex> {
        if let Some(live) = Generations::live_dir(path)? {
            let mut index = GongbaoIndex::open(&live)?;
            index.root = Some(path.to_owned());
            return Ok(index);
        }
        let meta_path = path.join(META_FILE);
        if !meta_path.is_file() {
            return Err(Error::NoIndex {
                path: path.to_owned(),
            });
        }
        let meta: IndexMeta =
            serde_json::from_slice(&fs::read(&meta_path).map_err(io_error(&meta_path))?)?;
        if meta.schema_version != SCHEMA_VERSION {
            return Err(Error::SchemaVersion {
                path: path.to_owned(),
                found: meta.schema_version,
                expected: SCHEMA_VERSION,
            });
        }
        let dictionary_path = path.join(DICTIONARY_FILE);
        let dictionary = UserDictionary::from_text(
            &fs::read_to_string(&dictionary_path).map_err(io_error(&dictionary_path))?,
        );
        let index = Index::open_in_dir(path)?;
        let fields = Fields::from_schema(&index.schema())?;
        let analyzer = Analyzer::new(dictionary);
        analyzer.register(index.tokenizers());
        Ok(GongbaoIndex {
            index,
            fields,
            analyzer,
            meta,
            path: path.to_owned(),
            root: None,
        })
    }

    /// The index directory (the generation directory when opened through a root).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The generations root this index was opened through, when it was.
    pub fn generation_root(&self) -> Option<&Path> {
        self.root.as_deref()
    }

    /// The root that holds what the generations share (synonyms, corrections): the generations
    /// root this index was opened through or whose generation it is, else its own directory.
    pub fn root(&self) -> &Path {
        if let Some(root) = self.generation_root() {
            return root;
        }
        let is_generation = self
            .path
            .file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| name.parse::<crate::GenerationId>().is_ok());
        match self.path.parent() {
            Some(parent) if is_generation && Generations::is_root(parent) => parent,
            _ => &self.path,
        }
    }

    /// Adds `documents` and commits them as one new segment (one writer thread, tantivy's
    /// smallest memory budget). For a few documents at a time, as fixtures are; files are
    /// indexed with `gongbao-ingest`, which batches, keeps a manifest and merges.
    pub fn add_documents(&self, documents: &[Document]) -> Result<()> {
        let mut writer = self
            .index
            .writer_with_num_threads::<TantivyDocument>(1, SMALL_WRITER_MEMORY)?;
        for document in documents {
            writer.add_document(self.fields.to_tantivy(document)?)?;
        }
        writer.commit()?;
        Ok(())
    }
}
