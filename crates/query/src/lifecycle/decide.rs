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
    /// Dated, or normative (a law's title, a legal force): in force unless something says
    /// otherwise.
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
    /// Its chain of versions.
    pub(crate) chain: u64,
}

impl Dated {
    pub(crate) fn of(document: &Document) -> Dated {
        Dated {
            issued: issued(document),
            takes_effect: takes_effect(document),
            chain: version_key(document),
        }
    }
}

impl Dated {
    /// Whether this version, of the same chain, replaces `older`: issued later and in force
    /// later. Two copies of one version (one file dated by its publication, the other by its
    /// adoption, both in force the same day) replace neither.
    pub(crate) fn replaces(&self, older: &Dated) -> bool {
        matches!((self.issued, older.issued), (Some(newer), Some(older)) if newer > older)
            && self.takes_effect > older.takes_effect
    }
}

/// The day a document starts to count in its chain and acts on others: published, else
/// written, else in force.
pub(crate) fn issued(document: &Document) -> Option<Date> {
    document
        .dates
        .published
        .or(document.dates.written)
        .or(document.dates.effective)
}

/// The day a document's acts take effect: in force, else issued.
pub(crate) fn takes_effect(document: &Document) -> Option<Date> {
    document.dates.effective.or_else(|| issued(document))
}

/// Whether `actor`'s relation of `kind` to `target` acts on it on `as_of`: the actor is issued
/// no earlier than the target (a repeal by title reaches the versions issued before it; an
/// amendment must be later than the version, which otherwise already holds it, and both
/// dated) and in effect by then (a repeal stays done when the repealing document itself ends
/// later); a newer version repealing its own title by name is left to the chain of versions.
pub(crate) fn acts(kind: RelationKind, actor: &Dated, target: &Dated, as_of: Date) -> bool {
    let in_time = match (target.issued, actor.issued) {
        (Some(date), Some(acts)) if kind == RelationKind::Amends => acts > date,
        (Some(date), Some(acts)) => acts >= date,
        _ => kind != RelationKind::Amends,
    };
    let own_chain = kind == RelationKind::Repeals && actor.chain == target.chain;
    in_time && !own_chain && actor.takes_effect.is_none_or(|day| day <= as_of)
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    const DAY: Date = date!(2024 - 06 - 01);

    #[test]
    fn what_is_stated_wins_from_the_day_it_applies() {
        let facts = Facts {
            stated: Validity::Repealed,
            stated_since: Some(date!(2025 - 01 - 01)),
            repealed: None,
            presumed: true,
            start: Some(date!(2020 - 01 - 01)),
            ..Facts::default()
        };
        assert_eq!(
            decide(&facts, DAY),
            (Validity::InForce, facts.start, Cause::Presumed)
        );
        let later = date!(2025 - 02 - 01);
        assert_eq!(decide(&facts, later).0, Validity::Repealed);
    }

    #[test]
    fn the_earliest_end_wins_and_a_newer_version_hides_an_amendment() {
        let facts = Facts {
            start: Some(date!(2015 - 01 - 01)),
            presumed: true,
            repealed: Some(Some(date!(2023 - 06 - 01))),
            superseded: Some(Some(date!(2021 - 01 - 01))),
            amended: Some(Some(date!(2019 - 01 - 01))),
            expires: Some(date!(2022 - 12 - 31)),
            ..Facts::default()
        };
        assert_eq!(
            decide(&facts, DAY),
            (
                Validity::Amended,
                Some(date!(2021 - 01 - 01)),
                Cause::Superseded
            )
        );
        let facts = Facts {
            superseded: None,
            ..facts
        };
        assert_eq!(decide(&facts, DAY).2, Cause::Amended);
        let facts = Facts {
            amended: None,
            ..facts
        };
        assert_eq!(
            decide(&facts, DAY),
            (
                Validity::Expired,
                Some(date!(2023 - 01 - 01)),
                Cause::Expired
            )
        );
    }

    #[test]
    fn before_its_start_nothing_else_counts() {
        let facts = Facts {
            start: Some(date!(2030 - 01 - 01)),
            repealed: Some(None),
            ..Facts::default()
        };
        assert_eq!(decide(&facts, DAY).0, Validity::NotYetInForce);
        assert_eq!(decide(&Facts::default(), DAY).0, Validity::Unknown);
    }

    #[test]
    fn an_amendment_must_be_later_and_a_newer_version_repealing_its_title_is_left_to_the_chain() {
        let dated = |issued: Option<Date>, chain: u64| Dated {
            issued,
            takes_effect: issued,
            chain,
        };
        let target = dated(Some(date!(2020 - 05 - 01)), 1);
        let same_day = dated(Some(date!(2020 - 05 - 01)), 2);
        assert!(acts(RelationKind::Repeals, &same_day, &target, DAY));
        assert!(!acts(RelationKind::Amends, &same_day, &target, DAY));
        assert!(!acts(RelationKind::Amends, &dated(None, 2), &target, DAY));
        let newer_version = dated(Some(date!(2022 - 01 - 01)), 1);
        assert!(!acts(RelationKind::Repeals, &newer_version, &target, DAY));
        let not_yet = dated(Some(date!(2025 - 01 - 01)), 2);
        assert!(!acts(RelationKind::Repeals, &not_yet, &target, DAY));
    }

    #[test]
    fn a_version_replaces_an_older_one_only_when_it_also_takes_effect_later() {
        let version = |issued: Date, takes_effect: Date| Dated {
            issued: Some(issued),
            takes_effect: Some(takes_effect),
            chain: 1,
        };
        // 解释（三）: one copy dated by its adoption (2020-08-31), the other by its publication
        // (2020-09-12), both in force on 2020-09-14.
        let adopted = version(date!(2020 - 08 - 31), date!(2020 - 09 - 14));
        let published = version(date!(2020 - 09 - 12), date!(2020 - 09 - 14));
        assert!(!published.replaces(&adopted));
        assert!(!adopted.replaces(&published));
        let revised = version(date!(2023 - 12 - 29), date!(2024 - 03 - 01));
        assert!(revised.replaces(&published));
        assert!(!published.replaces(&revised));
        let undated = Dated {
            issued: None,
            ..published
        };
        assert!(!revised.replaces(&undated));
    }
}
