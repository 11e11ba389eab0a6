//! The search page for citizens: server-rendered HTML over the same engine as the JSON API.
//!
//! Every page works without JavaScript: the search is a plain GET form and every filter, sort
//! and page is a link whose URL holds the whole state ([`link::Link`]), so a search can be
//! shared and the back button works. A small script adds suggestions as you type from
//! `GET /api/suggest` (the ARIA combobox pattern). Pages are `no-cache`; the stylesheet and the
//! script are served under content-hashed names and cached for a year. The page loads nothing
//! from another origin, and its Content-Security-Policy says so.
//!
//! Pages are [maud] templates, which escape every value they render: a page cannot forget to.
//! The one exception is the query crate's marked passages, taken as they are in
//! [`format::marked`].
//!
//! Files: `layout` (the frame), `search` (the result page), `analytics` (the clerks' search
//! report, behind the admin key), `hit` (one hit), `document` (one
//! document), `body` (its text), `suggest` (the JSON suggestions), `assets`, `link` (URL
//! state), `format` (dates, badges, citations, marked passages) and `url` (percent-encoding).

mod analytics;
mod assets;
mod body;
mod document;
mod format;
mod hit;
mod layout;
mod lifecycle;
mod link;
mod search;
mod suggest;
mod url;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
pub(crate) use analytics::{key_page, page as analytics_page};
use layout::Page;
use maud::{html, Markup};

/// `GET /`: the search page.
pub(crate) const HOME: &str = "/";
/// `GET /documents/{*id}`: one document's page.
pub(crate) const DOCUMENT_PAGE: &str = "/documents/{*id}";
/// `GET /assets/{name}`: the stylesheet and the script, by hashed name.
pub(crate) const ASSET: &str = "/assets/{name}";
/// `GET /api/suggest`: titles and document numbers for a query being typed (JSON).
pub(crate) const SUGGEST: &str = "/api/suggest";

/// The routes that answer HTML or static files, not JSON: the OpenAPI document leaves them out.
#[cfg(test)]
pub(crate) const PAGES: [&str; 4] = [HOME, DOCUMENT_PAGE, ASSET, crate::admin::ANALYTICS_PAGE];

/// The page routes and the suggestion route.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(HOME, get(search::page))
        .route(DOCUMENT_PAGE, get(document::page))
        .route(ASSET, get(assets::asset))
        .route(SUGGEST, get(suggest::suggest))
}

/// What pages may load: only this server's stylesheet and script.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; script-src 'self'; \
    connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; \
    frame-ancestors 'none'";

/// An HTML page answered with `status`; browsers revalidate it on every visit.
fn page_response(status: StatusCode, page: Markup) -> Response {
    // maud's response sets the content type (`text/html; charset=utf-8`).
    let mut response = (status, page).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// The page telling a citizen what went wrong, with the error's status.
fn error_page(error: &ApiError, query: &str) -> Response {
    let (heading, advice) = match error.code {
        ErrorCode::NotFound => ("没有找到这份文件", "它可能已被移除，或链接有误。"),
        ErrorCode::QueryTooLong => ("搜索词太长", "请缩短搜索词后再试。"),
        ErrorCode::InvalidParameter | ErrorCode::BadRequest => {
            ("搜索条件有误", "请检查日期、页码等条件后再试。")
        }
        ErrorCode::TooManyRequests | ErrorCode::Timeout => ("系统繁忙", "请稍候片刻再试。"),
        _ => ("系统暂时无法检索", "请稍后再试。"),
    };
    let main = html! {
        section.notice aria-labelledby="error-title" {
            h1 #error-title { (heading) }
            p { (advice) }
            p.detail { (error.message) }
            p { a href="/" { "返回首页" } }
        }
    };
    let page = layout::render(Page {
        title: heading,
        query,
        hidden: html! {},
        main,
    });
    page_response(error.code.status(), page)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The OpenAPI document describes the JSON API; the HTML pages and assets are left out on
    /// purpose, and the suggestion route is in.
    #[test]
    fn openapi_lists_the_suggest_route_but_no_page() {
        let document: serde_json::Value =
            serde_json::from_str(include_str!("../../openapi.json")).expect("openapi.json");
        let paths = document["paths"].as_object().expect("paths");
        assert!(paths.contains_key(SUGGEST));
        for page in PAGES {
            assert!(
                !paths.contains_key(page),
                "{page} is a page, not an API route"
            );
        }
        assert!(crate::routes::ROUTES
            .iter()
            .any(|(route, _)| *route == SUGGEST));
    }
}
