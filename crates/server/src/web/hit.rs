//! One hit of the search page: a document, or an article read as 《title》第八条.

use gongbao_query::Hit;
use maud::{html, Markup};

use super::{format, lifecycle, url};

/// One hit: title, metadata, gazette citation and passages; an article hit reads
/// 《title》第五十四条 with the article's text, and links to the article in its document.
pub(super) fn hit_item(hit: &Hit, query: &str) -> Markup {
    let document = hit
        .article
        .as_ref()
        .map_or(&hit.id, |article| &article.document);
    let mut href = url::document(document);
    if !query.trim().is_empty() {
        href.push_str("?q=");
        href.push_str(&url::component(query));
    }
    if let Some(article) = &hit.article {
        href.push('#');
        href.push_str(&url::component(&article.number));
    }
    html! {
        li.hit {
            h2.hit-title {
                a href=(href) data-doc=(document) {
                    @if let Some(article) = &hit.article {
                        "《" (format::marked(&hit.title)) "》" (article.number)
                    } @else {
                        (format::marked(&hit.title))
                    }
                }
            }
            p.meta {
                (format::badge(hit.validity))
                @if let Some(number) = &hit.doc_number {
                    span.docnum { (number) }
                }
                @if !hit.issuers.is_empty() {
                    span { (hit.issuers.join("　")) }
                }
                @if let Some(date) = hit.dates.published.or(hit.dates.written) {
                    span { (format::time(date)) }
                }
                @if let Some(doc_type) = &hit.doc_type {
                    span.type { (doc_type) }
                }
            }
            // Why it is out of force, with the document that made it so; else its newest version.
            @if hit.lifecycle.by.is_some() {
                p.cause { (lifecycle::reason(&hit.lifecycle)) }
            } @else if let Some(newest) = &hit.newest_version {
                p.cause {
                    "新版本："
                    a href=(url::document(&newest.id)) { (newest.title) }
                }
            }
            @if hit.other_versions > 0 {
                p.versions-count { "另有" (hit.other_versions) "个版本" }
            }
            @if let Some(citation) = format::gazette(&hit.source) {
                p.gazette { "刊于" (citation) }
            }
            @if let Some(ocr) = hit.source.ocr {
                p.ocr { "扫描件识别文本（OCR，置信度" (ocr.confidence) "%），可能有错字" }
            }
            @if let Some(article) = &hit.article {
                @if !article.path.is_empty() {
                    p.path { (article.path.join(" › ")) }
                }
                p.snippet.article-text { (format::marked(&article.text)) }
            }
            @for snippet in &hit.snippets {
                p.snippet {
                    @if let Some(article) = &snippet.article {
                        span.article { (article) }
                    }
                    (format::marked(&snippet.passage))
                }
            }
        }
    }
}
