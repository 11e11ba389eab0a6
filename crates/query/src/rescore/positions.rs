//! What the positions of the query's bigrams in one document say: how often a run of them stands
//! verbatim, how often two stand close together, and how much of the query one passage holds.
//!
//! Positions are bigram positions in the body, sorted and distinct per bigram, as tantivy's
//! postings give them.

/// How many times `run` stands verbatim: positions `p` with the run's `i`-th bigram at `p + i`
/// for every `i`. This is a phrase query's count. Candidates come from the bigram with the fewest
/// positions (in a long regulation the first may stand thousands of times). `starts` is scratch
/// space.
pub(super) fn run_count(run: &[&[u32]], starts: &mut Vec<u32>) -> u32 {
    let Some((rarest, positions)) = run
        .iter()
        .enumerate()
        .min_by_key(|(_, positions)| positions.len())
    else {
        return 0;
    };
    // Starts of the run, from where its rarest bigram stands.
    starts.clear();
    let rarest = rarest as u32;
    starts.extend(
        positions
            .iter()
            .filter(|&&position| position >= rarest)
            .map(|&position| position - rarest),
    );
    for (offset, positions) in (0u32..).zip(run) {
        if offset == rarest {
            continue;
        }
        let mut next = positions.iter().copied().peekable();
        starts.retain(|&start| {
            let wanted = start + offset;
            while next.next_if(|&position| position < wanted).is_some() {}
            next.peek() == Some(&wanted)
        });
        if starts.is_empty() {
            break;
        }
    }
    starts.len() as u32
}

/// Where `run` stands verbatim: the positions of its first bigram, sorted, into `starts`.
pub(crate) fn run_starts(run: &[&[u32]], starts: &mut Vec<u32>) {
    if run_count(run, starts) == 0 {
        starts.clear();
    }
}

/// How many times a bigram of `right` stands within `slop` positions of the place right after a
/// bigram of `left`, each position paired at most once, greedily from the start (a sloppy phrase
/// query's count over two bigrams, order free within the slop).
pub(super) fn near_count(left: &[u32], right: &[u32], slop: u32) -> u32 {
    let (mut l, mut r, mut count) = (0, 0, 0);
    while l < left.len() && r < right.len() {
        let (after, position) = (left[l] + 1, right[r]);
        if after.abs_diff(position) <= slop {
            // A later left bigram that still stands before the right one pairs more closely.
            while l + 1 < left.len() && left[l + 1] < position {
                l += 1;
            }
            count += 1;
            l += 1;
            r += 1;
        } else if after < position {
            l += 1;
        } else {
            r += 1;
        }
    }
    count
}

/// The most bigrams one passage can weigh: one bit each.
pub(super) const MAX_PASSAGE_GRAMS: usize = 64;

/// The weights (idf) of the query's bigrams, summed for any set of them by one table look-up per
/// eight bigrams.
pub(super) struct PassageWeights {
    /// For each byte of a set (bigrams `8k` to `8k + 7`), the summed weight of every value.
    tables: Vec<[f32; 256]>,
    /// The weight of the whole query.
    total: f32,
}

impl PassageWeights {
    /// Weights of bigrams `0..weights.len()`; bigrams past [`MAX_PASSAGE_GRAMS`] are not weighed.
    pub(super) fn new(weights: &[f32]) -> PassageWeights {
        let weights = &weights[..weights.len().min(MAX_PASSAGE_GRAMS)];
        let tables = weights
            .chunks(8)
            .map(|byte| {
                let mut table = [0.0f32; 256];
                for value in 1..256usize {
                    let lowest = value.trailing_zeros() as usize;
                    let weight = byte.get(lowest).copied().unwrap_or(0.0);
                    table[value] = table[value & (value - 1)] + weight;
                }
                table
            })
            .collect();
        PassageWeights {
            tables,
            total: weights.iter().sum(),
        }
    }

    fn weigh(&self, present: u64) -> f32 {
        self.tables
            .iter()
            .zip(present.to_le_bytes())
            .map(|(table, byte)| table[byte as usize])
            .sum()
    }
}

/// Division of positions by a stretch length, by a multiplication: a division per position was
/// half of what weighing passages cost.
struct StretchOf {
    length: u32,
    /// `2^40 / length`, rounded up past the quotient; zero when positions go too far for it.
    reciprocal: u64,
}

impl StretchOf {
    /// Division by `length` of positions up to `last`.
    fn new(length: u32, last: u32) -> StretchOf {
        let reciprocal = (1u64 << 40) / u64::from(length) + 1;
        // p·reciprocal / 2^40 = p / length + p·ε / 2^40 with ε ≤ 1: its floor is the quotient
        // while p·length < 2^40 (and the product fits).
        let exact = u64::from(last) * u64::from(length) < 1 << 40
            && u64::from(last).checked_mul(reciprocal).is_some();
        StretchOf {
            length,
            reciprocal: if exact { reciprocal } else { 0 },
        }
    }

    fn stretch(&self, position: u32) -> usize {
        if self.reciprocal == 0 {
            return (position / self.length) as usize;
        }
        ((u64::from(position) * self.reciprocal) >> 40) as usize
    }
}

/// Scratch space of [`passage_share`], kept from one document to the next: which bigrams stand in
/// each half-width stretch of a document, and which stretches hold any. Both are all zeros
/// between calls, so a long document costs what its positions cost, not what its length does.
#[derive(Default)]
pub(super) struct Spans {
    /// Bit `i` of `present[s]`: bigram `i` stands in stretch `s`.
    present: Vec<u64>,
    /// Bit `s % 64` of `touched[s / 64]`: stretch `s` holds a bigram.
    touched: Vec<u64>,
}

/// The share of the query one passage of the document holds: over spans of `width` positions
/// that start at a multiple of half the width, the largest summed weight of the bigrams present,
/// divided by the weight of the whole query. `grams[i]` holds the positions of bigram `i`.
pub(super) fn passage_share(
    grams: &[&[u32]],
    weights: &PassageWeights,
    width: u32,
    spans: &mut Spans,
) -> f32 {
    let grams = &grams[..grams.len().min(MAX_PASSAGE_GRAMS)];
    let Some(&last) = grams.iter().filter_map(|positions| positions.last()).max() else {
        return 0.0;
    };
    if weights.total <= 0.0 {
        return 0.0;
    }
    let stretch_of = StretchOf::new((width / 2).max(1), last);
    // One stretch past the last, so that every touched stretch has a right neighbour.
    let stretches = stretch_of.stretch(last) + 2;
    if spans.present.len() < stretches {
        spans.present.resize(stretches, 0);
        spans.touched.resize(stretches.div_ceil(64), 0);
    }
    for (bit, positions) in grams.iter().enumerate() {
        for &position in *positions {
            let stretch = stretch_of.stretch(position);
            spans.present[stretch] |= 1 << bit;
            spans.touched[stretch / 64] |= 1 << (stretch % 64);
        }
    }
    // A passage holds two neighbouring stretches; one that starts in an empty stretch holds no
    // more than the one starting a stretch later, so only touched starts are weighed.
    let mut best = 0.0f32;
    let mut weighed = 0;
    for word in 0..stretches.div_ceil(64) {
        let mut touched = std::mem::take(&mut spans.touched[word]);
        while touched != 0 {
            let stretch = word * 64 + touched.trailing_zeros() as usize;
            touched &= touched - 1;
            let present = spans.present[stretch] | spans.present[stretch + 1];
            // Neighbouring passages often hold the same bigrams: weigh each set once in a row.
            if present != weighed {
                weighed = present;
                best = best.max(weights.weigh(present));
            }
            spans.present[stretch] = 0;
        }
    }
    best / weights.total
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bigram positions of 政务 and 务公 and 公开 in 推进政务公开，政务服务公开。: the bigrams
    /// of 推进政务公开 stand at 0 (推进) to 4 (公开); punctuation ends a run, so 政务 of the second
    /// clause stands at 5.
    const ZHENGWU: &[u32] = &[2, 5];
    const WUGONG: &[u32] = &[3];
    const GONGKAI: &[u32] = &[4, 9];

    #[test]
    fn a_run_counts_where_its_bigrams_stand_in_a_row() {
        let mut starts = Vec::new();
        assert_eq!(run_count(&[ZHENGWU, WUGONG, GONGKAI], &mut starts), 1);
        assert_eq!(run_count(&[ZHENGWU, GONGKAI], &mut starts), 0);
        assert_eq!(run_count(&[&[1, 7, 20], &[2, 8, 30]], &mut starts), 2);
        assert_eq!(run_count(&[ZHENGWU, &[]], &mut starts), 0);
        assert_eq!(run_count(&[], &mut starts), 0);
        // The rarest bigram last or in the middle; a start before the text's first position.
        assert_eq!(
            run_count(&[&[1, 4, 7, 9], &[2, 5, 10], &[6]], &mut starts),
            1
        );
        assert_eq!(
            run_count(&[&[0, 3, 8], &[1, 9], &[2, 4, 10]], &mut starts),
            2
        );
        assert_eq!(run_count(&[&[5, 6], &[0]], &mut starts), 0);
    }

    #[test]
    fn a_near_pair_counts_within_the_slop_in_either_order() {
        // 政务 at 5 and 公开 at 9: three positions past the place right after 政务.
        assert_eq!(near_count(&[5], &[9], 3), 1);
        assert_eq!(near_count(&[5], &[9], 2), 0);
        // Right after is distance 0; before is allowed within the slop.
        assert_eq!(near_count(&[5], &[6], 0), 1);
        assert_eq!(near_count(&[5], &[3], 3), 1);
        // Each position pairs once, the closest left one first.
        assert_eq!(near_count(&[1, 2, 3], &[4], 8), 1);
        assert_eq!(near_count(&[1, 2, 3], &[4, 5], 8), 1);
        assert_eq!(near_count(&[1, 6], &[4, 9], 8), 2);
        assert_eq!(near_count(ZHENGWU, GONGKAI, 8), 2);
    }

    #[test]
    fn the_passage_share_is_the_weight_of_the_best_passage() {
        let mut spans = Spans::default();
        // The share of passages 50 positions wide, one scratch space for every document.
        let mut share = |grams: &[&[u32]], weights: &[f32]| {
            passage_share(grams, &PassageWeights::new(weights), 50, &mut spans)
        };
        // All three in the first passage.
        assert_eq!(share(&[ZHENGWU, WUGONG, GONGKAI], &[1.0, 2.0, 1.0]), 1.0);
        // 务公 far away from the others: the best passage holds 政务 and 公开.
        let far: &[u32] = &[1000];
        assert_eq!(share(&[ZHENGWU, far, GONGKAI], &[1.0, 2.0, 1.0]), 0.5);
        // Alone, 务公 weighs more than the other two together.
        assert_eq!(share(&[ZHENGWU, far, GONGKAI], &[1.0, 3.0, 1.0]), 0.6);
        // Half a width apart still share a passage; a width and a half apart never do.
        assert_eq!(share(&[&[10], &[40]], &[1.0, 1.0]), 1.0);
        assert_eq!(share(&[&[10], &[85]], &[1.0, 1.0]), 0.5);
        assert_eq!(share(&[&[], &[]], &[1.0, 1.0]), 0.0);
    }

    #[test]
    fn scratch_space_carries_nothing_from_one_document_to_the_next() {
        let mut spans = Spans::default();
        let weights = PassageWeights::new(&[1.0, 1.0]);
        let long: &[u32] = &[5, 70_000];
        assert_eq!(
            passage_share(&[long, &[70_010]], &weights, 50, &mut spans),
            1.0
        );
        assert!(spans
            .present
            .iter()
            .chain(&spans.touched)
            .all(|&bits| bits == 0));
        // The second bigram alone, where the first stood in the document before.
        assert_eq!(
            passage_share(&[&[], &[70_010]], &weights, 50, &mut spans),
            0.5
        );
        assert_eq!(
            passage_share(&[&[3], &[70_010]], &weights, 50, &mut spans),
            0.5
        );
    }

    #[test]
    fn stretches_are_quotients() {
        for length in [1, 7, 25, 32, 1000, 65_535] {
            for last in [0, 1_000_000, u32::MAX] {
                let stretch_of = StretchOf::new(length, last);
                let positions = (0..5000).chain([last / 2, last.saturating_sub(1), last]);
                for position in positions.filter(|&position| position <= last) {
                    assert_eq!(
                        stretch_of.stretch(position),
                        (position / length) as usize,
                        "{position} / {length}"
                    );
                }
            }
        }
    }

    #[test]
    fn sets_of_many_bigrams_weigh_the_sum_of_their_weights() {
        let all: Vec<f32> = (0..70).map(|n| n as f32).collect();
        let weights = PassageWeights::new(&all);
        assert_eq!(weights.total, (0..64).sum::<u32>() as f32);
        assert_eq!(weights.weigh(u64::MAX), weights.total);
        let some = (1u64 << 3) | (1 << 9) | (1 << 40) | (1 << 63);
        assert_eq!(weights.weigh(some), (3 + 9 + 40 + 63) as f32);
        assert_eq!(weights.weigh(0), 0.0);
    }
}
