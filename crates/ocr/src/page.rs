//! A recognised page: lines of cleaned characters with their boxes in points from the top-left
//! corner (the units of a PDF page), and tesseract's confidence.

use serde::{Deserialize, Serialize};

use crate::clean::{clean_line, fix_brackets, is_chinese, Placed};
use crate::tesseract::TsvLine;

/// One character with its box, in points.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct OcrChar {
    /// The character.
    pub ch: char,
    /// Left edge.
    pub x: f32,
    /// Advance width.
    pub width: f32,
}

/// One recognised line, in points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OcrLine {
    /// Bottom edge of the line's box: the baseline, near enough.
    pub baseline: f32,
    /// Character size: the height of the line's box (tesseract's word boxes of Chinese text
    /// often reach up into the line above; its line boxes do not).
    pub size: f32,
    /// The characters, left to right.
    pub chars: Vec<OcrChar>,
    /// Mean word confidence, 0–100.
    pub confidence: f32,
}

impl OcrLine {
    /// The text of the line.
    pub fn text(&self) -> String {
        self.chars.iter().map(|ch| ch.ch).collect()
    }
}

/// One recognised page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OcrPage {
    /// Page width, in points.
    pub width: f32,
    /// Page height, in points.
    pub height: f32,
    /// Lines in the order recognised (blocks in reading order).
    pub lines: Vec<OcrLine>,
    /// Mean word confidence over the page, weighted by characters, 0–100.
    pub confidence: f32,
    /// Whether the page was cut into two columns.
    pub two_columns: bool,
    /// The middle of the column gutter, in points from the left edge, when there are two.
    #[serde(default)]
    pub gutter: Option<f32>,
    /// Degrees the page was turned by to straighten it.
    pub skew: f32,
}

impl OcrPage {
    /// The page's text, one line per line.
    pub fn text(&self) -> String {
        let lines: Vec<String> = self.lines.iter().map(OcrLine::text).collect();
        lines.join("\n")
    }
}

/// Converts lines tesseract found in a block at pixel offset (`dx`, `dy`) into cleaned lines in
/// points; `scale` is points per pixel. Each word's box is shared evenly by its characters.
/// The line's height stands for its characters' size: word boxes of Chinese text are often
/// taller than the line.
pub fn convert(lines: &[TsvLine], dx: f32, dy: f32, scale: f32) -> Vec<OcrLine> {
    let mut out = Vec::new();
    for line in lines {
        let mut placed = Vec::new();
        let mut confidence = (0.0f32, 0usize);
        for (index, word) in line.words.iter().enumerate() {
            let chars: Vec<char> = word.text.chars().collect();
            // Tesseract's box of a run of digits can reach over the next word: end each word
            // where the next begins, so characters stay in reading order.
            let mut right = word.left + word.width;
            if let Some(next) = line.words.get(index + 1) {
                if next.left > word.left && next.left < right {
                    right = next.left;
                }
            }
            let each = (right - word.left) as f32 / chars.len().max(1) as f32;
            for (index, &ch) in chars.iter().enumerate() {
                let x0 = word.left as f32 + each * index as f32;
                placed.push(Placed {
                    ch,
                    x0,
                    x1: x0 + each,
                });
            }
            confidence.0 += word.confidence * chars.len() as f32;
            confidence.1 += chars.len();
        }
        let mut cleaned = clean_line(&placed);
        fix_brackets(&mut cleaned);
        // Chinese text has no spaces: a gap between word boxes next to a Chinese character is
        // the boxes' imprecision, closed so the layout puts no space there (`〔2020〕24号`).
        for index in 1..cleaned.len() {
            let (before, after) = (cleaned[index - 1], cleaned[index]);
            if is_chinese(before.ch) || is_chinese(after.ch) {
                cleaned[index - 1].x1 = before.x1.max(after.x0);
            }
        }
        if cleaned.is_empty() {
            continue;
        }
        out.push(OcrLine {
            baseline: (line.top + line.height) as f32 * scale + dy,
            size: line.height as f32 * scale,
            chars: cleaned
                .iter()
                .map(|placed| OcrChar {
                    ch: placed.ch,
                    x: placed.x0 * scale + dx,
                    width: (placed.x1 - placed.x0) * scale,
                })
                .collect(),
            confidence: confidence.0 / confidence.1.max(1) as f32,
        });
    }
    out
}

/// Mean confidence of `lines`, weighted by characters.
pub fn page_confidence(lines: &[OcrLine]) -> f32 {
    let (sum, count) = lines.iter().fold((0.0, 0usize), |(sum, count), line| {
        (
            sum + line.confidence * line.chars.len() as f32,
            count + line.chars.len(),
        )
    });
    if count == 0 {
        0.0
    } else {
        sum / count as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tesseract::parse_tsv;

    #[test]
    fn words_become_cleaned_characters_in_points() {
        let tsv = "4\t1\t1\t1\t1\t0\t100\t50\t120\t30\t-1\t
5\t1\t1\t1\t1\t1\t100\t50\t60\t30\t90\t具体
5\t1\t1\t1\t1\t2\t160\t50\t60\t30\t70\t包括:
";
        let lines = convert(&parse_tsv(tsv).unwrap(), 10.0, 20.0, 0.5);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text(), "具体包括：");
        assert_eq!(lines[0].chars[1].x, 10.0 + 130.0 * 0.5);
        assert_eq!(lines[0].baseline, 20.0 + 80.0 * 0.5);
        assert_eq!(lines[0].size, 15.0, "the line's height in points");
        assert!((lines[0].confidence - (2.0 * 90.0 + 3.0 * 70.0) / 5.0).abs() < 1e-4);
        assert!((page_confidence(&lines) - lines[0].confidence).abs() < 1e-4);
    }

    #[test]
    fn a_word_box_reaching_over_the_next_word_is_cut_back() {
        let tsv = "4	1	1	1	1	0	675	106	111	31	-1	
5	1	1	1	1	1	675	110	107	17	92	2020
5	1	1	1	1	2	721	106	24	30	91	年
5	1	1	1	1	3	744	106	14	30	96	第
";
        let lines = convert(&parse_tsv(tsv).unwrap(), 0.0, 0.0, 1.0);
        let xs: Vec<f32> = lines[0].chars.iter().map(|placed| placed.x).collect();
        assert!(xs.windows(2).all(|pair| pair[0] < pair[1]), "{xs:?}");
        assert_eq!(lines[0].size, 31.0, "the line's height");
        let ends: Vec<f32> = lines[0]
            .chars
            .iter()
            .map(|placed| placed.x + placed.width)
            .collect();
        assert_eq!(ends[3], 721.0, "no gap before 年: {ends:?}");
    }
}
