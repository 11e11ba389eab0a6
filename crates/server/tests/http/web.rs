//! The search page over HTTP: HTML, escaping, caching headers and the suggestion route.

use axum::http::StatusCode;

use crate::util::{encode, get, JIANGMEN, REGULATION};

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
    assert!(answer.body.to_ascii_lowercase().starts_with("<!doctype html>"));
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
