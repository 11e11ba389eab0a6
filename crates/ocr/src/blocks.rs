//! Page segmentation before recognition: printed rules are wiped, the column gutter is found as
//! an empty vertical band, and the page is cut into blocks in reading order — spanning lines
//! (running header, titles, page number) whole, two-column stretches as left then right column.

use crate::gray::Gray;

/// A rectangle of the page image, `[x0, x1) × [y0, y1)` in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// Left edge.
    pub x0: usize,
    /// Top edge.
    pub y0: usize,
    /// Right edge (exclusive).
    pub x1: usize,
    /// Bottom edge (exclusive).
    pub y1: usize,
}

/// Whitens straight rules (header rules, column rules, frames): runs of ink longer than any
/// character stroke at `dpi`. Returns how many pixels were wiped.
pub fn wipe_rules(image: &mut Gray, threshold: u8, dpi: u32) -> usize {
    let horizontal = (dpi as usize * 3) / 2;
    let vertical = (dpi as usize * 4) / 5;
    let (width, height) = (image.width, image.height);
    let ink = image.ink(threshold);
    let mut wipe = vec![false; ink.len()];
    for y in 0..height {
        let row = &ink[y * width..][..width];
        let mut x = 0;
        while x < width {
            let start = x;
            while x < width && row[x] {
                x += 1;
            }
            if x - start >= horizontal {
                // With the anti-aliased rows just above and below.
                for row in y.saturating_sub(1)..(y + 2).min(height) {
                    wipe[row * width + start..row * width + x].fill(true);
                }
            }
            x += 1;
        }
    }
    for x in 0..width {
        let mut y = 0;
        while y < height {
            let start = y;
            while y < height && ink[y * width + x] {
                y += 1;
            }
            if y - start >= vertical {
                for row in start..y {
                    // With the anti-aliased columns on either side.
                    for column in x.saturating_sub(1)..(x + 2).min(width) {
                        wipe[row * width + column] = true;
                    }
                }
            }
            y += 1;
        }
    }
    let mut wiped = 0;
    for ((pixel, wipe), ink) in image.pixels.iter_mut().zip(wipe).zip(ink) {
        if wipe && ink {
            *pixel = 255;
            wiped += 1;
        }
    }
    wiped
}

/// The gutter of a two-column page: the widest band in the middle of the page that only a few
/// rows of ink cross (spanning titles), with text on both sides. The top and bottom 8% of the
/// page (running header, page number) are not looked at.
pub fn find_gutter(ink: &[bool], width: usize, height: usize) -> Option<(usize, usize)> {
    let mut rows_with_ink = vec![0usize; width];
    // Running headers and page numbers cross the gutter of every page; on a page with little
    // body text they would hide it.
    for y in height * 8 / 100..height * 92 / 100 {
        for (x, count) in rows_with_ink.iter_mut().enumerate() {
            *count += usize::from(ink[y * width + x]);
        }
    }
    let peak = *rows_with_ink.iter().max()?;
    if peak == 0 {
        return None;
    }
    let threshold = peak / 6;
    let (from, to) = (width * 3 / 10, width * 7 / 10);
    let mut best: Option<(usize, usize)> = None;
    let mut start = None;
    for (x, &count) in rows_with_ink.iter().enumerate().take(to + 1).skip(from) {
        if count <= threshold {
            start.get_or_insert(x);
        } else if let Some(first) = start.take() {
            if best.is_none_or(|(a, b)| x - first > b - a) {
                best = Some((first, x));
            }
        }
    }
    let (a, b) = best?;
    let texty = |range: &[usize]| range.iter().filter(|&&count| count > threshold).count();
    let wide_enough = b - a >= width / 100;
    (wide_enough
        && texty(&rows_with_ink[..a]) > width / 8
        && texty(&rows_with_ink[b..]) > width / 8)
        .then_some((a, b))
}

/// Maximal runs of rows with ink between `x0` and `x1`: the text lines of that strip.
fn bands(
    ink: &[bool],
    width: usize,
    x0: usize,
    x1: usize,
    y0: usize,
    y1: usize,
) -> Vec<(usize, usize)> {
    let mut bands = Vec::new();
    let mut start = None;
    for y in y0..y1 {
        let inked = ink[y * width + x0..y * width + x1].iter().any(|&ink| ink);
        match (inked, start) {
            (true, None) => start = Some(y),
            (false, Some(first)) => {
                bands.push((first, y));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(first) = start {
        bands.push((first, y1));
    }
    bands
}

/// The ink-tight box of `[x0, x1) × [y0, y1)`, or `None` when it is blank.
fn tight(ink: &[bool], width: usize, x0: usize, x1: usize, y0: usize, y1: usize) -> Option<Block> {
    let (mut left, mut right, mut top, mut bottom) = (usize::MAX, 0, usize::MAX, 0);
    for y in y0..y1 {
        for x in x0..x1 {
            if ink[y * width + x] {
                left = left.min(x);
                right = right.max(x + 1);
                top = top.min(y);
                bottom = bottom.max(y + 1);
            }
        }
    }
    (left < right).then_some(Block {
        x0: left,
        y0: top,
        x1: right,
        y1: bottom,
    })
}

/// The blocks of a page in reading order, and the middle of the gutter when it has two columns.
pub fn blocks(ink: &[bool], width: usize, height: usize) -> (Vec<Block>, Option<usize>) {
    let Some((g0, g1)) = find_gutter(ink, width, height) else {
        return (
            tight(ink, width, 0, width, 0, height).into_iter().collect(),
            None,
        );
    };
    let middle = (g0 + g1) / 2;
    let lines = bands(ink, width, 0, width, 0, height);
    // A line crosses the gutter when its ink covers a good part of the gutter's width: specks
    // and what is left of a column rule cover a few pixels only.
    let crossing = |(top, bottom): (usize, usize)| {
        let covered = (g0..g1)
            .filter(|&x| (top..bottom).any(|y| ink[y * width + x]))
            .count();
        covered >= ((g1 - g0) / 4).max(3)
    };
    let mut out = Vec::new();
    let mut columns_from: Option<usize> = None;
    let mut spanning: Option<(usize, usize)> = None;
    let flush_columns = |out: &mut Vec<Block>, from: usize, to: usize| {
        out.extend(tight(ink, width, 0, middle, from, to));
        out.extend(tight(ink, width, middle, width, from, to));
    };
    let flush_spanning = |out: &mut Vec<Block>, (top, bottom): (usize, usize)| {
        out.extend(tight(ink, width, 0, width, top, bottom));
    };
    for line in lines {
        if crossing(line) {
            if let Some(from) = columns_from.take() {
                flush_columns(&mut out, from, line.0);
            }
            // Spanning lines close together (a title over two lines) are one block.
            spanning = match spanning {
                Some((top, bottom)) if line.0 - bottom <= (bottom - top).min(line.1 - line.0) => {
                    Some((top, line.1))
                }
                Some(previous) => {
                    flush_spanning(&mut out, previous);
                    Some(line)
                }
                None => Some(line),
            };
        } else {
            if let Some(previous) = spanning.take() {
                flush_spanning(&mut out, previous);
            }
            columns_from.get_or_insert(line.0);
        }
    }
    if let Some(previous) = spanning {
        flush_spanning(&mut out, previous);
    }
    if let Some(from) = columns_from {
        flush_columns(&mut out, from, height);
    }
    (out, Some(middle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fill(ink: &mut [bool], width: usize, x0: usize, x1: usize, y0: usize, y1: usize) {
        for y in y0..y1 {
            ink[y * width + x0..y * width + x1].fill(true);
        }
    }

    #[test]
    fn a_two_column_page_is_read_title_left_right_then_footer() {
        let (width, height) = (600, 800);
        let mut ink = vec![false; width * height];
        fill(&mut ink, width, 100, 500, 40, 70);
        for line in 0..20 {
            let y = 100 + line * 30;
            fill(&mut ink, width, 40, 280, y, y + 18);
            fill(&mut ink, width, 320, 560, y + 5, y + 23);
        }
        fill(&mut ink, width, 280, 320, 760, 775);
        let (blocks, gutter) = blocks(&ink, width, height);
        assert_eq!(gutter, Some(300));
        assert_eq!(blocks.len(), 4, "{blocks:?}");
        assert_eq!((blocks[0].y0, blocks[0].x0), (40, 100));
        assert!(blocks[1].x1 <= 300 && blocks[2].x0 >= 300, "{blocks:?}");
        assert_eq!(blocks[3].y0, 760);
    }

    #[test]
    fn a_page_with_three_lines_per_column_under_a_running_header_has_two_columns() {
        let (width, height) = (600, 800);
        let mut ink = vec![false; width * height];
        fill(&mut ink, width, 150, 450, 20, 35);
        for line in 0..3 {
            let y = 80 + line * 30;
            fill(&mut ink, width, 40, 250, y, y + 18);
            fill(&mut ink, width, 330, 560, y, y + 18);
        }
        fill(&mut ink, width, 40, 70, 770, 785);
        let (blocks, gutter) = blocks(&ink, width, height);
        assert!(gutter.is_some(), "{blocks:?}");
        assert_eq!(
            blocks.len(),
            3,
            "the page number goes with its column: {blocks:?}"
        );
        assert_eq!((blocks[1].x1, blocks[2].x0), (250, 330));
    }

    #[test]
    fn a_single_column_page_is_one_block_and_rules_are_wiped() {
        let mut image = Gray::white(600, 800);
        for y in 100..700 {
            if y % 30 < 18 {
                image.pixels[y * 600 + 50..y * 600 + 550]
                    .iter_mut()
                    .step_by(3)
                    .for_each(|p| *p = 0);
            }
        }
        image.pixels[60 * 600 + 50..60 * 600 + 550].fill(0);
        let wiped = wipe_rules(&mut image, 128, 150);
        assert_eq!(wiped, 500);
        let (blocks, gutter) = blocks(&image.ink(128), 600, 800);
        assert_eq!(gutter, None);
        assert_eq!(
            blocks,
            vec![Block {
                x0: 50,
                y0: 100,
                x1: 549,
                y1: 700
            }]
        );
    }
}
