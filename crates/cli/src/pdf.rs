//! `gongbao extract-pdf` (hidden, the isolated extraction child) and `gongbao eval-pdf` (how
//! well gazette PDFs are extracted and split, against ground truth and `pdftotext`).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use gongbao_ingest::pdf::{ChildProcess, Extractor, Limits};

/// Arguments of `gongbao extract-pdf`.
#[derive(Debug, clap::Args)]
pub struct ExtractPdfArgs {
    /// The PDF.
    pub file: PathBuf,
}

/// Prints the pages of one PDF as JSON: run by ingest in a child process.
pub fn extract(args: ExtractPdfArgs) -> anyhow::Result<()> {
    // Panics are caught and reported per page; the default hook would only add noise.
    std::panic::set_hook(Box::new(|_| {}));
    gongbao_ingest::pdf::isolate::child_main(&args.file)?;
    Ok(())
}

/// Limits of isolated PDF extraction, shared by commands that ingest.
#[derive(Debug, Clone, clap::Args)]
pub struct PdfLimitArgs {
    /// Seconds one PDF may take to extract before it is stopped and reported.
    #[arg(long, default_value_t = 120)]
    pub pdf_time_limit: u64,
    /// Megabytes of address space one PDF extraction may use.
    #[arg(long, default_value_t = 4096)]
    pub pdf_memory_limit: u64,
    /// Extract PDFs in this process (no time or memory limit; panics are still caught).
    #[arg(long)]
    pub pdf_in_process: bool,
}

impl PdfLimitArgs {
    /// The extractor these arguments ask for: a child process running this executable.
    pub fn extractor(&self) -> Arc<dyn Extractor> {
        let program = std::env::current_exe().ok();
        match program {
            Some(program) if !self.pdf_in_process => Arc::new(ChildProcess {
                program,
                args: vec!["extract-pdf".to_owned()],
                limits: Limits {
                    time: Duration::from_secs(self.pdf_time_limit),
                    memory: self.pdf_memory_limit << 20,
                },
            }),
            _ => Arc::new(gongbao_ingest::pdf::InProcess),
        }
    }
}
