//! Splitting a gazette issue into its documents: the issue from the cover (`YYYY年第N期`), the
//! 目录 when there is one, and document titles found as lines set larger than the body text.

use std::sync::OnceLock;

use gongbao_core::{Document, GazetteIssue};
use gongbao_pdf::{page_text, Line, Page};
use regex::Regex;

use crate::text::parse_text_document;

/// Issue of a gazette, as printed on its cover.
pub type Issue = GazetteIssue;

/// One document found in an issue.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// The title as printed.
    pub title: String,
    /// The body, one paragraph per line.
    pub body: String,
    /// First physical page.
    pub first_page: u32,
    /// Last physical page.
    pub last_page: u32,
}

fn issue_pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(r"(\d{4})\s*年\s*第\s*(\d{1,3})\s*期").expect("issue pattern is valid")
    })
}

fn back_matter_pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(r"^(主管|主办|编辑出版|编辑|出版|地址|电话|邮编|邮政编码|印刷|发行|国内统一连续出版物号|定价)")
            .expect("back matter pattern is valid")
    })
}

fn compact(text: &str) -> String {
    text.chars().filter(|ch| !ch.is_whitespace()).collect()
}

/// The issue a gazette PDF is, from its first pages and running headers.
pub fn find_issue(pages: &[Page]) -> Option<Issue> {
    let front = pages.iter().take(2);
    let mut candidates: Vec<&str> = Vec::new();
    for page in front.clone() {
        candidates.extend(page.layout.lines.iter().map(|line| line.text.as_str()));
        candidates.extend(page.layout.furniture.iter().map(String::as_str));
    }
    for page in pages.iter().skip(1).take(3) {
        candidates.extend(page.layout.furniture.iter().map(String::as_str));
    }
    let (year, number) = candidates.iter().find_map(|text| {
        let captures = issue_pattern().captures(text)?;
        Some((captures[1].parse().ok()?, captures[2].parse().ok()?))
    })?;
    let gazette = candidates.iter().find_map(|text| {
        let text = compact(text);
        let end = text.find("公报")? + "公报".len();
        let name = &text[..end];
        (name.chars().count() >= 4 && name.chars().count() <= 24).then(|| name.to_owned())
    })?;
    Some(Issue {
        gazette,
        year,
        number,
    })
}

/// A line with the page it is on.
#[derive(Debug, Clone, Copy)]
struct Placed<'a> {
    page: u32,
    line: &'a Line,
}

/// Entries of the 目录: titles and the pages they start on.
fn table_of_contents(pages: &[Page]) -> (Vec<(String, u32)>, Vec<u32>) {
    static ENTRY: OnceLock<Regex> = OnceLock::new();
    let entry = ENTRY.get_or_init(|| {
        Regex::new(r"^(.+?)[\s.·…．‥⋯_-]*(\d{1,4})$").expect("toc entry pattern is valid")
    });
    let mut entries = Vec::new();
    let mut toc_pages = Vec::new();
    for page in pages.iter().take(3) {
        let lines = &page.layout.lines;
        let Some(start) = lines.iter().position(|line| compact(&line.text) == "目录") else {
            continue;
        };
        toc_pages.push(page.number);
        let mut pending = String::new();
        for line in &lines[start + 1..] {
            let text = compact(&line.text);
            if text.starts_with('【') && text.ends_with('】') {
                continue;
            }
            let joined = format!("{pending}{text}");
            match entry.captures(&joined) {
                Some(captures) => {
                    let title = captures[1].trim_end_matches(['.', '·', '…']).to_owned();
                    if let Ok(number) = captures[2].parse() {
                        entries.push((title, number));
                    }
                    pending.clear();
                }
                None => pending = joined,
            }
        }
    }
    (entries, toc_pages)
}

/// Splits an issue's pages into documents. Returns nothing when no title is found.
pub fn split_issue(pages: &[Page]) -> Vec<Section> {
    let (toc, toc_pages) = table_of_contents(pages);
    // Page 1 is the cover unless it carries a running header or page number, as body pages
    // do: pages taken out of an issue (a scan of one document) start with a body page.
    let first_is_body = pages
        .first()
        .is_some_and(|page| page.number == 1 && !page.layout.furniture.is_empty());
    let first_body = toc_pages
        .iter()
        .max()
        .map_or(if first_is_body { 1 } else { 2 }, |page| page + 1);
    let body_pages: Vec<&Page> = pages
        .iter()
        .filter(|page| page.number >= first_body.min(pages.len() as u32))
        .filter(|page| !is_back_cover(page))
        .collect();
    let lines: Vec<Placed> = body_pages
        .iter()
        .flat_map(|page| {
            page.layout.lines.iter().map(|line| Placed {
                page: page.number,
                line,
            })
        })
        .collect();
    let body_size = median_size(&lines);
    let is_title = |line: &Line| line.size >= body_size * 1.25 && line.size > 0.0;
    let mut starts: Vec<(usize, usize, String)> = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        if is_title(lines[index].line) {
            let begin = index;
            let mut title = String::new();
            while index < lines.len()
                && is_title(lines[index].line)
                && (index == begin || lines[index].page == lines[begin].page)
            {
                title.push_str(lines[index].line.text.trim());
                index += 1;
            }
            starts.push((begin, index, title));
        } else {
            index += 1;
        }
    }
    if starts.is_empty() {
        starts = toc_starts(&lines, &toc);
    }
    let mut sections = Vec::new();
    for (position, (begin, body_start, title)) in starts.iter().enumerate() {
        let end = starts.get(position + 1).map_or(lines.len(), |next| next.0);
        let body_lines = &lines[*body_start..end];
        let title = printed_title(title, &toc);
        let last_page = body_lines
            .last()
            .map_or(lines[*begin].page, |placed| placed.page);
        sections.push(Section {
            title,
            body: paragraphs(body_lines.iter().map(|placed| placed.line)),
            first_page: lines[*begin].page,
            last_page,
        });
    }
    sections
}

/// The 目录's spelling of a title found on the page, when they agree apart from spacing.
fn printed_title(found: &str, toc: &[(String, u32)]) -> String {
    let key = compact(found);
    toc.iter()
        .find(|(title, _)| compact(title) == key)
        .map_or_else(|| key.clone(), |(title, _)| title.clone())
}

/// Document starts from the 目录 alone, for pages where titles are not set larger (fallback
/// text): the first line on the listed page that begins the listed title.
fn toc_starts(lines: &[Placed], toc: &[(String, u32)]) -> Vec<(usize, usize, String)> {
    let mut starts = Vec::new();
    for (title, page) in toc {
        let key = compact(title);
        let found = lines.iter().enumerate().find(|(_, placed)| {
            placed.page == *page && {
                let text = compact(&placed.line.text);
                !text.is_empty() && key.starts_with(&text)
            }
        });
        if let Some((begin, _)) = found {
            let mut end = begin;
            let mut seen = String::new();
            while end < lines.len() && seen.len() < key.len() {
                seen.push_str(&compact(&lines[end].line.text));
                end += 1;
            }
            starts.push((begin, end, title.clone()));
        }
    }
    starts.sort_by_key(|start| start.0);
    starts
}

fn is_back_cover(page: &Page) -> bool {
    page.layout.furniture.is_empty()
        && page
            .layout
            .lines
            .iter()
            .filter(|line| back_matter_pattern().is_match(&compact(&line.text)))
            .count()
            >= 2
}

fn median_size(lines: &[Placed]) -> f32 {
    let mut sizes: Vec<f32> = lines
        .iter()
        .map(|placed| placed.line.size)
        .filter(|size| *size > 0.0)
        .collect();
    sizes.sort_by(f32::total_cmp);
    sizes.get(sizes.len() / 2).copied().unwrap_or(0.0)
}

/// Joins lines into paragraphs: a break where a line is indented, centred, set in another size
/// or follows a short line; inside a paragraph lines are joined without spaces, except between
/// Latin letters or digits.
pub fn paragraphs<'a>(lines: impl Iterator<Item = &'a Line>) -> String {
    let mut text = String::new();
    let mut previous: Option<&Line> = None;
    for line in lines {
        let content = line.text.trim();
        if content.is_empty() {
            continue;
        }
        if let Some(before) = previous {
            let positioned = line.size > 0.0 && before.size > 0.0;
            let breaks = !positioned
                || line.indent >= 1.5
                || line.centred
                || before.centred
                || before.short >= 1.5
                || (line.size - before.size).abs() > 0.5;
            if breaks {
                text.push('\n');
            } else if text.ends_with(|ch: char| ch.is_ascii_alphanumeric())
                && content.starts_with(|ch: char| ch.is_ascii_alphanumeric())
            {
                text.push(' ');
            }
        }
        text.push_str(content);
        previous = Some(line);
    }
    text
}

/// The documents of a PDF: one per document of a gazette issue (ids `<path>#<n>`, with pages and
/// issue), else one for the whole file.
pub fn documents_of(relative: &str, pages: &[Page]) -> Vec<Document> {
    let issue = find_issue(pages);
    let sections = if issue.is_some() {
        split_issue(pages)
    } else {
        Vec::new()
    };
    if sections.is_empty() {
        let texts: Vec<String> = pages.iter().map(|page| page_text(&page.layout)).collect();
        let text = texts.join("\n");
        if !text.chars().any(char::is_alphanumeric) {
            return Vec::new();
        }
        let mut document = parse_text_document(relative, relative, &text);
        let first = pages.iter().find(|page| page.problem.is_none());
        let last = pages.iter().rev().find(|page| page.problem.is_none());
        document.source.pages = first.zip(last).map(|(a, b)| (a.number, b.number));
        document.source.issue = issue;
        return vec![document];
    }
    sections
        .into_iter()
        .enumerate()
        .map(|(index, section)| {
            let id = format!("{relative}#{}", index + 1);
            let text = format!("# {}\n\n{}", section.title, section.body);
            let mut document = parse_text_document(&id, relative, &text);
            document.title = section.title;
            document.source.pages = Some((section.first_page, section.last_page));
            document.source.issue = issue.clone();
            document
        })
        .collect()
}

#[cfg(test)]
#[path = "split_tests.rs"]
mod tests;
