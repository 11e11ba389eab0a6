//! Finding a few bigrams in a long text without tokenizing all of it.
//!
//! Marking a query's bigrams in a long regulation meant folding and tokenizing the whole body,
//! most of an API search. A [`GramSieve`] knows the bigrams wanted; the text is cut at characters
//! that fold to separators (no token crosses them), and only the stretches that may hold a wanted
//! bigram are tokenized. The tokens visited are exactly the ones [`GramTokenizer::for_each`]
//! visits in those stretches, at the same offsets.

use super::grams::GramTokenizer;
use super::normalize::{is_stable, simplifies};

/// First and last code point of the characters folding leaves alone (see `is_stable`).
const STABLE: (u32, u32) = (0x3400, 0x9FFF);

/// The bigram tokens a scan looks for.
#[derive(Debug, Clone)]
pub struct GramSieve {
    /// Pairs of Chinese characters wanted, sorted.
    pairs: Vec<(char, char)>,
    /// Lone Chinese characters wanted, sorted.
    singles: Vec<char>,
    /// Bit `c - STABLE.0`: some wanted token starts with (or is) character `c`.
    starts: Vec<u64>,
    /// Some wanted token is not made of characters folding leaves alone (letters, digits, rare
    /// ideographs): the whole text is tokenized.
    whole: bool,
}

impl GramSieve {
    /// A sieve for `grams`, bigram tokens as the bigram tokenizer emits them (folded).
    pub fn new<'a>(grams: impl IntoIterator<Item = &'a str>) -> GramSieve {
        let mut sieve = GramSieve {
            pairs: Vec::new(),
            singles: Vec::new(),
            starts: vec![0; ((STABLE.1 - STABLE.0) / 64 + 1) as usize],
            whole: false,
        };
        for gram in grams {
            let mut chars = gram.chars();
            match (chars.next(), chars.next(), chars.next()) {
                (Some(a), Some(b), None) if is_stable(a) && is_stable(b) => {
                    sieve.pairs.push((a, b));
                    sieve.mark(a);
                }
                (Some(a), None, None) if is_stable(a) => {
                    sieve.singles.push(a);
                    sieve.mark(a);
                }
                _ => sieve.whole = true,
            }
        }
        sieve.pairs.sort_unstable();
        sieve.singles.sort_unstable();
        sieve
    }

    fn mark(&mut self, c: char) {
        let bit = c as u32 - STABLE.0;
        self.starts[(bit / 64) as usize] |= 1 << (bit % 64);
    }

    fn starts_with(&self, c: char) -> bool {
        let bit = c as u32 - STABLE.0;
        self.starts[(bit / 64) as usize] & (1 << (bit % 64)) != 0
    }

    /// Whether the pair `(before, c)` of adjacent characters, or `c` alone, is wanted (both
    /// characters left alone by folding).
    fn wants(&self, before: Option<char>, c: char) -> bool {
        if let Some(before) = before.filter(|&before| self.starts_with(before)) {
            if self.pairs.binary_search(&(before, c)).is_ok() {
                return true;
            }
        }
        self.starts_with(c) && self.singles.binary_search(&c).is_ok()
    }
}

/// Characters that fold to a separator, so no token crosses them: ASCII spaces and punctuation
/// and the punctuation of Chinese prose. A test checks each against the tokenizer.
fn is_separator(c: char) -> bool {
    c.is_ascii_whitespace()
        || c.is_ascii_punctuation()
        || matches!(
            c,
            '，' | '。'
                | '、'
                | '；'
                | '：'
                | '！'
                | '？'
                | '（'
                | '）'
                | '《'
                | '》'
                | '〈'
                | '〉'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '【'
                | '】'
                | '〔'
                | '〕'
                | '「'
                | '」'
                | '『'
                | '』'
                | '—'
                | '…'
                | '·'
                | '\u{3000}'
        )
}

impl GramTokenizer {
    /// Calls `visit` like [`GramTokenizer::for_each`], but only for the tokens of stretches
    /// (between separators) that may hold one of `sieve`'s tokens; offsets are into `text`.
    pub fn for_each_sieved(
        &self,
        text: &str,
        sieve: &GramSieve,
        mut visit: impl FnMut(usize, usize, &str),
    ) {
        if sieve.whole {
            self.for_each(text, visit);
            return;
        }
        // One pass: each stretch between separators is tokenized when it holds a wanted pair
        // or lone character, or a character whose folding is not known here.
        let (mut start, mut wanted, mut previous) = (0, false, None);
        for (at, c) in text.char_indices() {
            if is_stable(c) && simplifies(c) {
                // A traditional character: its stretch is tokenized, folding it as it should.
                wanted = true;
                previous = None;
            } else if is_stable(c) {
                wanted = wanted || sieve.wants(previous, c);
                previous = Some(c);
            } else if is_separator(c) {
                if wanted {
                    let stretch = &text[start..at];
                    self.for_each(stretch, |from, to, gram| {
                        visit(start + from, start + to, gram)
                    });
                }
                (start, wanted, previous) = (at + c.len_utf8(), false, None);
            } else if c.is_ascii_alphanumeric() {
                // Letters and digits only form tokens of their own, none of them wanted.
                previous = None;
            } else {
                wanted = true;
            }
        }
        if wanted {
            let stretch = &text[start..];
            self.for_each(stretch, |from, to, gram| {
                visit(start + from, start + to, gram)
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens a scan visits, as `from-to:gram`.
    fn tokens(scan: impl FnOnce(&mut dyn FnMut(usize, usize, &str))) -> Vec<String> {
        let mut found = Vec::new();
        scan(&mut |from, to, gram| found.push(format!("{from}-{to}:{gram}")));
        found
    }

    #[test]
    fn every_separator_folds_to_a_separator() {
        let separators = (0u32..0x10000)
            .filter_map(char::from_u32)
            .filter(|&c| is_separator(c));
        for c in separators {
            let mut grams = Vec::new();
            GramTokenizer.for_each(&format!("甲{c}乙"), |_, _, gram| {
                grams.push(gram.to_owned())
            });
            assert_eq!(grams, ["甲", "乙"], "{c:?}");
        }
    }

    #[test]
    fn sieved_tokens_are_the_wanted_ones_of_the_whole_text() {
        // A clause of a real notice, with a full-width number and a document number.
        let text = "各区人民政府，市政府各委、办、局：现将《关于进一步加强政务公开工作的实施意见》\
                    印发给你们，请认真贯彻落实。（东政办发〔２０１７〕15号）政务公开，公开为常态。";
        for wanted in [
            vec!["政务", "务公", "公开"],
            vec!["落实"],
            vec!["局"],
            vec!["2017"],
            vec!["常态", "不在"],
            vec!["不在"],
        ] {
            let sieve = GramSieve::new(wanted.iter().copied());
            let all = tokens(|visit| GramTokenizer.for_each(text, visit));
            let sieved = tokens(|visit| GramTokenizer.for_each_sieved(text, &sieve, visit));
            // Every wanted token of the text is visited, at the same offsets.
            let is_wanted = |token: &String| {
                let gram = token.split(':').nth(1).unwrap();
                wanted.contains(&gram)
            };
            let expected: Vec<&String> = all.iter().filter(|token| is_wanted(token)).collect();
            let got: Vec<&String> = sieved.iter().filter(|token| is_wanted(token)).collect();
            assert_eq!(got, expected, "{wanted:?}");
            // Whatever else is visited is a token of the whole text too.
            assert!(sieved.iter().all(|token| all.contains(token)));
            if wanted == ["不在"] {
                // Only the full-width number, whose folding the sieve does not know, is read.
                assert_eq!(sieved, ["177-189:2017"]);
            }
        }
        // 政务 stands at bytes 81..87 of the text.
        let sieve = GramSieve::new(["政务"]);
        let mut first = None;
        GramTokenizer.for_each_sieved(text, &sieve, |from, to, gram| {
            if gram == "政务" && first.is_none() {
                first = Some(from..to);
            }
        });
        assert_eq!(first, Some(81..87));
        assert_eq!(&text[81..87], "政务");
    }
}
