//! What every handler shares: the engine, the settings, the admission of searches, the
//! metrics and the admin jobs.

use std::sync::Arc;

use gongbao_analytics::{Writer, WriterOptions};
use gongbao_query::Engine;

use crate::admin::Jobs;
use crate::config::ServerConfig;
use crate::error::ApiError;
use crate::limits::Admission;
use crate::metrics::Metrics;

/// Shared state of the router.
#[derive(Clone)]
pub(crate) struct AppState {
    /// The engine searched.
    pub(crate) engine: Arc<Engine>,
    /// The settings the router was built with.
    pub(crate) config: Arc<ServerConfig>,
    /// Slots for running searches and the line of searches waiting for one.
    pub(crate) admission: Admission,
    /// Request counters and latencies.
    pub(crate) metrics: Arc<Metrics>,
    /// The admin jobs of this server and the one slot for a running job.
    pub(crate) jobs: Arc<Jobs>,
    /// The search log, when logging is on and its directory could be opened.
    pub(crate) analytics: Option<Arc<Writer>>,
}

impl AppState {
    /// State over `engine` with `config`.
    pub(crate) fn new(engine: Arc<Engine>, config: &ServerConfig) -> AppState {
        let metrics = Arc::new(Metrics::default());
        let analytics = config
            .analytics
            .then(|| start_log(&engine, config))
            .flatten();
        AppState {
            engine,
            admission: Admission::new(config, Arc::clone(&metrics)),
            config: Arc::new(config.clone()),
            metrics,
            jobs: Arc::default(),
            analytics,
        }
    }

    /// Waits for a search slot without holding a thread, then runs `work` on the engine on a
    /// blocking thread, holding the slot until it ends (even when the request has timed out
    /// meanwhile).
    pub(crate) async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Engine) -> Result<T, ApiError> + Send + 'static,
    {
        let permit = self.admission.admit().await?;
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

/// The search log's writer under the engine's index root; without one (the directory cannot be
/// created) the server serves unlogged and says so in its log.
fn start_log(engine: &Engine, config: &ServerConfig) -> Option<Arc<Writer>> {
    let dir = gongbao_analytics::log_dir(&crate::admin::index_root(engine));
    let options = WriterOptions {
        max_bytes: config.analytics_max_bytes,
        ..WriterOptions::default()
    };
    match Writer::start(&dir, options) {
        Ok(writer) => Some(Arc::new(writer)),
        Err(error) => {
            tracing::warn!(%error, "search analytics off: cannot open the log");
            None
        }
    }
}
