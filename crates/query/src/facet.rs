//! Facet counts: how many hits carry each department, policy area, document type, issuing body,
//! year and validity, counted over the whole result set.

use std::collections::BTreeMap;
use std::sync::Arc;

use gongbao_core::schema::names;
use serde::Serialize;
use tantivy::collector::{Collector, Count, SegmentCollector};
use tantivy::query::Query;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::columns::{column_table, number_table, ColumnTable};
use crate::error::Result;
use crate::facet_tree::ChildCounts;

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
    let (total, counts, _) = count_with(searcher, query, facets, area, Count)?;
    Ok((total, counts))
}

/// [`count`] in the same pass as `also` (the top hits): every matching document is visited
/// once.
pub(crate) fn count_with<C: Collector>(
    searcher: &Searcher,
    query: &dyn Query,
    facets: bool,
    area: &[String],
    also: C,
) -> Result<(u64, Option<FacetCounts>, C::Fruit)> {
    if !facets {
        let (total, fruit) = searcher.search(query, &(Count, also))?;
        return Ok((total as u64, None, fruit));
    }
    let departments = ChildCounts {
        field: names::DEPARTMENT,
        parent: Vec::new(),
    };
    let areas = ChildCounts {
        field: names::POLICY_AREA,
        parent: Vec::new(),
    };
    // Children are counted only below a selected area: at the root they are the top level.
    let area_children = (!area.is_empty()).then(|| ChildCounts {
        field: names::POLICY_AREA,
        parent: area.to_vec(),
    });
    let collectors = (
        (Count, departments, (areas, area_children), FieldCounts),
        also,
    );
    let ((total, departments, (areas, area_children), fields), fruit) =
        searcher.search(query, &collectors)?;
    let departments = departments
        .into_iter()
        .map(|department| FacetValue {
            value: department.path.join("/"),
            count: department.count,
        })
        .collect();
    let counts = FacetCounts {
        departments,
        policy_areas: areas,
        policy_area_children: area_children.unwrap_or_default(),
        doc_types: fields.doc_types,
        issuers: fields.issuers,
        years: fields.years,
        validity: fields.validity,
    };
    Ok((total as u64, Some(counts), fruit))
}

/// Counts the values of the fast keyword fields and the year of every hit.
struct FieldCounts;

/// The string fields counted, in the order of [`SegmentFruit::strings`].
const STRING_FIELDS: [&str; 3] = [names::DOC_TYPE, names::ISSUER, names::VALIDITY];

struct SegmentCounts {
    /// The tables of [`STRING_FIELDS`], then the year's.
    tables: Vec<Arc<ColumnTable>>,
    /// Hits by ordinal, per table.
    counts: Vec<Vec<u64>>,
}

/// Counts of one segment, with term ordinals resolved to text, in term order.
#[derive(Default)]
struct SegmentFruit {
    strings: [Vec<(String, u64)>; 3],
    years: Vec<(u64, u64)>,
}

/// The merged counts.
struct FieldFruit {
    doc_types: Vec<FacetValue>,
    issuers: Vec<FacetValue>,
    validity: Vec<FacetValue>,
    years: Vec<FacetValue>,
}

impl Collector for FieldCounts {
    type Fruit = FieldFruit;
    type Child = SegmentCounts;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentCounts> {
        let mut tables = STRING_FIELDS
            .iter()
            .map(|name| column_table(segment, name))
            .collect::<tantivy::Result<Vec<_>>>()?;
        tables.push(number_table(segment, names::YEAR)?);
        let counts = tables
            .iter()
            .map(|table| vec![0; table.terms.len()])
            .collect();
        Ok(SegmentCounts { tables, counts })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, mut fruits: Vec<SegmentFruit>) -> tantivy::Result<FieldFruit> {
        // One segment (the usual case after an ingest) needs no merging.
        let merged = if fruits.len() == 1 {
            fruits.pop().unwrap_or_default()
        } else {
            let mut strings: [BTreeMap<String, u64>; 3] = Default::default();
            let mut years: BTreeMap<u64, u64> = BTreeMap::new();
            for fruit in fruits {
                for (total, counts) in strings.iter_mut().zip(fruit.strings) {
                    for (value, count) in counts {
                        *total.entry(value).or_default() += count;
                    }
                }
                for (year, count) in fruit.years {
                    *years.entry(year).or_default() += count;
                }
            }
            SegmentFruit {
                strings: strings.map(|counts| counts.into_iter().collect()),
                years: years.into_iter().collect(),
            }
        };
        let [doc_types, issuers, validity] = merged.strings.map(by_count);
        let years = merged
            .years
            .into_iter()
            .rev()
            .map(|(year, count)| FacetValue {
                value: year.to_string(),
                count,
            })
            .collect();
        Ok(FieldFruit {
            doc_types,
            issuers,
            validity,
            years,
        })
    }
}

fn by_count(counts: Vec<(String, u64)>) -> Vec<FacetValue> {
    let mut values: Vec<FacetValue> = counts
        .into_iter()
        .map(|(value, count)| FacetValue { value, count })
        .collect();
    values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    values
}

impl SegmentCollector for SegmentCounts {
    type Fruit = SegmentFruit;

    fn collect(&mut self, doc: DocId, _: Score) {
        for (table, counts) in self.tables.iter().zip(&mut self.counts) {
            // A document counts once per value, however often it repeats the value.
            for &ord in table.ords(doc) {
                counts[ord as usize] += 1;
            }
        }
    }

    fn harvest(self) -> SegmentFruit {
        let mut fruit = SegmentFruit::default();
        let mut resolved = self.tables.iter().zip(self.counts).map(|(table, counts)| {
            table
                .terms
                .iter()
                .zip(counts)
                .filter(|(_, count)| *count > 0)
                .map(|(term, count)| (term.clone(), count))
                .collect::<Vec<(String, u64)>>()
        });
        for strings in &mut fruit.strings {
            *strings = resolved.next().unwrap_or_default();
        }
        // Year terms are decimal, ascending by value.
        fruit.years = resolved
            .next()
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(year, count)| Some((year.parse().ok()?, count)))
            .collect();
        fruit
    }
}
