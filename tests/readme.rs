//! The README's quickstart works as written: its `curl` examples, sent to the router over an
//! index of `corpus/`, all answer 200 with JSON (or Prometheus text, checked as such).

mod util;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use gongbao_core::{GongbaoIndex, UserDictionary};
use gongbao_ingest::{discover, ingest, IngestOptions};
use gongbao_query::Engine;
use gongbao_server::{router, ServerConfig};
use tower::ServiceExt;

/// The path and query of every `curl` line of the README, percent-encoded as curl sends them.
fn readme_requests() -> Vec<String> {
    let readme = std::fs::read_to_string(util::repo_root().join("README.md")).unwrap();
    readme
        .lines()
        .filter(|line| line.starts_with("curl "))
        .map(|line| {
            let url = line.split('\'').nth(1).expect("quoted URL");
            let path = url
                .strip_prefix("http://127.0.0.1:7700")
                .expect("local URL");
            path.bytes()
                .map(|byte| {
                    if byte.is_ascii_graphic() && byte != b'[' && byte != b']' {
                        (byte as char).to_string()
                    } else {
                        format!("%{byte:02X}")
                    }
                })
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn every_curl_example_of_the_readme_answers() {
    let dir = tempfile::tempdir().unwrap();
    let index = GongbaoIndex::create(dir.path(), UserDictionary::built_in()).unwrap();
    let files = discover(&[util::repo_root().join("corpus")]).unwrap();
    let report = ingest(&index, &files, &IngestOptions::default(), &()).unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let engine = Arc::new(Engine::new(index).unwrap());
    let app = router(engine, &ServerConfig::default());
    let mut requests = readme_requests();
    assert!(requests.len() >= 5, "{requests:?}");
    // The README names the metrics route beside the curl lines.
    let readme = std::fs::read_to_string(util::repo_root().join("README.md")).unwrap();
    assert!(readme.contains("`/metrics` serves Prometheus metrics"));
    requests.push("/metrics".to_owned());
    for uri in requests {
        let response = app
            .clone()
            .oneshot(Request::get(&uri).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{uri}");
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let body = axum::body::to_bytes(response.into_body(), 1 << 24)
            .await
            .unwrap();
        if content_type.starts_with("text/plain") {
            assert_prometheus_text(&uri, std::str::from_utf8(&body).unwrap());
            continue;
        }
        assert!(
            content_type.starts_with("application/json"),
            "{uri}: {content_type}"
        );
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
        if uri.starts_with("/api/search") {
            assert!(json["total"].as_u64().unwrap() >= 1, "{uri} found nothing");
        }
    }
}

/// Prometheus text exposition: `#` lines, and samples `name{labels} value` with a number.
fn assert_prometheus_text(uri: &str, text: &str) {
    let mut samples = 0;
    for line in text.lines().filter(|line| !line.is_empty()) {
        if line.starts_with('#') {
            continue;
        }
        let (name, value) = line
            .rsplit_once(' ')
            .unwrap_or_else(|| panic!("{uri}: {line}"));
        assert!(
            name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_'),
            "{uri}: {line}"
        );
        assert!(value.parse::<f64>().is_ok(), "{uri}: {line}");
        samples += 1;
    }
    assert!(samples > 0, "{uri}: no samples");
}

#[test]
fn prometheus_text_is_checked_as_such() {
    assert_prometheus_text(
        "/metrics",
        "# TYPE gongbao_requests_total counter\n\
         gongbao_requests_total{route=\"/api/search\",status=\"200\"} 3\n",
    );
    let wrong = std::panic::catch_unwind(|| assert_prometheus_text("/x", "{\"total\": 1}"));
    assert!(wrong.is_err());
}
