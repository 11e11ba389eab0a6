//! Overlapping character bigrams: recall that does not depend on how a segmenter splits.

use tantivy::tokenizer::{Token, Tokenizer};

use super::normalize::Normalized;
use super::{is_han, VecTokenStream, MAX_TOKEN_BYTES};

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
        let normalized = Normalized::new(text);
        let folded = normalized.text.as_str();
        let mut tokens = Vec::new();
        let push = |start: usize, end: usize, tokens: &mut Vec<Token>| {
            if end - start > MAX_TOKEN_BYTES {
                return;
            }
            tokens.push(Token {
                offset_from: normalized.original_start(start),
                offset_to: normalized.original_end(end),
                position: tokens.len(),
                text: folded[start..end].to_owned(),
                position_length: 1,
            });
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
                    push(start, end, &mut tokens);
                }
                Class::Han => {
                    let mut run = vec![(start, c)];
                    while let Some(&(at, next)) = chars.peek() {
                        if class(next) != Class::Han {
                            break;
                        }
                        run.push((at, next));
                        chars.next();
                    }
                    if run.len() == 1 {
                        push(start, start + c.len_utf8(), &mut tokens);
                    }
                    for pair in run.windows(2) {
                        let (first, _) = pair[0];
                        let (second, last) = pair[1];
                        push(first, second + last.len_utf8(), &mut tokens);
                    }
                }
            }
        }
        tokens
    }
}

impl Tokenizer for GramTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream::new(self.tokens(text))
    }
}
