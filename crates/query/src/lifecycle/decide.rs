//! The one decision of a document's status on a day, from its facts, and the one rule of when
//! a document acts on another: what a document's page (from stored documents) and the validity
//! facet and filter (from columns) both compute statuses with.

use gongbao_core::lifecycle::version_key;
use gongbao_core::{Document, RelationKind, Validity};
use time::Date;

/// What decides a status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Facts {
    /// What the source, a clerk or an explicit marker states (未知 when nothing is stated).
    pub(crate) stated: Validity,
    /// The day a clerk's stated status applies from.
    pub(crate) stated_since: Option<Date>,
    /// The first day in force: in force, else issued.
    pub(crate) start: Option<Date>,
    /// The last day in force its text gives.
    pub(crate) expires: Option<Date>,
    /// Dated, or its title names a law: in force unless something says otherwise.
    pub(crate) presumed: bool,
    /// Repealed by a document in effect, from the day given (if known).
    pub(crate) repealed: Option<Option<Date>>,
    /// Replaced by a newer version, from the day given.
    pub(crate) superseded: Option<Option<Date>>,
    /// Amended by a later decision in effect, from the day given.
    pub(crate) amended: Option<Option<Date>>,
}

/// Why a status was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cause {
    Stated,
    NotYetInForce,
    Repealed,
    Superseded,
    Amended,
    Expired,
    Presumed,
    Unknown,
}

/// The status on `as_of`, since when, and why: stated first (from the day it applies), then not
/// yet in force, then the earliest end (repeal, supersession, else amendment, expiry), then in
/// force by presumption, else unknown.
pub(crate) fn decide(facts: &Facts, as_of: Date) -> (Validity, Option<Date>, Cause) {
    let stated_applies =
        facts.stated != Validity::Unknown && facts.stated_since.is_none_or(|since| since <= as_of);
    if stated_applies {
        return (facts.stated, facts.stated_since, Cause::Stated);
    }
    if facts.start.is_some_and(|start| start > as_of) {
        return (Validity::NotYetInForce, None, Cause::NotYetInForce);
    }
    let mut ends: Vec<(Option<Date>, Validity, Cause)> = Vec::new();
    if let Some(since) = facts.repealed {
        ends.push((since, Validity::Repealed, Cause::Repealed));
    }
    if let Some(since) = facts.superseded {
        ends.push((since, Validity::Amended, Cause::Superseded));
    } else if let Some(since) = facts.amended {
        ends.push((since, Validity::Amended, Cause::Amended));
    }
    if let Some(last) = facts.expires.filter(|last| *last < as_of) {
        ends.push((last.next_day(), Validity::Expired, Cause::Expired));
    }
    if let Some((since, validity, cause)) = ends.into_iter().min_by_key(|end| end.0) {
        return (validity, since, cause);
    }
    if facts.presumed {
        (Validity::InForce, facts.start, Cause::Presumed)
    } else {
        (Validity::Unknown, None, Cause::Unknown)
    }
}

/// What the rule of acting reads of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dated {
    /// Published, else written, else in force.
    pub(crate) issued: Option<Date>,
    /// In force, else issued.
    pub(crate) takes_effect: Option<Date>,
    /// The stated status.
    pub(crate) stated: Validity,
    /// Its chain of versions.
    pub(crate) chain: u64,
}

impl Dated {
    pub(crate) fn of(document: &Document) -> Dated {
        let issued = document
            .dates
            .published
            .or(document.dates.written)
            .or(document.dates.effective);
        Dated {
            issued,
            takes_effect: document.dates.effective.or(issued),
            stated: document.validity,
            chain: version_key(document),
        }
    }
}

/// Whether `actor`'s relation of `kind` to `target` acts on it on `as_of`: the actor is issued
/// no earlier than the target (a repeal by title reaches the versions issued before it; an
/// amendment must be later than the version, which otherwise already holds it, and both
/// dated), in effect by then and not itself stated out of force; a newer version repealing its
/// own title by name is left to the chain of versions.
pub(crate) fn acts(kind: RelationKind, actor: &Dated, target: &Dated, as_of: Date) -> bool {
    let in_time = match (target.issued, actor.issued) {
        (Some(date), Some(acts)) if kind == RelationKind::Amends => acts > date,
        (Some(date), Some(acts)) => acts >= date,
        _ => kind != RelationKind::Amends,
    };
    let own_chain = kind == RelationKind::Repeals && actor.chain == target.chain;
    in_time
        && !own_chain
        && actor.takes_effect.is_none_or(|day| day <= as_of)
        && !matches!(actor.stated, Validity::Repealed | Validity::Expired)
}
