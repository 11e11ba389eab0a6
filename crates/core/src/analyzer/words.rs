//! Word tokens from jieba segmentation.

use std::sync::Arc;

use jieba_rs::Jieba;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::normalize::Normalized;
use super::stream::{Span, SpanTokenStream};
use super::{is_indexable, MAX_TOKEN_BYTES};

/// Segments text into jieba words: positions count words, offsets are bytes of the original text,
/// punctuation and whitespace are dropped.
#[derive(Clone)]
pub struct WordTokenizer {
    jieba: Arc<Jieba>,
}

impl WordTokenizer {
    /// A tokenizer sharing an already loaded dictionary.
    pub fn new(jieba: Arc<Jieba>) -> WordTokenizer {
        WordTokenizer { jieba }
    }

    /// The tokens of `text`.
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        collect(self.stream(text))
    }

    /// The stream of `text`'s tokens: `text` folded once, jieba run over the folded text.
    fn stream(&self, text: &str) -> SpanTokenStream {
        let normalized = Normalized::shared(text);
        let mut spans = Vec::new();
        {
            let (mut starts, mut ends) = (normalized.cursor(), normalized.cursor());
            for word in self.jieba.cut(&normalized.text, true) {
                if word.word.len() > MAX_TOKEN_BYTES || !word.word.chars().any(is_indexable) {
                    continue;
                }
                spans.push(Span {
                    folded_from: word.byte_start,
                    folded_to: word.byte_end,
                    offset_from: starts.start(word.byte_start),
                    offset_to: ends.end(word.byte_end),
                });
            }
        }
        SpanTokenStream::new(normalized, spans)
    }
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = SpanTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> SpanTokenStream {
        self.stream(text)
    }
}

/// Drives a tokenizer's stream to a plain list, for tests and for callers outside tantivy.
pub fn collect(mut stream: impl TokenStream) -> Vec<Token> {
    let mut tokens = Vec::new();
    while stream.advance() {
        tokens.push(stream.token().clone());
    }
    tokens
}
