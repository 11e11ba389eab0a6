//! The structure of a law, regulation or rule-like body: its 编 / 分编 / 章 / 节 headings and its
//! articles (第X条, 第X条之一), each with a byte range into the stored body, so that snippets,
//! highlights and article texts agree on offsets.
//!
//! An article starts at a line that opens with `第X条` (or `第X条之Y`) followed by a space or the
//! end of the line, and runs to the next article or heading. A line opening with a quotation mark
//! (“第十条 …” in an amending decision) quotes another law's article and stays inside the
//! article quoting it. Numbers are kept as written; a number written twice keeps both articles,
//! and [`Structure::find`] returns the first.

use serde::{Deserialize, Serialize};

mod spans;

pub use spans::{ArticleSpan, ArticleSpans};

/// Chinese numerals as articles and headings are numbered.
const NUMERALS: &str = "一二三四五六七八九十百千零〇两";

/// Longest heading line, in characters: a longer line opening with 第X章 is prose.
const MAX_HEADING_CHARS: usize = 60;

/// The kind of a heading, outermost first: a heading's parent is the nearest heading before it
/// of an outer kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Level {
    /// 第X编.
    #[serde(rename = "编")]
    Part,
    /// 第X分编.
    #[serde(rename = "分编")]
    SubPart,
    /// 第X章.
    #[serde(rename = "章")]
    Chapter,
    /// 第X节.
    #[serde(rename = "节")]
    Section,
    /// A heading without a number (一、一般规定), as a Markdown source marks it.
    #[serde(rename = "其他")]
    Other,
}

/// A heading line of the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heading {
    /// Its kind.
    pub level: Level,
    /// The heading as written, trimmed (第二章　自然人).
    pub text: String,
    /// Byte range of the heading line in the body.
    pub start: u32,
    /// End of the byte range.
    pub end: u32,
    /// Index of the enclosing heading.
    pub parent: Option<u32>,
}

/// One article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// The number as written: 第五十四条, 第十七条之一.
    pub number: String,
    /// Byte range of the article in the body, from its number to the end of its last line.
    pub start: u32,
    /// End of the byte range.
    pub end: u32,
    /// Index of the innermost heading the article stands under.
    pub heading: Option<u32>,
}

/// A paragraph (款) of an article, or an item (项) of a paragraph: （一）, (二) …
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ClauseKind {
    /// 款: a paragraph.
    #[serde(rename = "款")]
    Paragraph,
    /// 项: an enumerated item.
    #[serde(rename = "项")]
    Item,
}

/// A clause of an article, by byte range in the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Clause {
    /// Paragraph or item.
    pub kind: ClauseKind,
    /// Start of the clause's line in the body.
    pub start: u32,
    /// End of the clause's line.
    pub end: u32,
}

/// The headings and articles of a body, in order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Structure {
    /// Headings in body order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headings: Vec<Heading>,
    /// Articles in body order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub articles: Vec<Article>,
}

impl Structure {
    /// The structure of `body`. `marked` holds the byte offsets of the lines its source marked as
    /// headings (Markdown `#` lines, marks already removed): then those lines alone are headings
    /// (an amending decision quotes 第七节 lines that are no heading of its own). Without marks,
    /// short lines opening with 第X编 / 分编 / 章 / 节 are headings.
    pub fn recognise(body: &str, marked: Option<&[usize]>) -> Structure {
        let mut structure = Structure::default();
        // Open headings, outermost first.
        let mut open: Vec<u32> = Vec::new();
        let mut current: Option<Article> = None;
        let mut last_end = 0;
        let mut line_start = 0;
        for line in body.split_inclusive('\n') {
            let start = line_start;
            line_start += line.len();
            let text = line.trim_end();
            let indent = text.len() - text.trim_start().len();
            let trimmed = &text[indent..];
            if trimmed.is_empty() {
                continue;
            }
            let (content_start, content_end) = (start + indent, start + text.len());
            let level = match marked {
                Some(lines) if lines.binary_search(&start).is_ok() => {
                    Some(heading_level(trimmed).unwrap_or(Level::Other))
                }
                Some(_) => None,
                None => heading_level(trimmed).filter(|_| is_heading_line(trimmed)),
            };
            if let Some(level) = level {
                structure.close(&mut current, last_end);
                while open
                    .last()
                    .is_some_and(|&index| structure.headings[index as usize].level >= level)
                {
                    open.pop();
                }
                structure.headings.push(Heading {
                    level,
                    text: trimmed.to_owned(),
                    start: offset(content_start),
                    end: offset(content_end),
                    parent: open.last().copied(),
                });
                open.push(offset(structure.headings.len() - 1));
            } else if let Some(number) = article_number(trimmed) {
                structure.close(&mut current, last_end);
                current = Some(Article {
                    number: number.to_owned(),
                    start: offset(content_start),
                    end: offset(content_end),
                    heading: open.last().copied(),
                });
            }
            last_end = content_end;
        }
        structure.close(&mut current, last_end);
        structure
    }

    fn close(&mut self, current: &mut Option<Article>, end: usize) {
        if let Some(mut article) = current.take() {
            article.end = article.end.max(offset(end));
            self.articles.push(article);
        }
    }

    /// Whether the body has neither headings nor articles.
    pub fn is_empty(&self) -> bool {
        self.headings.is_empty() && self.articles.is_empty()
    }

    /// The headings above `article`, outermost first (["第二章 自然人", "第四节 …"]).
    pub fn path(&self, article: &Article) -> Vec<&str> {
        let mut path = Vec::new();
        let mut next = article.heading;
        while let Some(index) = next {
            let Some(heading) = self.headings.get(index as usize) else {
                break;
            };
            path.push(heading.text.as_str());
            next = heading.parent;
        }
        path.reverse();
        path
    }

    /// The first article numbered `number`, written as in the body (第五十四条), without 第 and
    /// 条 (五十四, 五十四之一) or in Arabic digits (54, 54之1, 54-1).
    pub fn find(&self, number: &str) -> Option<&Article> {
        self.articles.get(self.position(number)?)
    }

    /// The place among the articles of the first numbered `number`, written as [`Structure::find`]
    /// reads it.
    pub fn position(&self, number: &str) -> Option<usize> {
        let wanted = ArticleNumber::parse(number)?;
        self.articles
            .iter()
            .position(|article| ArticleNumber::parse(&article.number) == Some(wanted))
    }

    /// The article whose range holds byte `offset` of the body.
    pub fn article_at(&self, offset: usize) -> Option<&Article> {
        let offset = u32::try_from(offset).ok()?;
        let after = self
            .articles
            .partition_point(|article| article.start <= offset);
        let article = self.articles.get(after.checked_sub(1)?)?;
        (offset < article.end).then_some(article)
    }
}

impl Article {
    /// The article's text in `body` (the body it was recognised in).
    pub fn text<'b>(&self, body: &'b str) -> &'b str {
        body.get(self.start as usize..self.end as usize)
            .unwrap_or_default()
    }

    /// The article's paragraphs (款) and items (项): each line is a paragraph unless it opens
    /// with an enumerator in brackets, （一） or (1), which makes it an item.
    pub fn clauses(&self, body: &str) -> Vec<Clause> {
        let mut clauses = Vec::new();
        let mut at = self.start as usize;
        for line in self.text(body).split_inclusive('\n') {
            let start = at;
            at += line.len();
            let text = line.trim_end();
            let trimmed = text.trim_start();
            if trimmed.is_empty() {
                continue;
            }
            let kind = if is_item(trimmed) {
                ClauseKind::Item
            } else {
                ClauseKind::Paragraph
            };
            clauses.push(Clause {
                kind,
                start: offset(start + text.len() - trimmed.len()),
                end: offset(start + text.len()),
            });
        }
        clauses
    }
}

/// An article's number as numbers: 第十七条之一 is (17, 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ArticleNumber(u32, u32);

impl ArticleNumber {
    fn parse(text: &str) -> Option<ArticleNumber> {
        let text = text.trim();
        let text = text.strip_prefix('第').unwrap_or(text);
        let (main, sub) = match text.split_once('之').or_else(|| text.split_once('-')) {
            Some((main, sub)) => (main, Some(sub)),
            None => (text, None),
        };
        let main = main.strip_suffix('条').unwrap_or(main);
        let value = |part: &str| -> Option<u32> {
            if part.chars().all(|c| c.is_ascii_digit()) {
                part.parse().ok()
            } else {
                numeral_value(part)
            }
        };
        let number = value(main)?;
        let sub = match sub {
            Some(sub) => value(sub)?,
            None => 0,
        };
        Some(ArticleNumber(number, sub))
    }
}

/// The value of a Chinese numeral as articles are numbered (一百二十, 一千二百六十, 十七).
fn numeral_value(text: &str) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    let (mut total, mut digit) = (0u32, None::<u32>);
    for c in text.chars() {
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => {
                let value = "零一二三四五六七八九"
                    .chars()
                    .position(|d| d == c)
                    .or(match c {
                        '〇' => Some(0),
                        '两' => Some(2),
                        _ => None,
                    })?;
                digit = Some(u32::try_from(value).ok()?);
                continue;
            }
        };
        total += digit.take().unwrap_or(1) * unit;
    }
    Some(total + digit.unwrap_or(0))
}

fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

/// `第` followed by Chinese numerals, and the rest.
fn after_numeral(text: &str) -> Option<&str> {
    let rest = text.strip_prefix('第')?;
    let digits = rest
        .char_indices()
        .find(|(_, c)| !NUMERALS.contains(*c))
        .map_or(rest.len(), |(at, _)| at);
    (digits > 0).then(|| &rest[digits..])
}

/// Whether text following a number ends it: a space (full-width too) or nothing.
fn ends_number(rest: &str) -> bool {
    rest.chars().next().is_none_or(char::is_whitespace)
}

/// The article number a line opens with: 第X条 or 第X条之Y, followed by a space or nothing.
fn article_number(line: &str) -> Option<&str> {
    let rest = after_numeral(line)?.strip_prefix('条')?;
    let rest = match rest.strip_prefix('之') {
        Some(sub) => {
            let digits = sub
                .char_indices()
                .find(|(_, c)| !NUMERALS.contains(*c))
                .map_or(sub.len(), |(at, _)| at);
            if digits == 0 {
                return None;
            }
            &sub[digits..]
        }
        None => rest,
    };
    ends_number(rest).then(|| &line[..line.len() - rest.len()])
}

/// The level a heading line's number gives it: 第X编, 第X分编, 第X章 or 第X节.
fn heading_level(line: &str) -> Option<Level> {
    let rest = after_numeral(line)?;
    let kinds = [
        ("分编", Level::SubPart),
        ("编", Level::Part),
        ("章", Level::Chapter),
        ("节", Level::Section),
    ];
    kinds.into_iter().find_map(|(kind, level)| {
        rest.strip_prefix(kind)
            .filter(|rest| ends_number(rest))
            .map(|_| level)
    })
}

/// Whether an unmarked line with a heading's number is a heading: short, and not a sentence.
fn is_heading_line(line: &str) -> bool {
    line.chars().count() <= MAX_HEADING_CHARS && !line.contains('。')
}

/// Whether a line opens with a bracketed enumerator: （一）, (一), （1）, (1).
fn is_item(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('（').or_else(|| line.strip_prefix('(')) else {
        return false;
    };
    let inner = rest
        .char_indices()
        .find(|(_, c)| !(NUMERALS.contains(*c) || c.is_ascii_digit()))
        .map_or(rest.len(), |(at, _)| at);
    inner > 0 && (rest[inner..].starts_with('）') || rest[inner..].starts_with(')'))
}

#[cfg(test)]
mod tests;
