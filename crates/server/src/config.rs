//! Server settings: where to listen and how much one request or the whole server may take.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use crate::admin::AdminKey;

/// How the server listens and what it refuses.
///
/// The query library has its own ceilings ([`gongbao_query::MAX_PAGE_SIZE`],
/// [`gongbao_query::MAX_WINDOW`]); a larger page size or window here is cut to them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerConfig {
    /// Address to bind.
    pub addr: SocketAddr,
    /// Longest query (`q`) accepted, in characters; longer ones get `query_too_long`.
    pub max_query_chars: usize,
    /// Largest `page_size` accepted.
    pub max_page_size: usize,
    /// Deepest result served: `page × page_size` may not exceed it.
    pub max_result_window: usize,
    /// Time one request may take before it is answered with `timeout`.
    pub request_timeout: Duration,
    /// Searches (and document or facet look-ups) run at once; past it requests get
    /// `too_many_requests` instead of waiting.
    pub max_concurrent_searches: usize,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Key of the admin API; without one the admin routes are not served.
    pub admin_key: Option<AdminKey>,
}

impl Default for ServerConfig {
    fn default() -> ServerConfig {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        ServerConfig {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 7700)),
            max_query_chars: 256,
            max_page_size: gongbao_query::MAX_PAGE_SIZE,
            max_result_window: gongbao_query::MAX_WINDOW,
            request_timeout: Duration::from_secs(10),
            max_concurrent_searches: 2 * cores,
            max_body_bytes: 64 * 1024,
            admin_key: None,
        }
    }
}

impl ServerConfig {
    /// The page size actually enforced: the configured one, at most the library's.
    pub(crate) fn page_size_limit(&self) -> usize {
        self.max_page_size.min(gongbao_query::MAX_PAGE_SIZE)
    }

    /// The result window actually enforced: the configured one, at most the library's.
    pub(crate) fn window_limit(&self) -> usize {
        self.max_result_window.min(gongbao_query::MAX_WINDOW)
    }
}
