//! `GET /metrics`: counters by route template and status, histograms by route template.

use axum::http::StatusCode;

use crate::util::{app, get_with};

#[tokio::test]
async fn counts_requests_by_route_template() {
    let app = app();
    get_with(app.clone(), "/api/search?q=供水").await;
    get_with(app.clone(), "/api/search?page=abc").await;
    get_with(app.clone(), "/api/documents/%E8%A1%8C%E6%94%BF/a.md").await;
    get_with(app.clone(), "/api/documents/b.md").await;
    get_with(app.clone(), "/no/such/route/12345").await;
    let answer = get_with(app, "/metrics").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    let text = answer.body;
    for line in [
        "# TYPE gongbao_http_requests_total counter",
        "gongbao_http_requests_total{route=\"/api/search\",status=\"200\"} 1",
        "gongbao_http_requests_total{route=\"/api/search\",status=\"400\"} 1",
        "gongbao_http_requests_total{route=\"/api/documents/{*id}\",status=\"404\"} 2",
        "gongbao_http_requests_total{route=\"unmatched\",status=\"404\"} 1",
        "# TYPE gongbao_http_request_duration_seconds histogram",
        "gongbao_http_request_duration_seconds_bucket{route=\"/api/search\",le=\"+Inf\"} 2",
        "gongbao_http_request_duration_seconds_count{route=\"/api/documents/{*id}\"} 2",
        "gongbao_index_documents 3",
    ] {
        assert!(text.contains(line), "{line} missing from\n{text}");
    }
    assert!(!text.contains("12345"), "raw paths never become labels");
    assert!(!text.contains("a.md"), "raw paths never become labels");
}
