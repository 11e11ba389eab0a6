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

/// Groups glyphs into rows by baseline, splitting a baseline at `gutter` when nothing crosses it.
fn rows(mut glyphs: Vec<Glyph>, gutter: Option<f32>) -> Vec<Row> {
    glyphs.retain(|glyph| glyph.size > 0.0 && glyph.x.is_finite() && glyph.y.is_finite());
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut bands: Vec<Vec<Glyph>> = Vec::new();
    for glyph in glyphs {
        match bands.last_mut() {
            Some(band) if (glyph.y - band[0].y).abs() <= band[0].size.min(glyph.size) * 0.45 => {
                band.push(glyph)
            }
            _ => bands.push(vec![glyph]),
        }
    }
    let mut rows = Vec::new();
    for band in bands {
        let split = gutter.filter(|&gutter| {
            !band
                .iter()
                .any(|glyph| glyph.x < gutter && glyph.x + glyph.width > gutter)
        });
        match split {
            Some(gutter) => {
                let (left, right): (Vec<Glyph>, Vec<Glyph>) =
                    band.into_iter().partition(|glyph| glyph.x < gutter);
                rows.extend(
                    [left, right]
                        .into_iter()
                        .filter(|g| !g.is_empty())
                        .map(Row::new),
                );
            }
            None => rows.push(Row::new(band)),
        }
    }
    rows.retain(|row| !row.text().is_empty());
    rows
}

/// The x of an empty vertical band near the middle of the page that body text leaves free.
fn find_gutter(glyphs: &[Glyph], width: f32) -> Option<f32> {
    let bins = width.max(1.0).ceil() as usize;
    let mut coverage = vec![0u32; bins + 1];
    for glyph in glyphs.iter().filter(|glyph| !glyph.ch.is_whitespace()) {
        let start = glyph.x.max(0.0) as usize;
        let end = ((glyph.x + glyph.width).max(0.0) as usize).min(bins);
        for bin in coverage.iter_mut().take(end + 1).skip(start.min(bins)) {
            *bin += 1;
        }
    }
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
        .filter(|row| row.x1 <= gutter)
        .map(|row| row.x1)
        .fold(left, f32::max);
    let right_start = rows
        .iter()
        .filter(|row| row.x0 >= gutter)
        .map(|row| row.x0)
        .fold(right, f32::min);
    let flush = |ordered: &mut Vec<(Row, f32, f32)>, l: &mut Vec<Row>, r: &mut Vec<Row>| {
        ordered.extend(l.drain(..).map(|row| (row, left, left_edge)));
        ordered.extend(r.drain(..).map(|row| (row, right_start, right)));
    };
    for row in rows {
        if row.x1 <= gutter {
            left_rows.push(row);
        } else if row.x0 >= gutter {
            right_rows.push(row);
        } else {
            flush(&mut ordered, &mut left_rows, &mut right_rows);
            ordered.push((row, left, right));
        }
    }
    flush(&mut ordered, &mut left_rows, &mut right_rows);
    ordered
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, x: f32, y: f32, size: f32) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, ch)| Glyph {
                x: x + i as f32 * size,
                y,
                width: size,
                size,
                ch,
            })
            .collect()
    }

    #[test]
    fn two_columns_are_read_left_column_first() {
        let mut glyphs = line("关于加强管理的通知", 200.0, 100.0, 16.0);
        for i in 0..30 {
            let y = 140.0 + i as f32 * 18.0;
            glyphs.extend(line("左栏正文内容左栏正文内容", 50.0, y, 12.0));
            glyphs.extend(line("右栏正文内容右栏正文内容", 320.0, y, 12.0));
        }
        glyphs.extend(line("— 3 —", 280.0, 800.0, 10.0));
        glyphs.extend(line("禾阳省人民政府公报　2020年第3期", 50.0, 40.0, 10.0));
        let page = layout(glyphs, 595.0, 842.0);
        assert!(page.two_columns);
        assert_eq!(page.lines[0].text, "关于加强管理的通知");
        assert!(page.lines[1..31].iter().all(|l| l.text.starts_with('左')));
        assert!(page.lines[31..].iter().all(|l| l.text.starts_with('右')));
        assert_eq!(page.furniture.len(), 2, "{:?}", page.furniture);
    }

    #[test]
    fn page_numbers_and_headers_are_furniture() {
        assert!(is_furniture("— 12 —", false));
        assert!(is_furniture("澜江市人民政府公报　2020年第4期", true));
        assert!(!is_furniture("第一条 为了加强管理", true));
    }
}
