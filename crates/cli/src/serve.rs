//! `gongbao serve`: the HTTP API over an index.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use gongbao_query::Engine;
use gongbao_server::{AdminKey, ServerConfig};

use crate::IndexArg;

/// Arguments of `gongbao serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub index: IndexArg,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:7700", env = "GONGBAO_ADDR")]
    pub addr: SocketAddr,
    /// Searches running at once; more wait in line (default: two per core).
    #[arg(long)]
    pub max_concurrent_searches: Option<usize>,
    /// Searches waiting in line for a slot; more get 503 at once (default: 1000).
    #[arg(long)]
    pub max_queued_searches: Option<usize>,
    /// Milliseconds a search may wait in line before it gets 503 (default: half of --timeout).
    #[arg(long)]
    pub max_queue_wait_ms: Option<u64>,
    /// Seconds before a request (its wait in line included) is answered with a timeout error.
    #[arg(long, default_value_t = 10)]
    pub timeout: u64,
    /// Key of the admin API (`/api/admin/`); without one the admin API is off.
    #[arg(long, env = "GONGBAO_ADMIN_KEY", hide_env_values = true)]
    pub admin_key: Option<String>,
    /// JSON config file, e.g. `{"admin_key": "..."}` (keep it readable by the server only).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Log no searches (by default searches and opened results are logged, without personal
    /// data, under INDEX/analytics/ for `gongbao analytics` and the admin report).
    #[arg(long)]
    pub no_analytics: bool,
    /// Largest size of the search log in MiB; the oldest days are deleted past it.
    #[arg(long, default_value_t = 256)]
    pub analytics_max_mb: u64,
    /// How admin jobs extract PDFs: in a child process of this executable, under these limits.
    #[command(flatten)]
    pub pdf: crate::pdf::PdfLimitArgs,
}

/// What a config file may set.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    admin_key: Option<String>,
}

/// Serves until SIGINT or SIGTERM.
pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    let engine = Engine::open(&args.index.index)
        .with_context(|| format!("cannot open index {}", args.index.index.display()))?;
    crate::clerk_files::warn(&engine);
    let file: ConfigFile = match &args.config {
        Some(path) => serde_json::from_str(
            &std::fs::read_to_string(path)
                .with_context(|| format!("cannot read config {}", path.display()))?,
        )
        .with_context(|| format!("config {} is not valid", path.display()))?,
        None => ConfigFile::default(),
    };
    let admin_key = args
        .admin_key
        .as_deref()
        .or(file.admin_key.as_deref())
        .and_then(AdminKey::new);
    let defaults = ServerConfig::default();
    let request_timeout = Duration::from_secs(args.timeout);
    let config = ServerConfig {
        addr: args.addr,
        request_timeout,
        max_concurrent_searches: args
            .max_concurrent_searches
            .unwrap_or(defaults.max_concurrent_searches),
        max_queued_searches: args
            .max_queued_searches
            .unwrap_or(defaults.max_queued_searches),
        max_queue_wait: args.max_queue_wait_ms.map_or_else(
            || ServerConfig::default_queue_wait(request_timeout),
            Duration::from_millis,
        ),
        admin_key,
        pdf_extractor: args.pdf.extractor(),
        analytics: !args.no_analytics,
        analytics_max_bytes: args.analytics_max_mb.saturating_mul(1 << 20),
        ..defaults
    };
    eprintln!(
        "serving {} documents from {} on http://{}",
        engine.num_docs(),
        args.index.index.display(),
        args.addr
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(gongbao_server::serve(Arc::new(engine), config))?;
    Ok(())
}
