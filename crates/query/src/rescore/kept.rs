//! The positions of the query's bigrams in the documents a search read them for, kept in one
//! buffer: article search ranks the articles of the same best documents rescoring read, and
//! decoding their positions a second time cost a tenth of an article search.

use tantivy::DocAddress;

/// Each bigram's positions in some documents, one buffer for all.
#[derive(Debug, Default)]
pub(crate) struct KeptPositions {
    /// The number of bigrams each document has positions for.
    grams: usize,
    /// The documents, in the order they were kept.
    docs: Vec<DocAddress>,
    /// Where each document's bigram positions end in `positions`: `grams` ends a document.
    ends: Vec<usize>,
    positions: Vec<u32>,
}

/// One document's positions of each bigram.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GramPositions<'a> {
    /// Where the document's bigrams' positions start (the first) and end (each one).
    start: usize,
    ends: &'a [usize],
    positions: &'a [u32],
}

impl KeptPositions {
    /// Room for documents with positions of `grams` bigrams each.
    pub(crate) fn new(grams: usize) -> KeptPositions {
        KeptPositions {
            grams,
            ..KeptPositions::default()
        }
    }

    /// Keeps the positions of `address`, one list per bigram.
    pub(crate) fn push<'p>(
        &mut self,
        address: DocAddress,
        positions: impl IntoIterator<Item = &'p [u32]>,
    ) {
        let before = self.ends.len();
        for gram in positions {
            self.positions.extend_from_slice(gram);
            self.ends.push(self.positions.len());
        }
        debug_assert_eq!(self.ends.len() - before, self.grams);
        self.docs.push(address);
    }

    /// The place of `address` among the documents kept.
    pub(crate) fn find(&self, address: DocAddress) -> Option<usize> {
        self.docs.iter().position(|&kept| kept == address)
    }

    /// The positions of the `index`th document kept.
    pub(crate) fn doc(&self, index: usize) -> GramPositions<'_> {
        let first = index * self.grams;
        let ends = &self.ends[first..first + self.grams];
        let start = first.checked_sub(1).map_or(0, |last| self.ends[last]);
        GramPositions {
            start,
            ends,
            positions: &self.positions,
        }
    }
}

impl<'a> GramPositions<'a> {
    /// The positions of bigram `gram`, in order.
    pub(crate) fn gram(&self, gram: usize) -> &'a [u32] {
        let start = match gram {
            0 => self.start,
            _ => self.ends[gram - 1],
        };
        &self.positions[start..self.ends[gram]]
    }

    /// The positions of each bigram, in bigram order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &'a [u32]> + '_ {
        (0..self.ends.len()).map(|gram| self.gram(gram))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_document_gets_back_its_own_positions() {
        let mut kept = KeptPositions::new(3);
        let first = DocAddress::new(0, 7);
        let second = DocAddress::new(1, 2);
        kept.push(first, [&[1u32, 5][..], &[], &[9]]);
        kept.push(second, [&[][..], &[4u32], &[]]);
        assert_eq!(kept.find(second), Some(1));
        assert_eq!(kept.find(DocAddress::new(0, 2)), None);
        let one = kept.doc(0);
        assert_eq!(one.iter().collect::<Vec<_>>(), [&[1, 5][..], &[], &[9]]);
        let two = kept.doc(1);
        assert_eq!(two.gram(0), &[] as &[u32]);
        assert_eq!(two.gram(1), &[4]);
        assert_eq!(two.gram(2), &[] as &[u32]);
    }
}
