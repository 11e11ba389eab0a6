//! The document model: what gongbao knows about one government document.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::lifecycle::Relation;
use crate::structure::Structure;

/// 地方性法规: a regulation of a province's or city's people's congress, a value of
/// [`Document::level`].
pub const LOCAL_REGULATION: &str = "地方性法规";
/// 地方政府规章: a rule of a province's or city's government, a value of [`Document::level`].
pub const LOCAL_RULE: &str = "地方政府规章";

/// Whether a document is in force, as its source or a clerk states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Validity {
    /// 现行有效: in force.
    #[serde(rename = "现行有效")]
    InForce,
    /// 已修改: in force in an amended version.
    #[serde(rename = "已修改")]
    Amended,
    /// 已废止: repealed by another document.
    #[serde(rename = "已废止")]
    Repealed,
    /// 失效: expired or otherwise no longer in force.
    #[serde(rename = "失效")]
    Expired,
    /// 尚未生效: published but not yet in force.
    #[serde(rename = "尚未生效")]
    NotYetInForce,
    /// Nothing is known about the document's validity.
    #[serde(rename = "未知")]
    #[default]
    Unknown,
}

impl Validity {
    /// Every validity, in the order they are shown to users.
    pub const ALL: [Validity; 6] = [
        Validity::InForce,
        Validity::Amended,
        Validity::Repealed,
        Validity::Expired,
        Validity::NotYetInForce,
        Validity::Unknown,
    ];

    /// The Chinese label, which is also the indexed value.
    pub fn label(self) -> &'static str {
        match self {
            Validity::InForce => "现行有效",
            Validity::Amended => "已修改",
            Validity::Repealed => "已废止",
            Validity::Expired => "失效",
            Validity::NotYetInForce => "尚未生效",
            Validity::Unknown => "未知",
        }
    }

    /// Every name [`Validity::parse`] reads: the labels and their common synonyms (废止, 有效,
    /// expired, …). The OpenAPI document lists the same names.
    pub const NAMES: [(&'static str, Validity); 20] = [
        ("现行有效", Validity::InForce),
        ("有效", Validity::InForce),
        ("现行", Validity::InForce),
        ("in_force", Validity::InForce),
        ("valid", Validity::InForce),
        ("已修改", Validity::Amended),
        ("已被修改", Validity::Amended),
        ("amended", Validity::Amended),
        ("已废止", Validity::Repealed),
        ("废止", Validity::Repealed),
        ("repealed", Validity::Repealed),
        ("abolished", Validity::Repealed),
        ("失效", Validity::Expired),
        ("已失效", Validity::Expired),
        ("expired", Validity::Expired),
        ("尚未生效", Validity::NotYetInForce),
        ("未生效", Validity::NotYetInForce),
        ("not_yet_in_force", Validity::NotYetInForce),
        ("未知", Validity::Unknown),
        ("unknown", Validity::Unknown),
    ];

    /// Parses a label or a common synonym (one of [`Validity::NAMES`]), around spaces.
    pub fn parse(text: &str) -> Option<Validity> {
        let text = text.trim();
        Validity::NAMES
            .iter()
            .find(|(name, _)| *name == text)
            .map(|&(_, validity)| validity)
    }

    /// Whether a citizen asking for "currently valid" documents wants this one.
    pub fn is_current(self) -> bool {
        matches!(self, Validity::InForce | Validity::Amended)
    }
}

/// Where a gazette document was printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GazetteIssue {
    /// Name of the gazette, e.g. 东营市人民政府公报.
    pub gazette: String,
    /// Year of the issue.
    pub year: i32,
    /// Issue number within the year.
    pub number: u32,
}

/// Where a document came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Source {
    /// Path relative to the ingested root, with `/` separators.
    pub path: String,
    /// First and last physical page, when the document came from a PDF.
    pub pages: Option<(u32, u32)>,
    /// The gazette issue, when the document came from a gazette.
    pub issue: Option<GazetteIssue>,
    /// Set when the text was recognised from scanned page images rather than read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr: Option<Ocr>,
}

/// How a document's text was recognised by OCR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ocr {
    /// Tesseract's mean word confidence over the document's pages, 0–100.
    pub confidence: u8,
}

impl Source {
    /// How a result cites where it was printed: `<gazette> <year>年第<n>期, pp. a–b` (or `p. a`
    /// for one page); `None` for a document that came from neither a gazette nor a PDF.
    pub fn citation(&self) -> Option<String> {
        let pages = self.pages.map(|(first, last)| {
            if first == last {
                format!("p. {first}")
            } else {
                format!("pp. {first}–{last}")
            }
        });
        let issue = self
            .issue
            .as_ref()
            .map(|issue| format!("{} {}年第{}期", issue.gazette, issue.year, issue.number));
        match (issue, pages) {
            (Some(issue), Some(pages)) => Some(format!("{issue}, {pages}")),
            (Some(issue), None) => Some(issue),
            (None, Some(pages)) => Some(format!("{}, {pages}", self.path)),
            (None, None) => None,
        }
    }
}

/// The dates of a document, kept apart because they answer different questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Dates {
    /// 成文日期: the date the document was signed.
    pub written: Option<Date>,
    /// 发布日期: the date it was published.
    pub published: Option<Date>,
    /// 施行日期: the date it comes into force.
    pub effective: Option<Date>,
}

impl Dates {
    /// The year a citizen would file the document under: written, else published, else in force.
    pub fn year(&self) -> Option<i32> {
        self.written
            .or(self.published)
            .or(self.effective)
            .map(|date| date.year())
    }
}

/// One government document, as indexed and as shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Document {
    /// Stable id: the source path relative to the ingested root, or the id given by a JSON source.
    pub id: String,
    /// Title.
    pub title: String,
    /// 发文字号 as written in the source, e.g. 东政办发〔2017〕15号.
    pub doc_number: Option<String>,
    /// 发文机关: one or more issuing bodies.
    pub issuers: Vec<String>,
    /// 文种: 通知, 意见, 办法, 条例, 法律 …
    pub doc_type: Option<String>,
    /// 效力级别, the legal force: 宪法, 法律, 行政法规, 地方性法规, 司法解释, 部门规章,
    /// 地方政府规章, 规范性文件 (or what a source's `level` says).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// 主题分类: paths in the policy-area hierarchy, top level first.
    pub policy_areas: Vec<Vec<String>>,
    /// Departments the text makes responsible, e.g. 市发展改革委 in "（市发展改革委牵头落实）".
    pub departments: Vec<String>,
    /// Written, published and in-force dates.
    pub dates: Dates,
    /// Whether the document is in force, as its source, a clerk or an explicit marker states it
    /// ([`Validity::Unknown`] when none does: the query side then derives it from relations).
    pub validity: Validity,
    /// The last day the document is in force, as its text states it (有效期至…, 有效期五年).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<Date>,
    /// The documents its text repeals, amends or interprets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<Relation>,
    /// Where the document came from.
    pub source: Source,
    /// Body text.
    #[serde(default)]
    pub body: String,
    /// Headings and articles of the body, with byte ranges into it (empty for most notices).
    /// Stored apart from the metadata: a hit's metadata is read without it.
    #[serde(default, skip_serializing_if = "Structure::is_empty")]
    pub structure: Structure,
    /// Fields a source gave that the model has no place for, kept as they were.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

#[cfg(test)]
mod citation_tests {
    use super::*;

    #[test]
    fn a_gazette_document_cites_issue_and_pages() {
        let mut source = Source {
            path: "2020/04.pdf".to_owned(),
            pages: Some((2, 5)),
            issue: Some(GazetteIssue {
                gazette: "澜江市人民政府公报".to_owned(),
                year: 2020,
                number: 4,
            }),
            ocr: None,
        };
        assert_eq!(
            source.citation().as_deref(),
            Some("澜江市人民政府公报 2020年第4期, pp. 2–5")
        );
        source.pages = Some((7, 7));
        assert!(source.citation().unwrap().ends_with(", p. 7"));
        assert_eq!(Source::default().citation(), None);
    }
}
