//! Clerks' corrections of what was derived: a document's validity (from when, by which
//! document) and the relations it states. Each is appended to a journal at the index root
//! ([`CORRECTIONS_FILE`], one JSON object a line, fsynced), written at once into the live
//! generation in place of the stored document, and applied again to the document whenever a
//! later ingest or reindex reads it, so that a correction survives both.

use std::collections::HashMap;
use std::fs::OpenOptions;
use std::io::Write;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use gongbao_core::date::format_date;
use gongbao_core::{Document, Generations, GongbaoIndex, Relation, RelationKind, Validity};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::Date;

use crate::error::{IngestError, RelationsError};
use crate::json::CLERK_SENTENCE;
use crate::reindex::stored;

pub use gongbao_core::lifecycle::{VALIDITY_BY, VALIDITY_FROM};

/// The journal of corrections, in the index root (shared by its generations).
pub const CORRECTIONS_FILE: &str = "corrections.jsonl";
/// Memory of the one-document writer, in bytes.
const WRITER_MEMORY: usize = 15 << 20;

/// One correction of one document, as the journal holds it: what it sets, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Correction {
    /// The document corrected.
    pub id: String,
    /// When the correction was made, in seconds since 1970 (UTC).
    pub at: u64,
    /// The validity it states, when it corrects that.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity: Option<ValidityCorrection>,
    /// The relations the document states, in place of those read from its text, when it
    /// corrects those (an empty list: the text states none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relations: Option<Vec<Relation>>,
}

/// A stated validity: since when it applies and which document decided it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValidityCorrection {
    /// The status.
    pub validity: Validity,
    /// The day it applies from (before it, the status is derived as if none were stated).
    #[serde(default, with = "iso_date")]
    pub from: Option<Date>,
    /// The document that decided it, as the clerk names it.
    #[serde(default)]
    pub by: Option<String>,
}

impl ValidityCorrection {
    /// `validity` as a clerk states it, from `from`, decided by `by` (a blank name counts as
    /// none).
    pub fn stated(
        validity: Validity,
        from: Option<Date>,
        by: Option<String>,
    ) -> ValidityCorrection {
        ValidityCorrection {
            validity,
            from,
            by: stated_text(by),
        }
    }
}

/// A text a clerk states, trimmed; blank counts as absent.
fn stated_text(value: Option<String>) -> Option<String> {
    value
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

impl Correction {
    /// A correction of `id` made now.
    pub fn now(id: &str) -> Correction {
        let at = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs());
        Correction {
            id: id.to_owned(),
            at,
            validity: None,
            relations: None,
        }
    }

    /// Sets what this correction states on `document`.
    pub fn apply(&self, document: &mut Document) {
        if let Some(stated) = &self.validity {
            document.validity = stated.validity;
            for (key, value) in [
                (VALIDITY_FROM, stated.from.map(format_date)),
                (VALIDITY_BY, stated.by.clone()),
            ] {
                match value {
                    Some(value) => document.extra.insert(key.to_owned(), Value::String(value)),
                    None => document.extra.remove(key),
                };
            }
        }
        if let Some(relations) = &self.relations {
            document.relations = relations.clone();
        }
    }

    /// This correction followed by a later one of the same document: what the later one sets
    /// replaces what this one set.
    fn then(mut self, later: Correction) -> Correction {
        self.at = later.at;
        if later.validity.is_some() {
            self.validity = later.validity;
        }
        if later.relations.is_some() {
            self.relations = later.relations;
        }
        self
    }
}

/// One relation as a clerk states it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatedRelation {
    kind: String,
    title: Option<String>,
    doc_number: Option<String>,
    sentence: Option<String>,
}

/// The relations a clerk states for a document (`[{"kind": "repeals", "title": "…",
/// "doc_number": "…", "sentence": "…"}]`, kind repeals / amends / interprets or 废止 / 修改 /
/// 解读, a title or a number at least; blank texts count as absent), for a [`Correction`].
pub fn stated_relations(list: &Value) -> Result<Vec<Relation>, RelationsError> {
    let items = Vec::<StatedRelation>::deserialize(list)?;
    items
        .into_iter()
        .enumerate()
        .map(|(at, item)| {
            let kind =
                RelationKind::parse(&item.kind).ok_or_else(|| RelationsError::UnknownKind {
                    at,
                    kind: item.kind.clone(),
                })?;
            let (title, doc_number) = (stated_text(item.title), stated_text(item.doc_number));
            if title.is_none() && doc_number.is_none() {
                return Err(RelationsError::NamesNothing { at });
            }
            Ok(Relation {
                kind,
                title,
                doc_number,
                sentence: stated_text(item.sentence).unwrap_or_else(|| CLERK_SENTENCE.to_owned()),
            })
        })
        .collect()
}

/// Every document's corrections, merged in the order they were made.
#[derive(Debug, Clone, Default)]
pub struct Corrections {
    by_id: HashMap<String, Correction>,
}

impl Corrections {
    /// The journal of the index root `root` (none yet: no corrections). A line that cannot be
    /// read is an error naming it: a clerk's correction is never dropped silently.
    pub fn load(root: &Path) -> Result<Corrections, IngestError> {
        let path = root.join(CORRECTIONS_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(source) => return Err(IngestError::CorrectionsRead { path, source }),
        };
        let mut corrections = Corrections::default();
        for (at, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let correction: Correction =
                serde_json::from_str(line).map_err(|source| IngestError::CorrectionsFormat {
                    path: path.clone(),
                    line: at + 1,
                    source,
                })?;
            corrections.add(correction);
        }
        Ok(corrections)
    }

    fn add(&mut self, correction: Correction) {
        let merged = match self.by_id.remove(&correction.id) {
            Some(earlier) => earlier.then(correction),
            None => correction,
        };
        self.by_id.insert(merged.id.clone(), merged);
    }

    /// Appends `correction` to the journal of `root` and makes it durable.
    pub fn record(root: &Path, correction: &Correction) -> Result<(), IngestError> {
        let path = root.join(CORRECTIONS_FILE);
        let failed = |source| IngestError::CorrectionsRead {
            path: path.clone(),
            source,
        };
        let mut line =
            serde_json::to_string(correction).map_err(|source| IngestError::CorrectionsFormat {
                path: path.clone(),
                line: 0,
                source,
            })?;
        line.push('\n');
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(failed)?;
        file.write_all(line.as_bytes()).map_err(failed)?;
        file.sync_all().map_err(failed)
    }

    /// The corrections of `id`, merged.
    pub fn get(&self, id: &str) -> Option<&Correction> {
        self.by_id.get(id)
    }

    /// Every corrected document's corrections, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &Correction> {
        self.by_id.values()
    }

    /// How many documents have corrections.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Whether no document has corrections.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Applies the corrections of `document`, if any; returns whether it had some.
    pub fn apply(&self, document: &mut Document) -> bool {
        match self.by_id.get(&document.id) {
            Some(correction) => {
                correction.apply(document);
                true
            }
            None => false,
        }
    }
}

/// Records `correction` in the journal of `root` and writes it into `index` (the live
/// generation of `root`) in place of the stored document, and commits, holding the root's
/// writer lock (`gongbao_core::Error::Locked` while an ingest or a reindex runs). Returns the corrected
/// document, or `None` when the index has no document of that id (then nothing is recorded).
pub fn correct(
    index: &GongbaoIndex,
    root: &Path,
    correction: &Correction,
) -> Result<Option<Document>, IngestError> {
    // A reindex running meanwhile has read the journal already: hold the root as it does.
    let _lock = Generations::lock_if_root(root)?;
    let searcher = index.index.reader()?.searcher();
    let Some(mut document) = stored(index, &searcher, &correction.id)? else {
        return Ok(None);
    };
    Corrections::record(root, correction)?;
    correction.apply(&mut document);
    let mut writer = index
        .index
        .writer_with_num_threads::<tantivy::TantivyDocument>(1, WRITER_MEMORY)?;
    writer.delete_term(index.fields.id_term(&correction.id));
    writer.add_document(index.fields.to_tantivy(&document)?)?;
    writer.commit()?;
    Ok(Some(document))
}

/// `2024-03-01` in the journal.
mod iso_date {
    use gongbao_core::date::{format_date, parse_iso_date};
    use serde::{de::Error, Deserialize, Deserializer, Serializer};
    use time::Date;

    pub(super) fn serialize<S: Serializer>(date: &Option<Date>, to: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(date) => to.serialize_str(&format_date(*date)),
            None => to.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        from: D,
    ) -> Result<Option<Date>, D::Error> {
        match Option::<String>::deserialize(from)? {
            Some(text) => parse_iso_date(&text)
                .map(Some)
                .ok_or_else(|| D::Error::custom(format!("not a date: {text:?}"))),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests;
