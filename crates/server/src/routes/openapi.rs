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

    use serde_json::Value;

    use super::OPENAPI;
    use crate::error::ErrorCode;
    use crate::params::SEARCH_PARAMS;
    use crate::routes::{ARTICLE, DOCUMENT, FACETS, ROUTES, SEARCH};

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

    #[test]
    fn every_route_is_documented_and_nothing_else() {
        let document = document();
        let documented: BTreeSet<String> = document["paths"]
            .as_object()
            .expect("paths")
            .keys()
            .cloned()
            .collect();
        let routed: BTreeSet<String> = ROUTES.iter().map(|route| openapi_path(route)).collect();
        assert_eq!(documented, routed);
        for (path, item) in document["paths"].as_object().unwrap() {
            let methods: Vec<&String> = item.as_object().unwrap().keys().collect();
            assert_eq!(methods, ["get"], "{path} documents only GET");
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
        let read: BTreeSet<&str> = SEARCH_PARAMS.into_iter().collect();
        assert_eq!(documented, read);
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
}
