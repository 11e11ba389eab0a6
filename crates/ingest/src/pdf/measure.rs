//! Measuring extraction and splitting against ground truth: character accuracy (1 − edit
//! distance / length, whitespace ignored) and document boundaries (title, first and last page).

use std::collections::HashMap;

/// Levenshtein distance between `a` and `b`, by the bit-parallel algorithm of Myers as blocked
/// by Hyyrö: 64 rows at a time, so a 30,000-character issue takes milliseconds.
pub fn edit_distance(a: &[char], b: &[char]) -> usize {
    if a.is_empty() {
        return b.len();
    }
    let blocks = a.len().div_ceil(64);
    let mut peq: HashMap<char, Vec<u64>> = HashMap::new();
    for (index, ch) in a.iter().enumerate() {
        peq.entry(*ch).or_insert_with(|| vec![0; blocks])[index / 64] |= 1 << (index % 64);
    }
    let zeros = vec![0u64; blocks];
    let last_bit = 1u64 << ((a.len() - 1) % 64);
    let mut pv = vec![u64::MAX; blocks];
    let mut mv = vec![0u64; blocks];
    let mut score = a.len() as i64;
    for ch in b {
        let eqs = peq.get(ch).unwrap_or(&zeros);
        let mut carry: i64 = 1;
        for block in 0..blocks {
            let high = if block + 1 == blocks {
                last_bit
            } else {
                1 << 63
            };
            let mut eq = eqs[block];
            let xv = eq | mv[block];
            if carry < 0 {
                eq |= 1;
            }
            let xh = (((eq & pv[block]).wrapping_add(pv[block])) ^ pv[block]) | eq;
            let mut ph = mv[block] | !(xh | pv[block]);
            let mut mh = pv[block] & xh;
            let out = i64::from(ph & high != 0) - i64::from(mh & high != 0);
            ph <<= 1;
            mh <<= 1;
            if carry < 0 {
                mh |= 1;
            } else if carry > 0 {
                ph |= 1;
            }
            pv[block] = mh | !(xv | ph);
            mv[block] = ph & xv;
            carry = out;
        }
        score += carry;
    }
    score as usize
}

/// The non-whitespace characters of `text`.
pub fn chars(text: &str) -> Vec<char> {
    text.chars().filter(|ch| !ch.is_whitespace()).collect()
}

/// Edit distance and reference length, summable over documents and issues.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Accuracy {
    /// Edits needed to turn the extracted text into the reference.
    pub distance: usize,
    /// Characters of the reference.
    pub length: usize,
}

impl Accuracy {
    /// Compares `extracted` with `reference`, whitespace ignored.
    pub fn of(reference: &str, extracted: &str) -> Accuracy {
        let reference = chars(reference);
        Accuracy {
            distance: edit_distance(&reference, &chars(extracted)),
            length: reference.len(),
        }
    }

    /// Compares `extracted` with `reference` as bags of characters, whitespace ignored: the
    /// distance is the larger of the characters missing and the characters extra, a lower
    /// bound of the edit distance that does not depend on reading order.
    pub fn bag(reference: &str, extracted: &str) -> Accuracy {
        let mut counts: HashMap<char, i64> = HashMap::new();
        let reference = chars(reference);
        for ch in &reference {
            *counts.entry(*ch).or_default() += 1;
        }
        for ch in chars(extracted) {
            *counts.entry(ch).or_default() -= 1;
        }
        let missing: i64 = counts.values().filter(|&&n| n > 0).sum();
        let extra: i64 = -counts.values().filter(|&&n| n < 0).sum::<i64>();
        Accuracy {
            distance: missing.max(extra) as usize,
            length: reference.len(),
        }
    }

    /// 1 − distance / length, at least 0.
    pub fn score(self) -> f64 {
        if self.length == 0 {
            return 1.0;
        }
        (1.0 - self.distance as f64 / self.length as f64).max(0.0)
    }
}

impl std::ops::Add for Accuracy {
    type Output = Accuracy;

    fn add(self, other: Accuracy) -> Accuracy {
        Accuracy {
            distance: self.distance + other.distance,
            length: self.length + other.length,
        }
    }
}

/// Documents found against documents expected: a found document is right when its title and
/// first and last page all equal one expected document's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Boundaries {
    /// Found documents that are right.
    pub right: usize,
    /// Documents found.
    pub found: usize,
    /// Documents expected.
    pub expected: usize,
}

impl Boundaries {
    /// Counts `found` (title, first page, last page) against `expected`.
    pub fn of(expected: &[(String, u32, u32)], found: &[(String, u32, u32)]) -> Boundaries {
        let key = |(title, first, last): &(String, u32, u32)| (chars(title), *first, *last);
        let mut remaining: Vec<_> = expected.iter().map(key).collect();
        let mut right = 0;
        for document in found {
            let document = key(document);
            if let Some(index) = remaining.iter().position(|wanted| *wanted == document) {
                remaining.swap_remove(index);
                right += 1;
            }
        }
        Boundaries {
            right,
            found: found.len(),
            expected: expected.len(),
        }
    }

    /// Right / found.
    pub fn precision(self) -> f64 {
        ratio(self.right, self.found)
    }

    /// Right / expected.
    pub fn recall(self) -> f64 {
        ratio(self.right, self.expected)
    }
}

impl std::ops::Add for Boundaries {
    type Output = Boundaries;

    fn add(self, other: Boundaries) -> Boundaries {
        Boundaries {
            right: self.right + other.right,
            found: self.found + other.found,
            expected: self.expected + other.expected,
        }
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(a: &[char], b: &[char]) -> usize {
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, x) in a.iter().enumerate() {
            let mut diagonal = row[0];
            row[0] = i + 1;
            for (j, y) in b.iter().enumerate() {
                let next = (diagonal + usize::from(x != y))
                    .min(row[j] + 1)
                    .min(row[j + 1] + 1);
                diagonal = row[j + 1];
                row[j + 1] = next;
            }
        }
        row[b.len()]
    }

    #[test]
    fn bit_parallel_distance_equals_the_textbook_one() {
        let alphabet: Vec<char> = "条例通知第一二三".chars().collect();
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for _ in 0..200 {
            let a: Vec<char> = (0..next() % 200).map(|_| alphabet[next() % 8]).collect();
            let b: Vec<char> = (0..next() % 200).map(|_| alphabet[next() % 8]).collect();
            assert_eq!(edit_distance(&a, &b), naive(&a, &b), "{a:?} {b:?}");
        }
        assert_eq!(edit_distance(&chars("第一条"), &chars("第 一 条")), 0);
    }

    #[test]
    fn accuracy_and_boundaries_add_up() {
        let accuracy = Accuracy::of("通知全文", "通知全");
        assert_eq!(
            accuracy,
            Accuracy {
                distance: 1,
                length: 4
            }
        );
        assert!((accuracy.score() - 0.75).abs() < 1e-9);
        let bag = Accuracy::bag("左栏右栏", "右栏左栏多");
        assert_eq!((bag.distance, bag.length), (1, 4));
        assert_eq!(Accuracy::bag("通知全文", "通知全").distance, 1);
        let expected = vec![("甲".to_owned(), 2, 3), ("乙".to_owned(), 3, 5)];
        let found = vec![("甲".to_owned(), 2, 3), ("乙".to_owned(), 4, 5)];
        let boundaries = Boundaries::of(&expected, &found);
        assert_eq!((boundaries.right, boundaries.found), (1, 2));
        assert!((boundaries.recall() - 0.5).abs() < 1e-9);
    }
}
