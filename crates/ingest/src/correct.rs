//! A clerk's correction of one document without a reindex: its validity, from when and by which
//! document, written into the index in place of the stored document.

use gongbao_core::date::format_date;
use gongbao_core::{Document, GongbaoIndex, Validity};
use serde_json::Value;
use time::Date;

use crate::error::IngestError;
use crate::reindex::stored;

pub use gongbao_core::lifecycle::{VALIDITY_BY, VALIDITY_FROM};

/// Memory of the one-document writer, in bytes.
const WRITER_MEMORY: usize = 15 << 20;

/// Sets the validity of the document `id` in `index` (with the date it applies from and the
/// document that decided it) and commits. Returns the corrected document, or `None` when the
/// index has no document `id`.
pub fn correct_validity(
    index: &GongbaoIndex,
    id: &str,
    validity: Validity,
    from: Option<Date>,
    by: Option<&str>,
) -> Result<Option<Document>, IngestError> {
    let searcher = index.index.reader()?.searcher();
    let Some(mut document) = stored(index, &searcher, id)? else {
        return Ok(None);
    };
    document.validity = validity;
    for (key, value) in [
        (VALIDITY_FROM, from.map(format_date)),
        (VALIDITY_BY, by.map(str::to_owned)),
    ] {
        match value {
            Some(value) => document.extra.insert(key.to_owned(), Value::String(value)),
            None => document.extra.remove(key),
        };
    }
    let mut writer = index
        .index
        .writer_with_num_threads::<tantivy::TantivyDocument>(1, WRITER_MEMORY)?;
    writer.delete_term(index.fields.id_term(id));
    writer.add_document(index.fields.to_tantivy(&document)?)?;
    writer.commit()?;
    Ok(Some(document))
}
