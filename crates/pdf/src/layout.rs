//! Reading order on one page: characters with positions become lines, two-column bodies are read
//! column by column, and running headers and page numbers are set aside.

use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

/// One character as drawn: position of its origin (from the top-left corner), advance and size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    /// Horizontal position of the origin, in points.
    pub x: f32,
    /// Vertical position of the baseline, in points from the top of the page.
    pub y: f32,
    /// Advance width, in points.
    pub width: f32,
    /// Font size on the page, in points.
    pub size: f32,
    /// The character.
    pub ch: char,
}

/// One line of text in reading order, with what splitting needs to know about its shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    /// The text, without the line break.
    pub text: String,
    /// Font size, in points.
    pub size: f32,
    /// Distance from the left edge of its column to the start of the line, in ems.
    pub indent: f32,
    /// Distance from the end of the line to the right edge of its column, in ems.
    pub short: f32,
    /// Whether the line is centred in its column or on the page.
    pub centred: bool,
}

/// The lines of one page, with the running header and page number apart.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageLayout {
    /// Body lines in reading order.
    pub lines: Vec<Line>,
    /// Running header and page-number lines, left out of the body.
    pub furniture: Vec<String>,
    /// Whether the body was read as two columns.
    pub two_columns: bool,
}

fn page_number_pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(r"^[—–\-－─]+\s*\d{1,4}\s*[—–\-－─]+$|^\d{1,4}$|^第\s*\d{1,4}\s*页$")
            .expect("page number pattern is valid")
    })
}

fn header_pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(r"公报|^\d{4}\s*年\s*第\s*\d+\s*期$").expect("header pattern is valid")
    })
}

/// Whether a line is a running header or a printed page number.
pub fn is_furniture(text: &str, near_edge: bool) -> bool {
    let compact: String = text.chars().filter(|ch| !ch.is_whitespace()).collect();
    if page_number_pattern().is_match(&compact) {
        return true;
    }
    near_edge && compact.chars().count() <= 40 && header_pattern().is_match(&compact)
}

/// A run of glyphs on one baseline.
#[derive(Debug, Clone)]
struct Row {
    glyphs: Vec<Glyph>,
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
    /// Whether the row was not split at the gutter: it spans both columns (or there is no gutter).
    spans: bool,
}

impl Row {
    fn new(mut glyphs: Vec<Glyph>) -> Row {
        glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
        let x0 = glyphs.first().map_or(0.0, |glyph| glyph.x);
        let x1 = glyphs
            .iter()
            .map(|glyph| glyph.x + glyph.width)
            .fold(x0, f32::max);
        let y = glyphs.iter().map(|glyph| glyph.y).sum::<f32>() / glyphs.len().max(1) as f32;
        let mut sizes: Vec<f32> = glyphs.iter().map(|glyph| glyph.size).collect();
        sizes.sort_by(f32::total_cmp);
        let size = sizes.get(sizes.len() / 2).copied().unwrap_or(10.0);
        Row {
            glyphs,
            x0,
            x1,
            y,
            size,
            spans: true,
        }
    }

    fn in_column(glyphs: Vec<Glyph>) -> Row {
        Row {
            spans: false,
            ..Row::new(glyphs)
        }
    }

    fn text(&self) -> String {
        let mut text = String::new();
        let mut last: Option<&Glyph> = None;
        for glyph in &self.glyphs {
            if let Some(previous) = last {
                let gap = glyph.x - (previous.x + previous.width);
                let latin = previous.ch.is_ascii_alphanumeric() || glyph.ch.is_ascii_alphanumeric();
                if gap > glyph.size * 0.2 && latin && !text.ends_with(' ') && glyph.ch != ' ' {
                    text.push(' ');
                }
            }
            text.push(glyph.ch);
            last = Some(glyph);
        }
        text.trim().to_owned()
    }
}

/// Groups glyphs into rows by baseline, splitting a baseline at `gutter` into its two columns'
/// rows (see [`split_at_gutter`]). Glyphs come in drawing order.
fn rows(glyphs: Vec<Glyph>, gutter: Option<f32>) -> Vec<Row> {
    let mut glyphs: Vec<(usize, Glyph)> = glyphs
        .into_iter()
        .filter(|glyph| glyph.size > 0.0 && glyph.x.is_finite() && glyph.y.is_finite())
        .enumerate()
        .collect();
    glyphs.sort_by(|(_, a), (_, b)| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut bands: Vec<Vec<(usize, Glyph)>> = Vec::new();
    for (order, glyph) in glyphs {
        match bands.last_mut() {
            Some(band)
                if (glyph.y - band[0].1.y).abs() <= band[0].1.size.min(glyph.size) * 0.45 =>
            {
                band.push((order, glyph))
            }
            _ => bands.push(vec![(order, glyph)]),
        }
    }
    let mut rows = Vec::new();
    for band in bands {
        match gutter.and_then(|gutter| split_at_gutter(&band, gutter)) {
            Some((left, right)) => rows.extend(
                [left, right]
                    .into_iter()
                    .filter(|g| !g.is_empty())
                    .map(Row::in_column),
            ),
            None => rows.push(Row::new(band.into_iter().map(|(_, glyph)| glyph).collect())),
        }
    }
    rows.retain(|row| !row.text().is_empty());
    rows
}

/// The left and right column parts of one baseline (glyphs with their drawing order), or `None`
/// when the baseline spans the gutter.
///
/// A baseline that nothing crosses splits at the gutter. One that something crosses is a
/// spanning line (a title), unless it is a line overflowing its column (a long URL that cannot
/// be broken) over the other column's line: then the glyphs, in drawing order, form runs (a run
/// ends where the next glyph steps back), and each run belongs to the column it starts in, even
/// where it runs on over the gutter and overlaps the other column's text.
fn split_at_gutter(band: &[(usize, Glyph)], gutter: f32) -> Option<(Vec<Glyph>, Vec<Glyph>)> {
    let crosses = |glyph: &Glyph| glyph.x < gutter && glyph.x + glyph.width > gutter;
    if !band.iter().any(|(_, glyph)| crosses(glyph)) {
        return Some(
            band.iter()
                .map(|&(_, glyph)| glyph)
                .partition(|glyph| glyph.x < gutter),
        );
    }
    let mut drawn: Vec<Glyph> = {
        let mut ordered = band.to_vec();
        ordered.sort_by_key(|&(order, _)| order);
        ordered.into_iter().map(|(_, glyph)| glyph).collect()
    };
    let mut runs: Vec<Vec<Glyph>> = Vec::new();
    for glyph in drawn.drain(..) {
        // Origins, not advances: a font may give a '.' a full em it does not take.
        match runs.last_mut() {
            Some(run) if run.last().is_some_and(|last| glyph.x > last.x) => run.push(glyph),
            _ => runs.push(vec![glyph]),
        }
    }
    let (left, right): (Vec<Vec<Glyph>>, Vec<Vec<Glyph>>) =
        runs.into_iter().partition(|run| run[0].x < gutter);
    if left.is_empty() || right.is_empty() {
        return None;
    }
    Some((left.concat(), right.concat()))
}

/// How many visible glyphs cover each point-wide vertical strip of a page `width` points wide.
fn coverage<'a>(glyphs: impl Iterator<Item = &'a Glyph>, width: f32) -> Vec<u32> {
    let bins = width.max(1.0).ceil() as usize;
    let mut coverage = vec![0u32; bins + 1];
    for glyph in glyphs.filter(|glyph| !glyph.ch.is_whitespace()) {
        let start = glyph.x.max(0.0) as usize;
        let end = ((glyph.x + glyph.width).max(0.0) as usize).min(bins);
        for bin in coverage.iter_mut().take(end + 1).skip(start.min(bins)) {
            *bin += 1;
        }
    }
    coverage
}

/// The x of an empty vertical band near the middle of the page that body text leaves free.
pub fn find_gutter(glyphs: &[Glyph], width: f32) -> Option<f32> {
    let coverage = coverage(glyphs.iter(), width);
    let bins = coverage.len() - 1;
    let peak = *coverage.iter().max()?;
    if peak < 2 {
        return None;
    }
    // Spanning lines (titles, page numbers, running headers) cross the gutter; body lines don't.
    let threshold = peak / 4;
    let (from, to) = ((width * 0.3) as usize, (width * 0.7) as usize);
    let mut best: Option<(usize, usize)> = None;
    let mut start = None;
    for (bin, &count) in coverage
        .iter()
        .enumerate()
        .take(to.min(bins) + 1)
        .skip(from)
    {
        if count <= threshold {
            start.get_or_insert(bin);
        } else if let Some(first) = start.take() {
            if best.is_none_or(|(a, b)| bin - first > b - a) {
                best = Some((first, bin));
            }
        }
    }
    let (a, b) = best?;
    let size = median_size(glyphs);
    // Both sides of the band must hold text: a single centred column has no gutter.
    let left = coverage[..a].iter().filter(|&&c| c > threshold).count();
    let right = coverage[b..].iter().filter(|&&c| c > threshold).count();
    let wide_enough = (b - a) as f32 >= size * 0.8;
    (wide_enough && left as f32 > width * 0.2 && right as f32 > width * 0.2)
        .then_some((a + b) as f32 / 2.0)
}

/// The column grid of a two-column page: where the gutter is and where the right column starts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Columns {
    /// The x of the gutter, in points.
    pub gutter: f32,
    /// The x where the right column's lines start, in points.
    pub right: f32,
}

/// The column grid of one page `width` × `height` points from its own glyphs, if it has two
/// columns ([`find_gutter`]).
pub fn page_columns(glyphs: &[Glyph], width: f32, height: f32) -> Option<Columns> {
    let gutter = find_gutter(glyphs, width)?;
    let right = body_glyphs(glyphs, height)
        .filter(|glyph| glyph.x >= gutter)
        .map(|glyph| glyph.x)
        .fold(f32::MAX, f32::min);
    (right < f32::MAX).then_some(Columns { gutter, right })
}

/// Visible glyphs outside the running header and page number zones.
fn body_glyphs(glyphs: &[Glyph], height: f32) -> impl Iterator<Item = &Glyph> {
    glyphs.iter().filter(move |glyph| {
        !glyph.ch.is_whitespace() && glyph.y > height * 0.12 && glyph.y < height * 0.88
    })
}

/// The column grid that the pages of one PDF share, given each page's own ([`page_columns`]):
/// the commonest gutter within 2 points, when at least three pages and a third of all pages
/// have it, with the median start of their right columns. A gazette keeps its grid from page
/// to page.
pub fn shared_columns(pages: &[Option<Columns>]) -> Option<Columns> {
    let found: Vec<Columns> = pages.iter().flatten().copied().collect();
    let near = |x: f32| -> Vec<Columns> {
        found
            .iter()
            .filter(|other| (other.gutter - x).abs() <= 2.0)
            .copied()
            .collect()
    };
    let best = found
        .iter()
        .max_by_key(|columns| near(columns.gutter).len())?;
    let mut agreeing = near(best.gutter);
    if agreeing.len() < 3 || agreeing.len() * 3 < pages.len() {
        return None;
    }
    agreeing.sort_by(|a, b| a.right.total_cmp(&b.right));
    Some(Columns {
        gutter: best.gutter,
        right: agreeing[agreeing.len() / 2].right,
    })
}

/// Whether a page `height` points tall whose own text shows no gutter is read with the grid its
/// PDF shares ([`shared_columns`]). The page's own evidence is weak when one column is short
/// (the last lines of a document) or holds a narrow table; it fits the grid when its body
/// (running header and page number zones left out) has lines on both sides of the gutter, few
/// lines across it (a title may span), and most lines right of it start where the right column
/// does (2.5 ems at most: indents, a table), unlike a 目录's page numbers at the right edge.
pub fn fits_columns(glyphs: &[Glyph], height: f32, columns: Columns) -> bool {
    let body: Vec<Glyph> = body_glyphs(glyphs, height).copied().collect();
    let rows = rows(body, Some(columns.gutter));
    let spanning = rows.iter().filter(|row| row.spans).count();
    let left = rows
        .iter()
        .filter(|row| !row.spans && row.x0 < columns.gutter)
        .count();
    let right: Vec<&Row> = rows
        .iter()
        .filter(|row| !row.spans && row.x0 >= columns.gutter)
        .collect();
    let aligned = right
        .iter()
        .filter(|row| row.x0 - columns.right <= row.size * 2.5)
        .count();
    left > 0 && !right.is_empty() && aligned * 2 > right.len() && spanning * 4 <= rows.len()
}

fn median_size(glyphs: &[Glyph]) -> f32 {
    let mut sizes: Vec<f32> = glyphs.iter().map(|glyph| glyph.size).collect();
    sizes.sort_by(f32::total_cmp);
    sizes.get(sizes.len() / 2).copied().unwrap_or(10.0)
}

/// Lays out one page of `width` × `height` points.
pub fn layout(glyphs: Vec<Glyph>, width: f32, height: f32) -> PageLayout {
    let gutter = find_gutter(&glyphs, width);
    layout_columns(glyphs, height, gutter)
}

/// Lays out one page `height` points tall whose column gutter (if any) is already known, e.g.
/// found in the page image before OCR.
pub fn layout_columns(glyphs: Vec<Glyph>, height: f32, gutter: Option<f32>) -> PageLayout {
    let rows = rows(glyphs, gutter);
    let mut page = PageLayout {
        two_columns: gutter.is_some(),
        ..PageLayout::default()
    };
    let mut body = Vec::new();
    for row in rows {
        let near_edge = row.y < height * 0.12 || row.y > height * 0.88;
        let text = row.text();
        if is_furniture(&text, near_edge) && (near_edge || row.glyphs.len() <= 12) {
            page.furniture.push(text);
        } else {
            body.push(row);
        }
    }
    let left = body.iter().map(|row| row.x0).fold(f32::MAX, f32::min);
    let right = body.iter().map(|row| row.x1).fold(f32::MIN, f32::max);
    let ordered: Vec<(Row, f32, f32)> = match gutter {
        None => body.into_iter().map(|row| (row, left, right)).collect(),
        Some(gutter) => column_order(body, gutter, left, right),
    };
    for (row, col_left, col_right) in ordered {
        let em = row.size.max(1.0);
        let before = row.x0 - col_left;
        let after = col_right - row.x1;
        page.lines.push(Line {
            text: row.text(),
            size: row.size,
            indent: before / em,
            short: after / em,
            centred: before > em * 0.8 && (before - after).abs() < em * 1.2,
        });
    }
    page
}

/// Rows of a two-column page in reading order: spanning rows separate blocks, and each block is
/// read left column first. Each row comes with the edges of its column.
fn column_order(rows: Vec<Row>, gutter: f32, left: f32, right: f32) -> Vec<(Row, f32, f32)> {
    let mut ordered = Vec::new();
    let mut left_rows: Vec<Row> = Vec::new();
    let mut right_rows: Vec<Row> = Vec::new();
    let left_edge = rows
        .iter()
        .filter(|row| !row.spans && row.x1 <= gutter)
        .map(|row| row.x1)
        .fold(left, f32::max);
    let right_start = rows
        .iter()
        .filter(|row| !row.spans && row.x0 >= gutter)
        .map(|row| row.x0)
        .fold(right, f32::min);
    let flush = |ordered: &mut Vec<(Row, f32, f32)>, l: &mut Vec<Row>, r: &mut Vec<Row>| {
        ordered.extend(l.drain(..).map(|row| (row, left, left_edge)));
        ordered.extend(r.drain(..).map(|row| (row, right_start, right)));
    };
    for row in rows {
        if row.spans {
            flush(&mut ordered, &mut left_rows, &mut right_rows);
            ordered.push((row, left, right));
        } else if row.x0 < gutter {
            left_rows.push(row);
        } else {
            right_rows.push(row);
        }
    }
    flush(&mut ordered, &mut left_rows, &mut right_rows);
    ordered
}

#[cfg(test)]
#[path = "layout_tests.rs"]
mod tests;
