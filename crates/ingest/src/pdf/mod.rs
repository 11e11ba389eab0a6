//! PDF sources, gazette issues above all: text page by page with physical page numbers, an issue
//! split into its documents, and extraction isolated so a hostile file fails alone.
//!
//! - [`extract`]: pdf-extract draws each page into positioned glyphs; [`layout`] orders them
//!   (two columns, running headers and page numbers set aside); [`garbage`] judges the result and
//!   [`fallback`] asks `pdftotext` for pages that are garbage. Pages whose fonts pdf-extract cannot
//!   read (predefined CJK CMaps, GBK behind WinAnsi, see [`cmap`] and [`fonts`]) are drawn by our
//!   own [`content`] reader instead.
//! - [`split`]: the issue (gazette, year, number) and the documents in it, with page ranges.
//! - [`isolate`]: the [`Extractor`] trait, in this process or in a limited child process.
//! - [`ocr`]: pages without usable text recognised by tesseract (`gongbao-ocr`) and laid out
//!   like drawn glyphs; their documents are marked with the OCR confidence.

pub mod cmap;
pub mod content;
pub mod error;
pub mod extract;
pub mod fallback;
pub mod fonts;
pub mod garbage;
pub mod isolate;
pub mod layout;
pub mod measure;
pub mod ocr;
pub mod split;
pub mod truth;

pub use error::{PdfError, TruthError};
pub use extract::{extract_pages, Method, Page, NEEDS_OCR};
pub use isolate::{ChildProcess, Extractor, InProcess, Limits};
pub use ocr::OcrExtractor;

use std::path::Path;

use gongbao_core::Document;

use crate::error::FileErrorKind;

/// The documents of one PDF and the problems found in it: a gazette issue yields one document
/// per document printed in it (ids `<relative path>#<n>`), any other PDF one document.
pub fn read_pdf(
    relative: &str,
    path: &Path,
    bytes: &[u8],
    extractor: &dyn Extractor,
) -> (Vec<Document>, Vec<FileErrorKind>) {
    let pages = match extractor.extract(path, bytes) {
        Ok(pages) => pages,
        Err(error) => return (Vec::new(), vec![error]),
    };
    let mut errors = Vec::new();
    let ocr: Vec<u32> = pages
        .iter()
        .filter(|page| page.problem.as_deref() == Some(NEEDS_OCR))
        .map(|page| page.number)
        .collect();
    if !ocr.is_empty() {
        errors.push(FileErrorKind::NeedsOcr { pages: ocr });
    }
    let unreadable: Vec<&Page> = pages
        .iter()
        .filter(|page| {
            page.problem
                .as_deref()
                .is_some_and(|problem| problem != NEEDS_OCR)
        })
        .collect();
    if let Some(first) = unreadable.first() {
        errors.push(FileErrorKind::UnreadablePages {
            pages: unreadable.iter().map(|page| page.number).collect(),
            reason: first.problem.clone().unwrap_or_default(),
        });
    }
    let mut documents = split::documents_of(relative, &pages);
    ocr::mark_documents(&mut documents, &pages);
    if documents.is_empty() && errors.is_empty() {
        errors.push(FileErrorKind::Empty);
    }
    (documents, errors)
}
