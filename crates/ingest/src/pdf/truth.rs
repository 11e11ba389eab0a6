//! Scoring one gazette issue against its ground-truth JSON (the layout of
//! `shared/pdf/gazettes/*.json`): our extraction and split, and `pdftotext`'s default mode on
//! the same pages for comparison.

use std::path::Path;
use std::process::Command;

use gongbao_pdf::{fallback, is_furniture, page_text, Extractor, Page};
use serde::Deserialize;

use super::measure::{Accuracy, Boundaries};
use super::split::{find_issue, split_issue, Issue};
use crate::error::{FileErrorKind, TruthError};

/// One document of the ground truth.
#[derive(Debug, Clone, Deserialize)]
pub struct TruthDocument {
    /// Title as printed.
    pub title: String,
    /// Body as rendered.
    pub text: String,
    /// First physical page.
    pub first_page: u32,
    /// Last physical page.
    pub last_page: u32,
}

/// The ground truth of one issue.
#[derive(Debug, Clone, Deserialize)]
pub struct Truth {
    /// Gazette name.
    pub publication: String,
    /// Year (scanned PDFs' ground truth gives only `issue`).
    #[serde(default)]
    pub year: i32,
    /// Issue number.
    #[serde(default)]
    pub number: u32,
    /// The issue as printed, `YYYY年第N期`.
    #[serde(default)]
    pub issue: Option<String>,
    /// Physical pages.
    pub pages: u32,
    /// Cover pages.
    #[serde(default)]
    pub front_pages: Vec<u32>,
    /// 目录 pages.
    #[serde(default)]
    pub toc_pages: Vec<u32>,
    /// Back cover page, if any.
    pub back_cover_page: Option<u32>,
    /// The documents, in order.
    pub documents: Vec<TruthDocument>,
    /// The running header, as printed.
    #[serde(default)]
    pub running_header: Option<String>,
    /// Scanned PDFs: what `pdftotext` (default mode) read from each page of the original,
    /// running header and page number included.
    #[serde(default)]
    pub page_texts_from_original_text_layer: Vec<String>,
}

impl Truth {
    /// Reads a ground-truth JSON file.
    pub fn load(path: &Path) -> Result<Truth, TruthError> {
        let text = std::fs::read_to_string(path).map_err(|source| TruthError::Read {
            path: path.to_owned(),
            source,
        })?;
        let mut truth: Truth =
            serde_json::from_str(&text).map_err(|source| TruthError::Format {
                path: path.to_owned(),
                source,
            })?;
        if truth.year == 0 {
            let parsed = truth.issue.as_deref().and_then(|issue| {
                let (year, rest) = issue.split_once("年第")?;
                Some((
                    year.parse().ok()?,
                    rest.trim_end_matches('期').parse().ok()?,
                ))
            });
            if let Some((year, number)) = parsed {
                (truth.year, truth.number) = (year, number);
            }
        }
        Ok(truth)
    }

    fn reference(&self) -> String {
        let parts: Vec<String> = self
            .documents
            .iter()
            .map(|document| format!("{}{}", document.title, document.text))
            .collect();
        parts.concat()
    }

    fn boundaries(&self) -> Vec<(String, u32, u32)> {
        self.documents
            .iter()
            .map(|document| {
                (
                    document.title.clone(),
                    document.first_page,
                    document.last_page,
                )
            })
            .collect()
    }
}

/// How one issue came out.
#[derive(Debug, Clone)]
pub struct IssueScore {
    /// Our documents' titles and bodies against the reference.
    pub accuracy: Accuracy,
    /// `pdftotext` (default mode) on the document pages against the reference, when it ran.
    pub pdftotext: Option<Accuracy>,
    /// Document boundaries.
    pub boundaries: Boundaries,
    /// Whether the issue (gazette, year, number) was recognised correctly.
    pub issue_right: bool,
}

/// Extracts and splits `pdf`, and scores it against `truth`.
pub fn score_issue(
    pdf: &Path,
    truth: &Truth,
    extractor: &dyn Extractor,
) -> Result<IssueScore, FileErrorKind> {
    let bytes = std::fs::read(pdf).map_err(FileErrorKind::from)?;
    let pages = extractor.extract(pdf, &bytes)?;
    let pdftotext = pdftotext_text(pdf, truth).map(|text| Accuracy::of(&truth.reference(), &text));
    Ok(score_pages(&pages, truth, pdftotext))
}

/// Scores pages already extracted against `truth`, with `pdftotext`'s score when it ran.
pub fn score_pages(pages: &[Page], truth: &Truth, pdftotext: Option<Accuracy>) -> IssueScore {
    let sections = split_issue(pages);
    let extracted: String = sections
        .iter()
        .map(|section| format!("{}{}", section.title, section.body))
        .collect();
    let found: Vec<(String, u32, u32)> = sections
        .iter()
        .map(|section| (section.title.clone(), section.first_page, section.last_page))
        .collect();
    let expected_issue = Issue {
        gazette: truth.publication.clone(),
        year: truth.year,
        number: truth.number,
    };
    IssueScore {
        accuracy: Accuracy::of(&truth.reference(), &extracted),
        pdftotext,
        boundaries: Boundaries::of(&truth.boundaries(), &found),
        issue_right: find_issue(pages) == Some(expected_issue),
    }
}

/// Each page's body against the page's reference text of a scanned PDF's ground truth, with
/// running header and page number left out of the reference. The reference comes from
/// `pdftotext`'s layout mode, which interleaves the lines of two columns, so pages are compared
/// as bags of characters ([`Accuracy::bag`]); reading order is scored by [`score_pages`].
pub fn page_scores(pages: &[Page], truth: &Truth) -> Vec<(u32, Accuracy)> {
    let header = truth
        .running_header
        .as_deref()
        .map(|header| {
            header
                .chars()
                .filter(|ch| !ch.is_whitespace())
                .collect::<String>()
        })
        .unwrap_or_default();
    let mut scores = Vec::new();
    for (index, text) in truth.page_texts_from_original_text_layer.iter().enumerate() {
        let number = index as u32 + 1;
        let reference: String = text
            .lines()
            .map(|line| {
                line.chars()
                    .filter(|ch| !ch.is_whitespace())
                    .collect::<String>()
            })
            .filter(|line| {
                !line.is_empty() && !is_furniture(line, false) && !header.contains(line.as_str())
            })
            .collect();
        let extracted = pages
            .iter()
            .find(|page| page.number == number)
            .map(|page| page_text(&page.layout))
            .unwrap_or_default();
        scores.push((number, Accuracy::bag(&reference, &extracted)));
    }
    scores
}

/// `pdftotext` (default mode) on the document pages, running header and page number removed,
/// as the test set's README measures it.
fn pdftotext_text(pdf: &Path, truth: &Truth) -> Option<String> {
    let output = Command::new(fallback::program())
        .args(["-q", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let mut kept = String::new();
    for (index, page) in text.split('\u{c}').enumerate() {
        let number = index as u32 + 1;
        if number > truth.pages
            || truth.front_pages.contains(&number)
            || truth.toc_pages.contains(&number)
            || truth.back_cover_page == Some(number)
        {
            continue;
        }
        let header = format!("{}{}年第{}期", truth.publication, truth.year, truth.number);
        for line in page.lines() {
            let compact: String = line.chars().filter(|ch| !ch.is_whitespace()).collect();
            if compact.is_empty() || is_furniture(&compact, false) || header.contains(&compact) {
                continue;
            }
            kept.push_str(&compact);
        }
    }
    Some(kept)
}
