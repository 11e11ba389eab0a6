//! Every document's status on one day, computed once per searcher generation and day: what the
//! validity facet counts and the validity filter reads. Each document's own facts come from
//! columns (stated validity, dates, its chain of versions); only the documents relations name
//! read stored documents (the acting ones, for their relations). The decision is
//! [`decide`], the one a document's page makes.

use std::collections::HashMap;
use std::sync::Arc;

use gongbao_core::schema::names;
use gongbao_core::{Document, GongbaoIndex, RelationKind, StoredDocuments, Validity};
use tantivy::collector::DocSetCollector;
use tantivy::index::SegmentId;
use tantivy::query::{
    BitSetDocSet, BooleanQuery, ConstScorer, EnableScoring, Explanation, Query, Scorer, TermQuery,
    Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{BitSet, DocAddress, DocId, DocSet, Score, Searcher, SegmentReader, Term};
use time::Date;

use super::columns::LifecycleColumns;
use super::decide::{acts, decide, Dated, Facts};
use super::lookup::names_another_number;
use crate::error::Result;

/// The code of a status in a table: its place in [`Validity::ALL`].
fn code(validity: Validity) -> u8 {
    Validity::ALL
        .iter()
        .position(|known| *known == validity)
        .unwrap_or(Validity::ALL.len() - 1) as u8
}

/// How many documents have each status, by code.
pub(crate) type StatusCounts = [u64; Validity::ALL.len()];

/// The statuses of one searcher's documents on one day.
#[derive(Debug)]
pub(crate) struct StatusTable {
    segments: Vec<SegmentStatuses>,
}

/// One segment's statuses by doc id, and how many of its documents (deleted ones included)
/// have each.
#[derive(Debug)]
pub(crate) struct SegmentStatuses {
    id: SegmentId,
    /// Codes of [`Validity::ALL`], by doc id.
    pub(crate) codes: Vec<u8>,
    /// The documents of each code.
    pub(crate) totals: StatusCounts,
}

impl StatusTable {
    /// The status of document `doc` of `segment`, if the table knows the segment.
    pub(crate) fn status(&self, segment: SegmentId, doc: DocId) -> Option<Validity> {
        self.segment(segment)?
            .get(doc as usize)
            .map(|&code| Validity::ALL[code as usize])
    }

    /// The statuses of `segment`'s documents by doc id, as codes of [`Validity::ALL`].
    pub(crate) fn segment(&self, segment: SegmentId) -> Option<&[u8]> {
        self.statuses(segment)
            .map(|statuses| statuses.codes.as_slice())
    }

    /// The statuses of `segment`'s documents and their totals.
    pub(crate) fn statuses(&self, segment: SegmentId) -> Option<&SegmentStatuses> {
        self.segments.iter().find(|statuses| statuses.id == segment)
    }

    /// Computes every document's status on `as_of`.
    pub(crate) fn compute(
        index: &GongbaoIndex,
        searcher: &Searcher,
        as_of: Date,
    ) -> Result<Arc<StatusTable>> {
        let readers = searcher.segment_readers();
        let mut facts: Vec<Vec<Facts>> = Vec::with_capacity(readers.len());
        let mut dated: Vec<Vec<Dated>> = Vec::with_capacity(readers.len());
        for reader in readers {
            let (segment_facts, segment_dated) = own_facts(reader)?;
            facts.push(segment_facts);
            dated.push(segment_dated);
        }
        supersede(&mut facts, &dated, as_of);
        act(index, searcher, &mut facts, &dated, as_of)?;
        let segments = readers
            .iter()
            .zip(&facts)
            .map(|(reader, facts)| {
                let codes: Vec<u8> = facts
                    .iter()
                    .map(|facts| code(decide(facts, as_of).0))
                    .collect();
                let mut totals = [0; Validity::ALL.len()];
                for &code in &codes {
                    totals[code as usize] += 1;
                }
                SegmentStatuses {
                    id: reader.segment_id(),
                    codes,
                    totals,
                }
            })
            .collect();
        Ok(Arc::new(StatusTable { segments }))
    }
}

/// Each document's own facts and what the rule of acting reads of it, from columns.
fn own_facts(reader: &SegmentReader) -> Result<(Vec<Facts>, Vec<Dated>)> {
    let fast = reader.fast_fields();
    let columns = LifecycleColumns::of(reader);
    let normative = fast.bool(names::NORMATIVE).ok();
    // The stated validity by column ordinal: a handful of labels.
    let validity = fast.str(names::VALIDITY)?;
    let mut labels: Vec<Validity> = Vec::new();
    if let Some(column) = &validity {
        let mut stream = column
            .dictionary()
            .stream()
            .map_err(tantivy::TantivyError::from)?;
        while stream.advance() {
            let label = String::from_utf8_lossy(stream.key());
            labels.push(Validity::parse(&label).unwrap_or_default());
        }
    }
    let max_doc = reader.max_doc();
    let mut facts = Vec::with_capacity(max_doc as usize);
    let mut dated = Vec::with_capacity(max_doc as usize);
    for doc in 0..max_doc {
        let stated = validity
            .as_ref()
            .and_then(|column| column.term_ords(doc).next())
            .and_then(|ord| labels.get(ord as usize).copied())
            .unwrap_or_default();
        let issued = columns.issued(doc);
        let takes_effect = columns.takes_effect(doc);
        let normative = normative
            .as_ref()
            .and_then(|column| column.first(doc))
            .unwrap_or(false);
        facts.push(Facts {
            stated,
            start: takes_effect,
            expires: columns.expires(doc),
            stated_since: columns.stated_since(doc),
            presumed: issued.is_some() || normative,
            ..Facts::default()
        });
        dated.push(Dated {
            issued,
            takes_effect,
            chain: columns.chain(doc).unwrap_or(0),
        });
    }
    Ok((facts, dated))
}

/// Marks every dated version that a newer one of its chain, issued by `as_of`, replaces (the
/// rule of `Context::successor`: the next version that [`Dated::replaces`] it).
fn supersede(facts: &mut [Vec<Facts>], dated: &[Vec<Dated>], as_of: Date) {
    let mut versions: Vec<(u64, Date, usize, usize)> = Vec::new();
    for (segment, documents) in dated.iter().enumerate() {
        for (doc, document) in documents.iter().enumerate() {
            if let Some(issued) = document.issued {
                versions.push((document.chain, issued, segment, doc));
            }
        }
    }
    versions.sort_unstable();
    for chain in versions.chunk_by(|a, b| a.0 == b.0) {
        for (at, &(_, _, segment, doc)) in chain.iter().enumerate() {
            let older = &dated[segment][doc];
            let newer = chain[at + 1..]
                .iter()
                .find(|(_, _, later_segment, later_doc)| {
                    dated[*later_segment][*later_doc].replaces(older)
                })
                .filter(|(_, later, _, _)| *later <= as_of);
            if let Some(&(_, _, newer_segment, newer_doc)) = newer {
                let takes_effect = dated[newer_segment][newer_doc].takes_effect;
                facts[segment][doc].superseded = Some(takes_effect);
            }
        }
    }
}

/// Marks the documents that relations repeal or amend on `as_of`: for every target key the
/// `relation` field holds, the acting documents (its postings) and the named ones.
fn act(
    index: &GongbaoIndex,
    searcher: &Searcher,
    facts: &mut [Vec<Facts>],
    dated: &[Vec<Dated>],
    as_of: Date,
) -> Result<()> {
    let stored = StoredDocuments::new(searcher, &index.fields);
    let mut actors: HashMap<DocAddress, Document> = HashMap::new();
    let mut targets: HashMap<DocAddress, Document> = HashMap::new();
    for_each_relation_key(searcher, index, |key, acting| {
        for target in named(searcher, index, key)? {
            for &actor in acting {
                if actor == target {
                    continue;
                }
                for (map, address) in [(&mut actors, actor), (&mut targets, target)] {
                    if let std::collections::hash_map::Entry::Vacant(slot) = map.entry(address) {
                        slot.insert(stored.metadata(address)?);
                    }
                }
                let (acting_document, target_document) = (&actors[&actor], &targets[&target]);
                let actor_dated = &dated[actor.segment_ord as usize][actor.doc_id as usize];
                let target_dated = &dated[target.segment_ord as usize][target.doc_id as usize];
                for relation in &acting_document.relations {
                    let names_it = relation.terms().iter().any(|term| term == key)
                        && !names_another_number(relation, target_document);
                    if !names_it || !acts(relation.kind, actor_dated, target_dated, as_of) {
                        continue;
                    }
                    let target_facts =
                        &mut facts[target.segment_ord as usize][target.doc_id as usize];
                    let slot = match relation.kind {
                        RelationKind::Repeals => &mut target_facts.repealed,
                        RelationKind::Amends => &mut target_facts.amended,
                        RelationKind::Interprets => continue,
                    };
                    let since = actor_dated.takes_effect;
                    if slot.is_none_or(|earlier| since < earlier) {
                        *slot = Some(since);
                    }
                }
            }
        }
        Ok(())
    })
}

/// Calls `visit` with every target key the `relation` field holds, segment by segment, and
/// the live documents of that segment whose relations name it (none is called with no
/// document).
fn for_each_relation_key(
    searcher: &Searcher,
    index: &GongbaoIndex,
    mut visit: impl FnMut(&str, &[DocAddress]) -> Result<()>,
) -> Result<()> {
    let field = index.fields.relation;
    for (segment_ord, reader) in searcher.segment_readers().iter().enumerate() {
        let inverted = reader.inverted_index(field)?;
        let mut stream = inverted
            .terms()
            .stream()
            .map_err(tantivy::TantivyError::from)?;
        while stream.advance() {
            let key = String::from_utf8_lossy(stream.key()).into_owned();
            let term = Term::from_field_text(field, &key);
            let Some(mut postings) = inverted
                .read_postings(&term, IndexRecordOption::Basic)
                .map_err(tantivy::TantivyError::from)?
            else {
                continue;
            };
            let mut acting = Vec::new();
            while postings.doc() != tantivy::TERMINATED {
                let doc = postings.doc();
                if !reader.is_deleted(doc) {
                    acting.push(DocAddress::new(segment_ord as u32, doc));
                }
                postings.advance();
            }
            if !acting.is_empty() {
                visit(&key, &acting)?;
            }
        }
    }
    Ok(())
}

/// The live documents a relation key names: by their title's keys or their number.
fn named(searcher: &Searcher, index: &GongbaoIndex, key: &str) -> Result<Vec<DocAddress>> {
    let fields = &index.fields;
    let clauses: Vec<Box<dyn Query>> = [fields.lifecycle_key, fields.doc_number]
        .into_iter()
        .map(|field| {
            let term = Term::from_field_text(field, key);
            Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>
        })
        .collect();
    let found = searcher.search(&BooleanQuery::union(clauses), &DocSetCollector)?;
    Ok(found.into_iter().collect())
}

impl StatusTable {
    /// A table that knows no segment: for searches that neither count nor filter statuses.
    pub(crate) fn empty() -> Arc<StatusTable> {
        Arc::new(StatusTable {
            segments: Vec::new(),
        })
    }
}

/// The documents whose status in a table is one of those accepted: the validity and
/// `current` filters.
#[derive(Debug, Clone)]
pub(crate) struct StatusQuery {
    table: Arc<StatusTable>,
    accepted: [bool; Validity::ALL.len()],
}

impl StatusQuery {
    pub(crate) fn new(table: Arc<StatusTable>, accepted: &[Validity]) -> StatusQuery {
        let mut wanted = [false; Validity::ALL.len()];
        for validity in accepted {
            wanted[code(*validity) as usize] = true;
        }
        StatusQuery {
            table,
            accepted: wanted,
        }
    }
}

impl Query for StatusQuery {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for StatusQuery {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let max_doc = reader.max_doc();
        let mut docs = BitSet::with_max_value(max_doc);
        if let Some(codes) = self.table.segment(reader.segment_id()) {
            for (doc, &code) in codes.iter().enumerate() {
                let doc = doc as DocId;
                if self.accepted[code as usize] && !reader.is_deleted(doc) {
                    docs.insert(doc);
                }
            }
        }
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(docs), boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let status = self.table.status(reader.segment_id(), doc);
        match status.filter(|status| self.accepted[code(*status) as usize]) {
            Some(status) => Ok(Explanation::new(status.label(), 1.0)),
            None => Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} has no accepted status"
            ))),
        }
    }
}

/// How many relations the texts of an index state, and how many name no document it holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct RelationCounts {
    /// Documents whose text acts on another.
    pub acting_documents: u64,
    /// Relations stated (repeals, amendments, interpretations).
    pub relations: u64,
    /// Relations whose target is not in the index (kept and shown by name).
    pub unresolved: u64,
}

/// Counts the relations of every live document that states some.
pub(crate) fn relation_counts(index: &GongbaoIndex, searcher: &Searcher) -> Result<RelationCounts> {
    let stored = StoredDocuments::new(searcher, &index.fields);
    let lookup = super::lookup::Lookup::new(index, searcher);
    let mut actors = std::collections::HashSet::new();
    for_each_relation_key(searcher, index, |_, acting| {
        actors.extend(acting.iter().copied());
        Ok(())
    })?;
    let mut counts = RelationCounts {
        acting_documents: actors.len() as u64,
        ..RelationCounts::default()
    };
    for actor in actors {
        for relation in stored.metadata(actor)?.relations {
            counts.relations += 1;
            if lookup.named(&relation)?.is_empty() {
                counts.unresolved += 1;
            }
        }
    }
    Ok(counts)
}
