//! The search log through `router.oneshot`: what a search and an open log, the report and the
//! clerks' page behind the key.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use serde_json::Value;
use std::path::Path;
use tower::ServiceExt;

use crate::{router, AdminKey, ServerConfig};

const KEY: &str = "k3y-for-the-analytics-tests";

fn app(dir: &Path, analytics: bool) -> Router {
    let engine = crate::admin::tests::one_document(dir);
    let config = ServerConfig {
        admin_key: AdminKey::new(KEY),
        analytics,
        ..ServerConfig::default()
    };
    router(engine, &config)
}

async fn send(app: &Router, request: Request<Body>) -> (StatusCode, String, axum::http::HeaderMap) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), 1 << 22)
        .await
        .unwrap();
    (status, String::from_utf8(body.to_vec()).unwrap(), headers)
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

fn post_open(body: &str) -> Request<Body> {
    Request::post(super::OPEN)
        .header(header::CONTENT_TYPE, "text/plain;charset=UTF-8")
        .body(Body::from(body.to_owned()))
        .unwrap()
}

/// Every line of the log, once the router (and with it the writer) is gone.
fn log_lines(dir: &Path) -> Vec<Value> {
    let mut lines = Vec::new();
    for entry in std::fs::read_dir(dir.join("analytics")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        lines.extend(text.lines().map(|line| serde_json::from_str(line).unwrap()));
    }
    lines
}

#[tokio::test]
async fn searches_and_opens_are_logged_without_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path(), true);
    let request =
        Request::get("/api/search?q=%E4%BE%9B%E6%B0%B4&department=%E6%B0%B4%E5%8A%A1%E5%B1%80")
            .header("x-forwarded-for", "203.0.113.9")
            .header(header::USER_AGENT, "secret-agent/1.0")
            .header(header::COOKIE, "session=abc")
            .body(Body::empty())
            .unwrap();
    let (status, body, _) = send(&app, request).await;
    assert_eq!(status, StatusCode::OK);
    let answer: Value = serde_json::from_str(&body).unwrap();
    let id = answer["search_id"].as_str().unwrap().to_owned();
    let (status, page, _) = send(&app, get("/?q=%E4%BE%9B%E6%B0%B4")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("data-search=\""), "{page}");
    assert!(page.contains("data-doc=\"规章/供水办法.md\""));
    // Browsing without words logs nothing.
    let (_, browse, _) = send(&app, get("/api/search")).await;
    assert!(!browse.contains("search_id"));
    let open = format!(r#"{{"search_id":"{id}","document_id":"规章/供水办法.md"}}"#);
    let (status, _, _) = send(&app, post_open(&open)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    drop(app);

    let lines = log_lines(dir.path());
    assert_eq!(lines.len(), 3, "{lines:?}");
    let api = &lines[0];
    assert_eq!(api["type"], "search");
    assert_eq!(api["q"], "供水");
    assert_eq!(api["via"], "api");
    // The filter leaves nothing; the page's search without it finds the document.
    assert_eq!(api["hits"], 0);
    assert_eq!(
        api["filters"],
        serde_json::json!([["department", "水务局"]])
    );
    assert_eq!(lines[1]["via"], "web");
    assert_eq!(lines[1]["hits"], 1);
    assert_eq!(lines[2]["type"], "open");
    assert_eq!(lines[2]["id"], id.as_str());
    let everything = serde_json::to_string(&lines).unwrap();
    for personal in ["203.0.113.9", "secret-agent", "session"] {
        assert!(!everything.contains(personal), "{personal} logged");
    }
}

#[tokio::test]
async fn bad_opens_get_error_codes() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path(), true);
    for (body, code) in [
        ("not json", "bad_request"),
        (
            r#"{"search_id":"xyz","document_id":"a"}"#,
            "invalid_parameter",
        ),
        (
            r#"{"search_id":"00000000000000ff","document_id":""}"#,
            "invalid_parameter",
        ),
    ] {
        let (status, answer, _) = send(&app, post_open(body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(answer.contains(code), "{body}: {answer}");
    }
}

#[tokio::test]
async fn without_analytics_nothing_is_logged() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path(), false);
    let (_, body, _) = send(&app, get("/api/search?q=%E4%BE%9B%E6%B0%B4")).await;
    assert!(!body.contains("search_id"));
    let open = r#"{"search_id":"00000000000000ff","document_id":"a"}"#;
    let (status, _, _) = send(&app, post_open(open)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    drop(app);
    assert!(!dir.path().join("analytics").exists());
}

#[tokio::test]
async fn the_report_and_its_page_need_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path(), true);
    send(&app, get("/api/search?q=%E7%81%AB%E6%98%9F")).await;
    let (status, _, headers) = send(&app, get("/admin/analytics")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(headers[header::WWW_AUTHENTICATE]
        .to_str()
        .unwrap()
        .starts_with("Basic"));
    assert!(headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
    let (status, body, _) = send(&app, get("/api/admin/analytics")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");

    // base64("clerk:k3y-for-the-analytics-tests")
    let basic = "Basic Y2xlcms6azN5LWZvci10aGUtYW5hbHl0aWNzLXRlc3Rz";
    let page = Request::get("/admin/analytics?days=30")
        .header(header::AUTHORIZATION, basic)
        .body(Body::empty())
        .unwrap();
    let (status, body, _) = send(&app, page).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("检索统计") && body.contains("按周"), "{body}");
    let bearer = |uri: &str| {
        Request::get(uri)
            .header(header::AUTHORIZATION, format!("Bearer {KEY}"))
            .body(Body::empty())
            .unwrap()
    };
    let (status, body, _) = send(&app, bearer("/api/admin/analytics?days=3")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let report: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(report["days"].as_array().unwrap().len(), 3);
    let (status, body, _) = send(&app, bearer("/api/admin/analytics?days=0")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("invalid_parameter"));
}
