//! Recognises metadata from the text of a government document: title, document number, issuing
//! bodies, document type, responsible departments, policy areas, dates and validity.
//!
//! Every recogniser is a small set of transparent rules over the text, tuned on municipal notices
//! whose text came from a PDF (stray spaces, page breaks inside sentences), on one-line JSON
//! notices and on the header lines of law collections. A recogniser that finds nothing leaves its
//! field empty; nothing here fails.

mod dates;
mod departments;
mod doc_number;
mod doc_type;
mod issuer;
mod law_header;
mod level;
mod policy_area;
mod relations;
mod text;
mod title;
mod validity;

pub use doc_type::doc_type_of_title;
pub use law_header::recognise_law_header;
pub(crate) use level::level;
pub use policy_area::policy_areas;
pub(crate) use relations::lifecycle;

/// Metadata recognised from a document's text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recognised {
    /// Title, with the spaces a PDF put between Chinese characters removed.
    pub title: Option<String>,
    /// 发文字号 as written, trimmed of inner spaces, e.g. 东政办发〔2017〕15号.
    pub doc_number: Option<String>,
    /// 发文机关: the issuing bodies, in the order they are named.
    pub issuers: Vec<String>,
    /// 文种: the document type the title ends with, e.g. 通知.
    pub doc_type: Option<String>,
    /// Departments the text makes responsible for its tasks, first-seen order, no duplicates.
    pub departments: Vec<String>,
    /// Policy-area paths, top level first; the top level is always one of the rule set.
    pub policy_areas: Vec<Vec<String>>,
    /// Written (成文), published (发布) and in-force (施行) dates.
    pub dates: gongbao_core::Dates,
    /// Validity, when the text or the title states it.
    pub validity: Option<gongbao_core::Validity>,
    /// Bodies a law's header says approved it without issuing it (国务院批准, 省人大常委会批准).
    pub approved_by: Vec<String>,
}

/// Recognises metadata from the full text of a notice-like document (plain text, a JSON "text" field).
/// `title` is a title already known (e.g. from a Markdown heading or a JSON field); when None, the title is recognised from the text.
pub fn recognise(title: Option<&str>, text: &str) -> Recognised {
    let found = title::find_title(text);
    let title = match title.map(str::trim).filter(|known| !known.is_empty()) {
        Some(known) => Some(known.to_owned()),
        None => found.as_ref().map(|found| found.title.clone()),
    };
    let title_text = title.as_deref().unwrap_or_default();
    let header_end = title::header_end(text);
    let signature = issuer::signature(text);

    let mut issuers = signature
        .as_ref()
        .map(|signature| signature.issuers.clone())
        .unwrap_or_default();
    if issuers.is_empty() {
        issuers = issuer::masthead(text).into_iter().collect();
    }
    if issuers.is_empty() {
        let raw_title = found
            .as_ref()
            .map(|found| found.raw.as_str())
            .unwrap_or(title_text);
        issuers = issuer::from_title(raw_title);
    }

    let dates = gongbao_core::Dates {
        written: signature.as_ref().map(|signature| signature.date.date),
        published: dates::published(text).map(|found| found.date),
        effective: dates::effective(text).map(|found| found.date),
    };

    Recognised {
        title: title.clone(),
        doc_number: doc_number::find_doc_number(&text[..header_end]),
        issuers,
        doc_type: doc_type_of_title(title_text),
        departments: departments::departments(text),
        policy_areas: policy_areas(title_text, text),
        dates,
        validity: validity::validity(title_text, text),
        approved_by: Vec::new(),
    }
}

#[cfg(test)]
mod tests;
