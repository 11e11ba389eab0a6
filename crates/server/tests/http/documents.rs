//! `GET /api/documents/{*id}`, `GET /api/facets` and `GET /healthz`.

use axum::http::StatusCode;

use crate::util::{build, documents, encode, get, get_with, JIANGMEN, REGULATION};

#[tokio::test]
async fn a_document_by_percent_encoded_id() {
    for keep_slash in [true, false] {
        let uri = format!("/api/documents/{}", encode(REGULATION, keep_slash));
        let answer = get(&uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.body);
        let json = answer.json();
        assert_eq!(json["document"]["id"], REGULATION);
        assert_eq!(json["document"]["validity"], "已修改");
        let cites: Vec<&str> = json["cites"]
            .as_array()
            .unwrap()
            .iter()
            .map(|reference| reference["id"].as_str().unwrap())
            .collect();
        assert_eq!(cites, [JIANGMEN]);
    }
    let answer = get(&format!("/api/documents/{}", encode(JIANGMEN, true))).await;
    assert_eq!(
        answer.json()["document"]["doc_number"],
        "江政办发〔2023〕12号"
    );
    assert_eq!(answer.json()["cited_by"][0]["id"], REGULATION);
}

#[tokio::test]
async fn a_missing_document_is_404() {
    let answer = get(&format!(
        "/api/documents/{}",
        encode("行政法规/无此条例.md", true)
    ))
    .await;
    let message = answer.error(StatusCode::NOT_FOUND, "not_found");
    assert!(message.contains("行政法规/无此条例.md"), "{message}");
    let answer = get("/api/documents/").await;
    answer.error(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn an_id_that_is_not_utf8_is_400() {
    let answer = get("/api/documents/%FF%FE.md").await;
    let message = answer.error(StatusCode::BAD_REQUEST, "invalid_parameter");
    assert!(message.contains("`id`"), "{message}");
}

#[tokio::test]
async fn facets_count_every_value() {
    let answer = get("/api/facets").await;
    assert_eq!(answer.status, StatusCode::OK);
    let json = answer.json();
    let count = |facet: &str, value: &str| {
        json[facet]
            .as_array()
            .unwrap()
            .iter()
            .find(|entry| entry["value"] == value)
            .map(|entry| entry["count"].as_u64().unwrap())
    };
    assert_eq!(count("doc_types", "条例"), Some(1));
    assert_eq!(count("departments", "市财政局"), Some(1));
    assert_eq!(count("validity", "已废止"), Some(1));
    assert_eq!(count("years", "2023"), Some(1));
    assert_eq!(json["policy_areas"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn healthz_reports_documents_until_the_index_goes() {
    let answer = get("/healthz").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json()["status"], "ok");
    assert_eq!(answer.json()["documents"], 3);

    let dir = tempfile::tempdir().unwrap();
    let engine = build(dir.path(), &documents()[..1]);
    let app = gongbao_server::router(engine, &gongbao_server::ServerConfig::default());
    assert_eq!(
        get_with(app.clone(), "/healthz").await.json()["documents"],
        1
    );
    std::fs::remove_file(dir.path().join("gongbao.json")).unwrap();
    let answer = get_with(app, "/healthz").await;
    answer.error(StatusCode::SERVICE_UNAVAILABLE, "index_unavailable");
}
