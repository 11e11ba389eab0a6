//! `GET /documents/{*id}`: a document's full text with the words searched for marked, its
//! metadata, the documents it cites and that cite it, and where a gazette printed it.

use std::fmt::Write;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use gongbao_query::{DocumentRef, DocumentView, Highlighted};

use super::escape::{url_component, url_path, Html};
use super::format;
use super::layout::{self, Page};
use super::{error_page, html};
use crate::error::{ApiError, ErrorCode};
use crate::params::QueryPairs;
use crate::state::AppState;

/// What the page shows: the document and, when a query is given, its marked title and body.
struct Shown {
    view: DocumentView,
    title: Option<Highlighted>,
    body: Option<Highlighted>,
}

/// Renders the document with the id in the path; `q` in the query string marks its words.
pub(crate) async fn page(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    pairs: Result<QueryPairs, ApiError>,
) -> Response {
    let query = pairs
        .map(|QueryPairs(pairs)| {
            pairs
                .into_iter()
                .find(|(name, _)| name == "q")
                .map(|(_, value)| value)
                .unwrap_or_default()
        })
        .unwrap_or_default();
    let Ok(Path(id)) = id else {
        let error = ApiError::invalid("id", "the document id is not percent-encoded UTF-8");
        return error_page(&error, &query);
    };
    let max_chars = state.config.max_query_chars;
    let query = if query.chars().count() > max_chars {
        String::new()
    } else {
        query
    };
    let (wanted, words) = (id.clone(), query.clone());
    let shown = state
        .run(move |engine| {
            let Some(view) = engine.document(&wanted)? else {
                return Ok(None);
            };
            let (title, body) = if words.trim().is_empty() {
                (None, None)
            } else {
                (
                    Some(engine.highlight(&words, &view.document.title)?),
                    Some(engine.highlight(&words, &view.document.body)?),
                )
            };
            Ok(Some(Shown { view, title, body }))
        })
        .await;
    match shown {
        Ok(Some(shown)) => {
            let main = render(&shown, &query);
            let page = layout::render(&Page {
                title: &shown.view.document.title,
                query: &query,
                hidden: "",
                main: &main,
            });
            html(StatusCode::OK, page)
        }
        Ok(None) => {
            let error = ApiError::new(
                ErrorCode::NotFound,
                format!("no document has the id `{id}`"),
            );
            error_page(&error, &query)
        }
        Err(error) => error_page(&error, &query),
    }
}

/// The article: header, metadata, full text and references.
fn render(shown: &Shown, query: &str) -> String {
    let document = &shown.view.document;
    let back = if query.trim().is_empty() {
        "/".to_owned()
    } else {
        format!("/?q={}", url_component(query))
    };
    let title = match &shown.title {
        Some(title) => title.html.clone(),
        None => Html(&document.title).to_string(),
    };
    let mut html = format!(
        r#"<article class="document" aria-labelledby="doc-title">
<p class="back"><a href="{back}">← 返回搜索</a></p>
<header class="doc-head"><p class="kicker">{badge}{doc_type}</p><h1 id="doc-title">{title}</h1>"#,
        back = Html(&back),
        badge = format::badge(document.validity),
        doc_type = document
            .doc_type
            .as_deref()
            .map(|doc_type| format!(r#"<span class="type">{}</span>"#, Html(doc_type)))
            .unwrap_or_default(),
    );
    if let Some(number) = &document.doc_number {
        let _ = write!(html, r#"<p class="docnum">{}</p>"#, Html(number));
    }
    html.push_str("</header>");
    html.push_str(&facts(shown));
    let marks = shown.body.as_ref().map_or(0, |body| body.highlights.len());
    if marks > 0 {
        let _ = write!(
            html,
            r##"<p class="found">正文中有 {marks} 处与“{query}”相关，<a href="#m1">跳到第一处</a></p>"##,
            query = Html(query)
        );
    }
    html.push_str(r#"<section class="fulltext" aria-label="正文">"#);
    let highlights = shown
        .body
        .as_ref()
        .map_or(&[][..], |body| body.highlights.as_slice());
    html.push_str(&body(&document.body, highlights));
    html.push_str("</section>");
    html.push_str(&references("本文引用的文件", "cites", &shown.view.cites));
    html.push_str(&references(
        "引用本文的文件",
        "cited-by",
        &shown.view.cited_by,
    ));
    html.push_str("</article>");
    html
}

/// The metadata as a description list.
fn facts(shown: &Shown) -> String {
    let document = &shown.view.document;
    let mut rows: Vec<(&str, String)> = Vec::new();
    if !document.issuers.is_empty() {
        rows.push(("发文机关", Html(&document.issuers.join("、")).to_string()));
    }
    if let Some(number) = &document.doc_number {
        rows.push(("发文字号", Html(number).to_string()));
    }
    if let Some(doc_type) = &document.doc_type {
        rows.push(("文种", Html(doc_type).to_string()));
    }
    let dates = [
        ("成文日期", document.dates.written),
        ("发布日期", document.dates.published),
        ("施行日期", document.dates.effective),
    ];
    for (label, date) in dates {
        if let Some(date) = date {
            rows.push((label, format::time(date)));
        }
    }
    rows.push(("效力", format::badge(document.validity)));
    if !document.policy_areas.is_empty() {
        let areas: Vec<String> = document
            .policy_areas
            .iter()
            .map(|path| {
                let joined = path.join("/");
                format!(
                    r#"<a href="/?policy_area={}">{}</a>"#,
                    url_component(&joined),
                    Html(&path.join(" › "))
                )
            })
            .collect();
        rows.push(("主题分类", areas.join("、")));
    }
    if !document.departments.is_empty() {
        let departments: Vec<String> = document
            .departments
            .iter()
            .map(|department| {
                format!(
                    r#"<a href="/?department={}">{}</a>"#,
                    url_component(department),
                    Html(department)
                )
            })
            .collect();
        rows.push(("责任部门", departments.join("、")));
    }
    if let Some(citation) = format::gazette(&document.source) {
        let link = format::pdf_link(document)
            .map(|url| {
                format!(
                    r#" <a class="pdf" href="{}">查看公报原件（PDF）</a>"#,
                    Html(&url)
                )
            })
            .unwrap_or_default();
        rows.push(("刊登", format!("{citation}{link}")));
    }
    if let Some(ocr) = document.source.ocr {
        rows.push((
            "文本来源",
            format!("扫描件识别（OCR，置信度{}%），可能有错字", ocr.confidence),
        ));
    }
    let mut html = String::from(r#"<dl class="facts">"#);
    for (label, value) in rows {
        let _ = write!(html, "<div><dt>{label}</dt><dd>{value}</dd></div>");
    }
    html.push_str("</dl>");
    html
}

/// Whether a line opens a chapter or section (第一章 总则).
fn is_heading(line: &str) -> bool {
    let line = line.trim_start_matches([' ', '\u{3000}', '#']);
    line.starts_with('第')
        && line.chars().take(8).any(|c| c == '章' || c == '节')
        && line.chars().count() <= 30
}

/// Whether a line opens an article (第十二条).
fn article_len(line: &str) -> Option<usize> {
    let trimmed = line.trim_start_matches([' ', '\u{3000}']);
    let rest = trimmed.strip_prefix('第')?;
    let numeral: usize = rest
        .chars()
        .take_while(|c| "一二三四五六七八九十百千零〇两0123456789".contains(*c))
        .map(char::len_utf8)
        .sum();
    let after = &rest[numeral..];
    (numeral > 0 && after.starts_with('条'))
        .then(|| line.len() - trimmed.len() + '第'.len_utf8() + numeral + '条'.len_utf8())
}

/// The body as paragraphs, one a line, with the marked character ranges in `<mark>`.
fn body(text: &str, highlights: &[(usize, usize)]) -> String {
    let mut html = String::with_capacity(text.len() + text.len() / 4);
    let mut marks = highlights.iter().peekable();
    let mut index = 0;
    let mut number = 0;
    for line in text.split('\n') {
        let chars = line.chars().count();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            index += chars + 1;
            continue;
        }
        let (open, close) = if is_heading(trimmed) {
            (r#"<h2 class="chapter">"#, "</h2>")
        } else {
            ("<p>", "</p>")
        };
        html.push_str(open);
        let article = article_len(line).map(|bytes| line[..bytes].chars().count());
        if article.is_some() {
            html.push_str(r#"<span class="article">"#);
        }
        let mut in_mark = false;
        for (at, c) in line.chars().enumerate() {
            if article == Some(at) {
                html.push_str(if in_mark {
                    "</mark></span><mark>"
                } else {
                    "</span>"
                });
            }
            let position = index + at;
            while marks.peek().is_some_and(|&&(_, end)| end <= position) {
                marks.next();
            }
            let marked = marks
                .peek()
                .is_some_and(|&&(start, end)| start <= position && position < end);
            if marked && !in_mark {
                number += 1;
                if number == 1 {
                    html.push_str(r#"<mark id="m1">"#);
                } else {
                    html.push_str("<mark>");
                }
                in_mark = true;
            } else if !marked && in_mark {
                html.push_str("</mark>");
                in_mark = false;
            }
            if c != '\r' {
                let mut buffer = [0; 4];
                let _ = write!(html, "{}", Html(c.encode_utf8(&mut buffer)));
            }
        }
        if in_mark {
            html.push_str("</mark>");
        }
        if article.is_some_and(|len| len >= chars) {
            html.push_str("</span>");
        }
        html.push_str(close);
        html.push('\n');
        index += chars + 1;
    }
    html
}

/// A list of cited or citing documents.
fn references(title: &str, id: &str, refs: &[DocumentRef]) -> String {
    if refs.is_empty() {
        return String::new();
    }
    let mut html =
        format!(r#"<section class="refs" aria-labelledby="{id}"><h2 id="{id}">{title}</h2><ul>"#);
    for reference in refs {
        let _ = write!(
            html,
            r#"<li><a href="/documents/{href}">{title}</a><span class="meta">{badge}"#,
            href = Html(&url_path(&reference.id)),
            title = Html(&reference.title),
            badge = format::badge(reference.validity),
        );
        if let Some(number) = &reference.doc_number {
            let _ = write!(html, r#"<span class="docnum">{}</span>"#, Html(number));
        }
        if let Some(date) = reference.date {
            let _ = write!(html, "<span>{}</span>", format::time(date));
        }
        html.push_str("</span></li>");
    }
    html.push_str("</ul></section>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_cross_no_line_and_articles_are_set_apart() {
        let text = "第一章 总则\n第一条 为了规范养犬行为，制定本条例。\n<b>";
        // 养犬 is characters 15–16 of the text (line two starts at 7).
        let html = body(text, &[(15, 17)]);
        assert!(
            html.contains(r#"<h2 class="chapter">第一章 总则</h2>"#),
            "{html}"
        );
        assert!(
            html.contains(
                r#"<p><span class="article">第一条</span> 为了规范<mark id="m1">养犬</mark>行为"#
            ),
            "{html}"
        );
        assert!(html.contains("<p>&lt;b&gt;</p>"), "{html}");
    }

    #[test]
    fn recognises_article_openings() {
        assert_eq!(article_len("第十二条 内容"), Some("第十二条".len()));
        assert_eq!(article_len("第12条"), Some("第12条".len()));
        assert_eq!(article_len("第一章 总则"), None);
        assert!(is_heading("第三章 法律责任"));
        assert!(!is_heading(
            "第三条 本办法自发布之日起施行，第二章另有规定的除外。"
        ));
    }
}
