//! The search page over HTTP: HTML, escaping, caching headers and the suggestion route.

use axum::http::StatusCode;
use gongbao_core::{Dates, Document, GazetteIssue, Source, Validity};
use gongbao_server::{router, ServerConfig};
use time::macros::date;

use crate::util::{build, encode, get, get_with, Answer, JIANGMEN, REGULATION};

fn header(answer: &crate::util::Answer, name: &str) -> String {
    answer
        .headers
        .get(name)
        .unwrap_or_else(|| panic!("{name} is set"))
        .to_str()
        .unwrap()
        .to_owned()
}

/// The hashed asset URLs a page links to.
fn assets(body: &str) -> Vec<String> {
    body.match_indices("/assets/")
        .map(|(at, _)| {
            let rest = &body[at..];
            rest[..rest.find('"').expect("quoted")].to_owned()
        })
        .collect()
}

#[tokio::test]
async fn the_search_page_is_html_that_is_revalidated() {
    let answer = get(&format!("/?q={}", encode("民营经济", false))).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(header(&answer, "content-type"), "text/html; charset=utf-8");
    assert_eq!(header(&answer, "cache-control"), "no-cache");
    assert!(header(&answer, "content-security-policy").contains("default-src 'none'"));
    assert!(answer
        .body
        .to_ascii_lowercase()
        .starts_with("<!doctype html>"));
    assert!(answer.body.contains(r#"<html lang="zh-CN">"#));
    assert!(
        answer
            .body
            .contains("江门市促进<em>民营经济</em>高质量发展"),
        "{}",
        answer.body
    );
    assert!(answer.body.contains("江政办发〔2023〕12号"));
    assert!(answer
        .body
        .contains(r#"<span class="badge in-force">现行有效</span>"#));
    assert!(!answer.body.contains("http://") && !answer.body.contains("https://"));
}

#[tokio::test]
async fn assets_are_cached_for_a_year_under_hashed_names() {
    let page = get("/").await;
    let links = assets(&page.body);
    assert_eq!(links.len(), 2, "{links:?}");
    for link in links {
        let answer = get(&link).await;
        assert_eq!(answer.status, StatusCode::OK, "{link}");
        assert_eq!(
            header(&answer, "cache-control"),
            "public, max-age=31536000, immutable"
        );
        let kind = if link.ends_with(".css") {
            "text/css"
        } else {
            "text/javascript"
        };
        assert!(header(&answer, "content-type").starts_with(kind));
    }
    let stale = get("/assets/gongbao.0000000000000000.css").await;
    assert_eq!(stale.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn user_text_is_escaped_everywhere() {
    let hostile = "<script>alert(1)</script>\"'";
    let answer = get(&format!(
        "/?q={}&department={}",
        encode(hostile, false),
        encode(hostile, false)
    ))
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(!answer.body.contains("<script>alert"), "{}", answer.body);
    // `'` needs no escaping: every attribute is in double quotes.
    assert!(answer
        .body
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;'"));
    let document = get(&format!(
        "/documents/{}?q={}",
        encode(REGULATION, true),
        encode(hostile, false)
    ))
    .await;
    assert_eq!(document.status, StatusCode::OK);
    assert!(!document.body.contains("<script>alert"));
    let missing = get(&format!("/documents/{}", encode(hostile, false))).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(header(&missing, "content-type"), "text/html; charset=utf-8");
    assert!(!missing.body.contains("<script>alert"));
}

/// Markup and quotes in every kind of text a page shows.
const HOSTILE: &str = "<script>alert(1)</script>\"'&";
/// [`HOSTILE`] as a page shows it: escaped, so it reads as text.
const ESCAPED: &str = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;'&amp;";

/// A regulation with [`HOSTILE`] in its title, metadata, headings, articles and PDF address.
fn hostile_document() -> Document {
    let hostile = HOSTILE.to_owned();
    Document {
        id: format!("规章/{HOSTILE}.md"),
        title: format!("{HOSTILE}养犬管理办法"),
        doc_number: Some(format!("{HOSTILE}〔2023〕1号")),
        issuers: vec![hostile.clone()],
        doc_type: Some(hostile.clone()),
        policy_areas: vec![vec!["公共安全".to_owned(), hostile.clone()]],
        departments: vec![hostile.clone()],
        dates: Dates {
            written: Some(date!(2023 - 01 - 02)),
            published: Some(date!(2023 - 01 - 05)),
            effective: None,
        },
        validity: Validity::InForce,
        expires: None,
        relations: Vec::new(),
        level: None,
        source: Source {
            path: "hostile.md".to_owned(),
            issue: Some(GazetteIssue {
                gazette: hostile.clone(),
                year: 2023,
                number: 1,
            }),
            pages: Some((3, 4)),
            ..Source::default()
        },
        body: format!(
            "第一章 {HOSTILE}总则\n第一条 为了规范养犬行为，{HOSTILE}制定本办法。\n第二条 养犬应当登记。"
        ),
        structure: Default::default(),
        extra: [(
            "pdf_url".to_owned(),
            format!("https://example.gov.cn/{HOSTILE}.pdf").into(),
        )]
        .into_iter()
        .collect(),
    }
}

/// Checks that `answer` is a page showing [`HOSTILE`] only as text, at least `shown` times.
fn assert_shown_as_text(answer: &Answer, shown: usize) {
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert!(!answer.body.contains("<script>alert"), "{}", answer.body);
    assert!(!answer.body.contains("\"'&"), "{}", answer.body);
    let count = answer.body.matches(ESCAPED).count();
    assert!(count >= shown, "{count} < {shown}: {}", answer.body);
}

#[tokio::test]
async fn markup_in_titles_metadata_and_queries_is_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = router(
        build(dir.path(), &[hostile_document()]),
        &ServerConfig::default(),
    );
    // The search page: hit title, number, issuer, type and citation; the filter's chip, hidden
    // input and facet; the department facet of the hit.
    let search = get_with(
        app.clone(),
        &format!(
            "/?q={}&department={}",
            encode("养犬", false),
            encode(HOSTILE, false)
        ),
    )
    .await;
    assert_shown_as_text(&search, 8);
    assert!(search.body.contains(&format!(
        r#"<span class="docnum">{ESCAPED}〔2023〕1号</span>"#
    )));
    assert!(search
        .body
        .contains(&format!(r#"<span class="type">{ESCAPED}</span>"#)));
    assert!(search
        .body
        .contains(&format!(r#"name="department" value="{ESCAPED}""#)));
    // The title is the query crate's marked HTML, which escapes `'` too.
    assert!(search
        .body
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"));
    // The article search shows the article's headings and text.
    let articles = get_with(
        app.clone(),
        &format!("/?q={}&unit=article", encode("养犬行为", false)),
    )
    .await;
    assert_shown_as_text(&articles, 2);
    // The query itself, echoed in the heading, the search box and the links.
    let query = get_with(app.clone(), &format!("/?q={}", encode(HOSTILE, false))).await;
    assert_shown_as_text(&query, 2);
    assert!(query.body.contains(&format!(r#"value="{ESCAPED}""#)));
    // The document page: title, metadata, gazette, PDF link, contents and body.
    let id = encode(&format!("规章/{HOSTILE}.md"), true);
    let document = get_with(app.clone(), &format!("/documents/{id}")).await;
    assert_shown_as_text(&document, 10);
    assert!(document
        .body
        .contains(&format!(r#"<h1 id="doc-title">{ESCAPED}养犬管理办法</h1>"#)));
    assert!(document
        .body
        .contains(&format!("<title>{ESCAPED}养犬管理办法 · 公报检索</title>")));
    assert!(document
        .body
        .contains(&format!("<dd>《{ESCAPED}》2023年第1期 第3—4页 <a")));
    // With a query, the title is marked and the body's marks sit among escaped text.
    let marked = get_with(
        app,
        &format!(
            "/documents/{id}?q={}",
            encode(&format!("养犬 {HOSTILE}"), false)
        ),
    )
    .await;
    assert_shown_as_text(&marked, 4);
    assert!(marked.body.contains("<mark"), "{}", marked.body);
}

#[tokio::test]
async fn a_bad_parameter_is_an_html_page_with_its_status() {
    let answer = get("/?page=0").await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(header(&answer, "content-type"), "text/html; charset=utf-8");
    assert!(answer.body.contains("搜索条件有误"));
}

#[tokio::test]
async fn the_document_page_marks_the_query_and_lists_citations() {
    let answer = get(&format!(
        "/documents/{}?q={}",
        encode(JIANGMEN, true),
        encode("民营企业", false)
    ))
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(
        answer.body.contains(r#"<mark id="m1">民营企业</mark>"#),
        "{}",
        answer.body
    );
    assert!(answer.body.contains("引用本文的文件"));
    assert!(answer.body.contains("某条例"));
}

#[tokio::test]
async fn suggestions_are_titles_and_numbers() {
    // A whole number in any brackets names its document first.
    let answer = get(&format!(
        "/api/suggest?q={}",
        encode("江政办发[2023]12号", false)
    ))
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let json = answer.json();
    let first = &json["suggestions"][0];
    assert_eq!(first["id"], JIANGMEN);
    assert_eq!(first["doc_number"], "江政办发〔2023〕12号");
    assert!(first["url"].as_str().unwrap().starts_with("/documents/"));
    let empty = get("/api/suggest?q=").await.json();
    assert_eq!(empty["suggestions"], serde_json::json!([]));
    let long = get(&format!("/api/suggest?q={}", "a".repeat(300))).await;
    long.error(StatusCode::BAD_REQUEST, "query_too_long");
}

#[tokio::test]
async fn the_page_says_which_equivalents_were_searched() {
    let answer = get(&format!("/?q={}", encode("民企 贴息", false))).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(
        answer.body.contains("同时搜索：民企 → 民营企业"),
        "{}",
        answer.body
    );
    // The equivalent found in the passage is marked.
    assert!(answer.body.contains("<em>民营企业</em>"), "{}", answer.body);
}
