//! `gongbao extract-pdf` (hidden, the isolated extraction child) and `gongbao eval-pdf` (how
//! well gazette PDFs are extracted and split, against ground truth and `pdftotext`).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use gongbao_pdf::{ChildProcess, Extractor, InProcess, Limits};

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
    gongbao_pdf::child_main(&args.file)?;
    Ok(())
}

/// Limits of isolated PDF extraction, shared by commands that ingest (and by `serve`, whose
/// admin jobs do).
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
            _ => Arc::new(InProcess),
        }
    }
}

/// Arguments of `gongbao eval-pdf`.
#[derive(Debug, clap::Args)]
pub struct EvalPdfArgs {
    /// Folder of gazette PDFs, each with its ground-truth JSON beside it.
    pub folder: PathBuf,
    #[command(flatten)]
    pub limits: PdfLimitArgs,
}

/// Prints character accuracy per issue and overall (beside `pdftotext`'s default mode) and
/// document-boundary precision and recall.
pub fn eval(args: EvalPdfArgs) -> anyhow::Result<()> {
    use gongbao_ingest::pdf::measure::{Accuracy, Boundaries};
    use gongbao_ingest::pdf::truth::{score_issue, Truth};

    let extractor = args.limits.extractor();
    let files = judged_pdfs(&args.folder)?;
    println!(
        "{:<30} {:>8} {:>8} {:>10} {:>7} {:>6}",
        "issue", "chars", "gongbao", "pdftotext", "docs", "issue"
    );
    let (mut ours, mut theirs, mut bounds) = (
        Accuracy::default(),
        Accuracy::default(),
        Boundaries::default(),
    );
    let mut issues_right = 0;
    for pdf in &files {
        let name = pdf.file_stem().unwrap_or_default().to_string_lossy();
        let truth = Truth::load(&pdf.with_extension("json"))?;
        match score_issue(pdf, &truth, extractor.as_ref()) {
            Ok(score) => {
                let pdftotext = score.pdftotext.map_or_else(
                    || "-".to_owned(),
                    |accuracy| format!("{:.3}", accuracy.score()),
                );
                println!(
                    "{name:<30} {:>8} {:>8.3} {pdftotext:>10} {:>3}/{:<3} {:>6}",
                    score.accuracy.length,
                    score.accuracy.score(),
                    score.boundaries.right,
                    score.boundaries.expected,
                    if score.issue_right { "ok" } else { "wrong" },
                );
                ours = ours + score.accuracy;
                theirs = theirs + score.pdftotext.unwrap_or_default();
                bounds = bounds + score.boundaries;
                issues_right += usize::from(score.issue_right);
            }
            Err(error) => {
                println!("{name:<30} failed: {error}");
                bounds = bounds
                    + Boundaries {
                        expected: truth.documents.len(),
                        ..Boundaries::default()
                    };
            }
        }
    }
    println!(
        "\noverall character accuracy: gongbao {:.4}, pdftotext (default) {:.4} ({} reference characters)",
        ours.score(),
        theirs.score(),
        ours.length
    );
    println!(
        "document boundaries: {} right of {} found, {} expected: precision {:.3}, recall {:.3}",
        bounds.right,
        bounds.found,
        bounds.expected,
        bounds.precision(),
        bounds.recall()
    );
    println!("issues recognised: {issues_right} of {}", files.len());
    Ok(())
}

/// The PDFs of `folder` that have a ground-truth JSON beside them, sorted; an error when none.
pub fn judged_pdfs(folder: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "pdf"))
        .filter(|path| path.with_extension("json").is_file())
        .collect();
    files.sort();
    anyhow::ensure!(
        !files.is_empty(),
        "no PDF with a ground-truth JSON in {}",
        folder.display()
    );
    Ok(files)
}
