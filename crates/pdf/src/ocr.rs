//! Scanned pages through OCR: an [`Extractor`] that hands the pages another extractor could not
//! read (no text layer, or garbage) to a [`Recognizer`], and lays out the recognised characters
//! with the same code as drawn glyphs — so column order, running headers and page numbers,
//! splitting, metadata and indexing are the same as for born-digital pages.

use std::path::Path;
use std::sync::Arc;

use gongbao_ocr::{OcrPage, Progress, Recognizer};

use crate::error::ExtractError;
use crate::extract::{Method, Page};
use crate::isolate::Extractor;
use crate::layout::{layout, layout_columns, Glyph};

/// Extraction with OCR of the pages `inner` leaves without text.
#[derive(Clone)]
pub struct OcrExtractor {
    /// The extractor tried first.
    pub inner: Arc<dyn Extractor>,
    /// Recognises the pages it could not read.
    pub recognizer: Arc<Recognizer>,
    /// Told as pages are recognised.
    pub progress: Arc<dyn Progress>,
}

impl std::fmt::Debug for OcrExtractor {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("OcrExtractor")
            .field("inner", &self.inner)
            .field("recognizer", &self.recognizer)
            .finish_non_exhaustive()
    }
}

impl Extractor for OcrExtractor {
    fn extract(&self, path: &Path, bytes: &[u8]) -> Result<Vec<Page>, ExtractError> {
        let mut pages = self.inner.extract(path, bytes)?;
        let wanted: Vec<u32> = pages
            .iter()
            .filter(|page| page.problem.is_some())
            .map(|page| page.number)
            .collect();
        if wanted.is_empty() {
            return Ok(pages);
        }
        let results = self
            .recognizer
            .recognise(path, &wanted, self.progress.as_ref());
        for (number, result) in wanted.into_iter().zip(results) {
            let Some(page) = pages.iter_mut().find(|page| page.number == number) else {
                continue;
            };
            match result {
                Ok(recognised) if recognised.lines.is_empty() => {}
                Ok(recognised) => *page = ocr_page(number, &recognised),
                Err(error) => page.problem = Some(format!("OCR failed: {error}")),
            }
        }
        Ok(pages)
    }
}

/// A recognised page as a laid-out page: each character a glyph on its line's baseline. Line
/// heights measured in pixels wobble by a pixel or two; sizes within 15% of the page's body size
/// are taken as the body size, so that paragraphs are not broken at every wobble (titles are
/// larger still).
pub fn ocr_page(number: u32, page: &OcrPage) -> Page {
    let mut sizes: Vec<f32> = page
        .lines
        .iter()
        .flat_map(|line| std::iter::repeat_n(line.size, line.chars.len()))
        .collect();
    sizes.sort_by(f32::total_cmp);
    let body = sizes.get(sizes.len() / 2).copied().unwrap_or(0.0);
    let size_of = |size: f32| {
        if (size - body).abs() <= body * 0.15 {
            body
        } else {
            size
        }
    };
    let glyphs: Vec<Glyph> = page
        .lines
        .iter()
        .flat_map(|line| {
            line.chars.iter().map(move |placed| Glyph {
                x: placed.x,
                y: line.baseline,
                width: placed.width,
                size: size_of(line.size),
                ch: placed.ch,
            })
        })
        .collect();
    Page {
        number,
        // The gutter was found in the page image, which a page with little text shows better
        // than its few glyphs do.
        layout: match page.gutter {
            Some(gutter) => layout_columns(glyphs, page.height, Some(gutter)),
            None => layout(glyphs, page.width, page.height),
        },
        method: Method::Ocr {
            confidence: page.confidence.round().clamp(0.0, 100.0) as u8,
        },
        problem: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongbao_ocr::{OcrChar, OcrLine};

    fn line(text: &str, x: f32, baseline: f32, size: f32) -> OcrLine {
        OcrLine {
            baseline,
            size,
            chars: text
                .chars()
                .enumerate()
                .map(|(i, ch)| OcrChar {
                    ch,
                    x: x + i as f32 * size,
                    width: size,
                })
                .collect(),
            confidence: 90.0,
        }
    }

    #[test]
    fn recognised_lines_are_laid_out_like_drawn_ones() {
        let mut lines = vec![
            line("禾阳省人民政府公报　2020年第5期", 150.0, 60.0, 9.0),
            line("关于加强管理的通知", 200.0, 110.0, 16.0),
        ];
        for i in 0..25 {
            let y = 150.0 + i as f32 * 20.0;
            lines.push(line("左栏正文内容左栏正文内容", 60.0, y, 12.0));
            lines.push(line("右栏正文内容右栏正文内容", 320.0, y + 3.0, 12.0));
        }
        lines.push(line("—7—", 290.0, 800.0, 10.0));
        let recognised = OcrPage {
            width: 595.0,
            height: 842.0,
            lines,
            confidence: 88.6,
            two_columns: true,
            gutter: None,
            skew: 0.0,
        };
        let page = ocr_page(7, &recognised);
        assert_eq!(page.method, Method::Ocr { confidence: 89 });
        assert!(page.layout.two_columns);
        assert_eq!(page.layout.lines[0].text, "关于加强管理的通知");
        assert!(page.layout.lines[1..26]
            .iter()
            .all(|l| l.text.starts_with('左')));
        assert!(page.layout.lines[26..]
            .iter()
            .all(|l| l.text.starts_with('右')));
        assert_eq!(
            page.layout.furniture.len(),
            2,
            "{:?}",
            page.layout.furniture
        );

        let sparse = OcrPage {
            width: 595.0,
            height: 842.0,
            lines: vec![
                line("（二）政策咨询", 60.0, 80.0, 10.0),
                line("联系电话：010-84661061", 330.0, 80.0, 10.0),
                line("中国就业培训技术指导中心", 60.0, 100.0, 10.0),
                line("人力资源社会保障部办公厅", 330.0, 100.0, 10.0),
            ],
            confidence: 90.0,
            two_columns: true,
            gutter: Some(300.0),
            skew: 0.0,
        };
        let mut wobbly = sparse.clone();
        wobbly.lines[2].size = 10.4;
        let laid = ocr_page(8, &wobbly).layout;
        assert_eq!(
            laid.lines[0].size, laid.lines[1].size,
            "a wobble is no size change"
        );
        let texts: Vec<String> = ocr_page(8, &sparse)
            .layout
            .lines
            .iter()
            .map(|line| line.text.clone())
            .collect();
        assert_eq!(
            texts,
            [
                "（二）政策咨询",
                "中国就业培训技术指导中心",
                "联系电话：010-84661061",
                "人力资源社会保障部办公厅"
            ],
            "the gutter found in the image orders a page too sparse to show it"
        );
    }
}
