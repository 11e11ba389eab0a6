//! Every error path answers the one JSON shape with the right code and status.

use axum::body::Body;
use axum::http::{Request, StatusCode};

use crate::util::{app, get, search_uri, send};

#[tokio::test]
async fn bad_parameters_are_400_naming_the_parameter() {
    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[("page", "abc")], "page"),
        (&[("page", "0")], "page"),
        (&[("page", "-1")], "page"),
        (&[("page", "184467440737095516160")], "page"),
        (&[("page_size", "0")], "page_size"),
        (&[("page_size", "1000")], "page_size"),
        (&[("page", "51"), ("page_size", "20")], "page"),
        (&[("sort", "foo")], "sort"),
        (&[("written_from", "2023-02-30")], "written_from"),
        (&[("written_to", "2023年5月")], "written_to"),
        (&[("published_from", "20230101")], "published_from"),
        (&[("published_to", "yesterday")], "published_to"),
        (
            &[
                ("effective_from", "2024-01-01"),
                ("effective_to", "2023-01-01"),
            ],
            "effective_from",
        ),
        (&[("effective_to", "2023-1-1")], "effective_to"),
        (&[("year", "twenty")], "year"),
        (&[("year", "12345")], "year"),
        (&[("validity", "现行有效,永久")], "validity"),
        (&[("current", "maybe")], "current"),
        (&[("facets", "yes")], "facets"),
        (&[("snippets", "no")], "snippets"),
        (&[("policy_area", "/政务公开")], "policy_area"),
        (&[("q", "供水"), ("q", "管理")], "q"),
    ];
    for (pairs, parameter) in cases {
        let answer = get(&search_uri(pairs)).await;
        let message = answer.error(StatusCode::BAD_REQUEST, "invalid_parameter");
        assert!(
            message.contains(&format!("`{parameter}`")),
            "{pairs:?}: {message}"
        );
    }
}

#[tokio::test]
async fn long_queries_are_refused() {
    let answer = get(&search_uri(&[("q", &"政".repeat(257))])).await;
    answer.error(StatusCode::BAD_REQUEST, "query_too_long");
    let answer = get(&search_uri(&[("q", &"政".repeat(256))])).await;
    assert_eq!(answer.status, StatusCode::OK);
}

#[tokio::test]
async fn unknown_routes_and_methods() {
    get("/api/nothing")
        .await
        .error(StatusCode::NOT_FOUND, "not_found");
    get("/nothing")
        .await
        .error(StatusCode::NOT_FOUND, "not_found");
    let request = Request::post("/api/search").body(Body::empty()).unwrap();
    let answer = send(app(), request).await;
    answer.error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    assert!(answer.headers.contains_key("allow"));
    let request = Request::delete("/api/documents/行政法规".replace("行政法规", "x"))
        .body(Body::empty())
        .unwrap();
    send(app(), request)
        .await
        .error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
}

#[tokio::test]
async fn large_bodies_are_413() {
    let body = vec![b'x'; 65 * 1024];
    let request = Request::get("/api/search")
        .header("content-length", body.len())
        .body(Body::from(body))
        .unwrap();
    send(app(), request)
        .await
        .error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    let request = Request::get("/api/search")
        .body(Body::from("small"))
        .unwrap();
    assert_eq!(send(app(), request).await.status, StatusCode::OK);
}
