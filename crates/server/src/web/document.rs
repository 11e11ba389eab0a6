//! `GET /documents/{*id}`: a document's full text with the words searched for marked, its
//! metadata, the documents it cites and that cite it, and where a gazette printed it.

use std::fmt::Write;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use gongbao_core::Structure;
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
    html.push_str(&contents(&document.structure));
    html.push_str(r#"<section class="fulltext" aria-label="正文">"#);
    let highlights = shown
        .body
        .as_ref()
        .map_or(&[][..], |body| body.highlights.as_slice());
    html.push_str(&body(&document.body, highlights, &document.structure));
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

/// The body as paragraphs, one a line, with the marked character ranges in `<mark>`; the
/// structure's headings are headings with an anchor (`h3` for the third), and its articles
/// open with their number set apart, their paragraph anchored by the number (`#第五十四条`).
fn body(text: &str, highlights: &[(usize, usize)], structure: &Structure) -> String {
    let mut html = String::with_capacity(text.len() + text.len() / 4);
    let mut marks = highlights.iter().peekable();
    let mut index = 0;
    let mut number = 0;
    let mut line_start = 0;
    let mut headings = structure.headings.iter().enumerate().peekable();
    let mut articles = structure.articles.iter().peekable();
    for line in text.split('\n') {
        let chars = line.chars().count();
        let start = line_start;
        line_start += line.len() + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            index += chars + 1;
            continue;
        }
        let content = u32::try_from(start + line.len() - line.trim_start().len()).unwrap_or(0);
        while headings
            .next_if(|(_, heading)| heading.start < content)
            .is_some()
        {}
        while articles
            .next_if(|article| article.start < content)
            .is_some()
        {}
        let heading = headings.next_if(|(_, heading)| heading.start == content);
        let opening = articles.next_if(|article| article.start == content);
        let (open, close) = match (heading, opening) {
            (Some((at, _)), _) => (format!(r#"<h2 class="chapter" id="h{at}">"#), "</h2>"),
            (None, Some(article)) => (format!(r#"<p id="{}">"#, Html(&article.number)), "</p>"),
            (None, None) => ("<p>".to_owned(), "</p>"),
        };
        html.push_str(&open);
        let article = opening.map(|article| {
            let indent = line.len() - line.trim_start().len();
            line[..indent + article.number.len()].chars().count()
        });
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

/// The table of contents of a law: its headings, nested, each with the numbers of the articles
/// under it; without headings, its articles. Empty for a body without structure.
fn contents(structure: &Structure) -> String {
    if structure.articles.is_empty() && structure.headings.is_empty() {
        return String::new();
    }
    let mut html = format!(
        r#"<nav class="toc" aria-label="目录"><details{open}><summary>目录（{count}条）</summary>"#,
        open = if structure.headings.len() > 40 {
            ""
        } else {
            " open"
        },
        count = structure.articles.len(),
    );
    if structure.headings.is_empty() {
        html.push_str(r#"<p class="toc-articles">"#);
        for article in &structure.articles {
            let _ = write!(
                html,
                r##"<a href="#{id}">{number}</a> "##,
                id = Html(&article.number),
                number = Html(&article.number)
            );
        }
        html.push_str("</p>");
    } else {
        html.push_str("<ul>");
        // The first and last article under each heading, in one pass over the articles.
        let mut under: Vec<Option<(&str, &str)>> = vec![None; structure.headings.len()];
        for article in &structure.articles {
            if let Some(range) = article.heading.and_then(|at| under.get_mut(at as usize)) {
                let number = article.number.as_str();
                *range = Some(range.map_or((number, number), |(first, _)| (first, number)));
            }
        }
        for ((at, heading), range) in structure.headings.iter().enumerate().zip(under) {
            let range = match range {
                Some((first, last)) if first != last => format!("{first}–{last}"),
                Some((first, _)) => first.to_owned(),
                None => String::new(),
            };
            let depth = std::iter::successors(heading.parent, |&parent| {
                structure.headings.get(parent as usize)?.parent
            })
            .count();
            let _ = write!(
                html,
                r##"<li class="depth{depth}"><a href="#h{at}">{text}</a> <span class="range">{range}</span></li>"##,
                text = Html(&heading.text),
                range = Html(&range),
            );
        }
        html.push_str("</ul>");
    }
    html.push_str("</details></nav>");
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
        let text = "第一章 总则\n第一条 为了规范养犬行为，制定本条例。\n<b>\n第三条规定的除外。";
        let structure = Structure::recognise(text, None);
        // 养犬 is characters 15–16 of the text (line two starts at 7).
        let html = body(text, &[(15, 17)], &structure);
        assert!(
            html.contains(r#"<h2 class="chapter" id="h0">第一章 总则</h2>"#),
            "{html}"
        );
        assert!(
            html.contains(
                r#"<p id="第一条"><span class="article">第一条</span> 为了规范<mark id="m1">养犬</mark>行为"#
            ),
            "{html}"
        );
        assert!(html.contains("<p>&lt;b&gt;</p>"), "{html}");
        // Prose opening with an article's number is no article.
        assert!(html.contains("<p>第三条规定的除外。</p>"), "{html}");
    }

    #[test]
    fn the_contents_list_headings_and_link_their_first_article() {
        let text = "第一章 总则\n第一条 甲。\n第二条 乙。\n第二章 附则\n第三条 丙。";
        let html = contents(&Structure::recognise(text, None));
        assert!(
            html.contains(
                r##"<a href="#h0">第一章 总则</a> <span class="range">第一条–第二条</span>"##
            ),
            "{html}"
        );
        assert!(
            html.contains(r##"<a href="#h1">第二章 附则</a> <span class="range">第三条</span>"##),
            "{html}"
        );
        let flat = contents(&Structure::recognise("第一条 甲。\n第二条 乙。", None));
        assert!(flat.contains(r##"<a href="#第二条">第二条</a>"##), "{flat}");
        assert!(contents(&Structure::default()).is_empty());
    }
}
