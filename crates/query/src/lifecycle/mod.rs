//! The lifecycle of a document on a given day: whether it is in force, since when, why and
//! because of which document; its versions; and every relation that acts on it or that it acts
//! on. Everything is resolved when asked, from the relations each document's text stated at
//! ingest, so a repealing document changes its target's status the moment it is committed,
//! whichever of the two arrived first.
//!
//! The status comes, in this order, from: what a clerk or the document itself states (its
//! metadata, a correction, an explicit 已废止 marker), then the relations (repealed by a
//! document in force, superseded by a newer version, amended by a later decision), then its
//! own dates (past its last day, before its first), and is 现行有效 when the document is dated
//! or normative (`gongbao_core::lifecycle::is_normative`) and nothing acts on it, 未知 otherwise.

mod cache;
mod columns;
mod decide;
mod lookup;
mod table;

use decide::{acts, decide, issued, takes_effect, Cause, Dated, Facts};
use gongbao_core::lifecycle::{is_normative, stated_since, VALIDITY_BY};
use gongbao_core::{Document, GongbaoIndex, RelationKind, Validity};
use serde::Serialize;
use tantivy::Searcher;
use time::{Date, OffsetDateTime, UtcOffset};

pub(crate) use cache::StatusCache;
pub(crate) use columns::LifecycleColumns;
use lookup::Lookup;
pub use lookup::{MAX_ACTING, MAX_NAMED};
pub use table::RelationCounts;
pub(crate) use table::{relation_counts, StatusQuery, StatusTable};

use crate::error::Result;
use crate::response::DocumentRef;

/// Today in China (UTC+8): the day a status is computed for unless another is asked.
pub fn today() -> Date {
    let offset = UtcOffset::from_hms(8, 0, 0).expect("UTC+8 is a valid offset");
    OffsetDateTime::now_utc().to_offset(offset).date()
}

/// Whether a document is in force on a day, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    /// The status.
    pub validity: Validity,
    /// The day it took this status, when known.
    pub since: Option<Date>,
    /// Why, in a sentence a citizen reads.
    pub reason: String,
    /// The document that caused it, when one did.
    pub by: Option<DocumentRef>,
}

/// A version of a document, as listed in its chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Version {
    /// Document id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Published date, else written date.
    pub published: Option<Date>,
    /// In-force date.
    pub effective: Option<Date>,
    /// Its status on the day asked.
    pub validity: Validity,
}

/// One end of a relation: the document (id null when it is not in the index) and the sentence
/// that states the relation (null for versions and citations, which no one sentence states).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    /// Document id, when the document is in the index.
    pub id: Option<String>,
    /// Title, as the index holds it or as the sentence names it.
    pub title: Option<String>,
    /// 发文字号.
    pub doc_number: Option<String>,
    /// The sentence that states the relation.
    pub sentence: Option<String>,
}

impl Related {
    fn of(document: &Document, sentence: Option<String>) -> Related {
        Related {
            id: Some(document.id.clone()),
            title: Some(document.title.clone()),
            doc_number: document.doc_number.clone(),
            sentence,
        }
    }
}

/// Every relation of a document, by direction.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Relations {
    /// Documents this one repeals.
    pub repeals: Vec<Related>,
    /// Documents that repeal this one.
    pub repealed_by: Vec<Related>,
    /// Documents this one amends.
    pub amends: Vec<Related>,
    /// Documents that amend this one.
    pub amended_by: Vec<Related>,
    /// The older version this one replaces.
    pub supersedes: Vec<Related>,
    /// The newer version that replaces this one.
    pub superseded_by: Vec<Related>,
    /// Documents this one interprets.
    pub interprets: Vec<Related>,
    /// Interpretations (解读) of this one.
    pub interpreted_by: Vec<Related>,
    /// Documents this one cites.
    pub cites: Vec<Related>,
    /// Documents that cite this one.
    pub cited_by: Vec<Related>,
}

/// A document's lifecycle on one day.
#[derive(Debug, Clone, Serialize)]
pub struct Lifecycle {
    /// The day the status is computed for.
    pub as_of: Date,
    /// The status on that day.
    #[serde(rename = "lifecycle")]
    pub status: Status,
    /// Its versions, oldest first, itself included; undated versions last.
    pub versions: Vec<Version>,
    /// Its relations.
    pub relations: Relations,
}

/// What acts on a document, found once and used for the status of each of its versions.
struct Context {
    /// Its versions, oldest first (undated last).
    versions: Vec<Document>,
    /// The dates and chain of each version, in the same order.
    version_dates: Vec<Dated>,
    /// Documents whose relations name it, each with those relations.
    acting: Vec<(Document, Vec<gongbao_core::Relation>)>,
    /// The dates and chain of each acting document, in the same order.
    acting_dates: Vec<Dated>,
}

impl Context {
    fn find(lookup: &Lookup<'_>, document: &Document) -> Result<Context> {
        let mut versions = lookup.versions(document)?;
        versions.sort_by_key(|version| {
            (
                issued(version).is_none(),
                issued(version),
                version.id.clone(),
            )
        });
        let acting = lookup.acting_on(document)?;
        // A chain is a hash of the normalised title: computed once per document here, not at
        // every comparison.
        Ok(Context {
            version_dates: versions.iter().map(Dated::of).collect(),
            versions,
            acting_dates: acting.iter().map(|(actor, _)| Dated::of(actor)).collect(),
            acting,
        })
    }

    /// The dates and chain of `document`: its version's when it is one of them.
    fn dated(&self, document: &Document) -> Dated {
        match self
            .versions
            .iter()
            .position(|version| version.id == document.id)
        {
            Some(at) => self.version_dates[at],
            None => Dated::of(document),
        }
    }

    /// The versions other than `document` that are dated, with their issue day and dates.
    fn other_dated_versions(
        &self,
        document: &Document,
    ) -> impl Iterator<Item = (Date, &Document, &Dated)> + '_ {
        let own = self
            .versions
            .iter()
            .position(|version| version.id == document.id);
        self.versions
            .iter()
            .zip(&self.version_dates)
            .enumerate()
            .filter(move |(at, _)| Some(*at) != own)
            .filter_map(|(_, (version, dated))| {
                issued(version).map(|issued| (issued, version, dated))
            })
    }

    /// The newer version that replaces `document` by `as_of`: the next dated one.
    fn successor(&self, document: &Document, as_of: Date) -> Option<&Document> {
        let this = self.dated(document);
        self.other_dated_versions(document)
            .filter(|(issued, _, dated)| *issued <= as_of && dated.replaces(&this))
            .min_by_key(|(issued, _, _)| *issued)
            .map(|(_, version, _)| version)
    }

    /// The previous version `document` replaces.
    fn predecessor(&self, document: &Document) -> Option<&Document> {
        let this = self.dated(document);
        self.other_dated_versions(document)
            .filter(|(_, _, dated)| this.replaces(dated))
            .max_by_key(|(issued, _, _)| *issued)
            .map(|(_, version, _)| version)
    }

    /// The documents acting on `document` by `kind` on `as_of`, by [`decide::acts`].
    fn acting<'c>(
        &'c self,
        document: &'c Document,
        kind: RelationKind,
        as_of: Date,
    ) -> impl Iterator<Item = (&'c Document, &'c gongbao_core::Relation)> + 'c {
        let target = self.dated(document);
        let actors = self.acting.iter().zip(&self.acting_dates);
        actors.flat_map(move |((actor, relations), dated)| {
            let acting = actor.id != document.id && acts(kind, dated, &target, as_of);
            relations
                .iter()
                .filter(move |relation| acting && relation.kind == kind)
                .map(move |relation| (actor, relation))
        })
    }

    /// The status of `document` (one of the versions) on `as_of`, by [`decide::decide`].
    fn status(&self, document: &Document, as_of: Date) -> Status {
        // The earliest acting document of each kind, as the status table takes it.
        let repeal = self
            .acting(document, RelationKind::Repeals, as_of)
            .min_by_key(|(actor, _)| takes_effect(actor));
        let newer = self.successor(document, as_of);
        let amendment = self
            .acting(document, RelationKind::Amends, as_of)
            .min_by_key(|(actor, _)| takes_effect(actor));
        let extra = |key| document.extra.get(key).and_then(|value| value.as_str());
        let facts = Facts {
            stated: document.validity,
            stated_since: stated_since(document),
            start: takes_effect(document),
            expires: document.expires,
            presumed: issued(document).is_some() || is_normative(document),
            repealed: repeal.map(|(actor, _)| takes_effect(actor)),
            superseded: newer.map(takes_effect),
            amended: amendment.map(|(actor, _)| takes_effect(actor)),
        };
        let (validity, since, cause) = decide(&facts, as_of);
        let (reason, by) = match cause {
            Cause::Stated => (
                match extra(VALIDITY_BY) {
                    Some(by) => format!("文件或其元数据标明，依据：{by}"),
                    None => "文件或其元数据标明".to_owned(),
                },
                None,
            ),
            Cause::NotYetInForce => (format!("自{}起施行", date_or_blank(facts.start)), None),
            Cause::Repealed => match repeal {
                Some((actor, relation)) => (
                    format!("由《{}》废止：{}", actor.title, relation.sentence),
                    Some(DocumentRef::of(actor)),
                ),
                None => (String::new(), None),
            },
            Cause::Superseded => (
                format!("已由{}的新版本取代", date_or_blank(newer.and_then(issued))),
                newer.map(DocumentRef::of),
            ),
            Cause::Amended => match amendment {
                Some((actor, relation)) => (
                    format!("由《{}》修改：{}", actor.title, relation.sentence),
                    Some(DocumentRef::of(actor)),
                ),
                None => (String::new(), None),
            },
            Cause::Expired => (format!("有效期至{}", date_or_blank(document.expires)), None),
            Cause::Presumed => ("未发现废止、修改或期满的依据".to_owned(), None),
            Cause::Unknown => (
                "文件未注明日期，也未发现废止、修改或期满的依据".to_owned(),
                None,
            ),
        };
        Status {
            validity,
            since,
            reason,
            by,
        }
    }
}

fn chinese_date(date: Date) -> String {
    format!(
        "{}年{}月{}日",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

fn date_or_blank(date: Option<Date>) -> String {
    date.map(chinese_date).unwrap_or_default()
}

/// Statuses on one day through one searcher: what a page of hits shows.
pub(crate) struct Statuses<'a> {
    lookup: Lookup<'a>,
    as_of: Date,
}

impl<'a> Statuses<'a> {
    pub(crate) fn new(
        index: &'a GongbaoIndex,
        searcher: &'a Searcher,
        as_of: Date,
    ) -> Statuses<'a> {
        Statuses {
            lookup: Lookup::new(index, searcher),
            as_of,
        }
    }

    /// The status of `document` and its place among its versions.
    pub(crate) fn of(&self, document: &Document) -> Result<(Status, Place)> {
        let context = Context::find(&self.lookup, document)?;
        let status = context.status(document, self.as_of);
        // Copies of one date (a notice reposted) are not versions of each other: the newest
        // is another only when it is later, or when this one was not issued yet.
        let newest = context
            .versions
            .iter()
            .rfind(|version| issued(version).is_some_and(|day| day <= self.as_of))
            .filter(|newest| match (issued(newest), issued(document)) {
                (Some(newest), Some(own)) => newest > own || own > self.as_of,
                _ => false,
            });
        let place = Place {
            other_versions: context.versions.len() - 1,
            newest: newest.map(DocumentRef::of),
        };
        Ok((status, place))
    }
}

/// A document's place among its versions, as a hit shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Place {
    /// How many other versions the index holds.
    pub(crate) other_versions: usize,
    /// The newest version on the day asked, when it is another.
    pub(crate) newest: Option<DocumentRef>,
}

/// The whole lifecycle of `document` on `as_of`; `cites` and `cited_by` are the citations
/// already found for it.
pub(crate) fn lifecycle(
    index: &GongbaoIndex,
    searcher: &Searcher,
    document: &Document,
    as_of: Date,
    cites: &[DocumentRef],
    cited_by: &[DocumentRef],
) -> Result<Lifecycle> {
    let lookup = Lookup::new(index, searcher);
    let context = Context::find(&lookup, document)?;
    let status = context.status(document, as_of);
    let versions = context
        .versions
        .iter()
        .map(|version| Version {
            id: version.id.clone(),
            title: version.title.clone(),
            published: issued(version),
            effective: version.dates.effective,
            validity: context.status(version, as_of).validity,
        })
        .collect();
    let mut relations = Relations::default();
    for relation in &document.relations {
        let target = lookup.named(relation)?;
        let resolved = target_version(&target, document);
        let related = match resolved {
            Some(target) => Related::of(target, Some(relation.sentence.clone())),
            None => Related {
                id: None,
                title: relation.title.clone(),
                doc_number: relation.doc_number.clone(),
                sentence: Some(relation.sentence.clone()),
            },
        };
        match relation.kind {
            RelationKind::Repeals => relations.repeals.push(related),
            RelationKind::Amends => relations.amends.push(related),
            RelationKind::Interprets => relations.interprets.push(related),
        }
    }
    for (actor, acts) in &context.acting {
        for relation in acts {
            let related = Related::of(actor, Some(relation.sentence.clone()));
            match relation.kind {
                RelationKind::Repeals => relations.repealed_by.push(related),
                RelationKind::Amends => relations.amended_by.push(related),
                RelationKind::Interprets => relations.interpreted_by.push(related),
            }
        }
    }
    relations.supersedes = context
        .predecessor(document)
        .map(|older| Related::of(older, None))
        .into_iter()
        .collect();
    relations.superseded_by = context
        .successor(document, Date::MAX)
        .map(|newer| Related::of(newer, None))
        .into_iter()
        .collect();
    let reference = |reference: &DocumentRef| Related {
        id: Some(reference.id.clone()),
        title: Some(reference.title.clone()),
        doc_number: reference.doc_number.clone(),
        sentence: None,
    };
    relations.cites = cites.iter().map(reference).collect();
    relations.cited_by = cited_by.iter().map(reference).collect();
    Ok(Lifecycle {
        as_of,
        status,
        versions,
        relations,
    })
}

/// Of the documents a relation names, the one it meant: the newest issued no later than the
/// acting document (a repeal reaches the version in force when it was written); an undated
/// one when none is dated; none when every one is newer than the acting document (the version
/// it meant is not in the index).
fn target_version<'t>(targets: &'t [Document], actor: &Document) -> Option<&'t Document> {
    let acts = issued(actor);
    let mut candidates: Vec<&Document> = targets
        .iter()
        .filter(|target| target.id != actor.id)
        .collect();
    candidates.sort_by_key(|target| issued(target));
    let dated_before = candidates
        .iter()
        .rev()
        .find(|target| match (issued(target), acts) {
            (Some(date), Some(acts)) => date <= acts,
            _ => false,
        });
    dated_before
        .or_else(|| {
            candidates
                .iter()
                .find(|target| issued(target).is_none() || acts.is_none())
        })
        .copied()
}
