//! Ingest and reindex jobs started over the admin API: one at a time, on their own thread,
//! with progress and per-file errors, extracting PDFs with the server's configured extractor.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use gongbao_core::{GenerationId, Generations, GongbaoIndex};
use gongbao_ingest::{
    discover, ingest, reindex, FileError, IngestError, IngestOptions, Progress, SourceFile,
    TitleSearch, TitleSearchError,
};
use gongbao_pdf::Extractor;
use gongbao_query::Engine;
use serde::{Deserialize, Serialize};

/// What a job does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum JobKind {
    /// Incremental ingest into the live generation.
    Ingest,
    /// A new generation from the whole collection.
    Reindex,
}

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum JobStatus {
    /// Reading files.
    Running,
    /// Done (files may still have failed: see `errors`).
    Succeeded,
    /// Stopped; the live index is unchanged by a failed reindex.
    Failed,
}

/// A file that failed in a job.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct JobFileError {
    /// The file.
    path: String,
    /// Why.
    reason: String,
}

/// One job, as the API shows it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Job {
    /// Job number, from 1.
    pub(crate) id: u64,
    kind: JobKind,
    paths: Vec<String>,
    pub(crate) status: JobStatus,
    files_total: usize,
    files_done: usize,
    documents: usize,
    errors: Vec<JobFileError>,
    /// The generation made live, for a reindex.
    generation: Option<String>,
    /// Why the job failed.
    message: Option<String>,
    started_at: u64,
    finished_at: Option<u64>,
}

/// Every job of this server, and the one slot for a running job (or a correction).
#[derive(Default)]
pub(crate) struct Jobs {
    list: Mutex<Vec<Job>>,
    slot: Mutex<()>,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

impl Jobs {
    fn list(&self) -> MutexGuard<'_, Vec<Job>> {
        self.list
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    /// Every job, newest first.
    pub(crate) fn all(&self) -> Vec<Job> {
        self.list().iter().rev().cloned().collect()
    }

    /// Job `id`.
    pub(crate) fn get(&self, id: u64) -> Option<Job> {
        self.list().iter().find(|job| job.id == id).cloned()
    }

    /// Runs `work` holding the slot, or returns `None` when a job holds it.
    pub(crate) fn exclusive<T>(&self, work: impl FnOnce() -> T) -> Option<T> {
        let _slot = self.slot.try_lock().ok()?;
        Some(work())
    }

    /// Starts a job on its own thread, extracting PDFs with `pdf`, or returns `None` when one is
    /// running.
    pub(crate) fn start(
        self: &Arc<Jobs>,
        kind: JobKind,
        paths: Vec<PathBuf>,
        engine: Arc<Engine>,
        pdf: Arc<dyn Extractor>,
    ) -> Option<Job> {
        let (ready, wait) = std::sync::mpsc::channel();
        let jobs = Arc::clone(self);
        std::thread::spawn(move || {
            let Ok(_slot) = jobs.slot.try_lock() else {
                let _ = ready.send(None);
                return;
            };
            let id = {
                let mut list = jobs.list();
                let id = list.len() as u64 + 1;
                list.push(Job {
                    id,
                    kind,
                    paths: paths
                        .iter()
                        .map(|path| path.display().to_string())
                        .collect(),
                    status: JobStatus::Running,
                    files_total: 0,
                    files_done: 0,
                    documents: 0,
                    errors: Vec::new(),
                    generation: None,
                    message: None,
                    started_at: now(),
                    finished_at: None,
                });
                id
            };
            let _ = ready.send(jobs.get(id));
            let outcome = run(&jobs, id, kind, &paths, &engine, pdf);
            jobs.update(id, |job| {
                job.finished_at = Some(now());
                match outcome {
                    Ok(generation) => {
                        job.status = JobStatus::Succeeded;
                        job.generation = generation.map(|id| id.to_string());
                    }
                    Err(error) => {
                        let message = error.to_string();
                        tracing::warn!(job = id, %message, "admin job failed");
                        job.status = JobStatus::Failed;
                        job.message = Some(message);
                    }
                }
            });
            let _ = engine.reload();
        });
        wait.recv().ok().flatten()
    }

    fn update(&self, id: u64, change: impl FnOnce(&mut Job)) {
        if let Some(job) = self.list().iter_mut().find(|job| job.id == id) {
            change(job);
        }
    }
}

/// Reports a job's files as they are done.
struct Tracker<'a> {
    jobs: &'a Jobs,
    id: u64,
}

impl Progress for Tracker<'_> {
    fn file_done(&self, _: &SourceFile, _: u64, documents: usize, errors: &[FileError]) {
        self.jobs.update(self.id, |job| {
            job.files_done += 1;
            job.documents = documents;
            job.errors.extend(errors.iter().map(|error| JobFileError {
                path: error.path.display().to_string(),
                reason: error.kind.to_string(),
            }));
        });
    }
}

/// Finds titles with the query engine, as searchers will: the title check a reindex makes after
/// a dictionary change (the one implementation, used by the admin jobs, the CLI and the tests).
pub struct EngineTitles;

impl TitleSearch for EngineTitles {
    fn finds(&self, index: &GongbaoIndex, id: &str, title: &str) -> Result<bool, TitleSearchError> {
        Ok(gongbao_query::found_by_title(index, id, title)?)
    }
}

/// The root of the engine's index ([`gongbao_core::GongbaoIndex::root`]), where its journal of
/// corrections, search log and clerks' files live, as ingest finds them.
pub(crate) fn index_root(engine: &Engine) -> PathBuf {
    engine.index().root().to_path_buf()
}

fn run(
    jobs: &Jobs,
    id: u64,
    kind: JobKind,
    paths: &[PathBuf],
    engine: &Engine,
    pdf: Arc<dyn Extractor>,
) -> Result<Option<GenerationId>, IngestError> {
    let files = discover(paths)?;
    jobs.update(id, |job| job.files_total = files.len());
    let tracker = Tracker { jobs, id };
    let root = index_root(engine);
    let options = IngestOptions {
        skip_unchanged: true,
        pdf,
        ..IngestOptions::default()
    };
    match kind {
        JobKind::Ingest => {
            let _lock = Generations::lock_if_root(&root)?;
            let index = GongbaoIndex::open(&root)?;
            ingest(&index, &files, &options, &tracker)?;
            Ok(None)
        }
        JobKind::Reindex => {
            let dictionary = engine.index().analyzer.dictionary().clone();
            let report = reindex(&root, &files, dictionary, &options, &tracker, &EngineTitles)?;
            Ok(Some(report.generation))
        }
    }
}
