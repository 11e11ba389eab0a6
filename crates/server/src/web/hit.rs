//! One hit of the search page: a document, or an article read as 《title》第八条.

use std::fmt::Write;

use gongbao_query::Hit;

use super::escape::{url_component, url_path, Html};
use super::format;

/// One hit: title, metadata, gazette citation and passages; an article hit reads
/// 《title》第五十四条 with the article's text, and links to the article in its document.
pub(super) fn hit_item(hit: &Hit, query: &str) -> String {
    let document = hit
        .article
        .as_ref()
        .map_or(&hit.id, |article| &article.document);
    let mut href = format!("/documents/{}", url_path(document));
    if !query.trim().is_empty() {
        let _ = write!(href, "?q={}", url_component(query));
    }
    let title = match &hit.article {
        Some(article) => {
            let _ = write!(href, "#{}", url_component(&article.number));
            format!("《{}》{}", hit.title.html, Html(&article.number))
        }
        None => hit.title.html.clone(),
    };
    let mut html = format!(
        r#"<li class="hit"><h2 class="hit-title"><a href="{href}">{title}</a></h2><p class="meta">{badge}"#,
        href = Html(&href),
        badge = format::badge(hit.validity),
    );
    if let Some(number) = &hit.doc_number {
        let _ = write!(html, r#"<span class="docnum">{}</span>"#, Html(number));
    }
    if !hit.issuers.is_empty() {
        let _ = write!(html, "<span>{}</span>", Html(&hit.issuers.join("　")));
    }
    if let Some(date) = hit.dates.published.or(hit.dates.written) {
        let _ = write!(html, "<span>{}</span>", format::time(date));
    }
    if let Some(doc_type) = &hit.doc_type {
        let _ = write!(html, r#"<span class="type">{}</span>"#, Html(doc_type));
    }
    html.push_str("</p>");
    if let Some(citation) = format::gazette(&hit.source) {
        let _ = write!(html, r#"<p class="gazette">刊于{citation}</p>"#);
    }
    if let Some(ocr) = hit.source.ocr {
        let _ = write!(
            html,
            r#"<p class="ocr">扫描件识别文本（OCR，置信度{}%），可能有错字</p>"#,
            ocr.confidence
        );
    }
    if let Some(article) = &hit.article {
        if !article.path.is_empty() {
            let _ = write!(
                html,
                r#"<p class="path">{}</p>"#,
                Html(&article.path.join(" › "))
            );
        }
        let _ = write!(
            html,
            r#"<p class="snippet article-text">{}</p>"#,
            article.text.html
        );
    }
    for snippet in &hit.snippets {
        html.push_str(r#"<p class="snippet">"#);
        if let Some(article) = &snippet.article {
            let _ = write!(html, r#"<span class="article">{}</span>"#, Html(article));
        }
        html.push_str(&snippet.passage.html);
        html.push_str("</p>");
    }
    html.push_str("</li>");
    html
}
