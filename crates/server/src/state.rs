//! What every handler shares: the engine, the settings, the search slots and the metrics.

use std::sync::Arc;

use gongbao_query::Engine;

use crate::config::ServerConfig;
use crate::error::ApiError;
use crate::limits::SearchSlots;
use crate::metrics::Metrics;

/// Shared state of the router.
#[derive(Clone)]
pub(crate) struct AppState {
    /// The engine searched.
    pub(crate) engine: Arc<Engine>,
    /// The settings the router was built with.
    pub(crate) config: Arc<ServerConfig>,
    /// Slots for concurrent searches.
    pub(crate) slots: SearchSlots,
    /// Request counters and latencies.
    pub(crate) metrics: Arc<Metrics>,
}

impl AppState {
    /// State over `engine` with `config`.
    pub(crate) fn new(engine: Arc<Engine>, config: &ServerConfig) -> AppState {
        AppState {
            engine,
            slots: SearchSlots::new(config.max_concurrent_searches),
            config: Arc::new(config.clone()),
            metrics: Arc::new(Metrics::default()),
        }
    }

    /// Runs `work` on the engine on a blocking thread, holding a search slot until it ends
    /// (even when the request has timed out meanwhile).
    pub(crate) async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Engine) -> Result<T, ApiError> + Send + 'static,
    {
        let permit = self.slots.take()?;
        let engine = Arc::clone(&self.engine);
        let task = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work(&engine)
        });
        match task.await {
            Ok(result) => result,
            Err(error) => Err(ApiError::internal("search task", &error)),
        }
    }
}
