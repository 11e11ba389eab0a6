//! PDF sources, gazette issues above all: the pages `gongbao-pdf` extracts, an issue split into
//! its documents, and the documents of recognised pages marked as OCR.
//!
//! - [`split`]: the issue (gazette, year, number) and the documents in it, with page ranges.
//! - [`truth`] and [`measure`]: extraction and splitting scored against ground truth.

pub mod measure;
pub mod split;
pub mod truth;

use std::path::Path;

use gongbao_core::{Document, Ocr};
use gongbao_pdf::{Extractor, Method, Page, NEEDS_OCR};

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
        Err(error) => return (Vec::new(), vec![error.into()]),
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
    mark_documents(&mut documents, &pages);
    if documents.is_empty() && errors.is_empty() {
        errors.push(FileErrorKind::Empty);
    }
    (documents, errors)
}

/// Marks the documents whose pages were recognised, with the mean confidence of those pages.
fn mark_documents(documents: &mut [Document], pages: &[Page]) {
    for document in documents {
        let Some((first, last)) = document.source.pages else {
            continue;
        };
        let confidences: Vec<u32> = pages
            .iter()
            .filter(|page| (first..=last).contains(&page.number))
            .filter_map(|page| match page.method {
                Method::Ocr { confidence } => Some(u32::from(confidence)),
                _ => None,
            })
            .collect();
        if !confidences.is_empty() {
            let mean = confidences.iter().sum::<u32>() / confidences.len() as u32;
            document.source.ocr = Some(Ocr {
                confidence: mean as u8,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use gongbao_pdf::PageLayout;

    use super::*;

    #[test]
    fn documents_of_recognised_pages_are_marked_with_their_confidence() {
        let page = Page {
            number: 7,
            layout: PageLayout::default(),
            method: Method::Ocr { confidence: 89 },
            problem: None,
        };
        let mut documents = vec![Document::default(), Document::default()];
        documents[0].source.pages = Some((7, 7));
        documents[1].source.pages = Some((8, 9));
        mark_documents(&mut documents, &[page]);
        assert_eq!(documents[0].source.ocr, Some(Ocr { confidence: 89 }));
        assert_eq!(documents[1].source.ocr, None);
    }
}
