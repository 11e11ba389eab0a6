//! Each document's facet slots in a segment, as compact as the number of slots allows.

use tantivy::DocId;

use crate::columns::ColumnTable;

/// Each document's slots, `ords[offsets[d]..offsets[d + 1]]`: two bytes a slot while the segment
/// has no more than 65,536 of them, as a walk over most documents reads them all.
pub(crate) struct SlotTable {
    offsets: Vec<u32>,
    ords: SlotOrds,
}

enum SlotOrds {
    Narrow(Vec<u16>),
    Wide(Vec<u32>),
}

impl SlotTable {
    /// The table of `slots` slots whose documents' slots are the ordinals of `table`.
    pub(crate) fn new(table: ColumnTable, slots: usize) -> SlotTable {
        let (offsets, ords) = table.into_parts();
        let ords = if slots <= usize::from(u16::MAX) + 1 {
            SlotOrds::Narrow(ords.into_iter().map(|ord| ord as u16).collect())
        } else {
            SlotOrds::Wide(ords)
        };
        SlotTable { offsets, ords }
    }

    /// The slots of `doc` (none past the segment's documents).
    #[inline(always)]
    pub(crate) fn of(&self, doc: DocId) -> SlotsOf<'_> {
        let doc = doc as usize;
        let (start, end) = match (self.offsets.get(doc), self.offsets.get(doc + 1)) {
            (Some(&start), Some(&end)) => (start as usize, end as usize),
            _ => (0, 0),
        };
        match &self.ords {
            SlotOrds::Narrow(ords) => SlotsOf::Narrow(&ords[start..end]),
            SlotOrds::Wide(ords) => SlotsOf::Wide(&ords[start..end]),
        }
    }
}

/// One document's slots in a [`SlotTable`].
pub(crate) enum SlotsOf<'a> {
    Narrow(&'a [u16]),
    Wide(&'a [u32]),
}

impl SlotsOf<'_> {
    /// Calls `visit(slot)` for each slot.
    #[inline(always)]
    pub(crate) fn each(&self, mut visit: impl FnMut(usize)) {
        match self {
            SlotsOf::Narrow(slots) => slots.iter().for_each(|&slot| visit(usize::from(slot))),
            SlotsOf::Wide(slots) => slots.iter().for_each(|&slot| visit(slot as usize)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walked(table: &SlotTable, docs: &[DocId]) -> Vec<(DocId, Vec<usize>)> {
        docs.iter()
            .map(|&doc| {
                let mut of = Vec::new();
                table.of(doc).each(|slot| of.push(slot));
                (doc, of)
            })
            .collect()
    }

    #[test]
    fn narrow_and_wide_tables_walk_the_same_slots() {
        let table = || {
            ColumnTable::of(Vec::new(), 6, |doc| {
                [doc % 3, 60_000 - doc, (doc * 7) % 11].into_iter()
            })
        };
        let narrow = SlotTable::new(table(), 60_001);
        let wide = SlotTable::new(table(), 70_000);
        assert!(matches!(narrow.ords, SlotOrds::Narrow(_)));
        assert!(matches!(wide.ords, SlotOrds::Wide(_)));
        let docs = [0, 2, 5, 6, 9];
        let expected = vec![
            (0, vec![0, 60_000]),
            (2, vec![2, 3, 59_998]),
            (5, vec![2, 59_995]),
            (6, vec![]),
            (9, vec![]),
        ];
        assert_eq!(walked(&narrow, &docs), walked(&wide, &docs));
        assert_eq!(walked(&wide, &docs), expected);
    }
}
