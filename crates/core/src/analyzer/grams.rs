//! Overlapping character bigrams: recall that does not depend on how a segmenter splits.

use tantivy::tokenizer::{Token, Tokenizer};

use super::stream::{Span, SpanTokenStream};
use super::words::collect;

use super::normalize::Normalized;
use super::{is_han, MAX_TOKEN_BYTES};

/// Emits every pair of adjacent Chinese characters (a lone character on its own), and runs of
/// letters and digits as whole tokens. Positions count tokens, so a run of n ≥ 2 Chinese
/// characters becomes n − 1 bigrams at consecutive positions: any such run that occurs in a text
/// is found by a phrase query over its bigrams, however jieba would have split it.
#[derive(Clone, Default)]
pub struct GramTokenizer;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Han,
    AlphaNumeric,
    Separator,
}

fn class(c: char) -> Class {
    if is_han(c) {
        Class::Han
    } else if c.is_alphanumeric() {
        Class::AlphaNumeric
    } else {
        Class::Separator
    }
}

impl GramTokenizer {
    /// The tokens of `text`.
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        collect(self.stream(text))
    }

    /// The stream of `text`'s tokens, `text` folded once.
    fn stream(&self, text: &str) -> SpanTokenStream {
        let normalized = Normalized::shared(text);
        let mut spans = Vec::new();
        {
            let (mut starts, mut ends) = (normalized.cursor(), normalized.cursor());
            folded_grams(&normalized.text, |from, to| {
                spans.push(Span {
                    folded_from: from,
                    folded_to: to,
                    offset_from: starts.start(from),
                    offset_to: ends.end(to),
                });
            });
        }
        SpanTokenStream::new(normalized, spans)
    }

    /// Calls `visit(offset_from, offset_to, text)` for each token of `text` in order, without
    /// allocating a token: offsets are bytes of the original text, `text` the folded token.
    pub fn for_each(&self, text: &str, mut visit: impl FnMut(usize, usize, &str)) {
        let normalized = Normalized::new(text);
        let folded = normalized.text.as_str();
        let (mut starts, mut ends) = (normalized.cursor(), normalized.cursor());
        folded_grams(folded, |from, to| {
            visit(starts.start(from), ends.end(to), &folded[from..to]);
        });
    }
}

/// Calls `emit(from, to)` with the byte range of each token of the folded text `folded`, in
/// order; tokens longer than [`MAX_TOKEN_BYTES`] are left out.
fn folded_grams(folded: &str, mut emit: impl FnMut(usize, usize)) {
    let mut emit = |start: usize, end: usize| {
        if end - start <= MAX_TOKEN_BYTES {
            emit(start, end);
        }
    };
    let mut chars = folded.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        match class(c) {
            Class::Separator => {}
            Class::AlphaNumeric => {
                let mut end = start + c.len_utf8();
                while let Some(&(at, next)) = chars.peek() {
                    if class(next) != Class::AlphaNumeric {
                        break;
                    }
                    end = at + next.len_utf8();
                    chars.next();
                }
                emit(start, end);
            }
            Class::Han => {
                // Each character pairs with the next one of its run; a lone one stands alone.
                let mut previous = start;
                let mut alone = true;
                while let Some(&(at, next)) = chars.peek() {
                    if class(next) != Class::Han {
                        break;
                    }
                    emit(previous, at + next.len_utf8());
                    alone = false;
                    previous = at;
                    chars.next();
                }
                if alone {
                    emit(start, start + c.len_utf8());
                }
            }
        }
    }
}

impl Tokenizer for GramTokenizer {
    type TokenStream<'a> = SpanTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> SpanTokenStream {
        self.stream(text)
    }
}
