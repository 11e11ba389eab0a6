//! One hit per chain of versions in a ranked list: where an older version of a document (the
//! same title and first issuer, an earlier date) ranks above the newest one the list holds, the
//! newest takes its place and the older ones go. Copies of one date (a notice reposted) and
//! undated documents are not versions and stay. Done on the rescore window (the same best hits
//! for every page) before it is cut into pages, from two columns per hit, so pages still
//! concatenate to one list.

use std::collections::HashMap;

use tantivy::{DocAddress, Searcher};
use time::Date;

use crate::lifecycle::LifecycleColumns;

/// A ranked document's chain and date.
struct Place {
    chain: Option<u64>,
    issued: Option<Date>,
}

/// Keeps the newest version of each chain `ranked` holds, in the place of the chain's
/// best-ranked member; versions issued after `as_of` count as not there yet.
pub(crate) fn newest_versions_once<T>(
    searcher: &Searcher,
    ranked: Vec<(T, DocAddress)>,
    as_of: Date,
) -> Vec<(T, DocAddress)> {
    // Each segment's columns, opened when one of its documents is ranked.
    let mut columns: Vec<Option<LifecycleColumns>> =
        searcher.segment_readers().iter().map(|_| None).collect();
    let places: Vec<Place> = ranked
        .iter()
        .map(|(_, address)| {
            let segment = address.segment_ord as usize;
            let columns = columns[segment].get_or_insert_with(|| {
                LifecycleColumns::of(searcher.segment_reader(address.segment_ord))
            });
            Place {
                chain: columns.chain(address.doc_id),
                issued: columns.issued(address.doc_id),
            }
        })
        .collect();
    // The newest date of each chain, and the best-ranked member that has it.
    let mut newest: HashMap<u64, (Date, usize)> = HashMap::new();
    for (at, place) in places.iter().enumerate() {
        if let (Some(chain), Some(issued)) = (place.chain, place.issued) {
            if issued <= as_of {
                let entry = newest.entry(chain).or_insert((issued, at));
                if issued > entry.0 {
                    *entry = (issued, at);
                }
            }
        }
    }
    let mut slots: Vec<Option<(T, DocAddress)>> = ranked.into_iter().map(Some).collect();
    let mut kept = Vec::with_capacity(slots.len());
    for at in 0..slots.len() {
        let place = &places[at];
        let chain = place.chain.and_then(|chain| newest.get(&chain));
        let superseded = match (chain, place.issued) {
            (Some(&(date, _)), Some(issued)) => issued < date || issued > as_of,
            _ => false,
        };
        if !superseded {
            if let Some(hit) = slots[at].take() {
                kept.push(hit);
            }
            continue;
        }
        // The first older member of a chain: its newest takes this place, once.
        if let Some(&(_, newest_at)) = chain {
            if let Some(hit) = slots[newest_at].take() {
                kept.push(hit);
            }
        }
    }
    kept
}
