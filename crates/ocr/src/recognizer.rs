//! The page pipeline and its scheduling: render, look up the cache, straighten, wipe rules, cut
//! into blocks, recognise each block, clean and store; pages run in parallel, one single-threaded
//! tesseract per worker.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use crate::blocks::{blocks, wipe_rules};
use crate::cache::{key, Cache};
use crate::deskew::deskew;
use crate::error::OcrError;
use crate::page::{convert, page_confidence, OcrPage};
use crate::render::render;
use crate::tesseract;

/// Bumped whenever preprocessing, segmentation or clean-up changes, so old cache entries miss.
pub const PIPELINE_VERSION: u32 = 6;

/// White margin around each block given to tesseract, in pixels.
const PAD: usize = 24;

/// How pages are recognised.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Rendering resolution: 150-dpi scans are upscaled, 300-dpi ones scaled down to this.
    pub dpi: u32,
    /// Tesseract languages.
    pub languages: String,
    /// The `tesseract` program.
    pub tesseract: PathBuf,
    /// The `pdftoppm` program.
    pub pdftoppm: PathBuf,
    /// Pages recognised at once; 0 uses one per core.
    pub jobs: usize,
    /// Where recognised pages are cached; `None` recognises every time.
    pub cache: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            dpi: 200,
            languages: "chi_sim".to_owned(),
            tesseract: PathBuf::from("tesseract"),
            pdftoppm: PathBuf::from("pdftoppm"),
            jobs: 0,
            cache: None,
        }
    }
}

/// Told as each page of a file is done.
pub trait Progress: Send + Sync {
    /// `done` of `total` pages of `pdf` are done; `eta` estimates the rest of this file.
    fn page_done(&self, pdf: &Path, done: usize, total: usize, eta: Option<Duration>);
}

impl Progress for () {
    fn page_done(&self, _: &Path, _: usize, _: usize, _: Option<Duration>) {}
}

/// Pages recognised and pages found in the cache, since the recognizer was made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Pages tesseract recognised.
    pub recognised: usize,
    /// Pages answered from the cache.
    pub cached: usize,
    /// Pages that failed.
    pub failed: usize,
    /// Wall-clock time spent recognising (not on cache hits), summed over pages.
    pub recognising: Duration,
}

/// Recognises scanned pages, with a cache and statistics.
#[derive(Debug)]
pub struct Recognizer {
    settings: Settings,
    cache: Option<Cache>,
    version: OnceLock<Result<String, OcrError>>,
    recognised: AtomicUsize,
    cached: AtomicUsize,
    failed: AtomicUsize,
    micros: AtomicU64,
}

/// One page's outcome.
pub type PageResult = Result<OcrPage, OcrError>;

impl Recognizer {
    /// A recognizer with `settings`; nothing runs until a page is asked for.
    pub fn new(settings: Settings) -> Recognizer {
        Recognizer {
            cache: settings.cache.clone().map(Cache::new),
            settings,
            version: OnceLock::new(),
            recognised: AtomicUsize::new(0),
            cached: AtomicUsize::new(0),
            failed: AtomicUsize::new(0),
            micros: AtomicU64::new(0),
        }
    }

    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// What was done so far.
    pub fn stats(&self) -> Stats {
        Stats {
            recognised: self.recognised.load(Ordering::Relaxed),
            cached: self.cached.load(Ordering::Relaxed),
            failed: self.failed.load(Ordering::Relaxed),
            recognising: Duration::from_micros(self.micros.load(Ordering::Relaxed)),
        }
    }

    /// Recognises `pages` (1-based) of `pdf`, in parallel, in the order given.
    pub fn recognise(&self, pdf: &Path, pages: &[u32], progress: &dyn Progress) -> Vec<PageResult> {
        let version = match self
            .version
            .get_or_init(|| tesseract::version(&self.settings.tesseract))
        {
            Ok(version) => version.clone(),
            Err(error) => {
                self.failed.fetch_add(pages.len(), Ordering::Relaxed);
                return pages.iter().map(|_| Err(error.clone())).collect();
            }
        };
        let jobs = match self.settings.jobs {
            0 => std::thread::available_parallelism().map_or(1, usize::from),
            jobs => jobs,
        }
        .min(pages.len().max(1));
        let results: Mutex<Vec<Option<PageResult>>> = Mutex::new(vec![None; pages.len()]);
        let next = AtomicUsize::new(0);
        let done = AtomicUsize::new(0);
        let started = Instant::now();
        let slow = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for _ in 0..jobs {
                scope.spawn(|| loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&number) = pages.get(index) else {
                        break;
                    };
                    let (result, from_cache) = self.page(pdf, number, &version);
                    if !from_cache {
                        slow.fetch_add(1, Ordering::Relaxed);
                    }
                    if let Ok(mut results) = results.lock() {
                        results[index] = Some(result);
                    }
                    let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
                    let recognised = slow.load(Ordering::Relaxed);
                    // Wall-clock time per recognised page (the workers share it) times the
                    // pages left; cache hits cost next to nothing.
                    let eta = (recognised > 0).then(|| {
                        started.elapsed() / recognised as u32 * (pages.len() - finished) as u32
                    });
                    progress.page_done(pdf, finished, pages.len(), eta);
                });
            }
        });
        results
            .into_inner()
            .unwrap_or_default()
            .into_iter()
            .map(|result| result.unwrap_or(Err(OcrError::WorkerDied)))
            .collect()
    }

    /// One page and whether it came from the cache.
    fn page(&self, pdf: &Path, number: u32, version: &str) -> (PageResult, bool) {
        let settings = &self.settings;
        let image = match render(&settings.pdftoppm, pdf, number, settings.dpi) {
            Ok(image) => image,
            Err(error) => {
                self.failed.fetch_add(1, Ordering::Relaxed);
                return (Err(error), false);
            }
        };
        let described = format!(
            "gongbao-ocr {PIPELINE_VERSION}; {version}; -l {}; {} dpi",
            settings.languages, settings.dpi
        );
        let key = key(&described, image.width, image.height, &image.pixels);
        if let Some(page) = self.cache.as_ref().and_then(|cache| cache.get(&key)) {
            self.cached.fetch_add(1, Ordering::Relaxed);
            return (Ok(page), true);
        }
        let started = Instant::now();
        let result = recognise_image(&image, settings);
        self.micros
            .fetch_add(started.elapsed().as_micros() as u64, Ordering::Relaxed);
        match &result {
            Ok(page) => {
                self.recognised.fetch_add(1, Ordering::Relaxed);
                if let Some(cache) = &self.cache {
                    // A cache that cannot be written only costs time on the next run.
                    let _ = cache.put(&key, page);
                }
            }
            Err(_) => {
                self.failed.fetch_add(1, Ordering::Relaxed);
            }
        }
        (result, false)
    }
}

/// Recognises one rendered page image.
pub fn recognise_image(image: &crate::gray::Gray, settings: &Settings) -> PageResult {
    let threshold = image.otsu();
    let (mut straight, skew) = deskew(image, threshold);
    wipe_rules(&mut straight, threshold, settings.dpi);
    let ink = straight.ink(threshold);
    let (blocks, gutter) = blocks(&ink, straight.width, straight.height);
    let scale = 72.0 / settings.dpi as f32;
    let mut lines = Vec::new();
    for block in blocks {
        let crop = straight.crop(block.x0, block.y0, block.x1, block.y1, PAD);
        let found = tesseract::recognise(&settings.tesseract, &crop.to_pgm(), &settings.languages)?;
        let dx = (block.x0 as f32 - PAD as f32) * scale;
        let dy = (block.y0 as f32 - PAD as f32) * scale;
        lines.extend(convert(&found, dx, dy, scale));
    }
    Ok(OcrPage {
        width: image.width as f32 * scale,
        height: image.height as f32 * scale,
        confidence: page_confidence(&lines),
        lines,
        two_columns: gutter.is_some(),
        gutter: gutter.map(|x| x as f32 * scale),
        skew,
    })
}
