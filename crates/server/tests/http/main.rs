//! HTTP tests: every route and error path through `router.oneshot`, on a fixture index.

mod util;

mod documents;
mod errors;
mod limits;
mod metrics;
mod openapi;
mod reload;
mod search;
mod serve;
mod web;
