//! Server settings: where to listen, how much one request or the whole server may take, and how
//! long searches may wait for their turn.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use gongbao_pdf::{Extractor, InProcess};
use time::UtcOffset;

use crate::admin::AdminKey;

/// How the server listens and what it refuses.
///
/// The query library has its own ceilings ([`gongbao_query::MAX_PAGE_SIZE`],
/// [`gongbao_query::MAX_WINDOW`]); a larger page size or window here is cut to them.
#[derive(Debug, Clone)]
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
    /// Searches (and document or facet look-ups) running at once, each on a blocking thread;
    /// past it a search waits in line.
    pub max_concurrent_searches: usize,
    /// Searches waiting for a slot, first come first served; past it a search gets
    /// `too_many_requests` at once.
    pub max_queued_searches: usize,
    /// Longest wait in line for a slot before `too_many_requests`; keep it well under
    /// `request_timeout`, which counts the wait too.
    pub max_queue_wait: Duration,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Key of the admin API; without one the admin routes are not served.
    pub admin_key: Option<AdminKey>,
    /// How admin jobs (ingest, reindex) extract PDFs. A server that takes files from clerks
    /// should extract them in a limited child process (a [`gongbao_pdf::ChildProcess`]),
    /// as `gongbao serve` does with its own executable, so that a hostile PDF (an endless loop, a
    /// memory bomb) fails alone instead of taking the server down. The default extracts in this
    /// process (panics are caught, nothing else is): for tests and trusted files.
    pub pdf_extractor: Arc<dyn Extractor>,
    /// Whether searches and opened results are logged for the clerks' report (no address, no
    /// cookie: see `gongbao_analytics`), under `<index root>/analytics/`.
    pub analytics: bool,
    /// Largest size of the search log, in bytes; the oldest days are deleted past it.
    pub analytics_max_bytes: u64,
    /// The offset whose calendar days the report counts in (China: +08:00).
    pub analytics_utc_offset: UtcOffset,
}

/// Default of [`ServerConfig::request_timeout`].
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Default of [`ServerConfig::max_queued_searches`], as Elasticsearch's search queue.
const QUEUED_SEARCHES: usize = 1_000;

/// Default of [`ServerConfig::analytics_utc_offset`]: China Standard Time.
const CHINA: UtcOffset = time::macros::offset!(+8);

impl Default for ServerConfig {
    fn default() -> ServerConfig {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        ServerConfig {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 7700)),
            max_query_chars: 256,
            max_page_size: gongbao_query::MAX_PAGE_SIZE,
            max_result_window: gongbao_query::MAX_WINDOW,
            request_timeout: REQUEST_TIMEOUT,
            max_concurrent_searches: 2 * cores,
            max_queued_searches: QUEUED_SEARCHES,
            max_queue_wait: ServerConfig::default_queue_wait(REQUEST_TIMEOUT),
            max_body_bytes: 64 * 1024,
            admin_key: None,
            pdf_extractor: Arc::new(InProcess),
            analytics: true,
            analytics_max_bytes: gongbao_analytics::DEFAULT_MAX_BYTES,
            analytics_utc_offset: CHINA,
        }
    }
}

impl ServerConfig {
    /// The default longest wait in line with `request_timeout`: half of it, so that a search
    /// admitted at the deadline still has as long again to run.
    pub fn default_queue_wait(request_timeout: Duration) -> Duration {
        request_timeout / 2
    }

    /// The page size actually enforced: the configured one, at most the library's.
    pub(crate) fn page_size_limit(&self) -> usize {
        self.max_page_size.min(gongbao_query::MAX_PAGE_SIZE)
    }

    /// The result window actually enforced: the configured one, at most the library's.
    pub(crate) fn window_limit(&self) -> usize {
        self.max_result_window.min(gongbao_query::MAX_WINDOW)
    }
}
