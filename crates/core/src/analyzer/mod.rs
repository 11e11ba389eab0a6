//! The Chinese analyzer: one definition of how text becomes tokens, for indexing and querying.
//!
//! Two tokenizers are registered on every index, under [`WORDS`] and [`GRAMS`]:
//! jieba words (precise, good for ranking) and overlapping character bigrams (recall that does
//! not depend on segmentation). Both fold width (NFKC), lower-case Latin, drop punctuation, give
//! byte offsets into the original text and count positions in tokens.

mod dictionary;
mod grams;
mod normalize;
mod sieve;
mod stream;
mod words;

use std::sync::{Arc, Mutex, OnceLock};

use jieba_rs::Jieba;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenizerManager};

pub use dictionary::{DictionaryEntry, UserDictionary};
pub use grams::GramTokenizer;
pub use normalize::{fold, Normalized, OffsetCursor};
pub use sieve::GramSieve;
pub use stream::SpanTokenStream;
pub use words::{collect, WordTokenizer};

/// Name under which the jieba word tokenizer is registered.
pub const WORDS: &str = "gongbao_words";
/// Name under which the bigram tokenizer is registered.
pub const GRAMS: &str = "gongbao_grams";

/// Tokens longer than this many bytes (a base64 blob, a run of digits) are not indexed.
pub(crate) const MAX_TOKEN_BYTES: usize = 120;

pub use gongbao_chars::is_han;

/// The key under which a title is matched exactly: folded like the analyzers fold, with
/// everything but letters, digits and Chinese characters dropped
/// (“中华人民共和国 专利法” and “中华人民共和国专利法” share a key).
pub fn title_key(title: &str) -> String {
    Normalized::new(title)
        .text
        .chars()
        .filter(|c| is_indexable(*c))
        .collect()
}

/// How the titles of laws, regulations and rules end (民法典, 教育法, 工伤保险条例 …).
pub const LAW_TITLE_ENDINGS: [&str; 10] = [
    "法", "典", "条例", "规定", "办法", "细则", "规则", "解释", "决定", "章程",
];

/// Whether a title (or its key) names a law, regulation or rule by its ending.
pub fn is_law_title(title: &str) -> bool {
    LAW_TITLE_ENDINGS
        .iter()
        .any(|ending| title.ends_with(ending))
}

/// Every key a title is matched exactly under: its [`title_key`], and for a title of parts
/// joined by spaces whose first part is a law's name (a part of a code: “中华人民共和国民法典
/// 总则”) the key of that first part too, so that the code's name finds its parts.
pub fn title_keys(title: &str) -> Vec<String> {
    let mut keys = vec![title_key(title)];
    if let Some((head, _)) = title.trim().split_once(char::is_whitespace) {
        let head = title_key(head);
        if is_law_title(&head) && !keys.contains(&head) {
            keys.push(head);
        }
    }
    keys
}

/// Whether a character makes a token worth indexing: a letter, a digit or a Chinese character
/// (`char::is_alphanumeric`, whose table search a Chinese character and ASCII skip: they are
/// nearly every character of a text).
pub(crate) fn is_indexable(c: char) -> bool {
    match c {
        '0'..='9' | 'a'..='z' | 'A'..='Z' | '\u{4E00}'..='\u{9FFF}' => true,
        _ if c.is_ascii() => false,
        _ => c.is_alphanumeric(),
    }
}

/// Loaded jiebas by dictionary fingerprint.
type JiebaCache = Vec<(String, Arc<Jieba>)>;

/// The analyzer of one index: a loaded jieba dictionary shared by every tokenizer clone.
#[derive(Clone)]
pub struct Analyzer {
    jieba: Arc<Jieba>,
    dictionary: UserDictionary,
}

impl Analyzer {
    /// Loads jieba's dictionary with the user dictionary on top. Loading takes a few hundred
    /// milliseconds, so analyzers are cached per dictionary for the life of the process.
    pub fn new(dictionary: UserDictionary) -> Analyzer {
        static CACHE: OnceLock<Mutex<JiebaCache>> = OnceLock::new();
        let fingerprint = dictionary.fingerprint();
        let mut cache = CACHE
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let jieba = match cache.iter().find(|(key, _)| *key == fingerprint) {
            Some((_, jieba)) => Arc::clone(jieba),
            None => {
                let mut jieba = Jieba::new();
                for entry in dictionary.entries() {
                    jieba.add_word(&entry.word, entry.frequency, entry.tag.as_deref());
                }
                let jieba = Arc::new(jieba);
                cache.push((fingerprint, Arc::clone(&jieba)));
                jieba
            }
        };
        Analyzer { jieba, dictionary }
    }

    /// The user dictionary this analyzer was built with.
    pub fn dictionary(&self) -> &UserDictionary {
        &self.dictionary
    }

    /// The word tokenizer.
    pub fn word_tokenizer(&self) -> WordTokenizer {
        WordTokenizer::new(Arc::clone(&self.jieba))
    }

    /// Jieba word tokens of `text`.
    pub fn words(&self, text: &str) -> Vec<Token> {
        self.word_tokenizer().tokens(text)
    }

    /// Bigram tokens of `text`.
    pub fn grams(&self, text: &str) -> Vec<Token> {
        GramTokenizer.tokens(text)
    }

    /// Visits the bigram tokens of `text` without allocating them: see
    /// [`GramTokenizer::for_each`].
    pub fn for_each_gram(&self, text: &str, visit: impl FnMut(usize, usize, &str)) {
        GramTokenizer.for_each(text, visit);
    }

    /// Visits the bigram tokens of the stretches of `text` that may hold one of `sieve`'s: see
    /// [`GramTokenizer::for_each_sieved`].
    pub fn for_each_gram_sieved(
        &self,
        text: &str,
        sieve: &GramSieve,
        visit: impl FnMut(usize, usize, &str),
    ) {
        GramTokenizer.for_each_sieved(text, sieve, visit);
    }

    /// Registers both tokenizers. The only place tokenizer names are bound to tokenizers.
    pub fn register(&self, manager: &TokenizerManager) {
        manager.register(WORDS, TextAnalyzer::from(self.word_tokenizer()));
        manager.register(GRAMS, TextAnalyzer::from(GramTokenizer));
    }
}

#[cfg(test)]
mod tests;
