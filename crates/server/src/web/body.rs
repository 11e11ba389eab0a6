//! A document's body on its page: a paragraph a line, the query's words in `<mark>`, headings
//! anchored for the table of contents and articles anchored by their number (`#第五十四条`).

use std::iter::Peekable;
use std::slice;

use gongbao_core::Structure;
use maud::{html, Markup};

/// The body as paragraphs, one a line, with the marked character ranges in `<mark>` (the first
/// `#m1`); the structure's headings are headings with an anchor (`#h3` for the fourth), and its
/// articles open with their number set apart, their paragraph anchored by the number.
pub(super) fn body(text: &str, highlights: &[(usize, usize)], structure: &Structure) -> Markup {
    let mut marks = Marks {
        ranges: highlights.iter().peekable(),
        opened: false,
    };
    let mut paragraphs = Vec::new();
    let mut index = 0;
    let mut line_start = 0;
    let mut headings = structure.headings.iter().enumerate().peekable();
    let mut articles = structure.articles.iter().peekable();
    for line in text.split('\n') {
        let chars = line.chars().count();
        let start = line_start;
        line_start += line.len() + 1;
        if line.trim().is_empty() {
            index += chars + 1;
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let content = u32::try_from(start + indent).unwrap_or(0);
        while headings
            .next_if(|(_, heading)| heading.start < content)
            .is_some()
        {}
        while articles
            .next_if(|article| article.start < content)
            .is_some()
        {}
        let heading = headings.next_if(|(_, heading)| heading.start == content);
        let opening = articles.next_if(|article| article.start == content);
        // An article's number, with the indent before it, is set apart.
        let number = opening.map(|article| line[..indent + article.number.len()].chars().count());
        let (number_runs, rest) = marks.line(line, index, number.unwrap_or(0));
        let content = html! {
            @if number.is_some() {
                span.article { (runs(&number_runs)) }
            }
            (runs(&rest))
        };
        paragraphs.push(match (heading, opening) {
            (Some((at, _)), _) => html! { h2.chapter id={ "h" (at) } { (content) } },
            (None, Some(article)) => html! { p id=(article.number) { (content) } },
            (None, None) => html! { p { (content) } },
        });
        index += chars + 1;
    }
    html! {
        @for paragraph in &paragraphs {
            (paragraph)
        }
    }
}

/// A stretch of a line, inside a `<mark>` or not.
struct Run {
    text: String,
    marked: bool,
    /// Whether this is the body's first mark (`#m1`, where "跳到第一处" leads).
    first: bool,
}

/// Runs of text, the marked ones in `<mark>`.
fn runs(runs: &[Run]) -> Markup {
    html! {
        @for run in runs {
            @if run.marked {
                mark id=[run.first.then_some("m1")] { (run.text) }
            } @else {
                (run.text)
            }
        }
    }
}

/// The marked character ranges of a body, walked line by line.
struct Marks<'a> {
    /// The ranges not yet passed, as character offsets into the body.
    ranges: Peekable<slice::Iter<'a, (usize, usize)>>,
    /// Whether a mark has been made.
    opened: bool,
}

impl Marks<'_> {
    /// `line`, whose first character is character `index` of the body, as runs of marked and
    /// unmarked text (`\r` left out): those of its first `split` characters, then the rest.
    /// A mark across the split is cut in two.
    fn line(&mut self, line: &str, index: usize, split: usize) -> (Vec<Run>, Vec<Run>) {
        let mut parts = (Vec::new(), Vec::new());
        let mut text = String::new();
        let mut marked = false;
        for (at, c) in line.chars().enumerate() {
            let position = index + at;
            while self.ranges.next_if(|&&(_, end)| end <= position).is_some() {}
            let now = self
                .ranges
                .peek()
                .is_some_and(|&&(start, end)| start <= position && position < end);
            if at == split || now != marked {
                let part = if at <= split {
                    &mut parts.0
                } else {
                    &mut parts.1
                };
                self.end_run(part, std::mem::take(&mut text), marked);
            }
            marked = now;
            if c != '\r' {
                text.push(c);
            }
        }
        let part = if line.chars().count() <= split {
            &mut parts.0
        } else {
            &mut parts.1
        };
        self.end_run(part, text, marked);
        parts
    }

    /// Adds the run of `text` to `part`, unless it is empty and unmarked.
    fn end_run(&mut self, part: &mut Vec<Run>, text: String, marked: bool) {
        if text.is_empty() && !marked {
            return;
        }
        let first = marked && !self.opened;
        self.opened |= marked;
        part.push(Run {
            text,
            marked,
            first,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_cross_no_line_and_articles_are_set_apart() {
        let text = "第一章 总则\n第一条 为了规范养犬行为，制定本条例。\n<b>\n第三条规定的除外。";
        let structure = Structure::recognise(text, None);
        // 养犬 is characters 15–16 of the text (line two starts at 7).
        let html = body(text, &[(15, 17)], &structure).into_string();
        assert!(
            html.contains(r#"<h2 class="chapter" id="h0">第一章 总则</h2>"#),
            "{html}"
        );
        assert!(
            html.contains(
                r#"<p id="第一条"><span class="article">第一条</span> 为了规范<mark id="m1">养犬</mark>行为"#
            ),
            "{html}"
        );
        assert!(html.contains("<p>&lt;b&gt;</p>"), "{html}");
        // Prose opening with an article's number is no article.
        assert!(html.contains("<p>第三条规定的除外。</p>"), "{html}");
    }

    #[test]
    fn a_mark_across_an_article_number_is_cut_in_two() {
        let text = "第一条 甲。\r\n第二条";
        let structure = Structure::recognise(text, None);
        // `条 甲` (characters 2–4) and the whole second line, a number alone.
        let html = body(text, &[(2, 5), (8, 11)], &structure).into_string();
        assert_eq!(
            html,
            concat!(
                r#"<p id="第一条"><span class="article">第一<mark id="m1">条</mark></span>"#,
                r#"<mark> 甲</mark>。</p>"#,
                r#"<p id="第二条"><span class="article"><mark>第二条</mark></span></p>"#,
            )
        );
    }
}
