//! Concurrency and time limits.

use std::time::Duration;

use axum::http::StatusCode;
use gongbao_server::{router, ServerConfig};

use crate::util::{engine, get_with, search_uri};

#[tokio::test]
async fn no_slots_means_503() {
    let config = ServerConfig {
        max_concurrent_searches: 0,
        ..ServerConfig::default()
    };
    let app = router(engine(), &config);
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
    assert_eq!(get_with(app, "/metrics").await.status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exhausted_slots_refuse_rather_than_queue() {
    let config = ServerConfig {
        max_concurrent_searches: 2,
        ..ServerConfig::default()
    };
    let app = router(engine(), &config);
    let uri = search_uri(&[("q", "民营经济 融资 供水 政府信息"), ("page_size", "100")]);
    let requests: Vec<_> = (0..32)
        .map(|_| {
            let (app, uri) = (app.clone(), uri.clone());
            tokio::spawn(async move { get_with(app, &uri).await })
        })
        .collect();
    let mut statuses = Vec::new();
    for request in requests {
        let answer = request.await.unwrap();
        if answer.status != StatusCode::OK {
            answer.error(StatusCode::SERVICE_UNAVAILABLE, "too_many_requests");
        }
        statuses.push(answer.status);
    }
    assert!(statuses.contains(&StatusCode::OK));
    // The slots are free again afterwards.
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(get_with(app, &uri).await.status, StatusCode::OK);
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
