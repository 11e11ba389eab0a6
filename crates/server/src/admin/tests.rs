//! The admin API through `router.oneshot`: authentication, CORS, jobs and corrections.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::Request;
use gongbao_core::{Document, GongbaoIndex, UserDictionary, Validity};
use gongbao_query::Engine;
use tower::ServiceExt;

use super::*;
use crate::{router, ServerConfig};

const KEY: &str = "k3y-for-tests-0123456789";

/// An engine over a new index in `dir` of one document, `规章/供水办法.md` (东营市城市供水管理办法).
pub(crate) fn one_document(dir: &std::path::Path) -> Arc<Engine> {
    let index = GongbaoIndex::create(dir, UserDictionary::built_in()).unwrap();
    let document = Document {
        id: "规章/供水办法.md".to_owned(),
        title: "东营市城市供水管理办法".to_owned(),
        validity: Validity::InForce,
        expires: None,
        relations: Vec::new(),
        level: None,
        body: "为了加强城市供水管理，制定本办法。".to_owned(),
        ..Document::default()
    };
    index.add_documents(&[document]).unwrap();
    Arc::new(Engine::new(index).unwrap())
}

fn app(dir: &std::path::Path, key: Option<&str>) -> (Router, Arc<Engine>) {
    let engine = one_document(dir);
    let config = ServerConfig {
        admin_key: key.and_then(AdminKey::new),
        ..ServerConfig::default()
    };
    (router(Arc::clone(&engine), &config), engine)
}

async fn send(app: &Router, request: Request<Body>) -> (StatusCode, serde_json::Value, Response) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20).await.unwrap();
    let json = serde_json::from_slice(&bytes).unwrap_or_default();
    (status, json, Response::from_parts(parts, Body::empty()))
}

fn admin_request(method: &str, uri: &str, key: Option<&str>, body: &str) -> Request<Body> {
    let mut builder = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::ORIGIN, "https://elsewhere.example")
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(key) = key {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {key}"));
    }
    builder.body(Body::from(body.to_owned())).unwrap()
}

#[tokio::test]
async fn missing_empty_wrong_and_prefix_keys_get_401_without_cors() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = app(dir.path(), Some(KEY));
    let prefix = &KEY[..KEY.len() - 1];
    for key in [
        None,
        Some(""),
        Some("wrong"),
        Some(prefix),
        Some(&format!("{KEY}x")),
    ] {
        for (method, uri) in [("GET", "/api/admin/jobs"), ("POST", "/api/admin/jobs")] {
            let (status, json, response) = send(&app, admin_request(method, uri, key, "{}")).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{key:?} {method} {uri}");
            assert_eq!(json["code"], "unauthorized");
            assert!(response
                .headers()
                .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
                .is_none());
        }
    }
    let (status, json, response) =
        send(&app, admin_request("GET", "/api/admin/jobs", Some(KEY), "")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json["jobs"], serde_json::json!([]));
    assert!(response
        .headers()
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .is_none());
    let search = Request::get("/api/search?q=供水")
        .header(header::ORIGIN, "https://elsewhere.example")
        .body(Body::empty())
        .unwrap();
    let (_, _, response) = send(&app, search).await;
    assert!(response
        .headers()
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .is_some());
}

#[tokio::test]
async fn without_a_key_there_is_no_admin_api() {
    let dir = tempfile::tempdir().unwrap();
    for key in [None, Some(""), Some("  ")] {
        let (app, _) = app(
            dir.path()
                .join(format!("{key:?}").len().to_string())
                .as_path(),
            key,
        );
        let (status, _, _) =
            send(&app, admin_request("GET", "/api/admin/jobs", Some(""), "")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_job_at_a_time_and_its_progress() {
    let dir = tempfile::tempdir().unwrap();
    let sources = tempfile::tempdir().unwrap();
    for number in 0..30 {
        std::fs::write(
            sources.path().join(format!("{number}.md")),
            format!("# 关于第{number}批供水工程的通知\n\n各县人民政府：现将第{number}批供水工程任务下达给你们。\n"),
        )
        .unwrap();
    }
    let (app, engine) = app(&dir.path().join("index"), Some(KEY));
    let body = serde_json::json!({"kind": "ingest", "paths": [sources.path()]}).to_string();
    let (status, job, _) = send(
        &app,
        admin_request("POST", "/api/admin/jobs", Some(KEY), &body),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{job}");
    let (second, json, _) = send(
        &app,
        admin_request("POST", "/api/admin/jobs", Some(KEY), &body),
    )
    .await;
    if job["status"] == "running" && second != StatusCode::ACCEPTED {
        assert_eq!(second, StatusCode::CONFLICT);
        assert_eq!(json["code"], "job_running");
    }
    let uri = format!("/api/admin/jobs/{}", job["id"]);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (_, job, _) = send(&app, admin_request("GET", &uri, Some(KEY), "")).await;
        if job["status"] == "succeeded" {
            assert_eq!(job["files_total"], 30);
            assert_eq!(job["files_done"], 30);
            break;
        }
        assert_ne!(job["status"], "failed", "{job}");
        assert!(Instant::now() < deadline, "{job}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    engine.reload().unwrap();
    assert!(engine.num_docs() >= 31);
    let (status, _, _) = send(
        &app,
        admin_request("GET", "/api/admin/jobs/99", Some(KEY), ""),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clerk_marks_a_document_repealed_without_a_reindex() {
    let dir = tempfile::tempdir().unwrap();
    let (app, engine) = app(dir.path(), Some(KEY));
    let uri =
        "/api/admin/documents/%E8%A7%84%E7%AB%A0/%E4%BE%9B%E6%B0%B4%E5%8A%9E%E6%B3%95.md/validity";
    let body = r#"{"validity": "已废止", "from": "2024-03-01", "by": "东营市人民政府关于废止部分规章的决定"}"#;
    let (status, json, _) = send(&app, admin_request("POST", uri, Some(KEY), body)).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["document"]["validity"], "已废止");
    assert_eq!(json["document"]["extra"]["validity_from"], "2024-03-01");
    engine.reload().unwrap();
    let stored = engine
        .document("规章/供水办法.md", gongbao_query::today())
        .unwrap()
        .unwrap();
    assert_eq!(stored.document.validity, Validity::Repealed);
    assert_eq!(engine.num_docs(), 1);
    let (status, _, _) = send(
        &app,
        admin_request("POST", uri, Some(KEY), r#"{"validity": "作废了"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let missing = "/api/admin/documents/nope.md/validity";
    let (status, _, _) = send(&app, admin_request("POST", missing, Some(KEY), body)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = send(&app, admin_request("POST", uri, None, body)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

/// `text` with every byte but ASCII letters and digits percent-encoded, for a query string.
fn encoded(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' => (byte as char).to_string(),
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_correction_applies_from_its_day_in_filters_and_relations_are_corrected_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = app(dir.path(), Some(KEY));
    let document = format!("/api/admin/documents/{}", encoded("规章/供水办法.md"));
    let body = r#"{"validity": "已废止", "from": "2024-03-01", "by": "东营市人民政府关于废止部分规章的决定"}"#;
    let (status, json, _) = send(
        &app,
        admin_request("POST", &format!("{document}/validity"), Some(KEY), body),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    // The validity filter and facet read the status on `as_of`: repealed from 2024-03-01 only.
    let total = |validity: &str, as_of: &str| {
        let uri = format!(
            "/api/search?q={}&validity={}&as_of={as_of}&facets=true",
            encoded("供水"),
            encoded(validity)
        );
        let app = app.clone();
        async move {
            let (status, json, _) =
                send(&app, Request::get(uri).body(Body::empty()).unwrap()).await;
            assert_eq!(status, StatusCode::OK, "{json}");
            json["total"].as_u64().unwrap()
        }
    };
    assert_eq!(total("已废止", "2024-06-01").await, 1);
    assert_eq!(total("现行有效", "2024-06-01").await, 0);
    assert_eq!(total("已废止", "2024-01-01").await, 0);
    assert_eq!(total("现行有效", "2024-01-01").await, 1);

    let relations = r#"{"relations": [{"kind": "repeals", "title": "东营市城市供水管理暂行规定", "doc_number": "东政发〔2001〕12号"}]}"#;
    let (status, json, _) = send(
        &app,
        admin_request(
            "POST",
            &format!("{document}/relations"),
            Some(KEY),
            relations,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    let stated = &json["document"]["relations"][0];
    assert_eq!(stated["kind"], "repeals");
    assert_eq!(stated["title"], "东营市城市供水管理暂行规定");
    assert_eq!(stated["sentence"], gongbao_ingest::CLERK_SENTENCE);
    // The validity corrected before is kept.
    assert_eq!(json["document"]["validity"], "已废止");
    for (bad, status) in [
        (
            r#"{"relations": [{"kind": "cites", "title": "某规定"}]}"#,
            StatusCode::BAD_REQUEST,
        ),
        (
            r#"{"relations": [{"kind": "repeals", "title": " "}]}"#,
            StatusCode::BAD_REQUEST,
        ),
        (r#"{"relation": []}"#, StatusCode::BAD_REQUEST),
    ] {
        let (got, json, _) = send(
            &app,
            admin_request("POST", &format!("{document}/relations"), Some(KEY), bad),
        )
        .await;
        assert_eq!(got, status, "{bad}: {json}");
        assert!(json["code"].is_string(), "{json}");
    }
    let (status, json, _) = send(
        &app,
        admin_request("POST", &format!("{document}/neither"), Some(KEY), "{}"),
    )
    .await;
    assert_eq!(
        (status, json["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );

    let (status, json, _) = send(&app, admin_request("GET", CORRECTIONS, Some(KEY), "")).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    let listed = json["corrections"].as_array().unwrap();
    assert_eq!(listed.len(), 1, "{json}");
    assert_eq!(listed[0]["id"], "规章/供水办法.md");
    assert_eq!(listed[0]["validity"]["validity"], "已废止");
    assert_eq!(listed[0]["validity"]["from"], "2024-03-01");
    assert_eq!(listed[0]["relations"].as_array().unwrap().len(), 1);
    assert!(dir.path().join(gongbao_ingest::CORRECTIONS_FILE).is_file());
}

#[test]
fn a_second_job_is_refused_while_one_runs() {
    let dir = tempfile::tempdir().unwrap();
    let (_, engine) = app(dir.path(), Some(KEY));
    let jobs = Arc::new(Jobs::default());
    let refused = jobs.exclusive(|| {
        jobs.start(
            JobKind::Ingest,
            vec![dir.path().to_path_buf()],
            Arc::clone(&engine),
            Arc::new(gongbao_pdf::InProcess),
        )
    });
    assert!(matches!(refused, Some(None)));
    assert!(jobs.all().is_empty());
}

#[tokio::test]
async fn admin_answers_come_from_the_error_table_through_the_common_layers() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = app(dir.path(), Some(KEY));
    // A path under the prefix that no route serves: 401 without the key, 404 with it.
    let (status, json, response) =
        send(&app, admin_request("GET", "/api/admin/nothing", None, "")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(json["code"], ErrorCode::Unauthorized.as_str());
    assert_eq!(response.headers()[header::WWW_AUTHENTICATE], "Bearer");
    let (status, json, _) = send(
        &app,
        admin_request("GET", "/api/admin/nothing", Some(KEY), ""),
    )
    .await;
    assert_eq!(
        (status, json["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );
    // A preflight is an admin request like any other: no CORS answer.
    let preflight = Request::builder()
        .method("OPTIONS")
        .uri("/api/admin/jobs")
        .header(header::ORIGIN, "https://elsewhere.example")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .body(Body::empty())
        .unwrap();
    let (status, _, response) = send(&app, preflight).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(response
        .headers()
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .is_none());
    // Method routing, the body limit and the JSON body each answer with a code of the table.
    let (status, json, response) = send(
        &app,
        admin_request("DELETE", "/api/admin/jobs", Some(KEY), ""),
    )
    .await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(json["code"], "method_not_allowed");
    assert_eq!(response.headers()[header::ALLOW], "POST,GET,HEAD");
    let message = json["message"].as_str().unwrap();
    assert!(message.contains("DELETE"), "{message}");
    let large = "x".repeat(ServerConfig::default().max_body_bytes + 1);
    let (status, json, _) = send(
        &app,
        admin_request("POST", "/api/admin/jobs", Some(KEY), &large),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(json["code"], "payload_too_large");
    for body in [
        "{",
        r#"{"kind": "ingest", "paths": []}"#,
        r#"{"kind": "other", "paths": ["x"]}"#,
    ] {
        let (status, json, _) = send(
            &app,
            admin_request("POST", "/api/admin/jobs", Some(KEY), body),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(json["code"], "bad_request", "{body}");
    }
    // Admin requests are counted by route template like every other.
    let metrics = app
        .clone()
        .oneshot(Request::get("/metrics").body(Body::empty()).unwrap())
        .await
        .unwrap();
    let text = axum::body::to_bytes(metrics.into_body(), 1 << 20)
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&text);
    assert!(
        text.contains(r#"route="/api/admin/jobs",status="400""#),
        "{text}"
    );
}
