//! `GET /api/openapi.json` matches what the server does: every documented public path answers
//! GET, and every documented parameter is accepted with its example value. (The admin
//! operations, behind the bearer key, and the one public POST, `/api/analytics/open`, are
//! checked against the router in `routes/openapi.rs` and `analytics/tests.rs`.)

use axum::http::StatusCode;
use serde_json::Value;

use crate::util::{encode, get, search_uri};

#[tokio::test]
async fn every_documented_route_answers() {
    let answer = get("/api/openapi.json").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers["content-type"], "application/json");
    let document = answer.json();
    let paths = document["paths"].as_object().unwrap();
    let public: Vec<_> = paths
        .iter()
        .filter(|(path, item)| !path.starts_with("/api/admin/") && item["get"].is_object())
        .collect();
    assert_eq!(public.len(), 8);
    for (path, item) in public {
        let id = if path.contains("{number}") {
            crate::util::REGULATION
        } else {
            crate::util::JIANGMEN
        };
        let uri = path
            .replace("{id}", &encode(id, true))
            .replace("{number}", &encode("第二条", true));
        let answer = get(&uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.body);
        assert!(item["get"]["responses"]["200"].is_object(), "{path}");
    }
}

#[tokio::test]
async fn every_documented_parameter_is_accepted() {
    let document = get("/api/openapi.json").await.json();
    let parameters = document["paths"]["/api/search"]["get"]["parameters"]
        .as_array()
        .unwrap();
    let mut all = Vec::new();
    for parameter in parameters {
        let name = parameter["name"].as_str().unwrap();
        let values: Vec<String> = match &parameter["example"] {
            Value::Array(items) => items.iter().map(plain).collect(),
            example => vec![plain(example)],
        };
        for value in &values {
            let pairs = [(name, value.as_str())];
            let answer = get(&search_uri(&pairs)).await;
            assert_eq!(
                answer.status,
                StatusCode::OK,
                "{name}={value}: {}",
                answer.body
            );
            if name != "page" {
                all.push((name, value.clone()));
            }
        }
        // Every typed parameter refuses nonsense, naming itself (the schema of a value, beside
        // the empty one every parameter accepts).
        let schema = match &parameter["schema"]["anyOf"] {
            Value::Array(choices) => &choices[0],
            _ => &parameter["schema"],
        };
        if schema["type"] != "string" || schema["format"] == "date" || schema["enum"].is_array() {
            let answer = get(&search_uri(&[(name, "§nonsense§")])).await;
            let message = answer.error(StatusCode::BAD_REQUEST, "invalid_parameter");
            assert!(message.contains(&format!("`{name}`")), "{message}");
        }
    }
    let pairs: Vec<(&str, &str)> = all.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let answer = get(&search_uri(&pairs)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
}

#[tokio::test]
async fn documented_error_codes_match_answers() {
    let document = get("/api/openapi.json").await.json();
    let codes = document["components"]["schemas"]["Error"]["properties"]["code"]["enum"]
        .as_array()
        .unwrap()
        .clone();
    for (uri, code) in [
        ("/api/search?page=abc", "invalid_parameter"),
        ("/api/documents/none.md", "not_found"),
        ("/nowhere", "not_found"),
    ] {
        let answer = get(uri).await;
        assert_eq!(answer.json()["code"], code);
        assert!(codes.contains(&Value::from(code)));
    }
}

fn plain(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
