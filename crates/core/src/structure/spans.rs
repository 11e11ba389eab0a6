//! Articles as article search scores them: each article's number and its range of bigram
//! positions in the body, packed into one column value per document.
//!
//! A record is the start and end position of the article and of its innermost heading (u32,
//! little-endian; the heading's are 0, 0 when it has none), the number's length in bytes (u8) and
//! the number as written (第五十四条). Positions count the body's bigram tokens as the index
//! does, so a query bigram's positions in a document fall into articles by comparison alone.

use crate::analyzer::GramTokenizer;
use crate::schema::METADATA_COLUMN_LIMIT;
use crate::structure::Structure;

/// Bytes before an article's number in a record.
const HEADER: usize = 17;

/// One article of a document by bigram positions: `start..end` of the body's bigram field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArticleSpan<'a> {
    /// The number as written, decoded by [`ArticleSpan::number`].
    number: &'a [u8],
    /// First bigram position of the article.
    pub start: u32,
    /// One past its last bigram position.
    pub end: u32,
    /// The bigram positions of its innermost heading (第四节 个体工商户…), `(0, 0)` without one.
    pub heading: (u32, u32),
}

impl<'a> ArticleSpan<'a> {
    /// The number as written (第五十四条). Decoded when asked: scoring walks every article of a
    /// document, and names only the ones that score.
    pub fn number(&self) -> &'a str {
        std::str::from_utf8(self.number).unwrap_or_default()
    }

    /// The number's bytes as packed, undecoded: enough to tell two numbers apart.
    pub fn number_bytes(&self) -> &'a [u8] {
        self.number
    }
}

/// The articles of one document, read from their packed column value in order.
#[derive(Debug, Clone, Copy)]
pub struct ArticleSpans<'a> {
    bytes: &'a [u8],
}

impl<'a> ArticleSpans<'a> {
    /// Spans over a packed column value.
    pub fn new(bytes: &'a [u8]) -> ArticleSpans<'a> {
        ArticleSpans { bytes }
    }

    /// Packs the articles of `structure`, with the bigram positions of `body` they cover (the
    /// body the structure was recognised in). `None` when the body has no articles.
    pub fn pack(body: &str, structure: &Structure) -> Option<Vec<u8>> {
        if structure.articles.is_empty() {
            return None;
        }
        // Bigram starts in body order; an article's first position is the number of bigrams
        // starting before it.
        let mut starts: Vec<u32> = Vec::new();
        GramTokenizer.for_each(body, |from, _, _| {
            starts.push(u32::try_from(from).unwrap_or(u32::MAX))
        });
        let position = |offset: u32| starts.partition_point(|&start| start < offset);
        let mut packed = Vec::new();
        for article in &structure.articles {
            if packed.len() + HEADER + article.number.len() > METADATA_COLUMN_LIMIT {
                // A column value is cut at 64 KiB: the articles past it (after about 2,500) are
                // found by document search only.
                break;
            }
            let number = article.number.as_bytes();
            let length = u8::try_from(number.len()).unwrap_or(u8::MAX);
            let heading = article
                .heading
                .and_then(|at| structure.headings.get(at as usize))
                .map_or((0, 0), |heading| {
                    (position(heading.start), position(heading.end))
                });
            for value in [
                position(article.start),
                position(article.end),
                heading.0,
                heading.1,
            ] {
                packed.extend_from_slice(&u32::try_from(value).unwrap_or(u32::MAX).to_le_bytes());
            }
            packed.push(length);
            packed.extend_from_slice(&number[..usize::from(length)]);
        }
        Some(packed)
    }
}

impl<'a> Iterator for ArticleSpans<'a> {
    type Item = ArticleSpan<'a>;

    fn next(&mut self) -> Option<ArticleSpan<'a>> {
        let header = self.bytes.get(..HEADER)?;
        let word = |at: usize| {
            u32::from_le_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
        };
        let length = usize::from(header[16]);
        let Some(number) = self.bytes.get(HEADER..HEADER + length) else {
            self.bytes = &[];
            return None;
        };
        let span = ArticleSpan {
            number,
            start: word(0),
            end: word(4),
            heading: (word(8), word(12)),
        };
        self.bytes = &self.bytes[HEADER + length..];
        Some(span)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_count_the_bigrams_before_and_within_each_article() {
        // 第一章 总则 gives 第一, 一章, 总则; 第一条 两个字 gives 第一, 一条, 两个, 个字.
        let body = "第一章 总则\n第一条 两个字\n第二条 三";
        let structure = Structure::recognise(body, None);
        let packed = ArticleSpans::pack(body, &structure).unwrap();
        let spans: Vec<(&str, u32, u32, (u32, u32))> = ArticleSpans::new(&packed)
            .map(|span| (span.number(), span.start, span.end, span.heading))
            .collect();
        assert_eq!(spans, [("第一条", 3, 7, (0, 3)), ("第二条", 7, 10, (0, 3))]);
        let grams = GramTokenizer.tokens(body);
        assert_eq!(grams[2].text, "总则");
        assert_eq!(grams[3].text, "第一");
        assert_eq!(grams[7].text, "第二");
        assert_eq!(grams.len(), 10);
    }

    #[test]
    fn no_articles_pack_to_nothing_and_truncated_values_end_the_spans() {
        assert!(ArticleSpans::pack("通知如下。", &Structure::default()).is_none());
        let body = "第一条 甲乙";
        let packed = ArticleSpans::pack(body, &Structure::recognise(body, None)).unwrap();
        assert_eq!(ArticleSpans::new(&packed[..packed.len() - 1]).count(), 0);
        assert_eq!(ArticleSpans::new(&packed).count(), 1);
    }
}
