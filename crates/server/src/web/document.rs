//! `GET /documents/{*id}`: a document's full text with the words searched for marked, its
//! metadata, the documents it cites and that cite it, and where a gazette printed it.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use gongbao_core::Structure;
use gongbao_query::{DocumentRef, DocumentView, Highlighted};
use maud::{html, Markup};

use super::body::body;
use super::layout::{self, Page};
use super::{error_page, format, lifecycle, page_response, url};
use crate::error::{ApiError, ErrorCode};
use crate::params::{as_of, QueryPairs};
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
    let pairs = pairs.map(|QueryPairs(pairs)| pairs).unwrap_or_default();
    let as_of = match as_of(&pairs) {
        Ok(as_of) => as_of,
        Err(error) => return error_page(&error, ""),
    };
    let query = pairs
        .into_iter()
        .find(|(name, _)| name == "q")
        .map(|(_, value)| value)
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
            let Some(view) = engine.document(&wanted, as_of)? else {
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
            let page = layout::render(Page {
                title: &shown.view.document.title,
                query: &query,
                hidden: html! {},
                main: render(&shown, &query),
            });
            page_response(StatusCode::OK, page)
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
fn render(shown: &Shown, query: &str) -> Markup {
    let document = &shown.view.document;
    let back = if query.trim().is_empty() {
        "/".to_owned()
    } else {
        format!("/?q={}", url::component(query))
    };
    let highlights = shown
        .body
        .as_ref()
        .map_or(&[][..], |body| body.highlights.as_slice());
    html! {
        article.document aria-labelledby="doc-title" {
            p.back { a href=(back) { "← 返回搜索" } }
            header.doc-head {
                p.kicker {
                    (format::badge(shown.view.lifecycle.status.validity))
                    @if let Some(doc_type) = &document.doc_type {
                        span class="type" { (doc_type) }
                    }
                }
                h1 #doc-title {
                    @match &shown.title {
                        Some(title) => (format::marked(title)),
                        None => (document.title),
                    }
                }
                @if let Some(number) = &document.doc_number {
                    p.docnum { (number) }
                }
            }
            (facts(shown))
            @if !highlights.is_empty() {
                p.found {
                    "正文中有 " (highlights.len()) " 处与“" (query) "”相关，"
                    a href="#m1" { "跳到第一处" }
                }
            }
            (contents(&document.structure))
            section.fulltext aria-label="正文" {
                (body(&document.body, highlights, &document.structure))
            }
            (lifecycle::sections(&document.id, &shown.view.lifecycle))
            (references("本文引用的文件", "cites", &shown.view.cites))
            (references("引用本文的文件", "cited-by", &shown.view.cited_by))
        }
    }
}

/// Links to the search for each of `values` under the filter `name`, separated by `、`.
fn filter_links<'a>(name: &str, values: impl IntoIterator<Item = (String, String)> + 'a) -> Markup {
    html! {
        @for (at, (value, label)) in values.into_iter().enumerate() {
            @if at > 0 {
                "、"
            }
            a href={ "/?" (name) "=" (url::component(&value)) } { (label) }
        }
    }
}

/// The metadata as a description list.
fn facts(shown: &Shown) -> Markup {
    let document = &shown.view.document;
    let mut rows: Vec<(&str, Markup)> = Vec::new();
    if !document.issuers.is_empty() {
        rows.push(("发文机关", html! { (document.issuers.join("、")) }));
    }
    if let Some(number) = &document.doc_number {
        rows.push(("发文字号", html! { (number) }));
    }
    if let Some(doc_type) = &document.doc_type {
        rows.push(("文种", html! { (doc_type) }));
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
    rows.push(("效力", lifecycle::status(&shown.view.lifecycle.status)));
    if let Some(last) = document.expires {
        rows.push(("有效期至", format::time(last)));
    }
    if !document.policy_areas.is_empty() {
        let areas = document
            .policy_areas
            .iter()
            .map(|path| (path.join("/"), path.join(" › ")));
        rows.push(("主题分类", filter_links("policy_area", areas)));
    }
    if !document.departments.is_empty() {
        let departments = document
            .departments
            .iter()
            .map(|department| (department.clone(), department.clone()));
        rows.push(("责任部门", filter_links("department", departments)));
    }
    if let Some(citation) = format::gazette(&document.source) {
        let pdf = format::pdf_link(document);
        rows.push((
            "刊登",
            html! {
                (citation)
                @if let Some(pdf) = pdf {
                    " "
                    a.pdf href=(pdf) { "查看公报原件（PDF）" }
                }
            },
        ));
    }
    if let Some(ocr) = document.source.ocr {
        rows.push((
            "文本来源",
            html! { "扫描件识别（OCR，置信度" (ocr.confidence) "%），可能有错字" },
        ));
    }
    html! {
        dl.facts {
            @for (label, value) in rows {
                div { dt { (label) } dd { (value) } }
            }
        }
    }
}

/// The table of contents of a law: its headings, nested, each with the numbers of the articles
/// under it; without headings, its articles. Empty for a body without structure.
fn contents(structure: &Structure) -> Markup {
    if structure.articles.is_empty() && structure.headings.is_empty() {
        return html! {};
    }
    // The first and last article under each heading, in one pass over the articles.
    let mut under: Vec<Option<(&str, &str)>> = vec![None; structure.headings.len()];
    for article in &structure.articles {
        if let Some(range) = article.heading.and_then(|at| under.get_mut(at as usize)) {
            let number = article.number.as_str();
            *range = Some(range.map_or((number, number), |(first, _)| (first, number)));
        }
    }
    let entries = structure
        .headings
        .iter()
        .zip(under)
        .map(|(heading, range)| {
            let range = match range {
                Some((first, last)) if first != last => format!("{first}–{last}"),
                Some((first, _)) => first.to_owned(),
                None => String::new(),
            };
            let depth = std::iter::successors(heading.parent, |&parent| {
                structure.headings.get(parent as usize)?.parent
            })
            .count();
            (&heading.text, range, depth)
        });
    html! {
        nav.toc aria-label="目录" {
            details open[structure.headings.len() <= 40] {
                summary { "目录（" (structure.articles.len()) "条）" }
                @if structure.headings.is_empty() {
                    p.toc-articles {
                        @for article in &structure.articles {
                            a href={ "#" (article.number) } { (article.number) }
                            " "
                        }
                    }
                } @else {
                    ul {
                        @for (at, (text, range, depth)) in entries.enumerate() {
                            li class={ "depth" (depth) } {
                                a href={ "#h" (at) } { (text) }
                                " "
                                span.range { (range) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A list of cited or citing documents.
fn references(title: &str, id: &str, refs: &[DocumentRef]) -> Markup {
    if refs.is_empty() {
        return html! {};
    }
    html! {
        section.refs aria-labelledby=(id) {
            h2 id=(id) { (title) }
            ul {
                @for reference in refs {
                    li {
                        a href=(url::document(&reference.id)) { (reference.title) }
                        span.meta {
                            (format::badge(reference.validity))
                            @if let Some(number) = &reference.doc_number {
                                span.docnum { (number) }
                            }
                            @if let Some(date) = reference.date {
                                span { (format::time(date)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contents_list_headings_and_link_their_first_article() {
        let text = "第一章 总则\n第一条 甲。\n第二条 乙。\n第二章 附则\n第三条 丙。";
        let html = contents(&Structure::recognise(text, None)).into_string();
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
        let flat = contents(&Structure::recognise("第一条 甲。\n第二条 乙。", None)).into_string();
        assert!(flat.contains(r##"<a href="#第二条">第二条</a>"##), "{flat}");
        assert!(contents(&Structure::default()).into_string().is_empty());
    }
}
