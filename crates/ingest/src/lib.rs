//! Reads government documents from files, recognises their metadata and writes them into a
//! gongbao index.
//!
//! Sources are Markdown and plain text (one document per file, including the layout of law
//! collections: `# title`, header lines, `<!-- INFO END -->`, articles), JSON Lines (one document
//! per line) and PDF (one document per file). A `metadata.jsonl` sidecar keyed by relative path
//! overrides what was recognised. Every file yields documents or a typed per-file error; a batch
//! never stops at a bad file.

mod corrections;
mod error;
#[doc(hidden)]
pub mod fuzzing;
mod indexer;
mod json;
pub mod manifest;
mod merge;
pub mod pdf;
mod pipeline;
pub mod recognise;
mod reindex;
mod replace;
mod sidecar;
mod source;
mod text;

pub use corrections::{
    correct, stated_relations, Correction, Corrections, ValidityCorrection, CORRECTIONS_FILE,
    VALIDITY_BY, VALIDITY_FROM,
};
pub use error::{
    FileError, FileErrorKind, IngestError, RecordError, RelationsError, TitleSearchError,
    TruthError,
};
pub use indexer::{ingest, FieldCounts, IngestOptions, IngestReport, Progress};
pub use json::{parse_json_lines, CLERK_SENTENCE};
pub use manifest::{Manifest, SourceEntry, SourceStatus, MANIFEST_FILE};
pub use merge::SINGLE_SEGMENT_LIMIT;
pub use reindex::{
    check_generation, dictionary_change, reindex, DictionaryChange, ReindexReport, TitleSearch,
    TITLE_SAMPLES,
};
pub use source::{discover, SourceFile, SourceKind};
pub use text::parse_text_document;
