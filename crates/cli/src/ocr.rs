//! OCR of scanned PDF pages in the commands that read PDFs (`--no-ocr`, `--ocr-jobs`, the cache
//! under the index root, progress with an ETA and a summary line), and `gongbao eval-ocr`:
//! character accuracy and time per page on scanned PDFs with ground truth.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use gongbao_ocr::{Progress, Recognizer, Settings, Stats};
use gongbao_pdf::{Extractor, OcrExtractor};

/// The folder under an index root where recognised pages are cached, shared by generations.
pub const CACHE_DIR: &str = "ocr-cache";

/// OCR options of commands that read PDFs.
#[derive(Debug, Clone, clap::Args)]
pub struct OcrArgs {
    /// Leave pages without a text layer unrecognised (reported as needing OCR).
    #[arg(long)]
    pub no_ocr: bool,
    /// Pages recognised at once (default: one per core).
    #[arg(long, default_value_t = 0)]
    pub ocr_jobs: usize,
    /// Resolution pages are rendered at for recognition (200 read the 150-dpi test scans best).
    #[arg(long, default_value_t = 200)]
    pub ocr_dpi: u32,
    /// The tesseract program.
    #[arg(long, env = "GONGBAO_TESSERACT", default_value = "tesseract")]
    pub tesseract: PathBuf,
}

impl OcrArgs {
    /// The recognizer these options ask for, caching under `cache` when given.
    pub fn recognizer(&self, cache: Option<PathBuf>) -> Option<Arc<Recognizer>> {
        (!self.no_ocr).then(|| {
            Arc::new(Recognizer::new(Settings {
                dpi: self.ocr_dpi,
                jobs: self.ocr_jobs,
                tesseract: self.tesseract.clone(),
                cache,
                ..Settings::default()
            }))
        })
    }
}

/// `inner`, with OCR of the pages it cannot read when `recognizer` is given.
pub fn with_ocr(
    inner: Arc<dyn Extractor>,
    recognizer: Option<&Arc<Recognizer>>,
    progress: Arc<dyn Progress>,
) -> Arc<dyn Extractor> {
    match recognizer {
        Some(recognizer) => Arc::new(OcrExtractor {
            inner,
            recognizer: recognizer.clone(),
            progress,
        }),
        None => inner,
    }
}

/// Prints OCR progress above a progress bar: pages done, time per page and the ETA of the file.
pub struct PageProgress {
    /// The bar to print above (hidden bars print nothing).
    pub bar: indicatif::ProgressBar,
}

impl Progress for PageProgress {
    fn page_done(&self, pdf: &Path, done: usize, total: usize, eta: Option<Duration>) {
        if self.bar.is_hidden() {
            return;
        }
        let name = pdf.file_name().unwrap_or_default().to_string_lossy();
        let eta = eta.map_or_else(|| "-".to_owned(), |eta| format!("{} s", eta.as_secs()));
        self.bar
            .suspend(|| eprintln!("ocr {name}: {done}/{total} pages, eta {eta}"));
    }
}

/// The summary line of what OCR did, or `None` when it had nothing to do.
pub fn summary(stats: Stats) -> Option<String> {
    if stats.recognised + stats.cached + stats.failed == 0 {
        return None;
    }
    let per_page = if stats.recognised > 0 {
        format!(
            " ({:.1} s/page of worker time)",
            stats.recognising.as_secs_f64() / stats.recognised as f64
        )
    } else {
        String::new()
    };
    let mut line = match stats.recognised {
        0 => "ocr: no page recognised".to_owned(),
        n => format!("ocr: {n} pages recognised{per_page}"),
    };
    line.push_str(&format!(", {} pages from the cache", stats.cached));
    if stats.failed > 0 {
        line.push_str(&format!(", {} pages failed", stats.failed));
    }
    Some(line)
}

/// What OCR did, for `--json` summaries.
pub fn stats_json(stats: Stats) -> serde_json::Value {
    serde_json::json!({
        "recognised_pages": stats.recognised,
        "cached_pages": stats.cached,
        "failed_pages": stats.failed,
        "seconds": stats.recognising.as_secs_f64(),
    })
}

/// Arguments of `gongbao eval-ocr`.
#[derive(Debug, clap::Args)]
pub struct EvalOcrArgs {
    /// Folder of scanned PDFs, each with its ground-truth JSON beside it.
    pub folder: PathBuf,
    /// Cache recognised pages here (default: none, so every page is recognised and timed).
    #[arg(long)]
    pub cache: Option<PathBuf>,
    /// Also print each page's lines as laid out: size, indent and text.
    #[arg(long)]
    pub lines: bool,
    #[command(flatten)]
    pub ocr: OcrArgs,
}

/// Prints character accuracy per file and overall, per page against each page's reference, and
/// the time per page.
pub fn eval(args: EvalOcrArgs) -> anyhow::Result<()> {
    use gongbao_ingest::pdf::measure::Accuracy;
    use gongbao_ingest::pdf::truth::{page_scores, score_pages, Truth};
    use gongbao_ingest::FileErrorKind;

    let recognizer = OcrArgs {
        no_ocr: false,
        ..args.ocr.clone()
    }
    .recognizer(args.cache.clone())
    .ok_or_else(|| anyhow::anyhow!("OCR is off"))?;
    let extractor = with_ocr(
        Arc::new(gongbao_pdf::InProcess),
        Some(&recognizer),
        Arc::new(()),
    );
    let files = crate::pdf::judged_pdfs(&args.folder)?;
    println!(
        "{:<44} {:>5} {:>7} {:>8} {:>10} {:>6} {:>7}",
        "file", "pages", "chars", "accuracy", "page chars", "docs", "s/page"
    );
    let (mut overall, mut pages_overall) = (Accuracy::default(), Accuracy::default());
    let started_all = Instant::now();
    let mut page_count = 0;
    for pdf in &files {
        let name = pdf.file_stem().unwrap_or_default().to_string_lossy();
        let truth = Truth::load(&pdf.with_extension("json"))?;
        let before = recognizer.stats();
        let started = Instant::now();
        let pages = std::fs::read(pdf)
            .map_err(FileErrorKind::from)
            .and_then(|bytes| extractor.extract(pdf, &bytes).map_err(FileErrorKind::from));
        let pages = match pages {
            Ok(pages) => pages,
            Err(error) => {
                println!("{name:<44} failed: {error}");
                continue;
            }
        };
        let seconds = started.elapsed().as_secs_f64();
        let after = recognizer.stats();
        let recognised = after.recognised + after.cached - before.recognised - before.cached;
        page_count += recognised;
        let score = score_pages(&pages, &truth, None);
        let per_page = page_scores(&pages, &truth);
        let page_accuracy = per_page
            .iter()
            .fold(Accuracy::default(), |sum, (_, accuracy)| sum + *accuracy);
        println!(
            "{name:<44} {recognised:>5} {:>7} {:>8.4} {:>10.4} {:>3}/{:<2} {:>7.1}",
            score.accuracy.length,
            score.accuracy.score(),
            page_accuracy.score(),
            score.boundaries.right,
            score.boundaries.expected,
            seconds / recognised.max(1) as f64,
        );
        let paragraphs: usize = gongbao_ingest::pdf::split::split_issue(&pages)
            .iter()
            .map(|section| section.body.lines().count())
            .sum();
        let expected: usize = truth
            .documents
            .iter()
            .map(|document| document.text.lines().count())
            .sum();
        println!("    paragraphs: {paragraphs} found, {expected} in the ground truth");
        if args.lines {
            for page in &pages {
                println!(
                    "  page {} ({:?}, furniture {:?})",
                    page.number, page.method, page.layout.furniture
                );
                for line in &page.layout.lines {
                    println!("    {:5.1} {:5.1} {}", line.size, line.indent, line.text);
                }
            }
        }
        for (number, accuracy) in &per_page {
            println!(
                "    page {number}: {:.4} of {} characters",
                accuracy.score(),
                accuracy.length
            );
        }
        overall = overall + score.accuracy;
        pages_overall = pages_overall + page_accuracy;
    }
    let wall = started_all.elapsed().as_secs_f64();
    println!(
        "\noverall character accuracy {:.4} in reading order ({} reference characters), {:.4} page by page",
        overall.score(),
        overall.length,
        pages_overall.score()
    );
    let stats = recognizer.stats();
    println!(
        "{page_count} pages in {wall:.1} s: {:.1} s/page wall clock, {:.1} s/page of worker time, {} from the cache",
        wall / page_count.max(1) as f64,
        stats.recognising.as_secs_f64() / stats.recognised.max(1) as f64,
        stats.cached
    );
    Ok(())
}
