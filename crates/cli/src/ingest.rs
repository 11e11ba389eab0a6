//! `gongbao ingest`: index files and folders, with a progress bar and a summary.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use anyhow::Context;
use gongbao_core::generation::WriterLock;
use gongbao_core::{GenerationId, Generations, GongbaoIndex, UserDictionary};
use gongbao_ingest::{
    discover, ingest, FileError, IngestOptions, IngestReport, Progress, SourceFile,
};
use indicatif::{ProgressBar, ProgressStyle};

use crate::{dictionary, memory, ocr, IndexArg};

/// Arguments of `gongbao ingest`.
#[derive(Debug, clap::Args)]
pub struct IngestArgs {
    /// Files or folders to index (folders are read recursively).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub index: IndexArg,
    /// User dictionary for a new index (default: dict/gongbao.dict if present, else built in).
    #[arg(long, env = "GONGBAO_DICT")]
    pub dict: Option<PathBuf>,
    /// Indexing threads, and workers reading and recognising files (default: one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Merge the index into one segment after the ingest while it holds at most this many
    /// documents, or when the ingest wrote at least half of them (a bulk load); otherwise larger
    /// indexes keep logarithmic merge layers, so small additions stay cheap.
    #[arg(long, default_value_t = gongbao_ingest::SINGLE_SEGMENT_LIMIT)]
    pub single_segment_limit: u64,
    #[command(flatten)]
    pub pdf: crate::pdf::PdfLimitArgs,
    #[command(flatten)]
    pub ocr: crate::ocr::OcrArgs,
    /// Print the summary as JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    /// Read every file again, even those the manifest has unchanged.
    #[arg(long)]
    pub force: bool,
    /// Remove the documents of files that are no longer under the given paths.
    #[arg(long)]
    pub prune: bool,
}

/// The progress bar of an ingest.
pub(crate) struct Bar {
    pub(crate) bar: ProgressBar,
    /// Bytes of the current file already shown, from its parts.
    pub(crate) shown: AtomicU64,
}

impl Bar {
    pub(crate) fn new(bar: ProgressBar) -> Bar {
        Bar {
            bar,
            shown: AtomicU64::new(0),
        }
    }
}

impl Progress for Bar {
    fn file_part(&self, _: &SourceFile, bytes: u64) {
        self.bar.inc(bytes);
        self.shown.fetch_add(bytes, Ordering::Relaxed);
    }

    fn file_done(&self, file: &SourceFile, bytes: u64, documents: usize, errors: &[FileError]) {
        let shown = self.shown.swap(0, Ordering::Relaxed);
        self.bar.inc(bytes.max(1).saturating_sub(shown));
        self.bar.set_message(format!("{documents} documents"));
        for error in errors {
            // A sidecar's broken line comes with the first file under it but names the sidecar.
            let path = if error.path == file.path {
                file.relative.clone()
            } else {
                error.path.display().to_string()
            };
            self.bar
                .suspend(|| eprintln!("warning: {path}: {}", error.kind));
        }
    }

    fn switching(&self, generation: GenerationId) {
        self.bar.suspend(|| eprintln!("switching to {generation}"));
    }
}

/// Runs the command; the exit code is 1 when any file failed.
pub fn run(args: IngestArgs) -> anyhow::Result<ExitCode> {
    let (dictionary, dictionary_source) = dictionary::resolve(args.dict.as_deref())?;
    let root = &args.index.index;
    let _lock = if GongbaoIndex::exists(root) {
        Generations::is_root(root)
            .then(|| Generations::open(root)?.try_lock())
            .transpose()?
    } else {
        Some(first_generation(root, &dictionary)?)
    };
    let index = GongbaoIndex::open(root)
        .with_context(|| format!("cannot open index {}", root.display()))?;
    dictionary::seed_synonyms(root, args.quiet || args.json)?;
    if index.meta.dictionary_fingerprint != dictionary.fingerprint() {
        eprintln!(
            "note: the index was built with another user dictionary than {dictionary_source}; \
             new documents are segmented like the index, rebuild it to apply the new dictionary"
        );
    }
    let files = discover(&args.paths)?;
    let total_bytes = total_bytes(&files);
    let bar = progress_bar(total_bytes, args.quiet || args.json);
    // Recognised pages are cached under the root, shared by every generation.
    let recognizer = args.ocr.recognizer(Some(root.join(ocr::CACHE_DIR)));
    let pdf = ocr::with_ocr(
        args.pdf.extractor(),
        recognizer.as_ref(),
        Arc::new(ocr::PageProgress { bar: bar.clone() }),
    );
    let options = IngestOptions {
        threads: args.threads,
        skip_unchanged: !args.force,
        prune: args.prune,
        pdf,
        single_segment_limit: args.single_segment_limit,
        ..IngestOptions::default()
    };
    let report = ingest(&index, &files, &options, &Bar::new(bar.clone()))?;
    bar.finish_and_clear();
    let stats = recognizer.map(|recognizer| recognizer.stats());
    if args.json {
        let mut summary = summary_json(&report, &index);
        if let Some(stats) = stats {
            summary["ocr"] = ocr::stats_json(stats);
        }
        println!("{summary}");
    } else {
        print_summary(&report, &index);
        if let Some(line) = stats.and_then(ocr::summary) {
            println!("{line}");
        }
    }
    Ok(if report.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// A new index root with an empty first generation, live at once; returns the writer lock.
fn first_generation(root: &Path, dictionary: &UserDictionary) -> anyhow::Result<WriterLock> {
    let generations = Generations::open(root)?;
    let lock = generations.try_lock()?;
    let (id, path) = generations.begin_next()?;
    GongbaoIndex::create(&path, dictionary.clone())?;
    generations.switch_to(id)?;
    Ok(lock)
}

/// A progress bar over `total_bytes` of source files.
pub(crate) fn progress_bar(total_bytes: u64, hidden: bool) -> ProgressBar {
    let bar = if hidden {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(total_bytes)
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {msg} (eta {eta})",
        )
        .expect("progress template is valid"),
    );
    bar
}

/// The bytes of `files`, for the progress bar.
pub(crate) fn total_bytes(files: &[SourceFile]) -> u64 {
    files
        .iter()
        .map(|file| {
            std::fs::metadata(&file.path)
                .map(|meta| meta.len().max(1))
                .unwrap_or(1)
        })
        .sum()
}

fn summary_json(report: &IngestReport, index: &GongbaoIndex) -> serde_json::Value {
    serde_json::json!({
        "index": index.path().display().to_string(),
        "files": report.files,
        "skipped": report.skipped,
        "pruned": report.pruned,
        "documents": report.documents,
        "segments": report.segments,
        "bytes": report.bytes,
        "seconds": report.elapsed.as_secs_f64(),
        "peak_memory_bytes": memory::peak_resident_bytes(),
        "fields": report.fields,
        "errors": report.errors.iter().map(|error| serde_json::json!({
            "path": error.path.display().to_string(),
            "reason": error.kind.to_string(),
        })).collect::<Vec<_>>(),
    })
}

pub(crate) fn print_summary(report: &IngestReport, index: &GongbaoIndex) {
    let seconds = report.elapsed.as_secs_f64().max(1e-9);
    println!(
        "indexed {} documents from {} files ({:.1} MB) into {} in {:.1} s: {:.0} documents/s, {:.1} MB/s",
        report.documents,
        report.files,
        report.bytes as f64 / 1e6,
        index.path().display(),
        seconds,
        report.documents as f64 / seconds,
        report.bytes as f64 / 1e6 / seconds,
    );
    if report.skipped > 0 {
        println!(
            "{} files unchanged since the last ingest were skipped",
            report.skipped
        );
    }
    if !report.pruned.is_empty() {
        println!(
            "removed the documents of {} vanished files",
            report.pruned.len()
        );
    }
    if let Some(peak) = memory::peak_resident_bytes() {
        println!("peak memory {:.0} MB", peak as f64 / 1e6);
    }
    println!("segments after the merge: {}", report.segments);
    let fields = &report.fields;
    println!("documents with each field:");
    for (name, count) in [
        ("document number", fields.doc_number),
        ("issuing body", fields.issuers),
        ("document type", fields.doc_type),
        ("policy area", fields.policy_areas),
        ("responsible departments", fields.departments),
        ("written date", fields.written),
        ("published date", fields.published),
        ("in-force date", fields.effective),
        ("validity", fields.validity),
    ] {
        println!("  {name:<24} {count:>6}");
    }
    if !report.errors.is_empty() {
        println!("{} files failed:", report.errors.len());
        for error in &report.errors {
            println!("  {error}");
        }
    }
}
