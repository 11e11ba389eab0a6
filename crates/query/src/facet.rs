//! Facet counts: how many hits carry each department, policy area, document type, issuing body,
//! year and validity, counted over the whole result set.
//!
//! Nearly every document matches a long question, so counting is paid per hit: each segment's
//! facet values are turned once into [`Slots`], one counter per value of every facet, and a hit
//! adds one to each of its few counters in one loop.

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::sync::Arc;

use gongbao_core::schema::names;
use serde::Serialize;
use tantivy::collector::{Collector, Count, SegmentCollector};
use tantivy::query::Query;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::columns::{column_table, number_table, ColumnTable, SegmentCache};
use crate::error::Result;
use crate::facet_tree::{ChildCounts, Children};
use crate::statistics::Statistics;

/// One value of a facet and the number of hits that carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetValue {
    /// The value (a department, a document type, a year …).
    pub value: String,
    /// Hits carrying it.
    pub count: u64,
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
    /// Responsible departments.
    pub departments: Vec<FacetValue>,
    /// Top-level policy areas.
    pub policy_areas: Vec<AreaCount>,
    /// Children of the policy area the search is filtered on (empty without that filter).
    pub policy_area_children: Vec<AreaCount>,
    /// Document types.
    pub doc_types: Vec<FacetValue>,
    /// Issuing bodies.
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
    query: &dyn Query,
    facets: bool,
    area: &[String],
) -> Result<(u64, Option<FacetCounts>)> {
    let statistics = Statistics::new(searcher);
    let (total, counts, _) = count_with(&statistics, searcher, query, facets, area, Count)?;
    Ok((total, counts))
}

/// [`count`] in the same pass as `also` (the top hits): every matching document is visited
/// once. Scores use the search's `statistics`.
pub(crate) fn count_with<C: Collector>(
    statistics: &Statistics,
    searcher: &Searcher,
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
    // Children are counted only below a selected area: at the root they are the top level.
    let area_children = (!area.is_empty()).then(|| ChildCounts {
        field: names::POLICY_AREA,
        parent: area.to_vec(),
    });
    let collectors = ((Count, AllFacets, area_children), also);
    let ((total, mut counts, area_children), fruit) =
        searcher.search_with_statistics_provider(query, &collectors, statistics)?;
    counts.policy_area_children = area_children.unwrap_or_default();
    Ok((total as u64, Some(counts), fruit))
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
    /// Validity labels.
    Validity,
    /// Years documents are filed under.
    Year,
}

/// Every value of every facet of one segment, numbered: a hit's values are its slots.
struct Slots {
    /// `table.terms[slot]` is the slot's value; `table.ords(doc)` are the document's slots.
    table: ColumnTable,
    /// The facet of each slot.
    facets: Vec<Facet>,
}

impl Slots {
    /// The slots of `segment`, computed once per segment.
    fn of(segment: &SegmentReader) -> tantivy::Result<Arc<Slots>> {
        static CACHE: SegmentCache<(), Slots> = SegmentCache::new();
        CACHE.get_or_read(segment, (), || Slots::read(segment))
    }

    fn read(segment: &SegmentReader) -> tantivy::Result<Slots> {
        // Each source: a column and, per column ordinal, the slot it counts in (if any).
        let mut sources: Vec<(Arc<ColumnTable>, Vec<Option<usize>>)> = Vec::new();
        let mut terms: Vec<String> = Vec::new();
        let mut facets: Vec<Facet> = Vec::new();
        let mut add = |facet: Facet,
                       table: Arc<ColumnTable>,
                       values: Vec<String>,
                       value_of: Vec<Option<usize>>| {
            let base = terms.len();
            facets.extend(values.iter().map(|_| facet));
            terms.extend(values);
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
        for (facet, table) in [
            (Facet::DocType, column_table(segment, names::DOC_TYPE)?),
            (Facet::Issuer, column_table(segment, names::ISSUER)?),
            (Facet::Validity, column_table(segment, names::VALIDITY)?),
            (Facet::Year, number_table(segment, names::YEAR)?),
        ] {
            let values = table.terms.clone();
            let map = (0..values.len()).map(Some).collect();
            add(facet, table, values, map);
        }
        let table = ColumnTable::of(terms, segment.max_doc(), |doc| {
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
        Ok(Slots { table, facets })
    }
}

/// Counts every facet but the children of a selected policy area.
struct AllFacets;

struct SegmentFacets {
    slots: Arc<Slots>,
    counts: Vec<u64>,
}

impl Collector for AllFacets {
    type Fruit = FacetCounts;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentFacets> {
        let slots = Slots::of(segment)?;
        Ok(SegmentFacets {
            counts: vec![0; slots.facets.len()],
            slots,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<SegmentFacets>) -> tantivy::Result<FacetCounts> {
        // A segment holds each value once, numbered in value order within each facet; segments
        // number the same value differently. Either way `merged` is in (facet, value) order.
        let merged = match fruits.as_slice() {
            [fruit] => nonzero(fruit),
            _ => {
                let mut merged: BTreeMap<(Facet, &str), u64> = BTreeMap::new();
                for (key, count) in fruits.iter().flat_map(nonzero) {
                    *merged.entry(key).or_default() += count;
                }
                merged.into_iter().collect()
            }
        };
        // Most frequent first, equal counts in value order (their place in `merged`): no text
        // is compared.
        let mut order: Vec<(Facet, Reverse<u64>, usize)> = merged
            .iter()
            .enumerate()
            .map(|(place, ((facet, _), count))| (*facet, Reverse(*count), place))
            .collect();
        order.sort_unstable();
        let mut counts = FacetCounts::default();
        for (_, _, place) in order {
            let ((facet, value), count) = merged[place];
            let value = FacetValue {
                value: value.to_owned(),
                count,
            };
            match facet {
                Facet::Department => counts.departments.push(value),
                Facet::PolicyArea => counts.policy_areas.push(AreaCount {
                    path: vec![value.value],
                    count,
                }),
                Facet::DocType => counts.doc_types.push(value),
                Facet::Issuer => counts.issuers.push(value),
                Facet::Validity => counts.validity.push(value),
                Facet::Year => counts.years.push(value),
            }
        }
        // Year values are decimal: newest first.
        counts
            .years
            .sort_by_key(|year| Reverse(year.value.parse::<u64>().unwrap_or(0)));
        Ok(counts)
    }
}

/// The values of `fruit` that some hit carries, with their counts.
fn nonzero(fruit: &SegmentFacets) -> Vec<((Facet, &str), u64)> {
    let values = fruit.slots.table.terms.iter().zip(&fruit.slots.facets);
    values
        .zip(&fruit.counts)
        .filter(|(_, &count)| count > 0)
        .map(|((value, &facet), &count)| ((facet, value.as_str()), count))
        .collect()
}

impl SegmentCollector for SegmentFacets {
    type Fruit = SegmentFacets;

    fn collect(&mut self, doc: DocId, _: Score) {
        // A document counts once per value, however often it repeats the value.
        for &slot in self.slots.table.ords(doc) {
            self.counts[slot as usize] += 1;
        }
    }

    fn harvest(self) -> SegmentFacets {
        self
    }
}
