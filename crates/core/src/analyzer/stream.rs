//! The token stream both tokenizers hand to tantivy: the token ranges of one folded text, and
//! one token refilled as the stream advances, so indexing allocates no string per token.

use std::rc::Rc;

use tantivy::tokenizer::{Token, TokenStream};

use super::normalize::Normalized;

/// Where one token lies: its bytes in the folded text, and in the original text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span {
    /// Start of the token's text in the folded text.
    pub(crate) folded_from: usize,
    /// End of the token's text in the folded text.
    pub(crate) folded_to: usize,
    /// Start of the token in the original text.
    pub(crate) offset_from: usize,
    /// End of the token in the original text.
    pub(crate) offset_to: usize,
}

/// The tokens of one text as [`Span`]s of its folded form; positions count tokens.
pub struct SpanTokenStream {
    folded: Rc<Normalized>,
    spans: Vec<Span>,
    next: usize,
    token: Token,
}

impl SpanTokenStream {
    pub(crate) fn new(folded: Rc<Normalized>, spans: Vec<Span>) -> SpanTokenStream {
        SpanTokenStream {
            folded,
            spans,
            next: 0,
            token: Token::default(),
        }
    }
}

impl TokenStream for SpanTokenStream {
    fn advance(&mut self) -> bool {
        let Some(span) = self.spans.get(self.next) else {
            return false;
        };
        self.token.text.clear();
        self.token
            .text
            .push_str(&self.folded.text[span.folded_from..span.folded_to]);
        self.token.offset_from = span.offset_from;
        self.token.offset_to = span.offset_to;
        self.token.position = self.next;
        self.token.position_length = 1;
        self.next += 1;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}
