//! The writer: records go over a bounded channel to one thread that appends them to the day's
//! file. Logging never blocks the caller: a record that finds the channel full is dropped and
//! counted. The thread hands what it wrote to the kernel within [`WriterOptions::flush_every`]
//! (what a killed server has written survives it) and `fdatasync`s within
//! [`WriterOptions::sync_every`] (what survives a power cut). The log's files never pass
//! [`WriterOptions::max_bytes`] together: the oldest days are deleted first, and when the day
//! being written alone fills the bound, its further records are dropped and counted.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use time::Date;

use crate::error::{io_error, Error, Result};
use crate::files::{day_files, file_name, utc_day};
use crate::record::Record;

/// How the writer bounds the log and how often it makes records durable.
#[derive(Debug, Clone)]
pub struct WriterOptions {
    /// Largest size of all day files together, in bytes.
    pub max_bytes: u64,
    /// Records waiting for the thread; past them records are dropped.
    pub capacity: usize,
    /// Longest a written record stays in the thread's buffer before it reaches the kernel.
    pub flush_every: Duration,
    /// Longest a record handed to the kernel waits for `fdatasync`.
    pub sync_every: Duration,
}

/// Default of [`WriterOptions::max_bytes`]: 256 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 256 << 20;

impl Default for WriterOptions {
    fn default() -> WriterOptions {
        WriterOptions {
            max_bytes: DEFAULT_MAX_BYTES,
            capacity: 1 << 16,
            flush_every: Duration::from_millis(200),
            sync_every: Duration::from_secs(1),
        }
    }
}

/// What happened to the records given to a [`Writer`], counted since it started.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Records written.
    pub written: u64,
    /// Records dropped because the channel was full.
    pub dropped_busy: u64,
    /// Records dropped because the day being written filled the size bound.
    pub dropped_full: u64,
    /// Records lost to an error writing them (the server log says which).
    pub failed: u64,
}

#[derive(Debug, Default)]
struct Stats {
    written: AtomicU64,
    dropped_busy: AtomicU64,
    dropped_full: AtomicU64,
    failed: AtomicU64,
}

impl Stats {
    fn add(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

/// The log's writer; dropping it writes what is queued, syncs and ends the thread.
#[derive(Debug)]
pub struct Writer {
    sender: Option<SyncSender<Record>>,
    stats: Arc<Stats>,
    thread: Option<JoinHandle<()>>,
}

impl Writer {
    /// Starts writing into `dir`, created when missing.
    pub fn start(dir: &Path, options: WriterOptions) -> Result<Writer> {
        std::fs::create_dir_all(dir).map_err(io_error(dir))?;
        let total = day_files(dir)?.iter().map(|file| file.bytes).sum();
        let (sender, receiver) = sync_channel(options.capacity.max(1));
        let stats = Arc::new(Stats::default());
        let worker = Worker {
            dir: dir.to_path_buf(),
            options,
            stats: Arc::clone(&stats),
            total,
            current: None,
            full_day: None,
            unflushed_since: None,
            unsynced: false,
            last_sync: Instant::now(),
            line: Vec::with_capacity(512),
        };
        let thread = std::thread::Builder::new()
            .name("analytics-writer".to_owned())
            .spawn(move || worker.run(&receiver))
            .map_err(Error::Thread)?;
        Ok(Writer {
            sender: Some(sender),
            stats,
            thread: Some(thread),
        })
    }

    /// Queues `record` without waiting; when the queue is full the record is dropped and
    /// counted.
    pub fn log(&self, record: Record) {
        let Some(sender) = &self.sender else { return };
        match sender.try_send(record) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => Stats::add(&self.stats.dropped_busy),
            Err(TrySendError::Disconnected(_)) => Stats::add(&self.stats.failed),
        }
    }

    /// What happened to the records so far.
    pub fn counts(&self) -> Counts {
        let load = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        Counts {
            written: load(&self.stats.written),
            dropped_busy: load(&self.stats.dropped_busy),
            dropped_full: load(&self.stats.dropped_full),
            failed: load(&self.stats.failed),
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        drop(self.sender.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The day file being appended to.
struct Current {
    day: Date,
    path: PathBuf,
    file: BufWriter<File>,
}

/// The writer's thread.
struct Worker {
    dir: PathBuf,
    options: WriterOptions,
    stats: Arc<Stats>,
    /// Bytes of every day file, written or buffered.
    total: u64,
    current: Option<Current>,
    /// The day found full: its records are dropped without looking at the directory again.
    full_day: Option<Date>,
    /// When the oldest record still in the buffer was written into it.
    unflushed_since: Option<Instant>,
    /// Whether bytes handed to the kernel wait for `fdatasync`.
    unsynced: bool,
    last_sync: Instant,
    line: Vec<u8>,
}

/// Records written one after another before the buffer and the clock are looked at again.
const BATCH: usize = 1024;

impl Worker {
    fn run(mut self, receiver: &Receiver<Record>) {
        loop {
            match receiver.recv_timeout(self.wait()) {
                Ok(record) => {
                    self.write(&record);
                    for record in receiver.try_iter().take(BATCH) {
                        self.write(&record);
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
            self.tick(false);
        }
        self.tick(true);
    }

    /// How long the thread may wait for a record before it has something to flush or sync.
    fn wait(&self) -> Duration {
        let now = Instant::now();
        let flush = self
            .unflushed_since
            .map(|since| (since + self.options.flush_every).saturating_duration_since(now));
        let sync = self
            .unsynced
            .then(|| (self.last_sync + self.options.sync_every).saturating_duration_since(now));
        flush
            .into_iter()
            .chain(sync)
            .min()
            .unwrap_or(Duration::from_secs(3600))
    }

    /// Flushes and syncs what is due, or everything when `all`.
    fn tick(&mut self, all: bool) {
        let due = |since: Instant, every: Duration| all || since.elapsed() >= every;
        if self
            .unflushed_since
            .is_some_and(|since| due(since, self.options.flush_every))
        {
            self.flush();
        }
        if self.unsynced && due(self.last_sync, self.options.sync_every) {
            self.sync();
        }
    }

    fn flush(&mut self) {
        self.unflushed_since = None;
        if let Some(current) = &mut self.current {
            if let Err(error) = current.file.flush() {
                tracing::warn!(path = %current.path.display(), %error, "cannot write the analytics log");
                Stats::add(&self.stats.failed);
            }
            self.unsynced = true;
        }
    }

    fn sync(&mut self) {
        self.unsynced = false;
        self.last_sync = Instant::now();
        if let Some(current) = &self.current {
            if let Err(error) = current.file.get_ref().sync_data() {
                tracing::warn!(path = %current.path.display(), %error, "cannot sync the analytics log");
            }
        }
    }

    fn write(&mut self, record: &Record) {
        self.line.clear();
        if serde_json::to_writer(&mut self.line, record).is_err() {
            Stats::add(&self.stats.failed);
            return;
        }
        self.line.push(b'\n');
        let day = utc_day(record.time());
        let length = self.line.len() as u64;
        if self.total + length > self.options.max_bytes && !self.make_room(day, length) {
            Stats::add(&self.stats.dropped_full);
            return;
        }
        if let Err(error) = self.open(day) {
            tracing::warn!(%error, "cannot open the analytics log");
            Stats::add(&self.stats.failed);
            return;
        }
        let Some(current) = &mut self.current else {
            return;
        };
        match current.file.write_all(&self.line) {
            Ok(()) => {
                self.total += length;
                self.unflushed_since.get_or_insert_with(Instant::now);
                Stats::add(&self.stats.written);
            }
            Err(error) => {
                tracing::warn!(path = %current.path.display(), %error, "cannot write the analytics log");
                Stats::add(&self.stats.failed);
            }
        }
    }

    /// Makes the day file of `day` the current one. A file whose last line was torn (the server
    /// was killed while writing it) first gets its line ended, so the torn line stays one bad
    /// line and the next record starts a line of its own.
    fn open(&mut self, day: Date) -> Result<()> {
        if self
            .current
            .as_ref()
            .is_some_and(|current| current.day == day)
        {
            return Ok(());
        }
        self.close();
        let path = self.dir.join(file_name(day));
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&path)
            .map_err(io_error(&path))?;
        let length = file.metadata().map_err(io_error(&path))?.len();
        if length > 0 {
            let mut last = [0u8];
            file.seek(SeekFrom::End(-1))
                .and_then(|_| file.read_exact(&mut last))
                .map_err(io_error(&path))?;
            if last[0] != b'\n' {
                file.write_all(b"\n").map_err(io_error(&path))?;
                self.total += 1;
            }
        }
        self.current = Some(Current {
            day,
            path,
            file: BufWriter::with_capacity(64 * 1024, file),
        });
        Ok(())
    }

    /// Flushes and syncs the current file and closes it.
    fn close(&mut self) {
        if self.current.is_some() {
            self.flush();
            self.sync();
            self.current = None;
        }
    }

    /// Deletes the oldest day files before `day` until `needed` more bytes fit; false when they
    /// do not even then (the day is then marked full).
    fn make_room(&mut self, day: Date, needed: u64) -> bool {
        if self.full_day == Some(day) {
            return false;
        }
        self.flush();
        let files = match day_files(&self.dir) {
            Ok(files) => files,
            Err(error) => {
                tracing::warn!(%error, "cannot list the analytics log");
                return false;
            }
        };
        self.total = files.iter().map(|file| file.bytes).sum();
        for file in files.iter().filter(|file| file.day < day) {
            if self.total + needed <= self.options.max_bytes {
                break;
            }
            if self
                .current
                .as_ref()
                .is_some_and(|current| current.day == file.day)
            {
                self.close();
            }
            match std::fs::remove_file(&file.path) {
                Ok(()) => {
                    tracing::info!(path = %file.path.display(), "analytics log over its size bound: oldest day deleted");
                    self.total -= file.bytes;
                }
                Err(error) => {
                    tracing::warn!(path = %file.path.display(), %error, "cannot delete an old analytics log");
                }
            }
        }
        let fits = self.total + needed <= self.options.max_bytes;
        if !fits {
            tracing::warn!(%day, "analytics log full for the day: records dropped until the next");
            self.full_day = Some(day);
        }
        fits
    }
}

#[cfg(test)]
mod tests;
