//! Writing documents into the index in committed batches, with a report of what happened.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use gongbao_core::{Document, GongbaoIndex, Validity};
use serde::Serialize;
use tantivy::IndexWriter;

use crate::error::{FileError, FileErrorKind, IngestError};
use crate::json::{apply_metadata, parse_json_lines};
use crate::manifest::{content_hash, Manifest, SourceEntry, SourceStatus};
use crate::pdf::{read_pdf, Extractor, InProcess};
use crate::sidecar::Sidecars;
use crate::source::{SourceFile, SourceKind};
use crate::text::parse_text_document;

/// How an ingest writes.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Memory budget of the index writer, in bytes, shared by its threads.
    pub writer_memory: usize,
    /// Indexing threads; 0 uses one per core.
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
        }
    }
}

/// Told about each file as an ingest goes, to draw a progress bar.
pub trait Progress {
    /// One file was read and its documents queued for indexing (or it was skipped unchanged).
    fn file_done(&self, file: &SourceFile, bytes: u64, documents: usize, errors: &[FileError]);

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
    fn count(&mut self, document: &Document) {
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
}

/// Reads `files`, indexes their documents into `index` and commits. Documents replace earlier
/// ones with the same id, and documents of a re-read source file that it no longer holds are
/// removed. Commits happen every [`IngestOptions::commit_every`] documents and at the end, so
/// readers only ever see whole batches; after each commit the index's [`Manifest`] is replaced
/// with one naming the files committed, so an interrupted ingest resumes where it stopped when
/// [`IngestOptions::skip_unchanged`] is set.
pub fn ingest(
    index: &GongbaoIndex,
    files: &[SourceFile],
    options: &IngestOptions,
    progress: &dyn Progress,
) -> Result<IngestReport, IngestError> {
    let started = Instant::now();
    let mut writer: IndexWriter = if options.threads == 0 {
        index.index.writer(options.writer_memory)?
    } else {
        index
            .index
            .writer_with_num_threads(options.threads, options.writer_memory)?
    };
    let fields = index.fields;
    let mut manifest = Manifest::load(index.path())?;
    let mut pending: Vec<(String, SourceEntry)> = Vec::new();
    let mut sidecars = Sidecars::default();
    let mut report = IngestReport::default();
    let mut uncommitted = 0;
    for file in files {
        // A broken sidecar line is reported with the first file under it; its other lines apply.
        let mut reported = sidecars.load_for(&file.path, &file.root);
        let overrides = sidecars.fields_for(&file.path).cloned();
        let content = std::fs::read(&file.path);
        let hash = content
            .as_ref()
            .map(|bytes| content_hash(bytes, overrides.as_ref()))
            .unwrap_or_default();
        if options.skip_unchanged && manifest.is_unchanged(&file.relative, &hash) {
            let bytes = content.as_ref().map_or(0, |bytes| bytes.len() as u64);
            progress.file_done(file, bytes, report.documents, &reported);
            report.errors.extend(reported);
            report.skipped += 1;
            continue;
        }
        let (documents, kinds, bytes) = match content {
            Ok(content) => read_source(file, content, options.pdf.as_ref()),
            Err(error) => (Vec::new(), vec![FileErrorKind::from(error)], 0),
        };
        let errors: Vec<FileError> = kinds
            .into_iter()
            .map(|kind| FileError {
                path: file.path.clone(),
                kind,
            })
            .collect();
        let mut ids: Vec<String> = if documents.is_empty() {
            manifest
                .sources
                .get(&file.relative)
                .map(|entry| entry.documents.clone())
                .unwrap_or_default()
        } else {
            writer.delete_term(fields.source_term(&file.relative));
            Vec::new()
        };
        for mut document in documents {
            if let Some(overrides) = &overrides {
                apply_metadata(&mut document, overrides.clone());
            }
            report.fields.count(&document);
            writer.delete_term(fields.id_term(&document.id));
            writer.add_document(fields.to_tantivy(&document)?)?;
            ids.push(document.id);
            report.documents += 1;
            uncommitted += 1;
        }
        ids.sort();
        ids.dedup();
        pending.push((
            file.relative.clone(),
            SourceEntry {
                hash,
                documents: ids,
                status: if errors.is_empty() {
                    SourceStatus::Indexed
                } else {
                    SourceStatus::Failed
                },
                errors: errors.iter().map(|error| error.kind.to_string()).collect(),
            },
        ));
        reported.extend(errors);
        progress.file_done(file, bytes, report.documents, &reported);
        report.files += 1;
        report.bytes += bytes;
        report.errors.extend(reported);
        if uncommitted >= options.commit_every {
            writer.commit()?;
            commit_manifest(index, &mut manifest, &mut pending)?;
            uncommitted = 0;
        }
    }
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
                writer.delete_term(fields.source_term(&relative));
                for id in &entry.documents {
                    writer.delete_term(fields.id_term(id));
                }
            }
            report.pruned.push(relative);
        }
    }
    writer.commit()?;
    commit_manifest(index, &mut manifest, &mut pending)?;
    merge_segments(&mut writer)?;
    writer.wait_merging_threads()?;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Merges the committed segments into one, as Lucene's `forceMerge(1)`: a search then looks
/// each term up in one dictionary and opens one posting list instead of one per segment. The
/// merge publishes itself; readers keep the old segments until they reload.
fn merge_segments(writer: &mut IndexWriter) -> Result<(), IngestError> {
    let segments = writer.index().searchable_segment_ids()?;
    if segments.len() > 1 {
        writer.merge(&segments).wait()?;
    }
    Ok(())
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

/// The documents of one file, the problems found in it and its size.
fn read_source(
    file: &SourceFile,
    bytes: Vec<u8>,
    pdf: &dyn Extractor,
) -> (Vec<Document>, Vec<FileErrorKind>, u64) {
    let size = bytes.len() as u64;
    let text = match file.kind {
        SourceKind::Pdf => {
            let (documents, errors) = read_pdf(&file.relative, &file.path, &bytes, pdf);
            return (documents, errors, size);
        }
        SourceKind::Text | SourceKind::JsonLines => {
            String::from_utf8(bytes).map_err(|_| FileErrorKind::Encoding)
        }
    };
    let text = match text {
        Ok(text) => text,
        Err(kind) => return (Vec::new(), vec![kind], size),
    };
    match file.kind {
        SourceKind::JsonLines => {
            let (documents, errors) = parse_json_lines(&file.relative, &text);
            (documents, errors, size)
        }
        SourceKind::Text | SourceKind::Pdf => {
            if !text.chars().any(char::is_alphanumeric) {
                return (Vec::new(), vec![FileErrorKind::Empty], size);
            }
            let document = parse_text_document(&file.relative, &file.relative, &text);
            (vec![document], Vec::new(), size)
        }
    }
}
