//! The positions of the query's bigrams in the documents a search read them for, kept in one
//! buffer: article search ranks the articles of the same best documents rescoring read, and
//! decoding their positions a second time cost a tenth of an article search.

use tantivy::DocAddress;

/// Lists stored one after another in one buffer: list `i` is `values[ends[i - 1]..ends[i]]`.
/// One allocation for many short lists (a document's positions of each bigram, the articles
/// holding each bigram) instead of one each.
#[derive(Debug)]
pub(crate) struct Lists<T> {
    values: Vec<T>,
    ends: Vec<usize>,
}

impl<T> Default for Lists<T> {
    fn default() -> Lists<T> {
        Lists {
            values: Vec::new(),
            ends: Vec::new(),
        }
    }
}

impl<T> Lists<T> {
    /// Adds `value` to the list being written.
    pub(crate) fn push(&mut self, value: T) {
        self.values.push(value);
    }

    /// Ends the list being written (empty when nothing was pushed since the last).
    pub(crate) fn close(&mut self) {
        self.ends.push(self.values.len());
    }

    /// The number of lists written.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// List `index`.
    pub(crate) fn get(&self, index: usize) -> &[T] {
        let start = index.checked_sub(1).map_or(0, |before| self.ends[before]);
        &self.values[start..self.ends[index]]
    }
}

impl<T: Clone> Lists<T> {
    /// Writes `list` as a list of its own.
    pub(crate) fn push_list(&mut self, list: &[T]) {
        self.values.extend_from_slice(list);
        self.close();
    }
}

/// Each bigram's positions in some documents, one buffer for all.
#[derive(Debug, Default)]
pub(crate) struct KeptPositions {
    /// The number of bigrams each document has positions for.
    grams: usize,
    /// The documents, in the order they were kept.
    docs: Vec<DocAddress>,
    /// The positions of each document's bigrams in turn: `grams` lists a document.
    positions: Lists<u32>,
}

/// One document's positions of each bigram.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GramPositions<'a> {
    /// The list of the document's first bigram.
    first: usize,
    grams: usize,
    positions: &'a Lists<u32>,
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
        let before = self.positions.len();
        for gram in positions {
            self.positions.push_list(gram);
        }
        debug_assert_eq!(self.positions.len() - before, self.grams);
        self.docs.push(address);
    }

    /// The place of `address` among the documents kept.
    pub(crate) fn find(&self, address: DocAddress) -> Option<usize> {
        self.docs.iter().position(|&kept| kept == address)
    }

    /// The positions of the `index`th document kept.
    pub(crate) fn doc(&self, index: usize) -> GramPositions<'_> {
        GramPositions {
            first: index * self.grams,
            grams: self.grams,
            positions: &self.positions,
        }
    }
}

impl<'a> GramPositions<'a> {
    /// The positions of bigram `gram`, in order.
    pub(crate) fn gram(&self, gram: usize) -> &'a [u32] {
        self.positions.get(self.first + gram)
    }

    /// The positions of each bigram, in bigram order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &'a [u32]> + '_ {
        (0..self.grams).map(|gram| self.gram(gram))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_written_one_after_another_read_back_apart() {
        let mut lists = Lists::default();
        lists.push((3u32, 1u32));
        lists.push((5, 2));
        lists.close();
        lists.close();
        lists.push_list(&[(7, 1)]);
        assert_eq!(lists.len(), 3);
        assert_eq!(lists.get(0), &[(3, 1), (5, 2)]);
        assert_eq!(lists.get(1), &[] as &[(u32, u32)]);
        assert_eq!(lists.get(2), &[(7, 1)]);
    }

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
