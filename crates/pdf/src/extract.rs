//! Page-by-page extraction: pdf-extract draws each page into a collector of positioned glyphs,
//! each page is laid out, judged, and handed to `pdftotext` when it is garbage. Pages with fonts
//! pdf-extract cannot read (predefined CJK CMaps, GBK behind WinAnsi) are drawn by our own
//! [`content`](crate::content) reader, which is also tried before `pdftotext` when pdf-extract
//! crashes or returns garbage.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};
use serde::{Deserialize, Serialize};

use crate::content::{self, DrawnPage};
use crate::error::{ExtractError, PdfError};
use crate::fallback;
use crate::fonts::Decoding;
use crate::garbage::{judge, redecode_gbk, redecode_gbk_line, Verdict};
use crate::layout::{
    fits_columns, is_furniture, layout, layout_columns, page_columns, shared_columns, Glyph, Line,
    PageLayout,
};

/// Which extractor produced a page's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// pdf-extract, with positions.
    PdfExtract,
    /// pdf-extract, with GBK bytes behind a WinAnsi font decoded again as GBK.
    PdfExtractGbk,
    /// Our content reader, strings in a predefined GBK / GB 18030 CMap (`GBK-EUC-H`, …).
    CmapGbk,
    /// Our content reader, strings in a predefined Unicode CMap (`UniGB-UTF16-H`, …).
    CmapUtf16,
    /// Our content reader, GBK bytes behind a simple font declared WinAnsi.
    SimpleGbk,
    /// Our content reader with the fonts' own maps, after pdf-extract crashed or returned
    /// garbage.
    ContentReader,
    /// poppler's `pdftotext -raw`.
    Pdftotext,
    /// Neither produced text.
    None,
    /// Tesseract, on the rendered page image (see `gongbao-ocr`), with its mean word
    /// confidence (0–100).
    Ocr {
        /// Mean word confidence over the page, 0–100.
        confidence: u8,
    },
}

/// One physical page of a PDF.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    /// Physical page number, 1-based.
    pub number: u32,
    /// Body lines and the furniture set aside.
    pub layout: PageLayout,
    /// Where the text came from.
    pub method: Method,
    /// Why the page has no usable text: `needs OCR` for a page without a text layer.
    pub problem: Option<String>,
}

/// What a page without a text layer is reported as.
pub const NEEDS_OCR: &str = "needs OCR";

/// Collects the glyphs of one page.
#[derive(Default)]
struct Collector {
    glyphs: Vec<Glyph>,
    width: f32,
    height: f32,
    left: f32,
    top: f32,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.width = (media_box.urx - media_box.llx) as f32;
        self.height = (media_box.ury - media_box.lly) as f32;
        self.left = media_box.llx as f32;
        self.top = media_box.ury as f32;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        // The font-size square through the text matrix, as pdf-extract's own text output does.
        let sx = font_size * (trm.m11 + trm.m21);
        let sy = font_size * (trm.m12 + trm.m22);
        let size = (sx * sy).abs().sqrt() as f32;
        let count = text.chars().count().max(1) as f32;
        let advance = width as f32 * size / count;
        let mut x = trm.m31 as f32 - self.left;
        let y = self.top - trm.m32 as f32;
        for ch in text.chars().filter(|ch| !ch.is_control()) {
            self.glyphs.push(Glyph {
                x,
                y,
                width: advance,
                size,
                ch,
            });
            x += advance;
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Extracts every page of a PDF in this process. Parser panics on one page become that page's
/// problem (and a fallback attempt); a file lopdf cannot open at all goes to `pdftotext` whole.
pub fn extract_pages(bytes: &[u8]) -> Result<Vec<Page>, ExtractError> {
    let mut scratch = Scratch::new(bytes);
    let loaded = catch_unwind(AssertUnwindSafe(|| load(bytes)));
    let document = match loaded {
        Ok(Ok(document)) => document,
        Ok(Err(error)) => return whole_file_fallback(&mut scratch, &error.to_string()),
        Err(panic) => return whole_file_fallback(&mut scratch, &panic_message(panic.as_ref())),
    };
    let numbers = document.get_pages();
    if numbers.is_empty() {
        // lopdf refused the page tree (or there is none): poppler may still read it.
        return whole_file_fallback(&mut scratch, "no pages (the page tree cannot be read)");
    }
    let mut pages = Vec::with_capacity(numbers.len());
    // The glyphs of pages laid out from drawn glyphs, for reading them again with the gutter the
    // PDF's pages share.
    let mut drawings: Vec<Option<Drawing>> = Vec::with_capacity(numbers.len());
    for (number, page_id) in numbers {
        let ours = catch_unwind(AssertUnwindSafe(|| {
            content::needs_own_decoding(&document, page_id)
        }));
        if ours.unwrap_or(false) {
            if let Some((page, drawing)) = own_page(&document, number, page_id) {
                pages.push(page);
                drawings.push(Some(drawing));
                continue;
            }
        }
        let second_chance =
            |scratch: &mut Scratch, reason: String| match own_page(&document, number, page_id) {
                Some((page, drawing)) => (page, Some(drawing)),
                None => (fall_back(scratch, number, reason), None),
            };
        let drawn = catch_unwind(AssertUnwindSafe(|| {
            let mut collector = Collector::default();
            pdf_extract::output_doc_page(&document, &mut collector, number)
                .map(|()| collector)
                .map_err(|error| format!("{error:?}"))
        }));
        let drawn = match drawn {
            Ok(result) => result,
            Err(panic) => Err(format!("parser crashed: {}", panic_message(panic.as_ref()))),
        };
        let (page, drawing) = match drawn {
            Ok(collector) => {
                let drawing = Drawing {
                    glyphs: collector.glyphs,
                    width: collector.width,
                    height: collector.height,
                };
                let layout = layout(drawing.glyphs.clone(), drawing.width, drawing.height);
                let text = page_text(&layout);
                match judge(&text) {
                    Verdict::Text => (
                        Page {
                            number,
                            layout,
                            method: Method::PdfExtract,
                            problem: None,
                        },
                        Some(drawing),
                    ),
                    Verdict::Empty => (fall_back(&mut scratch, number, NEEDS_OCR.to_owned()), None),
                    Verdict::Mojibake if redecode_gbk(&text).is_some() => {
                        let mut layout = layout;
                        for line in &mut layout.lines {
                            if let Some(decoded) = redecode_gbk_line(&line.text) {
                                line.text = decoded;
                            }
                        }
                        let page = Page {
                            number,
                            layout,
                            method: Method::PdfExtractGbk,
                            problem: None,
                        };
                        (page, None)
                    }
                    Verdict::Mojibake => second_chance(
                        &mut scratch,
                        "unreadable text (no usable ToUnicode map)".to_owned(),
                    ),
                }
            }
            Err(reason) => second_chance(&mut scratch, reason),
        };
        pages.push(page);
        drawings.push(drawing);
    }
    read_with_shared_gutter(&mut pages, drawings);
    Ok(pages)
}

/// The glyphs of one page as drawn, kept until all pages are laid out.
struct Drawing {
    glyphs: Vec<Glyph>,
    width: f32,
    height: f32,
}

/// Lays out again, with the column grid most pages share, the pages whose own glyphs showed no
/// gutter but fit the grid (see [`fits_columns`]): a two-column page whose right column is short
/// or holds a narrow table is still read column by column.
fn read_with_shared_gutter(pages: &mut [Page], drawings: Vec<Option<Drawing>>) {
    let own: Vec<_> = drawings
        .iter()
        .map(|drawing| {
            drawing
                .as_ref()
                .and_then(|drawing| page_columns(&drawing.glyphs, drawing.width, drawing.height))
        })
        .collect();
    let Some(columns) = shared_columns(&own) else {
        return;
    };
    for ((page, drawing), own) in pages.iter_mut().zip(drawings).zip(own) {
        let Some(drawing) = drawing else { continue };
        if own.is_none() && fits_columns(&drawing.glyphs, drawing.height, columns) {
            page.layout = layout_columns(drawing.glyphs, drawing.height, Some(columns.gutter));
        }
    }
}

/// A page drawn by our own content reader, when it gives readable text.
fn own_page(
    document: &pdf_extract::Document,
    number: u32,
    page_id: lopdf::ObjectId,
) -> Option<(Page, Drawing)> {
    let drawn = catch_unwind(AssertUnwindSafe(|| content::draw_page(document, page_id)));
    let DrawnPage {
        glyphs,
        width,
        height,
        decoding,
    } = drawn.ok()?.ok()?;
    let drawing = Drawing {
        glyphs,
        width,
        height,
    };
    let layout = layout(drawing.glyphs.clone(), width, height);
    if judge(&page_text(&layout)) != Verdict::Text {
        return None;
    }
    let method = match decoding? {
        Decoding::CmapGbk => Method::CmapGbk,
        Decoding::CmapUtf16 => Method::CmapUtf16,
        Decoding::SimpleGbk => Method::SimpleGbk,
        Decoding::FontMap => Method::ContentReader,
    };
    Some((
        Page {
            number,
            layout,
            method,
            problem: None,
        },
        drawing,
    ))
}

fn load(bytes: &[u8]) -> Result<pdf_extract::Document, PdfError> {
    let mut document = pdf_extract::Document::load_mem(bytes).map_err(PdfError::Parse)?;
    if document.is_encrypted() {
        document.decrypt("").map_err(PdfError::Encrypted)?;
    }
    Ok(document)
}

/// The text of a laid-out page, one line per line.
pub fn page_text(layout: &PageLayout) -> String {
    let lines: Vec<&str> = layout.lines.iter().map(|line| line.text.as_str()).collect();
    lines.join("\n")
}

/// Tries `pdftotext` on one page whose own extraction failed for `reason`.
fn fall_back(scratch: &mut Scratch, number: u32, reason: String) -> Page {
    let text = scratch
        .path()
        .and_then(|path| fallback::page_text(&path, number));
    match text {
        Ok(text) if judge(&text) == Verdict::Text => Page {
            number,
            layout: plain_layout(&text),
            method: Method::Pdftotext,
            problem: None,
        },
        Ok(text) if judge(&text) == Verdict::Empty && reason == NEEDS_OCR => Page {
            number,
            layout: PageLayout::default(),
            method: Method::None,
            problem: Some(NEEDS_OCR.to_owned()),
        },
        _ => Page {
            number,
            layout: PageLayout::default(),
            method: Method::None,
            problem: Some(reason),
        },
    }
}

/// Runs `pdftotext` on a file lopdf could not open, splitting its output at form feeds.
fn whole_file_fallback(scratch: &mut Scratch, reason: &str) -> Result<Vec<Page>, ExtractError> {
    let unreadable = || ExtractError::Unreadable(reason.to_owned());
    let path = scratch.path().map_err(|_| unreadable())?;
    let output = std::process::Command::new(fallback::program())
        .args(["-q", "-raw", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .map_err(|_| unreadable())?;
    if !output.status.success() {
        return Err(unreadable());
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let pages: Vec<Page> = text
        .split('\u{c}')
        .enumerate()
        .filter(|(_, text)| judge(text) == Verdict::Text)
        .map(|(index, text)| Page {
            number: index as u32 + 1,
            layout: plain_layout(text),
            method: Method::Pdftotext,
            problem: None,
        })
        .collect();
    if pages.is_empty() {
        return Err(unreadable());
    }
    Ok(pages)
}

/// Lines of plain fallback text, with running header and page number set aside.
pub fn plain_layout(text: &str) -> PageLayout {
    let raw: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    let mut page = PageLayout::default();
    for (index, line) in raw.iter().enumerate() {
        let near_edge = index < 2 || index + 2 >= raw.len();
        if is_furniture(line, near_edge) {
            page.furniture.push((*line).to_owned());
        } else {
            page.lines.push(Line {
                text: (*line).to_owned(),
                size: 0.0,
                indent: 0.0,
                short: 0.0,
                centred: false,
            });
        }
    }
    page
}

/// A temporary copy of the PDF for the external extractor, written on first use.
struct Scratch<'a> {
    bytes: &'a [u8],
    path: Option<PathBuf>,
}

impl<'a> Scratch<'a> {
    fn new(bytes: &'a [u8]) -> Scratch<'a> {
        Scratch { bytes, path: None }
    }

    fn path(&mut self) -> Result<PathBuf, PdfError> {
        if let Some(path) = &self.path {
            return Ok(path.clone());
        }
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let path = std::env::temp_dir().join(format!(
            "gongbao-{}-{}.pdf",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        if let Err(source) = std::fs::write(&path, self.bytes) {
            return Err(PdfError::Scratch { path, source });
        }
        self.path = Some(path.clone());
        Ok(path)
    }
}

impl Drop for Scratch<'_> {
    fn drop(&mut self) {
        if let Some(path) = &self.path {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The message of a caught panic.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|message| (*message).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_an_error_not_a_crash() {
        let result = extract_pages(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage");
        assert!(result.is_err(), "{result:?}");
        assert!(extract_pages(b"").is_err());
    }

    #[test]
    fn fallback_text_drops_header_and_page_number() {
        let page = plain_layout("澜江市人民政府公报　2020年第4期\n第一条 为了\n加强管理\n— 3 —\n");
        assert_eq!(page.lines.len(), 2);
        assert_eq!(page.furniture.len(), 2);
    }
}
