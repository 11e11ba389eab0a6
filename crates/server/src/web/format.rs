//! How metadata reads on a page: dates in Chinese, validity badges, gazette citations, and the
//! query crate's marked passages.

use gongbao_core::{Document, Source, Validity};
use gongbao_query::Highlighted;
use maud::{html, Markup, PreEscaped};
use time::Date;

/// `2023年5月25日`.
pub(crate) fn date(date: Date) -> String {
    format!(
        "{}年{}月{}日",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// A `<time>` element for `date`.
pub(crate) fn time(date: Date) -> Markup {
    html! { time datetime=(date) { (self::date(date)) } }
}

/// The CSS class of a validity badge.
fn validity_class(validity: Validity) -> &'static str {
    match validity {
        Validity::InForce => "in-force",
        Validity::Amended => "amended",
        Validity::Repealed => "repealed",
        Validity::Expired => "expired",
        Validity::NotYetInForce => "pending",
        Validity::Unknown => "unknown",
    }
}

/// The badge of `validity` (`现行有效`, `已废止` …).
pub(crate) fn badge(validity: Validity) -> Markup {
    html! { span class={ "badge " (validity_class(validity)) } { (validity.label()) } }
}

/// A title or passage with the query's words in `<em>`, as the query crate built it.
///
/// The one place a page takes HTML it did not build itself. It is safe because
/// [`Highlighted::html`] is made by `gongbao_query` from [`Highlighted::text`] alone: every
/// character escaped (`& < > " '`), with only `<em>`, `</em>` and `…` added around the marked
/// ranges (see `snippet::highlighted` and its tests in the query crate).
pub(crate) fn marked(highlighted: &Highlighted) -> PreEscaped<&str> {
    PreEscaped(&highlighted.html)
}

/// `第12—15页` (or `第12页`).
fn pages((first, last): (u32, u32)) -> String {
    if first == last {
        format!("第{first}页")
    } else {
        format!("第{first}—{last}页")
    }
}

/// Where a gazette printed the document, as text: `《东营市人民政府公报》2023年第5期 第12—15页`,
/// or `None` when the source names neither an issue nor pages.
pub(crate) fn gazette(source: &Source) -> Option<String> {
    let issue = source
        .issue
        .as_ref()
        .map(|issue| format!("《{}》{}年第{}期", issue.gazette, issue.year, issue.number));
    let pages = source.pages.map(pages);
    match (issue, pages) {
        (Some(issue), Some(pages)) => Some(format!("{issue} {pages}")),
        (Some(issue), None) => Some(issue),
        (None, Some(pages)) => Some(format!("原件{pages}")),
        (None, None) => None,
    }
}

/// Fields of [`Document::extra`] that may hold the address of the document's PDF.
const PDF_FIELDS: [&str; 3] = ["pdf_url", "pdf", "url"];

/// The address of the PDF pages of a gazette document: its PDF address (from the source's
/// extra fields) opened at its first page, when both are known.
pub(crate) fn pdf_link(document: &Document) -> Option<String> {
    let (first, _) = document.source.pages?;
    let url = PDF_FIELDS
        .iter()
        .filter_map(|field| document.extra.get(*field)?.as_str())
        .map(str::trim)
        .find(|url| {
            let lower = url.to_ascii_lowercase();
            (lower.starts_with("https://") || lower.starts_with("http://") || url.starts_with('/'))
                && !url.starts_with("//")
                && lower
                    .split(['#', '?'])
                    .next()
                    .is_some_and(|path| path.ends_with(".pdf"))
        })?;
    let base = url.split('#').next().unwrap_or(url);
    Some(format!("{base}#page={first}"))
}

#[cfg(test)]
mod tests {
    use gongbao_core::GazetteIssue;
    use time::macros::date;

    use super::*;

    #[test]
    fn dates_read_in_chinese() {
        assert_eq!(date(date!(2023 - 05 - 25)), "2023年5月25日");
        assert_eq!(
            time(date!(2023 - 05 - 25)).into_string(),
            r#"<time datetime="2023-05-25">2023年5月25日</time>"#
        );
    }

    #[test]
    fn badges_name_their_validity() {
        assert_eq!(
            badge(Validity::Repealed).into_string(),
            r#"<span class="badge repealed">已废止</span>"#
        );
    }

    #[test]
    fn gazette_citations_name_issue_and_pages() {
        let mut source = Source {
            issue: Some(GazetteIssue {
                gazette: "东营市人民政府公报".to_owned(),
                year: 2023,
                number: 5,
            }),
            pages: Some((12, 15)),
            ..Source::default()
        };
        assert_eq!(
            gazette(&source).unwrap(),
            "《东营市人民政府公报》2023年第5期 第12—15页"
        );
        source.issue = None;
        source.pages = Some((3, 3));
        assert_eq!(gazette(&source).unwrap(), "原件第3页");
        assert_eq!(gazette(&Source::default()), None);
    }

    #[test]
    fn pdf_links_open_the_first_page() {
        let mut document = Document::default();
        document.source.pages = Some((12, 15));
        document.extra.insert(
            "pdf_url".to_owned(),
            "https://example.gov.cn/gb/2023-05.pdf".into(),
        );
        assert_eq!(
            pdf_link(&document).unwrap(),
            "https://example.gov.cn/gb/2023-05.pdf#page=12"
        );
        document
            .extra
            .insert("pdf_url".to_owned(), "javascript:alert(1)//.pdf".into());
        assert_eq!(pdf_link(&document), None);
    }
}
