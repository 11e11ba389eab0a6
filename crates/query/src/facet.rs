//! Facet counts: how many hits carry each department, policy area, document type, issuing body,
//! year and validity, counted over the whole result set.
//!
//! Nearly every document matches a long question, so counting is paid per hit: each segment's
//! facet values are turned once into [`Slots`], one counter per value of every facet, with the
//! segment's totals. A hit only sets its bit; at the end the fewer of the hits and the other
//! documents are walked, adding each one's slots, or taking them from the totals.

use std::collections::BTreeMap;
use std::sync::Arc;

use gongbao_core::schema::names;
use gongbao_core::{Authority, Validity};
use serde::Serialize;
use tantivy::collector::{Collector, Count, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::query::Query;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::best::BestHits;
use crate::columns::{column_table, number_table, ColumnTable, SegmentCache};
use crate::error::Result;
use crate::facet_slots::SlotTable;
use crate::facet_tree::{ChildCounts, Children};
use crate::issuers::{list_other_names, MergedIssuers};
use crate::lifecycle::StatusTable;
use crate::rescore::Scored;
use crate::statistics::Statistics;
use crate::terms::{Counting, Sample, Sampled, TermsQuery, Total};

/// One value of a facet and the number of hits that carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetValue {
    /// The value (a department, a document type, a year …), shared with the segment's table and
    /// every other response that counts it.
    pub value: Arc<str>,
    /// Hits carrying it.
    pub count: u64,
    /// Issuers only: former names of the body (with their place) that hits were issued under,
    /// counted in `count` by the authority file.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub former_names: Vec<Arc<str>>,
    /// Issuers only: other forms of the body's current name that hits were issued under,
    /// counted in `count`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Arc<str>>,
}

impl FacetValue {
    /// A value counted `count` times under no other name.
    pub fn new(value: Arc<str>, count: u64) -> FacetValue {
        FacetValue {
            value,
            count,
            former_names: Vec::new(),
            aliases: Vec::new(),
        }
    }
}

/// One policy area and the number of hits in it or in any of its children.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AreaCount {
    /// The area's path, top level first.
    pub path: Vec<String>,
    /// Hits in the area.
    pub count: u64,
}

/// Counts for every facet, most frequent value first (years newest first).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FacetCounts {
    /// False when the counts are estimates from an evenly spread sample of the matching
    /// documents (a question matching most of a large index): values carried by few hits may
    /// then be missing.
    pub exact: bool,
    /// Responsible departments.
    pub departments: Vec<FacetValue>,
    /// Top-level policy areas.
    pub policy_areas: Vec<AreaCount>,
    /// Children of the policy area the search is filtered on (empty without that filter).
    pub policy_area_children: Vec<AreaCount>,
    /// Document types.
    pub doc_types: Vec<FacetValue>,
    /// 效力级别, the legal force.
    pub levels: Vec<FacetValue>,
    /// Issuing bodies, each counted once under its current name by the authority file.
    pub issuers: Vec<FacetValue>,
    /// Years documents are filed under.
    pub years: Vec<FacetValue>,
    /// Validities, by label.
    pub validity: Vec<FacetValue>,
}

/// Counts hits of `query` and, when `facets` is set, their facet values; `area` is the selected
/// policy area, whose children are counted too.
pub(crate) fn count(
    searcher: &Searcher,
    sources: &Sources,
    query: &dyn Query,
    facets: bool,
    area: &[String],
) -> Result<(u64, Option<FacetCounts>)> {
    let statistics = Statistics::new(searcher);
    let (total, counts, _) =
        count_with(&statistics, searcher, sources, query, facets, area, Count)?;
    Ok((total, counts))
}

/// [`count`] in the same pass as `also` (the top hits): every matching document is visited
/// once. Scores use the search's `statistics`.
pub(crate) fn count_with<C: Collector>(
    statistics: &Statistics,
    searcher: &Searcher,
    sources: &Sources,
    query: &dyn Query,
    facets: bool,
    area: &[String],
    also: C,
) -> Result<(u64, Option<FacetCounts>, C::Fruit)> {
    if !facets {
        let (total, fruit) =
            searcher.search_with_statistics_provider(query, &(Count, also), statistics)?;
        return Ok((total as u64, None, fruit));
    }
    let collectors = (every_facet(sources, area), also);
    let (counted, fruit) =
        searcher.search_with_statistics_provider(query, &collectors, statistics)?;
    let (total, counts) = with_children(counted, true);
    Ok((total, Some(counts), fruit))
}

/// As [`count_with`] the best hits of a query of terms ([`TermsQuery::search_best`]: the
/// documents that cannot enter them are counted but not scored exactly), and whether the total
/// and the facets counted every match (with facets over a large index they may be estimated
/// from a sample, see [`Counting`]).
pub(crate) fn count_best(
    statistics: &Statistics,
    sources: &Sources,
    terms: &TermsQuery,
    facets: bool,
    area: &[String],
    best: &BestHits,
) -> Result<(u64, Option<FacetCounts>, Vec<Scored>, bool)> {
    if !facets {
        let (total, top, exact) = terms.search_best(statistics, Counting::EXACT, &Total, best)?;
        return Ok((total, None, top, exact));
    }
    let every = every_facet(sources, area);
    let (counted, top, exact) = terms.search_best(statistics, Counting::FACETS, &every, best)?;
    let (total, counts) = with_children(counted, exact);
    Ok((total, Some(counts), top, exact))
}

/// Counted facets: the total, the facets and the children of the selected policy area.
type EveryFacet = (Total, AllFacets, Option<ChildCounts>);

/// The collectors of the total and every facet; children are counted only below a selected
/// area (at the root they are the top level).
fn every_facet(sources: &Sources, area: &[String]) -> EveryFacet {
    let area_children = (!area.is_empty()).then(|| ChildCounts {
        field: names::POLICY_AREA,
        parent: area.to_vec(),
    });
    let all = AllFacets {
        authority: Arc::clone(&sources.authority),
        statuses: Arc::clone(&sources.statuses),
    };
    (Total, all, area_children)
}

/// The total and the facet counts of what [`every_facet`] counted, `exact` when it counted
/// every match.
fn with_children(
    (total, mut counts, area_children): <EveryFacet as Collector>::Fruit,
    exact: bool,
) -> (u64, FacetCounts) {
    counts.policy_area_children = area_children.unwrap_or_default();
    counts.exact = exact;
    (total, counts)
}

/// The facets counted by [`AllFacets`], in slot order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Facet {
    /// Top-level departments (a hierarchical field).
    Department,
    /// Top-level policy areas (a hierarchical field).
    PolicyArea,
    /// Document types.
    DocType,
    /// Issuing bodies.
    Issuer,
    /// 效力级别.
    Level,
    /// Years documents are filed under.
    Year,
    /// Issuers the authority file counts under another name (their body's current name): listed
    /// with that value, never as values of their own.
    IssuerName,
}

/// Every value of every facet of one segment, numbered: a hit's values are its slots.
struct Slots {
    /// Each document's slots.
    table: SlotTable,
    /// The value of each slot.
    values: Vec<Arc<str>>,
    /// The facet of each slot.
    facets: Vec<Facet>,
    /// Each slot's place among its facet's values when counts are equal: value order, except
    /// years, which are listed newest first whatever their counts.
    ranks: Vec<u32>,
    /// Documents of the segment carrying each slot, deleted ones included.
    totals: Vec<u64>,
}

impl Slots {
    /// The slots of `segment`, computed once per segment.
    fn of(segment: &SegmentReader, authority: &Authority) -> tantivy::Result<Arc<Slots>> {
        static CACHE: SegmentCache<u64, Slots> = SegmentCache::new();
        CACHE.get_or_read(segment, authority.fingerprint(), || {
            Slots::read(segment, authority)
        })
    }

    fn read(segment: &SegmentReader, authority: &Authority) -> tantivy::Result<Slots> {
        // Each source: a column and, per column ordinal, the slot it counts in (if any).
        let mut sources: Vec<(Arc<ColumnTable>, Vec<Option<usize>>)> = Vec::new();
        let mut values: Vec<Arc<str>> = Vec::new();
        let mut facets: Vec<Facet> = Vec::new();
        let mut ranks: Vec<u32> = Vec::new();
        let mut add = |facet: Facet,
                       table: Arc<ColumnTable>,
                       names: Vec<String>,
                       value_of: Vec<Option<usize>>| {
            let base = values.len();
            let count = names.len() as u32;
            facets.extend(names.iter().map(|_| facet));
            // Column terms come in value order; year terms are numbers, ascending.
            ranks.extend((0..count).map(|rank| match facet {
                Facet::Year => count - 1 - rank,
                _ => rank,
            }));
            values.extend(names.into_iter().map(Arc::from));
            let slot_of = value_of
                .into_iter()
                .map(|value| value.map(|value| base + value))
                .collect();
            sources.push((table, slot_of));
        };
        for (facet, field) in [
            (Facet::Department, names::DEPARTMENT),
            (Facet::PolicyArea, names::POLICY_AREA),
        ] {
            let table = column_table(segment, field)?;
            let children = Children::of(&table, &[]);
            add(facet, table, children.names, children.child_of);
        }
        // Issuers by body: each term counts in its body's slot, and, when it is another name of
        // the body, in a slot of its own that lists it with the body.
        let issuers = column_table(segment, names::ISSUER)?;
        let merged = MergedIssuers::of(&issuers.terms, authority);
        add(
            Facet::Issuer,
            Arc::clone(&issuers),
            merged.bodies,
            merged.body_of,
        );
        add(Facet::IssuerName, issuers, merged.others, merged.other_of);
        for (facet, table) in [
            (Facet::DocType, column_table(segment, names::DOC_TYPE)?),
            (Facet::Level, column_table(segment, names::LEVEL)?),
            (Facet::Year, number_table(segment, names::YEAR)?),
        ] {
            let names = table.terms.clone();
            let map = (0..names.len()).map(Some).collect();
            add(facet, table, names, map);
        }
        let table = ColumnTable::of(Vec::new(), segment.max_doc(), |doc| {
            sources
                .iter()
                .flat_map(move |(table, slot_of)| {
                    table
                        .ords(doc)
                        .iter()
                        .filter_map(|&ord| slot_of.get(ord as usize).copied().flatten())
                })
                .map(|slot| slot as u32)
                .collect::<Vec<u32>>()
                .into_iter()
        });
        let mut totals = vec![0; values.len()];
        for doc in 0..segment.max_doc() {
            for &slot in table.ords(doc) {
                totals[slot as usize] += 1;
            }
        }
        Ok(Slots {
            table: SlotTable::new(table, values.len()),
            values,
            facets,
            ranks,
            totals,
        })
    }
}

/// What facet values are read through: the authority file (issuers) and the statuses of the
/// day asked (validity, computed as a document's page computes it).
pub(crate) struct Sources {
    /// Merges issuers naming one body.
    pub(crate) authority: Arc<Authority>,
    /// Every document's status on the day asked.
    pub(crate) statuses: Arc<StatusTable>,
}

/// Counts every facet but the children of a selected policy area.
struct AllFacets {
    /// Merges issuers naming one body.
    authority: Arc<Authority>,
    /// The statuses the validity facet counts.
    statuses: Arc<StatusTable>,
}

/// One segment's hits, one bit per document, with their number.
struct SegmentFacets {
    slots: Arc<Slots>,
    /// The segment's statuses by doc id (codes of `Validity::ALL`).
    statuses: Arc<StatusTable>,
    segment: SegmentId,
    max_doc: DocId,
    hits: Vec<u64>,
    collected: u32,
    /// The part of the segment whose matches were shown.
    sample: Sample,
}

/// Counters per value while a segment's documents are walked ([`SegmentFacets::harvest`]).
const LANES: usize = 4;

/// One segment's counts, by slot, and its hits by status.
struct SegmentCounts {
    slots: Arc<Slots>,
    counts: Vec<u64>,
    statuses: [u64; Validity::ALL.len()],
}

impl Collector for AllFacets {
    type Fruit = FacetCounts;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentFacets> {
        let max_doc = segment.max_doc();
        Ok(SegmentFacets {
            slots: Slots::of(segment, &self.authority)?,
            statuses: Arc::clone(&self.statuses),
            segment: segment.segment_id(),
            max_doc,
            hits: vec![0; (max_doc as usize).div_ceil(64)],
            collected: 0,
            sample: Sample::whole(max_doc),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<SegmentCounts>) -> tantivy::Result<FacetCounts> {
        let counted: Vec<Counted> = match fruits.as_slice() {
            [fruit] => fruit.nonzero().collect(),
            _ => merge(&fruits),
        };
        // Most frequent first, equal counts by rank; years by rank alone. The keys are whole
        // numbers: no text is compared.
        let mut order: Vec<u128> = counted
            .iter()
            .enumerate()
            .map(|(at, value)| {
                let count = match value.facet {
                    Facet::Year => 0,
                    _ => u32::try_from(value.count).unwrap_or(u32::MAX),
                };
                (value.facet as u128) << 96
                    | u128::from(u32::MAX - count) << 64
                    | u128::from(value.rank) << 32
                    | at as u128
            })
            .collect();
        order.sort_unstable();
        let mut counts = FacetCounts::default();
        let mut other_names = Vec::new();
        for keys in order.chunk_by(|a, b| a >> 96 == b >> 96) {
            let values = keys.iter().map(|key| {
                let value = &counted[*key as u32 as usize];
                FacetValue::new(Arc::clone(value.value), value.count)
            });
            let facet = counted[keys[0] as u32 as usize].facet;
            match facet {
                Facet::Department => counts.departments = values.collect(),
                Facet::PolicyArea => {
                    counts.policy_areas = values
                        .map(|value| AreaCount {
                            path: vec![value.value.to_string()],
                            count: value.count,
                        })
                        .collect();
                }
                Facet::DocType => counts.doc_types = values.collect(),
                Facet::Level => counts.levels = values.collect(),
                Facet::Issuer => counts.issuers = values.collect(),
                Facet::Year => counts.years = values.collect(),
                Facet::IssuerName => other_names = values.map(|value| value.value).collect(),
            }
        }
        list_other_names(&mut counts.issuers, &other_names, &self.authority);
        counts.validity = validity_counts(&fruits);
        Ok(counts)
    }
}

/// A value some hit carries, with its count and its rank among equal counts.
struct Counted<'a> {
    facet: Facet,
    count: u64,
    rank: u32,
    value: &'a Arc<str>,
}

impl SegmentCounts {
    /// The values some hit of the segment carries, ranked as the segment ranks them.
    fn nonzero(&self) -> impl Iterator<Item = Counted<'_>> {
        let slots = &*self.slots;
        (0..slots.values.len())
            .filter(|&slot| self.counts[slot] > 0)
            .map(|slot| Counted {
                facet: slots.facets[slot],
                count: self.counts[slot],
                rank: slots.ranks[slot],
                value: &slots.values[slot],
            })
    }
}

/// The counts of several segments, which number the same value differently, summed by value.
fn merge(fruits: &[SegmentCounts]) -> Vec<Counted<'_>> {
    let mut merged: BTreeMap<(Facet, &str), Counted> = BTreeMap::new();
    for counted in fruits.iter().flat_map(SegmentCounts::nonzero) {
        merged
            .entry((counted.facet, &**counted.value))
            .and_modify(|sum| sum.count += counted.count)
            .or_insert(counted);
    }
    // Value order, as within a segment; years are decimal numbers, newest first.
    merged
        .into_values()
        .enumerate()
        .map(|(place, counted)| Counted {
            rank: match counted.facet {
                Facet::Year => u32::MAX - counted.value.parse::<u32>().unwrap_or(0),
                _ => place as u32,
            },
            ..counted
        })
        .collect()
}

impl SegmentCollector for SegmentFacets {
    type Fruit = SegmentCounts;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.hits[doc as usize / 64] |= 1 << (doc % 64);
        self.collected += 1;
    }

    fn harvest(self) -> SegmentCounts {
        let slots = self.slots;
        let statuses = self.statuses.statuses(self.segment);
        // A document counts once per value, however often it repeats the value. When most
        // documents are hits, the others are walked and taken from the totals instead (deleted
        // documents are never hits, so they are taken away too); not when only a sample of the
        // segment was shown, whose counts are scaled to the segment.
        let by_complement =
            self.sample.is_whole() && u64::from(self.collected) * 2 > u64::from(self.max_doc);
        let scale = |count: u64| self.sample.scale(count);
        // The walked documents' slots and statuses, counted in lanes by doc id: neighbouring
        // documents often share a value (a type, a year), and a counter that each updates in
        // turn makes every update wait for the one before.
        let mut lanes = vec![0u32; slots.values.len() * LANES];
        let mut status_lanes = [[0u32; Validity::ALL.len()]; LANES];
        let codes = statuses.map_or(&[][..], |statuses| statuses.codes.as_slice());
        for (word_at, &word) in self.hits.iter().enumerate() {
            let first = word_at as DocId * 64;
            let mut docs = if by_complement {
                let in_segment = self.max_doc - first;
                let mask = if in_segment >= 64 {
                    u64::MAX
                } else {
                    (1 << in_segment) - 1
                };
                !word & mask
            } else {
                word
            };
            while docs != 0 {
                let doc = first + docs.trailing_zeros();
                docs &= docs - 1;
                let lane = doc as usize % LANES;
                slots
                    .table
                    .of(doc)
                    .each(|slot| lanes[slot * LANES + lane] += 1);
                if let Some(&code) = codes.get(doc as usize) {
                    status_lanes[lane][code as usize] += 1;
                }
            }
        }
        let walked = lanes
            .chunks_exact(LANES)
            .map(|lanes| lanes.iter().map(|&count| u64::from(count)).sum::<u64>());
        let counts = if by_complement {
            slots
                .totals
                .iter()
                .zip(walked)
                .map(|(total, walked)| total - walked)
                .collect()
        } else {
            walked.map(scale).collect()
        };
        let mut counted = [0u64; Validity::ALL.len()];
        for lane in &status_lanes {
            for (count, &walked) in counted.iter_mut().zip(lane) {
                *count += u64::from(walked);
            }
        }
        counted = counted.map(scale);
        if let (true, Some(statuses)) = (by_complement, statuses) {
            for (count, total) in counted.iter_mut().zip(statuses.totals) {
                *count = total - *count;
            }
        }
        SegmentCounts {
            slots,
            counts,
            statuses: counted,
        }
    }
}

impl Sampled for SegmentFacets {
    fn sampled(&mut self, sample: Sample) {
        self.sample = sample;
    }
}

/// The hits by status, most first, equal counts in value order (as every facet lists them).
fn validity_counts(fruits: &[SegmentCounts]) -> Vec<FacetValue> {
    let mut totals = [0u64; Validity::ALL.len()];
    for fruit in fruits {
        for (total, count) in totals.iter_mut().zip(fruit.statuses) {
            *total += count;
        }
    }
    let mut counted: Vec<(usize, u64)> = totals
        .into_iter()
        .enumerate()
        .filter(|(_, count)| *count > 0)
        .collect();
    counted.sort_by_key(|&(at, count)| (std::cmp::Reverse(count), Validity::ALL[at].label()));
    counted
        .into_iter()
        .map(|(at, count)| FacetValue::new(Arc::from(Validity::ALL[at].label()), count))
        .collect()
}

#[cfg(test)]
mod tests;
