//! What a document's text says about other documents' lives: which it repeals, amends or
//! interprets, each with the sentence that says so. Relations are found at ingest and resolved
//! when a document is read, so the order documents arrive in never matters.

use serde::{Deserialize, Serialize};

use crate::analyzer::title_key;
use crate::DocNumber;

/// Key in [`crate::Document::extra`] of the date a clerk's validity applies from.
pub const VALIDITY_FROM: &str = "validity_from";
/// Key in [`crate::Document::extra`] of the document a clerk names as the cause of the validity
/// (the abolishing one).
pub const VALIDITY_BY: &str = "validity_by";

/// The prefix a law's title may carry or drop without naming another law.
const STATE_PREFIX: &str = "中华人民共和国";

/// How one document acts on another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    /// 废止: the target is abolished by this document.
    Repeals,
    /// 修改: the target is amended by this document.
    Amends,
    /// 解读: this document interprets the target.
    Interprets,
}

impl RelationKind {
    /// Every kind, in the order they are shown.
    pub const ALL: [RelationKind; 3] = [
        RelationKind::Repeals,
        RelationKind::Amends,
        RelationKind::Interprets,
    ];

    /// The name of the relation seen from the acting document: `repeals`.
    pub fn name(self) -> &'static str {
        match self {
            RelationKind::Repeals => "repeals",
            RelationKind::Amends => "amends",
            RelationKind::Interprets => "interprets",
        }
    }

    /// The kind a clerk names: `repeals`, `amends`, `interprets`, or 废止, 修改, 解读.
    pub fn parse(name: &str) -> Option<RelationKind> {
        match name.trim() {
            "repeals" | "废止" => Some(RelationKind::Repeals),
            "amends" | "修改" => Some(RelationKind::Amends),
            "interprets" | "解读" => Some(RelationKind::Interprets),
            _ => None,
        }
    }

    /// The name of the relation seen from its target: `repealed_by`.
    pub fn inverse_name(self) -> &'static str {
        match self {
            RelationKind::Repeals => "repealed_by",
            RelationKind::Amends => "amended_by",
            RelationKind::Interprets => "interpreted_by",
        }
    }
}

/// One relation found in a document's text. The target is named by its title, its document
/// number or both, as the sentence names it; it may or may not be in the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    /// What this document does to the target.
    pub kind: RelationKind,
    /// The target's title as written, without its 《》.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The target's document number as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_number: Option<String>,
    /// The sentence that states the relation.
    pub sentence: String,
}

impl Relation {
    /// The keys this relation's target is indexed under (in the `relation` field, whatever
    /// the kind, so one look-up per key finds every document acting on a document): each of
    /// [`relation_keys`] of its title and its number's key.
    pub fn terms(&self) -> Vec<String> {
        let mut terms = self.title.as_deref().map(relation_keys).unwrap_or_default();
        if let Some(number) = self.doc_number.as_deref().and_then(DocNumber::parse) {
            terms.push(number.key());
        }
        terms
    }
}

/// The keys under which a title is matched by relations, the same for the title a relation
/// names and the title of a document: its [`title_key`] without a leading 中华人民共和国 and
/// without 的 (a decision names 《中华人民共和国商标法》 or 《商标法》 alike; a 解读 writes
/// “工作通知” for “工作的通知”; 〈〉 inside 《》 fold away with the other punctuation), and for a
/// title whose issuer precedes its 关于 the same key from 关于 on (《关于…的通知》 names
/// 某省卫生健康委关于…的通知). Empty for a title of fewer than two characters.
pub fn relation_keys(title: &str) -> Vec<String> {
    let key: String = title_key(title).chars().filter(|c| *c != '的').collect();
    let key = key.strip_prefix(STATE_PREFIX).unwrap_or(&key).to_owned();
    if key.chars().count() < 2 {
        return Vec::new();
    }
    let from_about = key
        .find(ABOUT)
        .filter(|&at| at > 0)
        .map(|at| key[at..].to_owned())
        .filter(|rest| rest.chars().count() >= MIN_ABOUT_KEY_CHARS);
    let mut keys = vec![key];
    keys.extend(from_about);
    keys
}

/// The chain of versions a document may belong to: a hash of its [`title_key`], and of its first
/// issuer unless the title names a law or regulation (whose title names its place, while a
/// collection often leaves the issuer of an old version out). Documents published again under
/// one title share it; a search shows the newest of those it ranks (`gongbao-query`).
pub fn version_key(document: &crate::Document) -> u64 {
    use std::hash::{Hash, Hasher};
    // FNV-1a: stable across processes and Rust versions, unlike the std hasher's seed.
    struct Fnv(u64);
    impl Hasher for Fnv {
        fn finish(&self) -> u64 {
            self.0
        }
        fn write(&mut self, bytes: &[u8]) {
            for byte in bytes {
                self.0 = (self.0 ^ u64::from(*byte)).wrapping_mul(0x100_0000_01b3);
            }
        }
    }
    let mut hasher = Fnv(0xcbf2_9ce4_8422_2325);
    let key = title_key(&document.title);
    key.hash(&mut hasher);
    if !crate::analyzer::is_law_title(&key) {
        document.issuers.first().hash(&mut hasher);
    }
    hasher.finish()
}

/// The day a document's stated validity applies from: a clerk's `validity_from`
/// ([`VALIDITY_FROM`] in [`crate::Document::extra`], `2024-03-01`); before it the status is
/// derived as if none were stated.
pub fn stated_since(document: &crate::Document) -> Option<time::Date> {
    document
        .extra
        .get(VALIDITY_FROM)
        .and_then(|value| value.as_str())
        .and_then(crate::date::parse_iso_date)
}

/// Whether a document is normative, and so in force unless something says otherwise even when
/// it gives no date: its title names a law or regulation, or it has a legal force (效力级别).
/// A case, a Q&A or a news item is neither.
pub fn is_normative(document: &crate::Document) -> bool {
    document.level.is_some() || crate::analyzer::is_law_title(&title_key(&document.title))
}

/// 关于, which starts the subject of a title after its issuer.
const ABOUT: &str = "关于";
/// Shortest key from 关于 on that is matched alone: 关于印发…的通知 names many documents, but
/// never in fewer than eight characters.
const MIN_ABOUT_KEY_CHARS: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_as_relations_name_them_share_a_key_with_the_documents() {
        assert_eq!(
            relation_keys("中华人民共和国 商标法"),
            relation_keys("商标法")
        );
        assert_eq!(
            relation_keys("关于修改〈上海市住宅物业管理规定〉的决定"),
            ["关于修改上海市住宅物业管理规定决定"]
        );
        let policy =
            relation_keys("黑龙江省市场监督管理局关于应对疫情支持服务市场主体发展的具体措施");
        assert_eq!(policy[1], "关于应对疫情支持服务市场主体发展具体措施");
        assert!(relation_keys("关于应对疫情支持服务市场主体发展的具体措施")
            .iter()
            .all(|key| policy.contains(key)));
        assert_eq!(
            relation_keys("关于做好老年人新型冠状病毒感染肺炎疫情防控工作通知"),
            relation_keys("关于做好老年人新型冠状病毒感染肺炎疫情防控工作的通知")
        );
        assert!(relation_keys("法").is_empty());
    }

    #[test]
    fn a_relation_is_indexed_under_its_title_and_its_number() {
        let relation = Relation {
            kind: RelationKind::Repeals,
            title: Some("滨海市出租汽车管理暂行办法".to_owned()),
            doc_number: Some("滨政发〔2010〕5号".to_owned()),
            sentence: "《滨海市出租汽车管理暂行办法》（滨政发〔2010〕5号）同时废止".to_owned(),
        };
        assert_eq!(
            relation.terms(),
            [
                "滨海市出租汽车管理暂行办法".to_owned(),
                DocNumber::parse("滨政发〔2010〕5号").unwrap().key(),
            ]
        );
    }
}
