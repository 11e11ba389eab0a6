//! `GET /api/search`: parameters reach the engine and the answer is the library's response.

use axum::http::StatusCode;

use crate::util::{get, hit_ids, search_uri, JIANGMEN, REGULATION, REPEALED};

#[tokio::test]
async fn finds_by_words_and_document_number() {
    let answer = get(&search_uri(&[("q", "民营经济")])).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(hit_ids(&answer).first().map(String::as_str), Some(JIANGMEN));
    let json = answer.json();
    assert_eq!(json["page"], 1);
    assert_eq!(json["page_size"], 20);
    assert!(json["facets"]["doc_types"].is_array());

    let answer = get(&search_uri(&[("q", "江政办发〔2023〕12号")])).await;
    assert_eq!(hit_ids(&answer).first().map(String::as_str), Some(JIANGMEN));
    assert_eq!(answer.json()["hits"][0]["pinned"], true);
}

#[tokio::test]
async fn empty_query_lists_everything() {
    let answer = get("/api/search").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json()["total"], 3);
}

#[tokio::test]
async fn filters_reach_the_engine() {
    let ids = |pairs: &'static [(&'static str, &'static str)]| async move {
        let answer = get(&search_uri(pairs)).await;
        assert_eq!(answer.status, StatusCode::OK, "{pairs:?}: {}", answer.body);
        let mut ids = hit_ids(&answer);
        ids.sort();
        ids
    };
    assert_eq!(ids(&[("department", "市财政局")]).await, [JIANGMEN]);
    assert_eq!(ids(&[("policy_area", "政务公开")]).await, [REGULATION]);
    assert_eq!(ids(&[("policy_area", "城乡建设/供水")]).await, [REPEALED]);
    assert_eq!(ids(&[("doc_type", "条例")]).await, [REGULATION]);
    assert_eq!(ids(&[("issuer", "东营市人民政府")]).await, [REPEALED]);
    assert_eq!(ids(&[("validity", "已废止")]).await, [REPEALED]);
    let mut current = vec![JIANGMEN, REGULATION];
    current.sort();
    assert_eq!(ids(&[("validity", "现行有效,已修改")]).await, current);
    assert_eq!(
        ids(&[("validity", "现行有效"), ("validity", "已修改")]).await,
        current
    );
    assert_eq!(ids(&[("current", "true")]).await, current);
    assert_eq!(ids(&[("current", "false")]).await.len(), 3);
    assert_eq!(ids(&[("written_from", "2023-01-01")]).await, [JIANGMEN]);
    assert_eq!(ids(&[("written_to", "2010-12-31")]).await, [REPEALED]);
    assert_eq!(
        ids(&[
            ("published_from", "2019-04-01"),
            ("published_to", "2019-04-30")
        ])
        .await,
        [REGULATION]
    );
    assert_eq!(ids(&[("effective_from", "2023-06-01")]).await, [JIANGMEN]);
    assert_eq!(ids(&[("effective_to", "2020-01-01")]).await, [REGULATION]);
    assert_eq!(ids(&[("year", "2019")]).await, [REGULATION]);
    assert_eq!(
        ids(&[("unknown", "ignored"), ("year", "2010")]).await,
        [REPEALED]
    );
}

#[tokio::test]
async fn sorts_pages_and_switches_parts_off() {
    let answer = get(&search_uri(&[("sort", "date_desc")])).await;
    assert_eq!(hit_ids(&answer), [JIANGMEN, REGULATION, REPEALED]);
    let answer = get(&search_uri(&[("sort", "date_asc")])).await;
    assert_eq!(hit_ids(&answer), [REPEALED, REGULATION, JIANGMEN]);
    let answer = get(&search_uri(&[
        ("sort", "date_asc"),
        ("page", "2"),
        ("page_size", "2"),
        ("facets", "false"),
        ("snippets", "false"),
    ]))
    .await;
    let json = answer.json();
    assert_eq!(hit_ids(&answer), [JIANGMEN]);
    assert_eq!(json["total"], 3);
    assert!(json["facets"].is_null());
    assert_eq!(json["hits"][0]["snippets"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn hostile_queries_never_fail_the_server() {
    // 10,000 characters (a URI holds at most 64 KiB, so mostly ASCII).
    let long = format!("{}{}", "policy ".repeat(1_200), "税".repeat(1_600));
    assert_eq!(long.chars().count(), 10_000);
    let queries = [
        "\"民营经济",
        "((民营]经济}",
        "【江政办发〔2023",
        long.as_str(),
        "！？。，、；：“”",
        "!?.,;:'\"()[]{}",
        "\u{0}\u{7}\u{1b}[31m民营\u{7f}",
        "- *",
        "a:(^",
        "-",
        "\"\"",
        "-\"\"",
        "*:*",
        "民营 -民营",
        "〔〕号",
    ];
    for query in queries {
        let answer = get(&search_uri(&[("q", query)])).await;
        assert!(
            answer.status == StatusCode::OK || answer.status == StatusCode::BAD_REQUEST,
            "{query:?}: {} {}",
            answer.status,
            answer.body
        );
        crate::util::assert_leaks_nothing(&answer.body);
    }
    // With a limit that lets them through, long queries reach the engine and are cut there.
    let config = gongbao_server::ServerConfig {
        max_query_chars: 20_000,
        ..gongbao_server::ServerConfig::default()
    };
    let roomy = gongbao_server::router(crate::util::engine(), &config);
    let answer = crate::util::get_with(roomy, &search_uri(&[("q", &long)])).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.json()["understood"]["truncated"], true);
    // Raw percent-encoded control bytes and invalid UTF-8 too.
    for raw in [
        "q=%00%01%02",
        "q=%FF%FE",
        "q=%E6%B0",
        "q=%",
        "q=%zz",
        "page=%00",
    ] {
        let answer = get(&format!("/api/search?{raw}")).await;
        assert!(
            answer.status == StatusCode::OK || answer.status == StatusCode::BAD_REQUEST,
            "{raw}: {} {}",
            answer.status,
            answer.body
        );
    }
}

#[tokio::test]
async fn cors_is_open_for_get() {
    let request = axum::http::Request::get("/api/search?q=供水")
        .header("origin", "https://example.org")
        .body(axum::body::Body::empty())
        .unwrap();
    let answer = crate::util::send(crate::util::app(), request).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers["access-control-allow-origin"], "*");

    let preflight = axum::http::Request::builder()
        .method("OPTIONS")
        .uri("/api/search")
        .header("origin", "https://example.org")
        .header("access-control-request-method", "GET")
        .body(axum::body::Body::empty())
        .unwrap();
    let answer = crate::util::send(crate::util::app(), preflight).await;
    assert_eq!(answer.headers["access-control-allow-origin"], "*");
    let methods = answer.headers["access-control-allow-methods"]
        .to_str()
        .unwrap();
    assert_eq!(methods, "GET");
}

#[tokio::test]
async fn the_answer_says_which_law_went_first_and_which_equivalents_were_searched() {
    let answer = get(&search_uri(&[("q", "某条例 民企信息公开")])).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(
        hit_ids(&answer).first().map(String::as_str),
        Some(REGULATION)
    );
    let understood = &answer.json()["understood"];
    assert_eq!(understood["laws"], serde_json::json!(["某条例"]));
    assert_eq!(
        understood["synonyms"],
        serde_json::json!([{"typed": "民企", "equivalents": ["民营企业"]}])
    );
}
