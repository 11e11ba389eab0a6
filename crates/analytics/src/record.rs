//! One line of the log: a search or the opening of one of its results. Nothing in a record
//! names the person searching: no address, no cookie, no user agent, no session.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::BuildHasher;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A random id given to one search, so that opening one of its results can be counted against
/// it. It identifies the search, not the person: a new search gets a new id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SearchId(u64);

impl SearchId {
    /// A fresh id: a counter hashed with keys drawn at random once per process, so ids are
    /// unpredictable and do not repeat within a process.
    pub fn random() -> SearchId {
        static KEYS: OnceLock<RandomState> = OnceLock::new();
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let count = COUNTER.fetch_add(1, Ordering::Relaxed);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_nanos());
        SearchId(KEYS.get_or_init(RandomState::new).hash_one((count, nanos)))
    }
}

impl fmt::Display for SearchId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

/// Why a text is not a [`SearchId`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a search id is 16 hexadecimal digits")]
pub struct InvalidSearchId;

impl FromStr for SearchId {
    type Err = InvalidSearchId;

    fn from_str(text: &str) -> Result<SearchId, InvalidSearchId> {
        if text.len() != 16 || !text.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            return Err(InvalidSearchId);
        }
        u64::from_str_radix(text, 16)
            .map(SearchId)
            .map_err(|_| InvalidSearchId)
    }
}

impl Serialize for SearchId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SearchId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<SearchId, D::Error> {
        let text = <&str>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Where a search came from: the citizens' page, which reports opens, or the JSON API, whose
/// clients may or may not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// The search page (`/`).
    Web,
    /// `GET /api/search`.
    Api,
}

/// One search as logged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Search {
    /// When, in seconds since 1970-01-01 UTC.
    pub t: i64,
    /// Its id, which opens of its results carry.
    pub id: SearchId,
    /// The query as typed.
    pub q: String,
    /// The query folded for grouping ([`query_key`]).
    pub key: String,
    /// `document` or `article`.
    pub unit: String,
    /// The filters in force, as name and value.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<(String, String)>,
    /// Hits in the whole result set.
    pub hits: u64,
    /// The page shown, from 1.
    pub page: u64,
    /// Where the search came from.
    pub via: Via,
}

impl Search {
    /// A search made now, with a fresh id and the key of `query`.
    pub fn now(query: &str, via: Via) -> Search {
        Search {
            t: unix_now(),
            id: SearchId::random(),
            q: query.to_owned(),
            key: query_key(query),
            unit: "document".to_owned(),
            filters: Vec::new(),
            hits: 0,
            page: 1,
            via,
        }
    }
}

/// A result of a search opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Open {
    /// When, in seconds since 1970-01-01 UTC.
    pub t: i64,
    /// The search whose result was opened.
    pub id: SearchId,
    /// The document opened.
    pub doc: String,
}

/// One line of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Record {
    /// A search.
    Search(Search),
    /// An opened result.
    Open(Open),
}

impl Record {
    /// When it happened, in seconds since 1970-01-01 UTC.
    pub fn time(&self) -> i64 {
        match self {
            Record::Search(search) => search.t,
            Record::Open(open) => open.t,
        }
    }
}

/// The key queries are grouped by: folded as the index folds text (traditional to simplified
/// characters, full-width to half-width, lower case), with runs of spaces made one.
pub fn query_key(query: &str) -> String {
    let folded = gongbao_core::analyzer::fold(query);
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Seconds since 1970-01-01 UTC.
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_differ() {
        let a = SearchId::random();
        let b = SearchId::random();
        assert_ne!(a, b);
        assert_eq!(a.to_string().parse::<SearchId>(), Ok(a));
        for bad in ["", "123", "zzzzzzzzzzzzzzzz", "00000000000000000"] {
            assert_eq!(bad.parse::<SearchId>(), Err(InvalidSearchId), "{bad}");
        }
    }

    #[test]
    fn keys_fold_like_the_index() {
        assert_eq!(query_key("  義務教育   法 "), "义务教育 法");
        assert_eq!(query_key("ＧＤＰ　增长"), "gdp 增长");
    }

    #[test]
    fn a_search_line_holds_no_more_than_it_says() {
        let mut search = Search::now("社会保险", Via::Web);
        search.t = 1_714_521_600;
        search.id = "00000000000000ff".parse().unwrap();
        let line = serde_json::to_string(&Record::Search(search.clone())).unwrap();
        assert_eq!(
            line,
            r#"{"type":"search","t":1714521600,"id":"00000000000000ff","q":"社会保险","key":"社会保险","unit":"document","hits":0,"page":1,"via":"web"}"#
        );
        assert_eq!(
            serde_json::from_str::<Record>(&line).unwrap(),
            Record::Search(search)
        );
    }
}
