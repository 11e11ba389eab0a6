//! Reading indexed documents back: the metadata from its column, the body from the doc store.
//!
//! A hit shown without a passage needs only the metadata. The doc store compresses each body
//! with its neighbours in blocks, so reading a long regulation's metadata from there meant
//! decompressing the regulation; the column gives it for a copy of a few hundred bytes.

use std::cell::OnceCell;

use tantivy::columnar::BytesColumn;
use tantivy::schema::Value;
use tantivy::{DocAddress, Searcher, TantivyDocument};

use crate::error::{Error, Result};
use crate::model::Document;
use crate::schema::{names, Fields};

/// Reads documents through one searcher; each segment's metadata column is opened once.
pub struct StoredDocuments<'a> {
    searcher: &'a Searcher,
    fields: Fields,
    columns: Vec<OnceCell<Option<BytesColumn>>>,
}

impl<'a> StoredDocuments<'a> {
    /// A reader over the segments of `searcher`.
    pub fn new(searcher: &'a Searcher, fields: &Fields) -> StoredDocuments<'a> {
        StoredDocuments {
            searcher,
            fields: *fields,
            columns: searcher
                .segment_readers()
                .iter()
                .map(|_| OnceCell::new())
                .collect(),
        }
    }

    /// The document at `address` without its body and structure, which are left empty.
    pub fn metadata(&self, address: DocAddress) -> Result<Document> {
        match self.metadata_json(address)? {
            Some(json) => Ok(serde_json::from_slice(&json)?),
            None => {
                let mut document = self.document(address)?;
                document.body.clear();
                document.structure = Default::default();
                Ok(document)
            }
        }
    }

    /// The title of the document at `address`: the metadata read without building the rest.
    pub fn title(&self, address: DocAddress) -> Result<String> {
        /// The one field read.
        #[derive(serde::Deserialize)]
        struct Titled {
            #[serde(default)]
            title: String,
        }
        match self.metadata_json(address)? {
            Some(json) => Ok(serde_json::from_slice::<Titled>(&json)?.title),
            None => Ok(self.metadata(address)?.title),
        }
    }

    /// The whole document at `address`, with its body and structure.
    pub fn document(&self, address: DocAddress) -> Result<Document> {
        let stored: TantivyDocument = self.searcher.doc(address)?;
        let text = |field| stored.get_first(field).and_then(|value| value.as_str());
        let mut document: Document = match self.metadata_json(address)? {
            Some(json) => serde_json::from_slice(&json)?,
            None => {
                let json = text(self.fields.stored_long).ok_or(Error::NoMetadata {
                    doc: address.doc_id,
                })?;
                serde_json::from_str(json)?
            }
        };
        document.body = text(self.fields.body).unwrap_or_default().to_owned();
        if let Some(structure) = text(self.fields.structure) {
            document.structure = serde_json::from_str(structure)?;
        }
        Ok(document)
    }

    /// The metadata JSON from the column, `None` when it was too long for the column.
    fn metadata_json(&self, address: DocAddress) -> Result<Option<Vec<u8>>> {
        let Some(column) = self.column(address)? else {
            return Ok(None);
        };
        let Some(ord) = column.term_ords(address.doc_id).next() else {
            return Ok(None);
        };
        let mut json = Vec::new();
        column
            .ord_to_bytes(ord, &mut json)
            .map_err(tantivy::TantivyError::from)?;
        Ok(Some(json))
    }

    /// The metadata column of the hit's segment; `None` when no document of the segment has its
    /// metadata there (all of them too long for a column value).
    fn column(&self, address: DocAddress) -> Result<Option<&BytesColumn>> {
        let ordinal = address.segment_ord as usize;
        let cell = self.columns.get(ordinal).ok_or(Error::NoMetadata {
            doc: address.doc_id,
        })?;
        if let Some(column) = cell.get() {
            return Ok(column.as_ref());
        }
        let segment = self.searcher.segment_reader(address.segment_ord);
        let column = segment.fast_fields().bytes(names::STORED)?;
        Ok(cell.get_or_init(|| column).as_ref())
    }
}
