//! Writing documents into the index in committed batches, with a report of what happened.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use gongbao_core::{Document, GongbaoIndex, Validity};
use gongbao_pdf::{Extractor, InProcess};
use serde::Serialize;
use tantivy::IndexWriter;

use crate::corrections::Corrections;
use crate::error::{FileError, FileErrorKind, IngestError};
use crate::manifest::{Manifest, SourceEntry, SourceStatus};
use crate::merge;
use crate::pipeline::{read_all, Event};
use crate::replace::Replacements;
use crate::source::SourceFile;

/// How an ingest writes.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Memory budget of the index writer, in bytes, shared by its threads.
    pub writer_memory: usize,
    /// Indexing threads, and workers reading and recognising sources; 0 uses one per core.
    pub threads: usize,
    /// Documents between commits: a crash loses at most this many uncommitted documents.
    pub commit_every: usize,
    /// Skip source files the manifest lists with the same content hash (and no errors).
    pub skip_unchanged: bool,
    /// Remove the documents of manifest sources that are not among the files ingested: the
    /// files given are the whole collection.
    pub prune: bool,
    /// How PDFs are turned into pages: in this process by default, or in a limited child process.
    pub pdf: Arc<dyn Extractor>,
    /// Documents up to which an ingest ends merged into one segment; a larger index too when the
    /// ingest wrote at least half of its documents, else it keeps the segments of a logarithmic
    /// merge policy (see [`merge::SINGLE_SEGMENT_LIMIT`]).
    pub single_segment_limit: u64,
}

impl Default for IngestOptions {
    fn default() -> IngestOptions {
        IngestOptions {
            writer_memory: 256 << 20,
            threads: 0,
            commit_every: 5_000,
            skip_unchanged: false,
            prune: false,
            pdf: Arc::new(InProcess),
            single_segment_limit: merge::SINGLE_SEGMENT_LIMIT,
        }
    }
}

/// Told about each file as an ingest goes, to draw a progress bar.
pub trait Progress {
    /// One file was read and its documents queued for indexing (or it was skipped unchanged).
    fn file_done(&self, file: &SourceFile, bytes: u64, documents: usize, errors: &[FileError]);

    /// A part of a file (`bytes` of it) was read and its documents queued; `file_done` follows
    /// when the whole file is.
    fn file_part(&self, _file: &SourceFile, _bytes: u64) {}

    /// A reindex checked its new generation and is about to make it live.
    fn switching(&self, _generation: gongbao_core::GenerationId) {}
}

impl Progress for () {
    fn file_done(&self, _: &SourceFile, _: u64, _: usize, _: &[FileError]) {}
}

/// How many documents got each field: what metadata recognition achieved.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FieldCounts {
    /// A document number.
    pub doc_number: usize,
    /// At least one issuing body.
    pub issuers: usize,
    /// A document type.
    pub doc_type: usize,
    /// At least one policy area other than 其他.
    pub policy_areas: usize,
    /// At least one responsible department.
    pub departments: usize,
    /// A written date.
    pub written: usize,
    /// A published date.
    pub published: usize,
    /// An in-force date.
    pub effective: usize,
    /// A known validity.
    pub validity: usize,
}

impl FieldCounts {
    /// Counts the fields `document` has.
    pub(crate) fn count(&mut self, document: &Document) {
        let dates = &document.dates;
        let flags = [
            (&mut self.doc_number, document.doc_number.is_some()),
            (&mut self.issuers, !document.issuers.is_empty()),
            (&mut self.doc_type, document.doc_type.is_some()),
            (
                &mut self.policy_areas,
                document
                    .policy_areas
                    .iter()
                    .any(|area| area.first().is_some_and(|top| top != "其他")),
            ),
            (&mut self.departments, !document.departments.is_empty()),
            (&mut self.written, dates.written.is_some()),
            (&mut self.published, dates.published.is_some()),
            (&mut self.effective, dates.effective.is_some()),
            (&mut self.validity, document.validity != Validity::Unknown),
        ];
        for (count, present) in flags {
            *count += usize::from(present);
        }
    }

    /// Adds the counts of `other`.
    fn add(&mut self, other: &FieldCounts) {
        let FieldCounts {
            doc_number,
            issuers,
            doc_type,
            policy_areas,
            departments,
            written,
            published,
            effective,
            validity,
        } = other;
        self.doc_number += doc_number;
        self.issuers += issuers;
        self.doc_type += doc_type;
        self.policy_areas += policy_areas;
        self.departments += departments;
        self.written += written;
        self.published += published;
        self.effective += effective;
        self.validity += validity;
    }
}

/// What an ingest did.
#[derive(Debug, Clone, Default)]
pub struct IngestReport {
    /// Source files read.
    pub files: usize,
    /// Documents indexed (a re-ingested document counts once per ingest).
    pub documents: usize,
    /// Bytes of source files read.
    pub bytes: u64,
    /// Per-file failures, in file order.
    pub errors: Vec<FileError>,
    /// How many documents got each field.
    pub fields: FieldCounts,
    /// Wall-clock time, including the final commit.
    pub elapsed: Duration,
    /// Source files skipped because the manifest has them unchanged.
    pub skipped: usize,
    /// Sources whose documents were removed because they vanished (with `prune`).
    pub pruned: Vec<String>,
    /// Segments of the index after the closing merge.
    pub segments: usize,
}

/// Reads `files`, indexes their documents into `index` and commits. Documents replace earlier
/// ones with the same id, and documents of a re-read source file that it no longer holds are
/// removed. Files are read, parsed and recognised by a pool of [`IngestOptions::threads`]
/// workers (see [`crate::pipeline`]) and written in file order. Commits happen every
/// [`IngestOptions::commit_every`] documents (at the end of a file) and at the end, so readers
/// only ever see whole batches; after each commit the index's [`Manifest`] is replaced with one
/// naming the files committed, so an interrupted ingest resumes where it stopped when
/// [`IngestOptions::skip_unchanged`] is set. The segments are then merged as [`crate::merge`]
/// decides by the index's size.
pub fn ingest(
    index: &GongbaoIndex,
    files: &[SourceFile],
    options: &IngestOptions,
    progress: &dyn Progress,
) -> Result<IngestReport, IngestError> {
    let started = Instant::now();
    // Every document read gets the clerks' corrections of the root, so they survive reindexing.
    let corrections = Corrections::load(index.root())?;
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        threads => threads,
    };
    let writer: IndexWriter = if options.threads == 0 {
        index.index.writer(options.writer_memory)?
    } else {
        index
            .index
            .writer_with_num_threads(options.threads, options.writer_memory)?
    };
    writer.set_merge_policy(Box::new(merge::log_merge_policy()));
    let manifest = Manifest::load(index.path())?;
    let unchanged: HashMap<String, String> = if options.skip_unchanged {
        manifest
            .sources
            .iter()
            .filter(|(_, entry)| entry.status == SourceStatus::Indexed)
            .map(|(relative, entry)| (relative.clone(), entry.hash.clone()))
            .collect()
    } else {
        HashMap::new()
    };
    let is_unchanged =
        |relative: &str, hash: &str| unchanged.get(relative).is_some_and(|known| known == hash);
    let mut batches = Batches {
        index,
        files,
        writer,
        manifest,
        pending: Vec::new(),
        report: IngestReport::default(),
        current: FileState::default(),
        replacements: Replacements::new(index)?,
        uncommitted: 0,
        commit_every: options.commit_every,
        progress,
    };
    read_all(
        files,
        index.fields,
        options.pdf.as_ref(),
        &corrections,
        threads,
        &is_unchanged,
        |event| batches.write(event),
    )?;
    let Batches {
        mut writer,
        mut manifest,
        mut pending,
        mut report,
        ..
    } = batches;
    if options.prune {
        let present: HashSet<&str> = files.iter().map(|file| file.relative.as_str()).collect();
        let vanished: Vec<String> = manifest
            .sources
            .keys()
            .filter(|relative| !present.contains(relative.as_str()))
            .cloned()
            .collect();
        for relative in vanished {
            if let Some(entry) = manifest.sources.remove(&relative) {
                writer.delete_term(index.fields.source_term(&relative));
                for id in &entry.documents {
                    writer.delete_term(index.fields.id_term(id));
                }
            }
            report.pruned.push(relative);
        }
    }
    writer.commit()?;
    commit_manifest(index, &mut manifest, &mut pending)?;
    report.segments = merge::finish(
        writer,
        index,
        options.single_segment_limit,
        report.documents as u64,
    )?;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// The file being written: its documents so far and its problems.
#[derive(Default)]
struct FileState {
    /// Whether its earlier documents were deleted (it gave a document).
    replaced: bool,
    ids: Vec<String>,
    errors: Vec<FileErrorKind>,
    /// Broken lines of the sidecar over the file: reported with it, kept out of its manifest
    /// entry (the file itself was read).
    sidecar: Vec<FileError>,
    documents: usize,
}

/// The writing side of an ingest: events in file order become documents, commits and manifest
/// entries.
struct Batches<'a> {
    index: &'a GongbaoIndex,
    files: &'a [SourceFile],
    writer: IndexWriter,
    manifest: Manifest,
    pending: Vec<(String, SourceEntry)>,
    report: IngestReport,
    current: FileState,
    replacements: Replacements,
    uncommitted: usize,
    commit_every: usize,
    progress: &'a dyn Progress,
}

impl Batches<'_> {
    fn write(&mut self, event: Event) -> Result<(), IngestError> {
        let fields = self.index.fields;
        match event {
            Event::Sidecar { errors } => self.current.sidecar.extend(errors),
            Event::Skipped { file, bytes } => {
                let documents = self.report.documents;
                let reported = std::mem::take(&mut self.current.sidecar);
                self.progress
                    .file_done(&self.files[file], bytes, documents, &reported);
                self.report.errors.extend(reported);
                self.report.skipped += 1;
            }
            Event::Batch {
                file,
                documents,
                fields: counts,
                errors,
                bytes,
            } => {
                let current = &mut self.current;
                if !current.replaced && !documents.is_empty() {
                    self.writer
                        .delete_term(fields.source_term(&self.files[file].relative));
                    current.replaced = true;
                }
                for prepared in documents {
                    if self.replacements.added(self.index, &prepared.id)? {
                        self.writer.delete_term(fields.id_term(&prepared.id));
                    }
                    self.writer.add_document(prepared.document)?;
                    current.ids.push(prepared.id);
                    current.documents += 1;
                }
                current.errors.extend(errors);
                self.report.fields.add(&counts);
                self.progress.file_part(&self.files[file], bytes);
            }
            Event::End {
                file,
                hash,
                bytes,
                errors,
            } => self.end_file(&self.files[file], hash, bytes, errors)?,
        }
        Ok(())
    }

    /// Records a file read to its end, and commits when enough documents wait.
    fn end_file(
        &mut self,
        file: &SourceFile,
        hash: String,
        bytes: u64,
        errors: Vec<FileErrorKind>,
    ) -> Result<(), IngestError> {
        let mut current = std::mem::take(&mut self.current);
        current.errors.extend(errors);
        if !current.replaced {
            current.ids = self
                .manifest
                .sources
                .get(&file.relative)
                .map(|entry| entry.documents.clone())
                .unwrap_or_default();
        }
        current.ids.sort();
        current.ids.dedup();
        let errors: Vec<FileError> = current
            .errors
            .into_iter()
            .map(|kind| FileError {
                path: file.path.clone(),
                kind,
            })
            .collect();
        self.pending.push((
            file.relative.clone(),
            SourceEntry {
                hash,
                documents: current.ids,
                status: if errors.is_empty() {
                    SourceStatus::Indexed
                } else {
                    SourceStatus::Failed
                },
                errors: errors.iter().map(|error| error.kind.to_string()).collect(),
            },
        ));
        self.report.documents += current.documents;
        self.uncommitted += current.documents;
        let mut reported = current.sidecar;
        reported.extend(errors);
        self.progress
            .file_done(file, bytes, self.report.documents, &reported);
        self.report.files += 1;
        self.report.bytes += bytes;
        self.report.errors.extend(reported);
        if self.uncommitted >= self.commit_every {
            self.writer.commit()?;
            commit_manifest(self.index, &mut self.manifest, &mut self.pending)?;
            self.uncommitted = 0;
        }
        Ok(())
    }
}

/// Records the entries of committed files in the manifest and saves it.
fn commit_manifest(
    index: &GongbaoIndex,
    manifest: &mut Manifest,
    pending: &mut Vec<(String, SourceEntry)>,
) -> Result<(), IngestError> {
    for (relative, entry) in pending.drain(..) {
        manifest.record(relative, entry);
    }
    manifest.save(index.path())
}
