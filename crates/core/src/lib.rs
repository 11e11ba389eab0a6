//! The vocabulary of gongbao, defined once: the document model, the tantivy schema, the Chinese
//! analyzer, document numbers and dates.
//!
//! Every other crate names fields and tokenizers through this one, so indexing and querying can
//! never disagree on how text is segmented or where a value is stored.

pub mod analyzer;
pub mod authority;
mod convert;
pub mod date;
pub mod docnum;
mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod generation;
mod index;
pub mod lifecycle;
pub mod lines;
pub mod model;
pub mod schema;
mod stored;
pub mod structure;

pub use analyzer::{Analyzer, UserDictionary};
pub use authority::Authority;
pub use convert::{date_time, department_facet, policy_area_facet};
pub use docnum::DocNumber;
pub use error::{Error, Result};
pub use generation::{GenerationId, Generations};
pub use index::{GongbaoIndex, IndexMeta};
pub use lifecycle::{Relation, RelationKind};
pub use model::{Dates, Document, GazetteIssue, Ocr, Source, Validity};
pub use schema::{build_schema, Fields, SCHEMA_VERSION};
pub use stored::StoredDocuments;
pub use structure::{Article, Structure};
