//! The index lookups a lifecycle is built from: the documents a relation names, the documents
//! whose relations name a document, and the versions of a document (the documents with its
//! title). Only metadata is read; bodies stay compressed.

use std::collections::HashSet;

use gongbao_core::analyzer::title_key;
use gongbao_core::lifecycle::{relation_keys, version_key};
use gongbao_core::schema::names;
use gongbao_core::{DocNumber, Document, GongbaoIndex, Relation, StoredDocuments};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, Searcher, Term};

use crate::error::Result;

/// Documents one key may name, at most: the versions of one title, a few same-named notices.
pub const MAX_NAMED: usize = 50;
/// Documents read as acting on one document, at most.
pub const MAX_ACTING: usize = 200;

/// Lookups through one searcher.
pub(crate) struct Lookup<'a> {
    index: &'a GongbaoIndex,
    searcher: &'a Searcher,
    stored: StoredDocuments<'a>,
}

impl<'a> Lookup<'a> {
    pub(crate) fn new(index: &'a GongbaoIndex, searcher: &'a Searcher) -> Lookup<'a> {
        Lookup {
            index,
            searcher,
            stored: StoredDocuments::new(searcher, &index.fields),
        }
    }

    /// How many documents hold any of `terms` (with repeats): a dictionary look-up per segment,
    /// far cheaper than a search, which most documents (no versions, nothing acting on them)
    /// never need.
    fn frequency(&self, terms: &[Term]) -> Result<u64> {
        let mut total = 0;
        for term in terms {
            total += self.searcher.doc_freq(term)?;
        }
        Ok(total)
    }

    /// The metadata of the documents matching any of `terms`, at most `limit`.
    fn documents(&self, terms: Vec<Term>, limit: usize) -> Result<Vec<Document>> {
        self.addresses(terms, limit)?
            .into_iter()
            .map(|address| Ok(self.stored.metadata(address)?))
            .collect()
    }

    /// The documents matching any of `terms`, at most `limit`.
    fn addresses(&self, terms: Vec<Term>, limit: usize) -> Result<Vec<DocAddress>> {
        if terms.is_empty() || self.frequency(&terms)? == 0 {
            return Ok(Vec::new());
        }
        let clauses: Vec<Box<dyn Query>> = terms
            .into_iter()
            .map(|term| Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>)
            .collect();
        let query = BooleanQuery::union(clauses);
        let hits = self
            .searcher
            .search(&query, &TopDocs::with_limit(limit).order_by_score())?;
        Ok(hits.into_iter().map(|(_, address)| address).collect())
    }

    fn terms(field: Field, keys: impl IntoIterator<Item = String>) -> Vec<Term> {
        keys.into_iter()
            .map(|key| Term::from_field_text(field, &key))
            .collect()
    }

    /// The documents a relation names: by its document number when it gives one that is
    /// indexed, else by its title.
    pub(crate) fn named(&self, relation: &Relation) -> Result<Vec<Document>> {
        let fields = &self.index.fields;
        if let Some(number) = relation.doc_number.as_deref().and_then(DocNumber::parse) {
            let by_number =
                self.documents(Self::terms(fields.doc_number, [number.key()]), MAX_NAMED)?;
            if !by_number.is_empty() {
                return Ok(by_number);
            }
        }
        let keys = relation
            .title
            .as_deref()
            .map(relation_keys)
            .unwrap_or_default();
        // The whole title's key first: from 关于 on names more documents, and only when the
        // whole key names none.
        for key in keys {
            let found = self.documents(Self::terms(fields.lifecycle_key, [key]), MAX_NAMED)?;
            if !found.is_empty() {
                return Ok(found);
            }
        }
        Ok(Vec::new())
    }

    /// The documents whose relations name `document`, each with the relations that do.
    pub(crate) fn acting_on(&self, document: &Document) -> Result<Vec<(Document, Vec<Relation>)>> {
        let own = own_terms(document);
        let terms = Self::terms(self.index.fields.relation, own.iter().cloned());
        let own_number = number_key(document.doc_number.as_deref());
        let mut acting = Vec::new();
        for candidate in self.documents(terms, MAX_ACTING)? {
            if candidate.id == document.id {
                continue;
            }
            // The relation field holds only the terms of a document's relations: a candidate
            // with one relation was found by it.
            let alone = candidate.relations.len() == 1;
            let relations: Vec<Relation> = candidate
                .relations
                .iter()
                .filter(|relation| alone || relation.terms().iter().any(|term| own.contains(term)))
                .filter(|relation| !names_number_other_than(relation, own_number.as_deref()))
                .cloned()
                .collect();
            if !relations.is_empty() {
                acting.push((candidate, relations));
            }
        }
        Ok(acting)
    }

    /// The versions of `document`: the documents with its whole title and its
    /// [`version_key`] (the chain the search's collapse and the status table read).
    /// `document` is among them.
    pub(crate) fn versions(&self, document: &Document) -> Result<Vec<Document>> {
        let key = title_key(&document.title);
        if key.chars().count() < 2 {
            return Ok(vec![document.clone()]);
        }
        let terms = Self::terms(self.index.fields.title_key, [key]);
        // The document alone holds its title: no other version, no search.
        if self.frequency(&terms)? <= 1 {
            return Ok(vec![document.clone()]);
        }
        // Same-titled documents of another chain (another issuer's notice) are told by their
        // chain column, without reading them.
        let chain = version_key(document);
        let mut found = self.addresses(terms, MAX_NAMED)?;
        found.sort_unstable();
        let mut versions = Vec::new();
        for segment_found in found.chunk_by(|a, b| a.segment_ord == b.segment_ord) {
            let chains = self
                .searcher
                .segment_reader(segment_found[0].segment_ord)
                .fast_fields()
                .u64(names::VERSION_KEY)?;
            for &address in segment_found {
                if chains.first(address.doc_id) == Some(chain) {
                    versions.push(self.stored.metadata(address)?);
                }
            }
        }
        if !versions.iter().any(|version| version.id == document.id) {
            versions.push(document.clone());
        }
        Ok(versions)
    }
}

/// The keys that name `document` in relations: its title's and its number's.
fn own_terms(document: &Document) -> HashSet<String> {
    let mut keys = relation_keys(&document.title);
    keys.extend(number_key(document.doc_number.as_deref()));
    keys.into_iter().collect()
}

/// Whether a relation names a document number other than `document`'s: then it meant another
/// document of the same title (another version).
pub(crate) fn names_another_number(relation: &Relation, document: &Document) -> bool {
    names_number_other_than(
        relation,
        number_key(document.doc_number.as_deref()).as_deref(),
    )
}

/// Whether a relation names a document number other than `own` (a number's key); never when
/// there is no own number, and then the relation's is not parsed.
fn names_number_other_than(relation: &Relation, own: Option<&str>) -> bool {
    let Some(own) = own else {
        return false;
    };
    number_key(relation.doc_number.as_deref()).is_some_and(|named| named != own)
}

/// The key of a written document number, when it parses.
fn number_key(text: Option<&str>) -> Option<String> {
    text.and_then(DocNumber::parse).map(|number| number.key())
}

#[cfg(test)]
mod tests {
    use gongbao_core::RelationKind;

    use super::*;

    #[test]
    fn a_relation_means_another_document_only_when_both_numbers_differ() {
        let relation = |number: Option<&str>| Relation {
            kind: RelationKind::Repeals,
            title: Some("关于加强养犬管理的通知".to_owned()),
            doc_number: number.map(str::to_owned),
            sentence: "《关于加强养犬管理的通知》同时废止。".to_owned(),
        };
        let document = |number: Option<&str>| Document {
            doc_number: number.map(str::to_owned),
            ..Document::default()
        };
        let numbered = document(Some("鲁政办发〔2017〕39号"));
        assert!(names_another_number(
            &relation(Some("鲁政办发〔2016〕12号")),
            &numbered
        ));
        // The same number written with other brackets is the same document.
        assert!(!names_another_number(
            &relation(Some("鲁政办发[2017]39号")),
            &numbered
        ));
        assert!(!names_another_number(&relation(None), &numbered));
        assert!(!names_another_number(
            &relation(Some("鲁政办发〔2016〕12号")),
            &document(None)
        ));
    }
}
