//! Concurrency and time limits: searches past the slots wait in line, and are refused only
//! when the line is full or their wait reaches its deadline.

use std::time::Duration;

use axum::http::StatusCode;
use axum::Router;
use gongbao_server::{router, ServerConfig};

use crate::util::{engine, get_with, search_uri};

/// No slot and `places` places in line, waits of at most `wait`, requests of at most `timeout`.
fn starved(places: usize, wait: Duration, timeout: Duration) -> Router {
    let config = ServerConfig {
        max_concurrent_searches: 0,
        max_queued_searches: places,
        max_queue_wait: wait,
        request_timeout: timeout,
        ..ServerConfig::default()
    };
    router(engine(), &config)
}

/// The line of `/metrics` starting with `name`.
async fn metric(app: Router, name: &str) -> String {
    let text = get_with(app, "/metrics").await.body;
    text.lines()
        .find(|line| line.starts_with(name))
        .unwrap_or_else(|| panic!("{name} missing from\n{text}"))
        .to_owned()
}

#[tokio::test]
async fn a_full_queue_means_503_with_retry_after() {
    let app = starved(0, Duration::from_secs(3600), Duration::from_secs(3600));
    for uri in [
        "/api/search?q=供水",
        "/api/facets",
        "/api/documents/规章/x.md",
    ] {
        let answer = get_with(app.clone(), &uri.replace("规章", "%E8%A7%84%E7%AB%A0")).await;
        answer.error(StatusCode::SERVICE_UNAVAILABLE, "too_many_requests");
        assert_eq!(answer.headers["retry-after"], "1");
    }
    // Health and metrics take no slot.
    assert_eq!(
        get_with(app.clone(), "/healthz").await.status,
        StatusCode::OK
    );
    assert_eq!(
        metric(
            app,
            "gongbao_search_rejections_total{reason=\"queue_full\"}"
        )
        .await,
        "gongbao_search_rejections_total{reason=\"queue_full\"} 3"
    );
}

#[tokio::test]
async fn a_wait_past_the_deadline_means_503_with_retry_after() {
    let app = starved(10, Duration::from_millis(20), Duration::from_secs(3600));
    let answer = get_with(app.clone(), "/api/search?q=供水").await;
    let message = answer.error(StatusCode::SERVICE_UNAVAILABLE, "too_many_requests");
    assert!(message.contains("20 ms"), "{message}");
    assert_eq!(answer.headers["retry-after"], "1");
    assert_eq!(
        metric(
            app.clone(),
            "gongbao_search_rejections_total{reason=\"deadline\"}"
        )
        .await,
        "gongbao_search_rejections_total{reason=\"deadline\"} 1"
    );
    assert_eq!(
        metric(app, "gongbao_search_queue_length").await,
        "gongbao_search_queue_length 0"
    );
}

#[tokio::test]
async fn a_request_timing_out_in_line_leaves_it() {
    let app = starved(1, Duration::from_secs(3600), Duration::from_millis(20));
    get_with(app.clone(), "/api/search?q=供水")
        .await
        .error(StatusCode::GATEWAY_TIMEOUT, "timeout");
    assert_eq!(
        metric(app.clone(), "gongbao_search_queue_length").await,
        "gongbao_search_queue_length 0"
    );
    // Its one place is free again: the next request waits (and times out) instead of being
    // refused for a full line.
    get_with(app, "/api/search?q=供水")
        .await
        .error(StatusCode::GATEWAY_TIMEOUT, "timeout");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_larger_than_the_slots_is_served_without_errors() {
    let config = ServerConfig {
        max_concurrent_searches: 2,
        ..ServerConfig::default()
    };
    let app = router(engine(), &config);
    let uri = search_uri(&[("q", "民营经济 融资 供水 政府信息"), ("page_size", "100")]);
    let requests: Vec<_> = (0..64)
        .map(|_| {
            let (app, uri) = (app.clone(), uri.clone());
            tokio::spawn(async move { get_with(app, &uri).await })
        })
        .collect();
    for request in requests {
        let answer = request.await.unwrap();
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    }
    assert_eq!(
        metric(app.clone(), "gongbao_search_queue_wait_seconds_count").await,
        "gongbao_search_queue_wait_seconds_count 64"
    );
    let text = get_with(app, "/metrics").await.body;
    for line in [
        "gongbao_search_slots_available 2",
        "gongbao_search_queue_length 0",
        "gongbao_search_rejections_total{reason=\"queue_full\"} 0",
        "gongbao_search_rejections_total{reason=\"deadline\"} 0",
    ] {
        assert!(text.contains(line), "{line} missing from\n{text}");
    }
}

#[tokio::test]
async fn smaller_configured_limits_apply() {
    let config = ServerConfig {
        max_query_chars: 4,
        max_page_size: 5,
        max_result_window: 10,
        ..ServerConfig::default()
    };
    let app = router(engine(), &config);
    get_with(app.clone(), &search_uri(&[("q", "民营经济发展")]))
        .await
        .error(StatusCode::BAD_REQUEST, "query_too_long");
    get_with(app.clone(), &search_uri(&[("page_size", "6")]))
        .await
        .error(StatusCode::BAD_REQUEST, "invalid_parameter");
    get_with(
        app.clone(),
        &search_uri(&[("page", "3"), ("page_size", "5")]),
    )
    .await
    .error(StatusCode::BAD_REQUEST, "invalid_parameter");
    let answer = get_with(app, &search_uri(&[("page", "2")])).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.json()["page_size"], 5);
}
