//! Turning a [`Document`] into a tantivy document and a stored one back into a [`Document`].

use tantivy::schema::Facet;
use tantivy::{DateTime, TantivyDocument, Term};
use time::{Date, OffsetDateTime, Time};

use crate::analyzer::title_keys;
use crate::docnum::{code_term, DocNumber};
use crate::error::Result;
use crate::lifecycle::{is_normative, relation_keys, stated_since, version_key};
use crate::model::Document;
use crate::schema::{Fields, METADATA_COLUMN_LIMIT};
use crate::structure::{ArticleSpans, Structure};

/// The document's metadata as JSON, without the body and its structure: the body is stored
/// once, as text, where reading it back costs a copy rather than a JSON parse, and the
/// structure (long for a law) apart, read only with the body ([`crate::StoredDocuments`]).
fn metadata_json(document: &Document) -> Result<String> {
    let mut value = serde_json::to_value(document)?;
    if let Some(object) = value.as_object_mut() {
        object.remove("body");
        object.remove("structure");
    }
    Ok(serde_json::to_string(&value)?)
}

/// Midnight UTC of a date, as tantivy stores it.
pub fn date_time(date: Date) -> DateTime {
    DateTime::from_utc(OffsetDateTime::new_utc(date, Time::MIDNIGHT))
}

/// The facet of a responsible department.
pub fn department_facet(department: &str) -> Facet {
    Facet::from_path([department])
}

/// The facet of a policy-area path (top level first).
pub fn policy_area_facet<S: AsRef<str>>(path: &[S]) -> Facet {
    Facet::from_path(path.iter().map(AsRef::as_ref))
}

impl Fields {
    /// The term that identifies a document, for replacing or deleting it.
    pub fn id_term(&self, id: &str) -> Term {
        Term::from_field_text(self.id, id)
    }

    /// The term that finds every document of a source file.
    pub fn source_term(&self, path: &str) -> Term {
        Term::from_field_text(self.source_path, path)
    }

    /// The tantivy document for `document`.
    pub fn to_tantivy(&self, document: &Document) -> Result<TantivyDocument> {
        let mut doc = TantivyDocument::new();
        doc.add_text(self.id, &document.id);
        let metadata = metadata_json(document)?;
        if metadata.len() <= METADATA_COLUMN_LIMIT {
            doc.add_bytes(self.stored, metadata.as_bytes());
        } else {
            doc.add_text(self.stored_long, metadata);
        }
        doc.add_text(self.title, &document.title);
        doc.add_text(self.title_grams, &document.title);
        for key in title_keys(&document.title) {
            doc.add_text(self.title_key, key);
        }
        doc.add_text(self.body, &document.body);
        doc.add_text(self.body_grams, &document.body);
        self.add_structure(&mut doc, document)?;
        if let Some(number) = document.doc_number.as_deref().and_then(DocNumber::parse) {
            doc.add_text(self.doc_number, number.key());
            doc.add_text(self.doc_org, code_term(&number.code));
            if let Some(year) = number.year {
                doc.add_u64(self.doc_year, u64::from(year));
            }
            doc.add_u64(self.doc_serial, u64::from(number.serial));
        }
        for issuer in &document.issuers {
            doc.add_text(self.issuer, issuer);
        }
        if let Some(doc_type) = &document.doc_type {
            doc.add_text(self.doc_type, doc_type);
        }
        if let Some(level) = &document.level {
            doc.add_text(self.level, level);
        }
        for department in &document.departments {
            doc.add_facet(self.department, department_facet(department));
        }
        for area in &document.policy_areas {
            doc.add_facet(self.policy_area, policy_area_facet(area));
        }
        doc.add_text(self.validity, document.validity.label());
        doc.add_u64(self.version_key, version_key(document));
        doc.add_bool(self.normative, is_normative(document));
        for key in relation_keys(&document.title) {
            doc.add_text(self.lifecycle_key, key);
        }
        for relation in &document.relations {
            for term in relation.terms() {
                doc.add_text(self.relation, term);
            }
        }
        let dates = [
            (self.written, document.dates.written),
            (self.published, document.dates.published),
            (self.effective, document.dates.effective),
            (self.expires, document.expires),
            (self.stated_since, stated_since(document)),
        ];
        for (field, date) in dates {
            if let Some(date) = date {
                doc.add_date(field, date_time(date));
            }
        }
        if let Some(year) = document.dates.year() {
            doc.add_u64(self.year, u64::try_from(year).unwrap_or(0));
        }
        doc.add_text(self.source_path, &document.source.path);
        Ok(doc)
    }

    /// The body's structure: the document's own (recognised with what its source marked as
    /// headings), else recognised from the body now, so that every indexed body has one.
    fn add_structure(&self, doc: &mut TantivyDocument, document: &Document) -> Result<()> {
        let recognised;
        let structure = if document.structure.is_empty() {
            recognised = Structure::recognise(&document.body, None);
            &recognised
        } else {
            &document.structure
        };
        if structure.is_empty() {
            return Ok(());
        }
        doc.add_text(self.structure, serde_json::to_string(structure)?);
        if let Some(spans) = ArticleSpans::pack(&document.body, structure) {
            doc.add_bytes(self.article_spans, &spans);
        }
        Ok(())
    }
}
