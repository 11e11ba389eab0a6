//! The router: every route, grouped by domain (the admin API among them), behind one middleware
//! stack.
//!
//! Layers, outermost first: error bodies made JSON, tracing, metrics, CORS (GET from any
//! origin; none for the admin API), the admin key check (paths under `/api/admin`), the request
//! timeout, catch-panic and the body-size limit. All of them run after routing, so metrics see
//! the matched route template.

mod documents;
mod facets;
mod health;
mod openapi;
mod search;

use std::any::Any;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use gongbao_query::Engine;
use tower::{Layer, ServiceBuilder, ServiceExt};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{Any as AnyOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

use crate::config::ServerConfig;
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

/// `GET /api/search`.
pub(crate) const SEARCH: &str = "/api/search";
/// `GET /api/documents/{*id}`.
pub(crate) const DOCUMENT: &str = "/api/documents/{*id}";
/// `GET /api/documents/{id}/articles/{number}`: served by [`DOCUMENT`], whose wildcard id
/// holds `/` (axum routes nothing after a wildcard).
#[cfg(test)]
pub(crate) const ARTICLE: &str = "/api/documents/{id}/articles/{number}";
/// `GET /api/facets`.
pub(crate) const FACETS: &str = "/api/facets";
/// `GET /api/openapi.json`.
pub(crate) const OPENAPI: &str = "/api/openapi.json";
/// `GET /healthz`.
pub(crate) const HEALTHZ: &str = "/healthz";
/// `GET /metrics`.
pub(crate) const METRICS: &str = "/metrics";

/// Every route with its methods, as OpenAPI writes its path (routes served under a wildcard
/// written out), admin routes included.
#[cfg(test)]
pub(crate) const ROUTES: [(&str, &[&str]); 15] = [
    (SEARCH, &["get"]),
    (DOCUMENT, &["get"]),
    (ARTICLE, &["get"]),
    (FACETS, &["get"]),
    (OPENAPI, &["get"]),
    (HEALTHZ, &["get"]),
    (METRICS, &["get"]),
    (crate::web::SUGGEST, &["get"]),
    (crate::analytics::OPEN, &["post"]),
    (crate::admin::ANALYTICS, &["get"]),
    (crate::admin::JOBS, &["get", "post"]),
    (crate::admin::JOB, &["get"]),
    (crate::admin::VALIDITY, &["post"]),
    (crate::admin::RELATIONS, &["post"]),
    (crate::admin::CORRECTIONS, &["get"]),
];

/// The server's router over `engine`, limited by `config` (its `addr` is not used).
pub fn router(engine: Arc<Engine>, config: &ServerConfig) -> Router {
    let state = AppState::new(engine, config);
    let routes = Router::new()
        .route(SEARCH, get(search::search))
        .route(DOCUMENT, get(documents::document))
        .route(FACETS, get(facets::facets))
        .route(OPENAPI, get(openapi::openapi))
        .route(HEALTHZ, get(health::healthz))
        .route(METRICS, get(health::metrics))
        .route(crate::analytics::OPEN, post(crate::analytics::open))
        .merge(crate::web::routes())
        .merge(crate::admin::routes(config));
    with_layers(routes, state)
}

/// Adds the fallback and the middleware stack to `routes`.
pub(crate) fn with_layers(routes: Router<AppState>, state: AppState) -> Router {
    let cors = CorsLayer::new()
        .allow_origin(AnyOrigin)
        .allow_methods([Method::GET]);
    let layers = ServiceBuilder::new()
        .layer(middleware::from_fn(json_errors))
        .layer(TraceLayer::new_for_http())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::metrics::track,
        ))
        .layer(middleware::from_fn_with_state(cors, cors_outside_admin))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::admin::authorize,
        ))
        .layer(middleware::from_fn_with_state(
            state.config.request_timeout,
            crate::limits::timeout,
        ))
        .layer(CatchPanicLayer::custom(panicked))
        .layer(RequestBodyLimitLayer::new(state.config.max_body_bytes));
    routes.fallback(not_found).layer(layers).with_state(state)
}

/// CORS for every request but those of the admin API, which browsers on other origins may not
/// call (nor even ask about: a preflight there is an admin request like any other).
async fn cors_outside_admin(
    State(cors): State<CorsLayer>,
    request: Request,
    next: Next,
) -> Response {
    if crate::admin::is_admin(request.uri().path()) {
        return next.run(request).await;
    }
    match cors.layer(next).oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

/// Requests that match no route.
async fn not_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "no such route")
}

/// The answer to a panic: logged, never shown.
fn panicked(payload: Box<dyn Any + Send + 'static>) -> Response {
    let detail = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("non-text panic payload");
    tracing::error!(panic = detail, "handler panicked");
    ApiError::panicked().into_response()
}

/// Gives error responses that some layer (method routing, body limit) answered in plain text the
/// JSON shape of [`ApiError`], keeping their other headers. Error pages of the search page
/// (HTML) are kept as they are.
async fn json_errors(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value.starts_with("application/json") || value.starts_with("text/html")
        });
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let code = ErrorCode::for_status(status);
    let message = match code {
        ErrorCode::MethodNotAllowed => {
            format!("this route does not answer {method}; the Allow header lists what it does")
        }
        ErrorCode::PayloadTooLarge => "the request body is too large".to_owned(),
        ErrorCode::NotFound => "no such route".to_owned(),
        ErrorCode::Timeout => "the request took too long".to_owned(),
        ErrorCode::Internal => "internal error; the server log has details".to_owned(),
        _ => "the request cannot be read".to_owned(),
    };
    let (mut parts, _) = response.into_parts();
    let (json_parts, body) = ApiError::new(code, message).into_response().into_parts();
    parts.status = json_parts.status;
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Response::from_parts(parts, body)
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use gongbao_core::{GongbaoIndex, UserDictionary};
    use tower::ServiceExt;

    use super::*;

    async fn body_of(app: Router, uri: &str) -> (StatusCode, String) {
        let response = app
            .oneshot(Request::get(uri).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        (status, String::from_utf8(body.to_vec()).unwrap())
    }

    fn state(config: &ServerConfig) -> (tempfile::TempDir, AppState) {
        let dir = tempfile::tempdir().unwrap();
        let index = GongbaoIndex::create(dir.path(), UserDictionary::built_in()).unwrap();
        let engine = Arc::new(Engine::new(index).unwrap());
        (dir, AppState::new(engine, config))
    }

    #[tokio::test]
    async fn a_slow_request_times_out_as_json() {
        let config = ServerConfig {
            request_timeout: std::time::Duration::from_millis(20),
            ..ServerConfig::default()
        };
        let (_dir, state) = state(&config);
        async fn slow() -> &'static str {
            tokio::time::sleep(std::time::Duration::from_secs(5)).await;
            "late"
        }
        let app = with_layers(Router::new().route("/slow", get(slow)), state);
        let (status, body) = body_of(app, "/slow").await;
        assert_eq!(status, StatusCode::GATEWAY_TIMEOUT);
        assert!(body.contains("\"code\":\"timeout\""), "{body}");
    }

    #[tokio::test]
    async fn a_panic_is_a_generic_json_500() {
        let (_dir, state) = state(&ServerConfig::default());
        async fn boom() -> &'static str {
            panic!("secret detail at /tmp/index")
        }
        let app = with_layers(Router::new().route("/boom", get(boom)), state);
        let (status, body) = body_of(app, "/boom").await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(body.contains("\"code\":\"internal\""), "{body}");
        assert!(!body.contains("secret") && !body.contains("/tmp") && !body.contains("panicked"));
    }
}
