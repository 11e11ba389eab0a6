//! `GET /api/openapi.json`: the OpenAPI 3 description of the server, kept as a JSON file in the
//! crate.

use axum::http::header;
use axum::response::IntoResponse;

/// The OpenAPI document.
pub(crate) const OPENAPI: &str = include_str!("../../openapi.json");

/// Serves the OpenAPI document.
pub(crate) async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use std::sync::Arc;

    use axum::body::Body;
    use axum::http::{header, Request, StatusCode};
    use gongbao_core::{GongbaoIndex, UserDictionary};
    use gongbao_query::Engine;
    use serde_json::Value;
    use tower::ServiceExt;

    use super::OPENAPI;
    use crate::error::ErrorCode;
    use crate::params::search_params;
    use crate::routes::{router, ARTICLE, DOCUMENT, FACETS, ROUTES, SEARCH};
    use crate::{AdminKey, ServerConfig};

    const KEY: &str = "k3y-for-the-openapi-check";

    fn document() -> Value {
        serde_json::from_str(OPENAPI).expect("openapi.json is JSON")
    }

    /// `/api/documents/{*id}` is written `/api/documents/{id}` in OpenAPI.
    fn openapi_path(route: &str) -> String {
        route.replace("{*", "{")
    }

    #[test]
    fn is_openapi_3() {
        let document = document();
        assert!(document["openapi"].as_str().unwrap().starts_with("3."));
    }

    /// Every operation of the document: path, method and operation object.
    fn operations(document: &Value) -> Vec<(&str, &str, &Value)> {
        let mut operations = Vec::new();
        for (path, item) in document["paths"].as_object().expect("paths") {
            for (method, operation) in item.as_object().unwrap() {
                operations.push((path.as_str(), method.as_str(), operation));
            }
        }
        operations
    }

    #[test]
    fn every_route_is_documented_and_nothing_else() {
        let document = document();
        let documented: BTreeSet<(String, String)> = operations(&document)
            .into_iter()
            .map(|(path, method, _)| (path.to_owned(), method.to_owned()))
            .collect();
        let routed: BTreeSet<(String, String)> = ROUTES
            .iter()
            .flat_map(|(route, methods)| {
                methods
                    .iter()
                    .map(|method| (openapi_path(route), (*method).to_owned()))
            })
            .collect();
        assert_eq!(documented, routed);
    }

    /// Every documented operation reaches a handler of the router (with an admin key): no
    /// `no such route` and no `method_not_allowed`, with its path parameters filled in.
    #[tokio::test]
    async fn every_documented_operation_is_routed() {
        let dir = tempfile::tempdir().unwrap();
        let index = GongbaoIndex::create(dir.path(), UserDictionary::built_in()).unwrap();
        let engine = Arc::new(Engine::new(index).unwrap());
        let config = ServerConfig {
            admin_key: AdminKey::new(KEY),
            ..ServerConfig::default()
        };
        let app = router(engine, &config);
        let document = document();
        for (path, method, _) in operations(&document) {
            let uri = path.replace("{id}", "1").replace("{number}", "1");
            let request = Request::builder()
                .method(method.to_uppercase().as_str())
                .uri(&uri)
                .header(header::AUTHORIZATION, format!("Bearer {KEY}"))
                .body(Body::empty())
                .unwrap();
            let response = app.clone().oneshot(request).await.unwrap();
            let status = response.status();
            let body = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .unwrap();
            let body = String::from_utf8_lossy(&body);
            assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}");
            assert!(!body.contains("no such route"), "{method} {uri}: {body}");
        }
    }

    #[test]
    fn admin_operations_need_the_bearer_key_and_no_other_does() {
        let document = document();
        let scheme = &document["components"]["securitySchemes"]["bearer"];
        assert_eq!(scheme["type"], "http");
        assert_eq!(scheme["scheme"], "bearer");
        for (path, method, operation) in operations(&document) {
            let unauthorized = operation["responses"]["401"]["description"]
                .as_str()
                .is_some_and(|text| text.starts_with(ErrorCode::Unauthorized.as_str()));
            if crate::admin::is_admin(path) {
                assert_eq!(
                    operation["security"],
                    serde_json::json!([{"bearer": []}]),
                    "{method} {path}"
                );
                assert!(unauthorized, "{method} {path}");
                assert_eq!(operation["tags"], serde_json::json!(["admin"]));
            } else {
                assert!(operation["security"].is_null(), "{method} {path}");
                assert!(!unauthorized, "{method} {path}");
            }
        }
    }

    #[test]
    fn request_bodies_and_answers_name_schemas_that_exist() {
        let document = document();
        let schemas = document["components"]["schemas"].as_object().unwrap();
        let mut references = Vec::new();
        for (path, method, operation) in operations(&document) {
            let body = &operation["requestBody"];
            assert_eq!(!body.is_null(), method == "post", "{method} {path}");
            if !body.is_null() {
                references.push(&body["content"]["application/json"]["schema"]["$ref"]);
            }
            for (status, response) in operation["responses"].as_object().unwrap() {
                let content = &response["content"]["application/json"]["schema"]["$ref"];
                if status.starts_with('4') || status.starts_with('5') {
                    assert_eq!(
                        content, "#/components/schemas/Error",
                        "{method} {path} {status}"
                    );
                }
                references.push(content);
            }
        }
        for reference in references
            .into_iter()
            .filter(|reference| !reference.is_null())
        {
            let name = reference
                .as_str()
                .unwrap()
                .strip_prefix("#/components/schemas/")
                .unwrap();
            assert!(schemas.contains_key(name), "{name}");
        }
    }

    #[test]
    fn search_parameters_are_the_ones_read() {
        let document = document();
        let parameters = document["paths"]["/api/search"]["get"]["parameters"]
            .as_array()
            .expect("search parameters");
        let documented: BTreeSet<&str> = parameters
            .iter()
            .map(|parameter| {
                assert_eq!(parameter["in"], "query");
                parameter["name"].as_str().unwrap()
            })
            .collect();
        let read: BTreeSet<&str> = search_params().collect();
        assert_eq!(documented, read);
    }

    /// The search reads an empty value as none (an HTML form sends its empty fields), and the
    /// document says so of every parameter.
    #[test]
    fn every_search_parameter_accepts_an_empty_value() {
        let document = document();
        for parameter in document["paths"]["/api/search"]["get"]["parameters"]
            .as_array()
            .unwrap()
        {
            let schema = &parameter["schema"];
            let empty = serde_json::json!({"type": "string", "maxLength": 0});
            let accepts = schema["anyOf"]
                .as_array()
                .is_some_and(|choices| choices.contains(&empty))
                || schema["items"]["enum"]
                    .as_array()
                    .is_some_and(|names| names.contains(&Value::from("")));
            assert!(accepts, "{}", parameter["name"]);
        }
    }

    /// The validity names of the search filter and of the admin correction are exactly the ones
    /// `Validity::parse` reads, so no valid name is refused and no other is accepted.
    #[test]
    fn validity_names_are_the_ones_parsed() {
        let document = document();
        let names = |schema: &Value| -> Vec<String> {
            serde_json::from_value(schema["enum"].clone()).expect("an enum of names")
        };
        let parsed: Vec<String> = gongbao_core::Validity::NAMES
            .iter()
            .map(|(name, _)| (*name).to_owned())
            .collect();
        let filter = document["paths"]["/api/search"]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|parameter| parameter["name"] == "validity")
            .expect("the validity filter");
        let mut with_empty = parsed.clone();
        with_empty.push(String::new());
        assert_eq!(names(&filter["schema"]["items"]), with_empty);
        let correction = &document["components"]["schemas"]["ValidityRequest"]["properties"];
        assert_eq!(names(&correction["validity"]), parsed);
    }

    #[test]
    fn every_route_that_waits_for_a_slot_documents_retry_after() {
        let document = document();
        assert!(document["components"]["headers"]["RetryAfter"]["schema"].is_object());
        let mut refusing = BTreeSet::new();
        for (path, item) in document["paths"].as_object().unwrap() {
            let unavailable = &item["get"]["responses"]["503"];
            if !unavailable["description"]
                .as_str()
                .is_some_and(|text| text.contains(ErrorCode::TooManyRequests.as_str()))
            {
                continue;
            }
            assert_eq!(
                unavailable["headers"]["Retry-After"]["$ref"], "#/components/headers/RetryAfter",
                "{path}"
            );
            refusing.insert(path.as_str());
        }
        let slotted = [SEARCH, DOCUMENT, ARTICLE, FACETS, crate::web::SUGGEST].map(openapi_path);
        assert_eq!(
            refusing,
            slotted.iter().map(String::as_str).collect::<BTreeSet<_>>()
        );
    }

    #[test]
    fn every_error_code_is_documented() {
        let document = document();
        let codes: BTreeSet<&str> = document["components"]["schemas"]["Error"]["properties"]
            ["code"]["enum"]
            .as_array()
            .expect("error codes")
            .iter()
            .map(|code| code.as_str().unwrap())
            .collect();
        let table: BTreeSet<&str> = ErrorCode::ALL.iter().map(|code| code.as_str()).collect();
        assert_eq!(codes, table);
    }

    /// Each code is answered by some documented operation, under the status the table gives
    /// it, with the code named in that response's description.
    #[test]
    fn every_error_code_is_an_answer_of_some_route_under_its_status() {
        let document = document();
        let operations = operations(&document);
        for code in ErrorCode::ALL {
            let status = code.status().as_u16().to_string();
            let answered = operations.iter().any(|(_, _, operation)| {
                operation["responses"][&status]["description"]
                    .as_str()
                    .is_some_and(|text| {
                        text.split(|ch: char| !(ch.is_ascii_lowercase() || ch == '_'))
                            .any(|word| word == code.as_str())
                    })
            });
            assert!(
                answered,
                "{} ({status}) is no documented answer",
                code.as_str()
            );
        }
    }
}
