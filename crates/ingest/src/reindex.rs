//! Rebuilding an index as a new generation beside the live one, checking it, and only then
//! making it live.

use std::collections::BTreeSet;
use std::path::Path;

use gongbao_core::{
    Document, GenerationId, Generations, GongbaoIndex, StoredDocuments, UserDictionary,
};
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Searcher};

use crate::error::{IngestError, TitleSearchError};
use crate::indexer::{ingest, IngestOptions, IngestReport, Progress};
use crate::manifest::Manifest;
use crate::source::SourceFile;

/// Documents whose titles a check searches for, at most.
pub const TITLE_SAMPLES: usize = 20;

/// Finds a document by its title, the way searchers would: the last check of a new generation.
/// The query crate implements it over its engine; ingest does not depend on query.
pub trait TitleSearch {
    /// Whether searching `title` in `index` finds the document `id` (or one with that title).
    fn finds(&self, index: &GongbaoIndex, id: &str, title: &str) -> Result<bool, TitleSearchError>;
}

/// What a reindex did.
#[derive(Debug, Clone)]
pub struct ReindexReport {
    /// The generation built and made live.
    pub generation: GenerationId,
    /// The generation live before, kept for rollback.
    pub previous: Option<GenerationId>,
    /// The ingest into the new generation.
    pub ingest: IngestReport,
    /// Documents in the new generation (equal to its manifest).
    pub documents: u64,
    /// Old generations removed.
    pub pruned: Vec<GenerationId>,
    /// How the user dictionary changed since the previous generation, when it did.
    pub dictionary: Option<DictionaryChange>,
}

/// A user dictionary that differs from the one of the generation replaced.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DictionaryChange {
    /// Words added (or whose frequency or tag changed).
    pub added: Vec<String>,
    /// Words removed.
    pub removed: Vec<String>,
    /// Documents whose word tokens differ between the two dictionaries.
    pub changed_documents: Vec<String>,
}

/// Builds a complete new generation of the index at `root` from `files` with `dictionary`,
/// checks it ([`check_generation`]) and makes it live; the generation it replaces is kept for
/// rollback and older ones are removed. Holds the root's writer lock throughout. A crash at any
/// moment leaves the old generation live, or the new one once the pointer was replaced.
pub fn reindex(
    root: &Path,
    files: &[SourceFile],
    dictionary: UserDictionary,
    options: &IngestOptions,
    progress: &dyn Progress,
    titles: &dyn TitleSearch,
) -> Result<ReindexReport, IngestError> {
    let generations = Generations::open(root)?;
    let _lock = generations.try_lock()?;
    let previous = generations.live()?;
    let old_dictionary = previous
        .and_then(|id| GongbaoIndex::open(&generations.path(id)).ok())
        .map(|index| index.analyzer.dictionary().clone());
    let (generation, path) = generations.begin_next()?;
    let report = {
        let index = GongbaoIndex::create(&path, dictionary.clone())?;
        let options = IngestOptions {
            skip_unchanged: false,
            prune: false,
            ..options.clone()
        };
        ingest(&index, files, &options, progress)?
    };
    let documents = check_generation(&path, titles)?;
    let dictionary_change = match old_dictionary {
        Some(old) if old.fingerprint() != dictionary.fingerprint() => {
            Some(dictionary_change(&old, &path)?)
        }
        _ => None,
    };
    progress.switching(generation);
    generations.switch_to(generation)?;
    let pruned = generations.prune(0)?;
    Ok(ReindexReport {
        generation,
        previous,
        ingest: report,
        documents,
        pruned,
        dictionary: dictionary_change,
    })
}

/// Checks the index in `dir` before it may go live: it opens, tantivy's checksums validate, it
/// holds as many documents as its manifest names, and documents sampled from the manifest are
/// found by title. Returns the document count.
pub fn check_generation(dir: &Path, titles: &dyn TitleSearch) -> Result<u64, IngestError> {
    let failed = |reason: String| gongbao_core::Error::Check {
        path: dir.to_owned(),
        reason,
    };
    let index = GongbaoIndex::open(dir)?;
    let corrupted = index.index.validate_checksum()?;
    if !corrupted.is_empty() {
        return Err(failed(format!("checksum mismatch in {corrupted:?}")).into());
    }
    let manifest = Manifest::load(dir)?;
    let searcher = index.index.reader()?.searcher();
    let documents = searcher.num_docs();
    let expected = manifest.document_count() as u64;
    if documents != expected {
        return Err(failed(format!(
            "{documents} documents, the manifest names {expected}"
        ))
        .into());
    }
    let ids: Vec<&str> = manifest.document_ids().into_iter().collect();
    let step = ids.len().div_ceil(TITLE_SAMPLES).max(1);
    for id in ids.iter().step_by(step) {
        let Some(document) = stored(&index, &searcher, id)? else {
            return Err(failed(format!("document {id} of the manifest is missing")).into());
        };
        if document.title.trim().is_empty() {
            continue;
        }
        let found = titles
            .finds(&index, id, &document.title)
            .map_err(|source| IngestError::TitleSearch {
                id: (*id).to_owned(),
                source,
            })?;
        if !found {
            return Err(failed(format!(
                "document {id} is not found by its title {:?}",
                document.title
            ))
            .into());
        }
    }
    Ok(documents)
}

/// The stored document with `id`.
pub(crate) fn stored(
    index: &GongbaoIndex,
    searcher: &Searcher,
    id: &str,
) -> Result<Option<Document>, IngestError> {
    let query = TermQuery::new(index.fields.id_term(id), IndexRecordOption::Basic);
    let hits = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
    match hits.first() {
        Some(&(_, address)) => Ok(Some(load(index, searcher, address)?)),
        None => Ok(None),
    }
}

fn load(
    index: &GongbaoIndex,
    searcher: &Searcher,
    address: DocAddress,
) -> Result<Document, IngestError> {
    Ok(StoredDocuments::new(searcher, &index.fields).document(address)?)
}

/// How the dictionary of the index in `dir` differs from `old`, and which of its documents
/// segment differently because of it.
pub fn dictionary_change(
    old: &UserDictionary,
    dir: &Path,
) -> Result<DictionaryChange, IngestError> {
    let index = GongbaoIndex::open(dir)?;
    let entries = |dictionary: &UserDictionary| -> BTreeSet<(String, String)> {
        dictionary
            .entries()
            .map(|entry| (entry.word.clone(), format!("{entry:?}")))
            .collect()
    };
    let before = entries(old);
    let after = entries(index.analyzer.dictionary());
    let words = |set: &BTreeSet<(String, String)>| -> BTreeSet<String> {
        set.iter().map(|(word, _)| word.clone()).collect()
    };
    let added: BTreeSet<String> = words(&after.difference(&before).cloned().collect());
    let removed: BTreeSet<String> = words(&before.difference(&after).cloned().collect())
        .difference(&added)
        .cloned()
        .collect();
    let touched: Vec<&String> = added.iter().chain(&removed).collect();
    let old_analyzer = gongbao_core::Analyzer::new(old.clone());
    let searcher = index.index.reader()?.searcher();
    let mut changed_documents = Vec::new();
    for (ordinal, segment) in searcher.segment_readers().iter().enumerate() {
        for doc_id in segment.doc_ids_alive() {
            let document = load(&index, &searcher, DocAddress::new(ordinal as u32, doc_id))?;
            let differs = [&document.title, &document.body].into_iter().any(|text| {
                touched.iter().any(|word| text.contains(word.as_str()))
                    && token_texts(&old_analyzer, text) != token_texts(&index.analyzer, text)
            });
            if differs {
                changed_documents.push(document.id);
            }
        }
    }
    changed_documents.sort();
    Ok(DictionaryChange {
        added: added.into_iter().collect(),
        removed: removed.into_iter().collect(),
        changed_documents,
    })
}

fn token_texts(analyzer: &gongbao_core::Analyzer, text: &str) -> Vec<String> {
    analyzer
        .words(text)
        .into_iter()
        .map(|token| token.text)
        .collect()
}
