//! The gongbao HTTP server: a thin axum shell over [`gongbao_query`].
//!
//! [`router`] builds the routes over an open [`gongbao_query::Engine`]; [`serve`] binds an
//! address and serves until SIGINT or SIGTERM. The server maps query strings to
//! [`gongbao_query::SearchRequest`]s and errors to JSON; it knows nothing of index internals.
//!
//! Routes (all `GET`, CORS open to any origin; `openapi.json` in the crate describes them):
//!
//! - `/api/search`: a page of hits with facet counts, from query-string parameters
//! - `/api/documents/{*id}`: one document with the documents it cites and that cite it
//! - `/api/facets`: every facet value with its count
//! - `/api/openapi.json`: the OpenAPI 3 description
//! - `/healthz`: 200 with the document count while the index can be read
//! - `/metrics`: Prometheus counters and latency histograms per route template
//! - `/api/suggest`: titles and document numbers for a query being typed
//! - `POST /api/analytics/open`: a result of a logged search was opened (the search page's
//!   script reports it; the search answers carry the `search_id`)
//!
//! The same router serves the search page for citizens (`web`): `/` (search), `/documents/{*id}`
//! (one document) and `/assets/{name}` (stylesheet and script), as server-rendered HTML.
//!
//! With an admin key configured, `/api/admin/` serves the admin API (jobs, validity
//! corrections, the search report) behind `Authorization: Bearer KEY` and without CORS, and
//! `/admin/analytics` the search report as a page for clerks; see `admin` and `analytics`.
//! Searches are logged for that report unless [`ServerConfig::analytics`] is off, without any
//! personal data (`gongbao_analytics`).
//!
//! Every error is `{"code": "...", "message": "..."}` with a stable snake_case code; one table
//! (`error.rs`) maps codes to statuses. Internal faults are logged and answered with a generic
//! message. Searches run on blocking threads, at most
//! [`ServerConfig::max_concurrent_searches`] at once; past that a search waits its turn, without
//! holding a thread, in a first-come-first-served line of at most
//! [`ServerConfig::max_queued_searches`], for at most [`ServerConfig::max_queue_wait`]. Only a
//! full line or a wait reaching its deadline is refused, with `too_many_requests` and
//! `Retry-After`.
//!
//! Modules: `config`, `state` (shared state), `analytics` (the search log), `routes` (router and handlers), `params` (query
//! strings), `error`, `metrics`, `limits` (admission of searches and the timeout), `serve` and
//! `web` (the search page).

mod admin;
mod analytics;
mod config;
mod error;
mod limits;
mod metrics;
mod params;
mod routes;
mod serve;
mod state;
mod web;

pub use admin::{AdminKey, EngineTitles};
pub use config::ServerConfig;
pub use routes::router;
pub use serve::{serve, serve_with_shutdown, ServerError};
