//! Scoring one gazette issue against its ground-truth JSON (the layout of
//! `shared/pdf/gazettes/*.json`): our extraction and split, and `pdftotext`'s default mode on
//! the same pages for comparison.

use std::path::Path;
use std::process::Command;

use serde::Deserialize;

use super::fallback;
use super::layout::is_furniture;
use super::measure::{Accuracy, Boundaries};
use super::split::{find_issue, split_issue, Issue};
use super::Extractor;
use crate::error::FileErrorKind;

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
    /// Year.
    pub year: i32,
    /// Issue number.
    pub number: u32,
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
}

impl Truth {
    /// Reads a ground-truth JSON file.
    pub fn load(path: &Path) -> Result<Truth, String> {
        let text = std::fs::read_to_string(path).map_err(|error| error.to_string())?;
        serde_json::from_str(&text).map_err(|error| format!("{}: {error}", path.display()))
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
    let bytes = std::fs::read(pdf).map_err(|error| FileErrorKind::Read(error.to_string()))?;
    let pages = extractor.extract(pdf, &bytes)?;
    let sections = split_issue(&pages);
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
    Ok(IssueScore {
        accuracy: Accuracy::of(&truth.reference(), &extracted),
        pdftotext: pdftotext_text(pdf, truth).map(|text| Accuracy::of(&truth.reference(), &text)),
        boundaries: Boundaries::of(&truth.boundaries(), &found),
        issue_right: find_issue(&pages) == Some(expected_issue),
    })
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
