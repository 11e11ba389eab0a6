//! Word tokens from jieba segmentation.

use std::sync::Arc;

use jieba_rs::Jieba;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::normalize::Normalized;
use super::{is_indexable, VecTokenStream, MAX_TOKEN_BYTES};

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
        let normalized = Normalized::new(text);
        let (mut starts, mut ends) = (normalized.cursor(), normalized.cursor());
        let mut tokens = Vec::new();
        for word in self.jieba.cut(&normalized.text, true) {
            if word.word.len() > MAX_TOKEN_BYTES || !word.word.chars().any(is_indexable) {
                continue;
            }
            tokens.push(Token {
                offset_from: starts.start(word.byte_start),
                offset_to: ends.end(word.byte_end),
                position: tokens.len(),
                text: word.word.to_owned(),
                position_length: 1,
            });
        }
        tokens
    }
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream::new(self.tokens(text))
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
