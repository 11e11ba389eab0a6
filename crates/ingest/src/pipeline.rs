//! Reading sources on every core: one reader thread walks the files in order, hashing each and
//! cutting JSON Lines into chunks of lines; a pool of workers parses, recognises metadata and
//! builds tantivy documents; the calling thread receives the results in the reader's order and
//! writes them.
//!
//! Memory is bounded whatever the input size: a JSON Lines file is streamed (hashed in one pass,
//! then read a chunk at a time), and at most [`IN_FLIGHT_PER_WORKER`] chunks per worker are read
//! and not yet written (the reader takes a token per chunk, the writer gives it back). Results
//! are handed on in the order the reader cut them, so documents, ids, errors and progress come
//! out as a one-threaded read would give them.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};
use std::sync::{Arc, Mutex};

use gongbao_core::{Document, Fields};
use gongbao_pdf::Extractor;
use serde_json::{Map, Value};
use sha2::Digest;
use tantivy::TantivyDocument;

use crate::corrections::Corrections;
use crate::error::{FileError, FileErrorKind, IngestError};
use crate::indexer::FieldCounts;
use crate::json::{apply_metadata, parse_json_lines_from};
use crate::manifest::content_hash_prefix;
use crate::pdf::read_pdf;
use crate::sidecar::Sidecars;
use crate::source::{SourceFile, SourceKind};
use crate::text::parse_text_document;

/// Chunks read ahead of the writer, per worker.
pub(crate) const IN_FLIGHT_PER_WORKER: usize = 4;
/// A chunk of JSON Lines ends after this many bytes (at the end of a line) ...
const CHUNK_BYTES: usize = 1 << 20;
/// ... or this many lines.
const CHUNK_LINES: usize = 512;

/// A document ready for the index writer.
pub(crate) struct Prepared {
    /// Its id, which replaces earlier documents with the same id.
    pub id: String,
    /// The tantivy document.
    pub document: TantivyDocument,
}

/// What the writer receives, file by file in order.
pub(crate) enum Event {
    /// Broken lines of the sidecar over the next file, reported with it; its other lines apply.
    Sidecar {
        /// The problems, each with the sidecar's path.
        errors: Vec<FileError>,
    },
    /// The manifest has the file unchanged; it was not read further.
    Skipped {
        /// Index into the files given.
        file: usize,
        /// Its size.
        bytes: u64,
    },
    /// Documents of a part of a file (a chunk of lines, or a whole file), in order.
    Batch {
        /// Index into the files given.
        file: usize,
        /// The documents, metadata overrides applied.
        documents: Vec<Prepared>,
        /// How many of them got each field.
        fields: FieldCounts,
        /// Problems found in this part.
        errors: Vec<FileErrorKind>,
        /// Source bytes of this part.
        bytes: u64,
    },
    /// The file was read to its end (or could not be read).
    End {
        /// Index into the files given.
        file: usize,
        /// Its content hash (empty when unreadable).
        hash: String,
        /// Its size (0 when unreadable).
        bytes: u64,
        /// Problems with the file as a whole.
        errors: Vec<FileErrorKind>,
    },
}

/// Work for the pool.
enum Job {
    /// A chunk of a JSON Lines file, whole lines, the first one numbered `first_line`.
    Lines {
        file: usize,
        first_line: usize,
        text: String,
        overrides: Option<Arc<Map<String, Value>>>,
    },
    /// A whole Markdown, text or PDF file.
    Whole {
        file: usize,
        bytes: Vec<u8>,
        overrides: Option<Arc<Map<String, Value>>>,
    },
}

type Sequenced = (u64, Result<Event, IngestError>);

/// What the reader and workers share.
struct Shared<'a> {
    files: &'a [SourceFile],
    fields: Fields,
    pdf: &'a dyn Extractor,
    corrections: &'a Corrections,
}

/// Reads `files` with `workers` threads and hands every [`Event`] to `write`, in file order.
/// `unchanged(relative, hash)` says whether a file can be skipped. Stops at the first error of
/// `write` or of the reader (an unreadable sidecar).
pub(crate) fn read_all(
    files: &[SourceFile],
    fields: Fields,
    pdf: &dyn Extractor,
    corrections: &Corrections,
    workers: usize,
    unchanged: &(dyn Fn(&str, &str) -> bool + Sync),
    mut write: impl FnMut(Event) -> Result<(), IngestError>,
) -> Result<(), IngestError> {
    let workers = workers.max(1);
    let shared = Shared {
        files,
        fields,
        pdf,
        corrections,
    };
    let in_flight = workers * IN_FLIGHT_PER_WORKER;
    let (token_sender, tokens) = sync_channel::<()>(in_flight);
    for _ in 0..in_flight {
        token_sender
            .send(())
            .expect("the token channel holds them all");
    }
    let (job_sender, jobs) = sync_channel::<(u64, Job)>(in_flight);
    let jobs = Mutex::new(jobs);
    let (result_sender, results) = channel::<Sequenced>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let results = result_sender.clone();
            let (jobs, shared) = (&jobs, &shared);
            scope.spawn(move || work(shared, jobs, &results));
        }
        let reader = {
            let shared = &shared;
            let results = result_sender.clone();
            scope.spawn(move || {
                let mut reader = Reader {
                    shared,
                    unchanged,
                    tokens,
                    jobs: job_sender,
                    results,
                    next: 0,
                };
                reader.read_files()
            })
        };
        drop(result_sender);
        let written = write_in_order(&results, &token_sender, &mut write);
        // Stop the reader (it waits for tokens) and, through it, the workers.
        drop(token_sender);
        drop(results);
        let read = reader.join().expect("the reader does not panic");
        written.and(read)
    })
}

/// Hands results to `write` in sequence order, giving a token back for each.
fn write_in_order(
    results: &Receiver<Sequenced>,
    tokens: &SyncSender<()>,
    write: &mut impl FnMut(Event) -> Result<(), IngestError>,
) -> Result<(), IngestError> {
    let mut waiting: BTreeMap<u64, Result<Event, IngestError>> = BTreeMap::new();
    let mut next = 0;
    for (sequence, result) in results {
        waiting.insert(sequence, result);
        while let Some(result) = waiting.remove(&next) {
            next += 1;
            write(result?)?;
            // The reader may have stopped already; a token it does not need is no error.
            let _ = tokens.try_send(());
        }
    }
    Ok(())
}

/// The reader: walks the files in order, sending small events straight to the writer and chunks
/// to the workers.
struct Reader<'a, 'b> {
    shared: &'b Shared<'a>,
    unchanged: &'b (dyn Fn(&str, &str) -> bool + Sync),
    tokens: Receiver<()>,
    jobs: SyncSender<(u64, Job)>,
    results: Sender<Sequenced>,
    next: u64,
}

/// The writer stopped: nothing more is read.
struct Stopped;

impl Reader<'_, '_> {
    fn read_files(&mut self) -> Result<(), IngestError> {
        let mut sidecars = Sidecars::default();
        let files = self.shared.files;
        for (index, file) in files.iter().enumerate() {
            let errors = sidecars.load_for(&file.path, &file.root);
            if !errors.is_empty() && self.event(Event::Sidecar { errors }).is_err() {
                break;
            }
            let overrides = sidecars.fields_for(&file.path).cloned().map(Arc::new);
            let read = match file.kind {
                SourceKind::JsonLines => self.read_lines(index, file, overrides),
                SourceKind::Text | SourceKind::Pdf => self.read_whole(index, file, overrides),
            };
            if read.is_err() {
                break;
            }
        }
        Ok(())
    }

    /// Sends one event to the writer, after a token.
    fn event(&mut self, event: Event) -> Result<(), Stopped> {
        self.tokens.recv().map_err(|_| Stopped)?;
        self.results
            .send((self.next, Ok(event)))
            .map_err(|_| Stopped)?;
        self.next += 1;
        Ok(())
    }

    /// Sends one job to the workers, after a token.
    fn job(&mut self, job: Job) -> Result<(), Stopped> {
        self.tokens.recv().map_err(|_| Stopped)?;
        self.jobs.send((self.next, job)).map_err(|_| Stopped)?;
        self.next += 1;
        Ok(())
    }

    fn unreadable(&mut self, file: usize, error: std::io::Error) -> Result<(), Stopped> {
        self.event(Event::End {
            file,
            hash: String::new(),
            bytes: 0,
            errors: vec![FileErrorKind::from(error)],
        })
    }

    fn read_whole(
        &mut self,
        index: usize,
        file: &SourceFile,
        overrides: Option<Arc<Map<String, Value>>>,
    ) -> Result<(), Stopped> {
        let bytes = match std::fs::read(&file.path) {
            Ok(bytes) => bytes,
            Err(error) => return self.unreadable(index, error),
        };
        let size = bytes.len() as u64;
        let mut hasher = content_hash_prefix(overrides.as_deref());
        hasher.update(&bytes);
        let hash = format!("{:x}", hasher.finalize());
        if (self.unchanged)(&file.relative, &hash) {
            return self.event(Event::Skipped {
                file: index,
                bytes: size,
            });
        }
        self.job(Job::Whole {
            file: index,
            bytes,
            overrides,
        })?;
        self.event(Event::End {
            file: index,
            hash,
            bytes: size,
            errors: Vec::new(),
        })
    }

    fn read_lines(
        &mut self,
        index: usize,
        file: &SourceFile,
        overrides: Option<Arc<Map<String, Value>>>,
    ) -> Result<(), Stopped> {
        let (hash, size, utf8) = match hash_file(&file.path, overrides.as_deref()) {
            Ok(scan) => scan,
            Err(error) => return self.unreadable(index, error),
        };
        if (self.unchanged)(&file.relative, &hash) {
            return self.event(Event::Skipped {
                file: index,
                bytes: size,
            });
        }
        let mut errors = Vec::new();
        if !utf8 {
            errors.push(FileErrorKind::Encoding);
        } else if let Err(error) = self.send_chunks(index, file, overrides) {
            match error {
                ChunkError::Stopped => return Err(Stopped),
                ChunkError::Io(error) => errors.push(FileErrorKind::from(error)),
            }
        }
        self.event(Event::End {
            file: index,
            hash,
            bytes: size,
            errors,
        })
    }

    /// Cuts a UTF-8 JSON Lines file into chunks of whole lines for the workers.
    fn send_chunks(
        &mut self,
        index: usize,
        file: &SourceFile,
        overrides: Option<Arc<Map<String, Value>>>,
    ) -> Result<(), ChunkError> {
        let mut reader = BufReader::with_capacity(1 << 20, File::open(&file.path)?);
        let mut first_line = 1;
        loop {
            let mut text = String::with_capacity(CHUNK_BYTES + (64 << 10));
            let mut lines = 0;
            while lines < CHUNK_LINES && text.len() < CHUNK_BYTES {
                if reader.read_line(&mut text)? == 0 {
                    break;
                }
                lines += 1;
            }
            if lines == 0 {
                return Ok(());
            }
            self.job(Job::Lines {
                file: index,
                first_line,
                text,
                overrides: overrides.clone(),
            })
            .map_err(|Stopped| ChunkError::Stopped)?;
            first_line += lines;
        }
    }
}

enum ChunkError {
    Stopped,
    Io(std::io::Error),
}

impl From<std::io::Error> for ChunkError {
    fn from(error: std::io::Error) -> ChunkError {
        ChunkError::Io(error)
    }
}

/// The content hash of a file read in blocks, its size and whether it is UTF-8 throughout.
fn hash_file(
    path: &std::path::Path,
    overrides: Option<&Map<String, Value>>,
) -> std::io::Result<(String, u64, bool)> {
    let mut file = File::open(path)?;
    let mut hasher = content_hash_prefix(overrides);
    let mut buffer = vec![0; 1 << 20];
    // Bytes of a character cut by the end of the previous block.
    let mut carried = 0;
    let mut size = 0;
    let mut utf8 = true;
    loop {
        let read = file.read(&mut buffer[carried..])?;
        if read == 0 {
            return Ok((
                format!("{:x}", hasher.finalize()),
                size,
                utf8 && carried == 0,
            ));
        }
        hasher.update(&buffer[carried..carried + read]);
        size += read as u64;
        let filled = carried + read;
        carried = 0;
        if utf8 {
            if let Err(error) = std::str::from_utf8(&buffer[..filled]) {
                if error.error_len().is_some() {
                    utf8 = false;
                } else {
                    let valid = error.valid_up_to();
                    buffer.copy_within(valid..filled, 0);
                    carried = filled - valid;
                }
            }
        }
    }
}

/// A worker: takes jobs until the reader is done.
fn work(shared: &Shared<'_>, jobs: &Mutex<Receiver<(u64, Job)>>, results: &Sender<Sequenced>) {
    loop {
        let next = jobs.lock().map(|jobs| jobs.recv());
        let Ok(Ok((sequence, job))) = next else {
            return;
        };
        let file = match &job {
            Job::Lines { file, .. } | Job::Whole { file, .. } => *file,
        };
        let event =
            catch_unwind(AssertUnwindSafe(|| prepare(shared, job))).unwrap_or_else(|panic| {
                let reason = panic
                    .downcast_ref::<&str>()
                    .map(|text| (*text).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                Ok(Event::Batch {
                    file,
                    documents: Vec::new(),
                    fields: FieldCounts::default(),
                    errors: vec![FileErrorKind::Panic(reason)],
                    bytes: 0,
                })
            });
        if results.send((sequence, event)).is_err() {
            return;
        }
    }
}

/// Parses a job's documents and turns them into tantivy documents.
fn prepare(shared: &Shared<'_>, job: Job) -> Result<Event, IngestError> {
    let (index, documents, errors, bytes, overrides) = match job {
        Job::Lines {
            file,
            first_line,
            text,
            overrides,
        } => {
            let relative = &shared.files[file].relative;
            let (documents, errors) = parse_json_lines_from(relative, &text, first_line);
            (file, documents, errors, text.len() as u64, overrides)
        }
        Job::Whole {
            file,
            bytes,
            overrides,
        } => {
            let size = bytes.len() as u64;
            let (documents, errors) = read_source(&shared.files[file], bytes, shared.pdf);
            (file, documents, errors, size, overrides)
        }
    };
    let mut fields = FieldCounts::default();
    let mut prepared = Vec::with_capacity(documents.len());
    for mut document in documents {
        if let Some(overrides) = &overrides {
            apply_metadata(&mut document, Map::clone(overrides));
        }
        shared.corrections.apply(&mut document);
        fields.count(&document);
        prepared.push(Prepared {
            document: shared.fields.to_tantivy(&document)?,
            id: document.id,
        });
    }
    Ok(Event::Batch {
        file: index,
        documents: prepared,
        fields,
        errors,
        bytes,
    })
}

/// The documents of one Markdown, text or PDF file and the problems found in it.
fn read_source(
    file: &SourceFile,
    bytes: Vec<u8>,
    pdf: &dyn Extractor,
) -> (Vec<Document>, Vec<FileErrorKind>) {
    if file.kind == SourceKind::Pdf {
        return read_pdf(&file.relative, &file.path, &bytes, pdf);
    }
    let Ok(text) = String::from_utf8(bytes) else {
        return (Vec::new(), vec![FileErrorKind::Encoding]);
    };
    if !text.chars().any(char::is_alphanumeric) {
        return (Vec::new(), vec![FileErrorKind::Empty]);
    }
    let document = parse_text_document(&file.relative, &file.relative, &text);
    (vec![document], Vec::new())
}
