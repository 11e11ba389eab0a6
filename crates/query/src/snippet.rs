//! Snippets: the best passages of a body with the query's words marked at character offsets.
//!
//! Offsets come from the analyzers' byte offsets into the original text, so they are exact in
//! Chinese text, where tantivy's own snippet generator counts bytes and words.

use std::cmp::Reverse;
use std::ops::Range;

use gongbao_core::analyzer::{fold, GramSieve, Normalized};
use gongbao_core::{Analyzer, Structure};
use serde::Serialize;

use crate::plan::HighlightTerms;

/// Characters a passage aims for.
pub const PASSAGE_CHARS: usize = 140;
/// Characters of context shown before the first match of a passage when no sentence starts
/// closer.
pub const LEAD_CHARS: usize = 20;
/// Passages returned per hit at most.
pub const MAX_PASSAGES: usize = 2;

/// A text with marked ranges.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Highlighted {
    /// The text (line breaks and tabs shown as spaces).
    pub text: String,
    /// Marked ranges as `(start, end)` character offsets into `text`, sorted and disjoint.
    pub highlights: Vec<(usize, usize)>,
    /// The text HTML-escaped with marked ranges in `<em>…</em>`, and `…` where the text was cut.
    pub html: String,
}

/// A passage of a body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The passage and its marks.
    #[serde(flatten)]
    pub passage: Highlighted,
    /// Character offset of the passage in the body.
    pub offset: usize,
    /// The article the passage belongs to (第十二条), for regulations.
    pub article: Option<String>,
}

/// Finds and marks query terms in texts.
pub(crate) struct Highlighter<'a> {
    analyzer: &'a Analyzer,
    terms: &'a HighlightTerms,
    /// The query's bigrams, to tokenize only the stretches of a long body that may hold one.
    sieve: GramSieve,
}

/// Character view of a text: byte offset of every character.
struct Chars<'t> {
    text: &'t str,
    starts: Vec<usize>,
    chars: Vec<char>,
}

impl<'t> Chars<'t> {
    fn new(text: &'t str) -> Chars<'t> {
        // One pass into tables of their final size: bodies run to hundreds of thousands of
        // characters, and growing two tables by doubling copied them over and over.
        let count = text.chars().count();
        let (mut starts, mut chars) = (Vec::with_capacity(count), Vec::with_capacity(count));
        for (at, c) in text.char_indices() {
            starts.push(at);
            chars.push(c);
        }
        Chars {
            text,
            starts,
            chars,
        }
    }

    fn len(&self) -> usize {
        self.starts.len()
    }

    /// Character index of a byte offset on a character boundary.
    fn index(&self, byte: usize) -> usize {
        self.starts.partition_point(|&start| start < byte)
    }

    fn byte(&self, index: usize) -> usize {
        self.starts.get(index).copied().unwrap_or(self.text.len())
    }

    fn slice(&self, range: Range<usize>) -> &'t str {
        &self.text[self.byte(range.start)..self.byte(range.end)]
    }
}

impl<'a> Highlighter<'a> {
    pub(crate) fn new(analyzer: &'a Analyzer, terms: &'a HighlightTerms) -> Highlighter<'a> {
        Highlighter {
            analyzer,
            terms,
            sieve: GramSieve::new(terms.grams.iter().map(String::as_str)),
        }
    }

    /// Merged byte ranges of query terms in `text`.
    fn matches(&self, text: &str) -> Vec<Range<usize>> {
        let mut ranges = self.word_matches(text);
        ranges.extend(self.gram_matches(text));
        merge(ranges)
    }

    /// Byte ranges of query words in `text` (jieba segmentation: the costly part).
    fn word_matches(&self, text: &str) -> Vec<Range<usize>> {
        if self.terms.words.is_empty() {
            return Vec::new();
        }
        // Jieba can only find a query word that occurs in the folded text: a text holding none
        // needs no segmenting.
        let folded = Normalized::new(text).text;
        if !self
            .terms
            .words
            .iter()
            .any(|word| folded.contains(word.as_str()))
        {
            return Vec::new();
        }
        self.analyzer
            .words(text)
            .into_iter()
            .filter(|token| self.terms.words.contains(&token.text))
            .map(|token| token.offset_from..token.offset_to)
            .collect()
    }

    /// Byte ranges of query bigrams in `text` that chain with a neighbour or are a whole run.
    fn gram_matches(&self, text: &str) -> Vec<Range<usize>> {
        if self.terms.grams.is_empty() {
            return Vec::new();
        }
        // Bigrams come in text order, so each is decided when the next one is seen: a query
        // bigram is marked when it is a whole query run, or when the bigram before or after it
        // overlaps it (the same run of characters) and is a query bigram too. Stretches the sieve
        // skips hold no query bigram, and none of theirs overlaps one of another stretch:
        // skipping them changes nothing here.
        let mut ranges = Vec::new();
        // The bigram before: its range, whether it is a query bigram, and whether it is marked
        // already (a whole run, or chained to the one before it).
        let mut before: Option<(Range<usize>, bool, bool)> = None;
        self.analyzer
            .for_each_gram_sieved(text, &self.sieve, |from, to, gram| {
                let hit = self.terms.grams.contains(gram);
                let mut marked = hit && self.terms.whole_grams.contains(gram);
                if let Some((range, before_hit, before_marked)) = before.take() {
                    let chained = before_hit && hit && range.end > from;
                    if before_hit && (before_marked || chained) {
                        ranges.push(range);
                    }
                    marked = marked || chained;
                }
                before = Some((from..to, hit, marked));
            });
        if let Some((range, true, true)) = before {
            ranges.push(range);
        }
        ranges
    }

    /// Indices of the query units a marked text contains.
    fn units_in(&self, marked: &str) -> Vec<usize> {
        let folded = fold(marked);
        let units = &self.terms.units;
        let found: Vec<usize> = (0..units.len())
            .filter(|&index| folded.contains(units[index].as_str()))
            .collect();
        if found.is_empty() {
            // A mark made of bigrams alone (a differently segmented phrase) counts as its own.
            vec![usize::MAX - folded.len()]
        } else {
            found
        }
    }

    /// Word and bigram marks inside `window`, as character offsets into the whole text.
    fn marks_in(&self, chars: &Chars, window: Range<usize>) -> Vec<Range<usize>> {
        let text = chars.slice(window.clone());
        let local = Chars::new(text);
        self.matches(text)
            .into_iter()
            .map(|range| {
                window.start + local.index(range.start)..window.start + local.index(range.end)
            })
            .collect()
    }

    /// `text` whole, with its matches marked (for titles).
    pub(crate) fn whole(&self, text: &str) -> Highlighted {
        let marks = self.matches(text);
        if marks.is_empty() {
            // Nothing to mark (always so without highlighting): no character table is needed.
            return highlighted(text, Vec::new(), (false, false));
        }
        let chars = Chars::new(text);
        let marks: Vec<Range<usize>> = marks
            .into_iter()
            .map(|range| chars.index(range.start)..chars.index(range.end))
            .collect();
        render(&chars, 0..chars.len(), &marks)
    }

    /// The best passages of `body`: at most [`MAX_PASSAGES`], in body order; the opening of the
    /// body when no term occurs in it. Each names the article of `structure` (the body's) its
    /// first mark lies in.
    pub(crate) fn passages(&self, body: &str, structure: &Structure) -> Vec<Snippet> {
        let chars = Chars::new(body);
        if chars.len() == 0 {
            return Vec::new();
        }
        // Passages are chosen on bigram matches, which are cheap to find in a long body; jieba
        // then marks words inside the chosen passages only.
        let found = if self.terms.grams.is_empty() {
            self.matches(body)
        } else {
            merge(self.gram_matches(body))
        };
        let marks: Vec<Range<usize>> = found
            .into_iter()
            .map(|range| chars.index(range.start)..chars.index(range.end))
            .collect();
        let windows: Vec<Range<usize>> = if marks.is_empty() {
            let start = body.chars().take_while(|c| c.is_whitespace()).count();
            std::iter::once(start..(start + PASSAGE_CHARS).min(chars.len())).collect()
        } else {
            marks
                .iter()
                .map(|mark| window(&chars, mark.start))
                .collect()
        };
        let units: Vec<Vec<usize>> = marks
            .iter()
            .map(|mark| self.units_in(chars.slice(mark.clone())))
            .collect();
        let mut chosen: Vec<Range<usize>> = Vec::new();
        let mut covered: Vec<usize> = Vec::new();
        while chosen.len() < MAX_PASSAGES {
            let best = windows
                .iter()
                .filter(|window| !chosen.iter().any(|other| overlaps(window, other)))
                .map(|window| (gain(&marks, &units, window, &covered), window))
                .max_by(|(a, wa), (b, wb)| a.cmp(b).then_with(|| wb.start.cmp(&wa.start)));
            let Some((gain, window)) = best else {
                break;
            };
            if !chosen.is_empty() && gain.0 == 0 {
                break;
            }
            covered.extend(units_in_window(&marks, &units, window));
            chosen.push(window.clone());
        }
        chosen.sort_by_key(|window| window.start);
        chosen
            .into_iter()
            .map(|window| {
                let first = marks
                    .iter()
                    .find(|mark| mark.start >= window.start)
                    .map_or(window.start, |mark| mark.start.min(window.end));
                Snippet {
                    article: structure
                        .article_at(chars.byte(first))
                        .map(|article| article.number.clone()),
                    offset: window.start,
                    passage: render(&chars, window.clone(), &self.marks_in(&chars, window)),
                }
            })
            .collect()
    }
}

/// Sorts and merges overlapping or touching ranges.
fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|range| (range.start, range.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '；' | '！' | '？' | '\n' | ';' | '!' | '?')
}

/// The passage around a match starting at character `at`: from the sentence it starts in (when
/// that is near) for about [`PASSAGE_CHARS`], ending at a sentence end when one is near.
fn window(chars: &Chars, at: usize) -> Range<usize> {
    let text = &chars.chars;
    let earliest = at.saturating_sub(LEAD_CHARS * 2);
    let start = (earliest..at)
        .rev()
        .find(|&index| is_sentence_end(text[index]))
        .map_or(at.saturating_sub(LEAD_CHARS), |index| index + 1);
    let start = (start..at)
        .find(|&index| !text[index].is_whitespace())
        .unwrap_or(start);
    let limit = (start + PASSAGE_CHARS + 20).min(text.len());
    let end = (start + PASSAGE_CHARS - 40..limit)
        .rev()
        .find(|&index| is_sentence_end(text[index]))
        .map_or((start + PASSAGE_CHARS).min(text.len()), |index| index + 1);
    start..end.max(at + 1).min(text.len())
}

/// Indices of the marks lying wholly inside `window`; marks are sorted and disjoint, so they
/// are one contiguous run found by binary search.
fn inside(marks: &[Range<usize>], window: &Range<usize>) -> Range<usize> {
    let first = marks.partition_point(|mark| mark.start < window.start);
    let end = first + marks[first..].partition_point(|mark| mark.end <= window.end);
    first..end
}

/// Distinct query units marked inside `window`.
fn units_in_window(
    marks: &[Range<usize>],
    units: &[Vec<usize>],
    window: &Range<usize>,
) -> Vec<usize> {
    let inside = inside(marks, window);
    let mut found: Vec<usize> = units[inside]
        .iter()
        .flat_map(|units| units.iter().copied())
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// How much a window adds: new query units first, then how close together its marks stand.
fn gain(
    marks: &[Range<usize>],
    units: &[Vec<usize>],
    window: &Range<usize>,
    covered: &[usize],
) -> (usize, Reverse<usize>) {
    let new = units_in_window(marks, units, window)
        .into_iter()
        .filter(|unit| !covered.contains(unit))
        .count();
    let inside = &marks[inside(marks, window)];
    let span = match (inside.first(), inside.last()) {
        (Some(first), Some(last)) => last.end - first.start,
        _ => usize::MAX,
    };
    (new, Reverse(span))
}

/// The characters of `window` with the marks inside it, offsets relative to the window.
fn render(chars: &Chars, window: Range<usize>, marks: &[Range<usize>]) -> Highlighted {
    let highlights: Vec<(usize, usize)> = marks
        .iter()
        .filter(|mark| overlaps(mark, &window))
        .map(|mark| {
            (
                mark.start.max(window.start) - window.start,
                mark.end.min(window.end) - window.start,
            )
        })
        .collect();
    let cut = (window.start > 0, window.end < chars.len());
    highlighted(chars.slice(window), highlights, cut)
}

/// `text` as shown, with `highlights` (character offsets into it) marked, and `…` on the sides
/// `cut` says (before, after) the text was cut.
fn highlighted(text: &str, highlights: Vec<(usize, usize)>, cut: (bool, bool)) -> Highlighted {
    let text: String = text.chars().map(shown).collect();
    let mut html = String::new();
    if cut.0 {
        html.push('…');
    }
    let mut next = highlights.iter().peekable();
    let mut open = false;
    for (index, c) in text.chars().enumerate() {
        if let Some(&&(start, _)) = next.peek() {
            if start == index {
                html.push_str("<em>");
                open = true;
            }
        }
        escape_into(&mut html, c);
        if let Some(&&(_, end)) = next.peek() {
            if end == index + 1 && open {
                html.push_str("</em>");
                open = false;
                next.next();
            }
        }
    }
    if cut.1 {
        html.push('…');
    }
    Highlighted {
        text,
        highlights,
        html,
    }
}

/// A character as passages show it: line breaks and tabs as spaces.
fn shown(c: char) -> char {
    if c == '\n' || c == '\r' || c == '\t' {
        ' '
    } else {
        c
    }
}

fn escape_into(html: &mut String, c: char) {
    match c {
        '&' => html.push_str("&amp;"),
        '<' => html.push_str("&lt;"),
        '>' => html.push_str("&gt;"),
        '"' => html.push_str("&quot;"),
        '\'' => html.push_str("&#39;"),
        _ => html.push(c),
    }
}

#[cfg(test)]
mod tests;
