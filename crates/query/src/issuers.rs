//! Issuing bodies read through the authority file ([`Authority`]), at query time: no reindex.
//!
//! The file is `<index root>/authority.tsv` when there is one, else the one compiled into
//! gongbao; an engine looks at the file's modification time at most every
//! [`crate::FOLLOW_INTERVAL`] and reloads it when it changed. A filter on an issuer finds every
//! issuer term of the index that names the same body ([`IssuerNames`], computed once per searcher
//! generation and file); facets merge them under the body's current name (`crate::facet`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use gongbao_core::authority::{Authority, NameKind};
use gongbao_core::lines::LineProblem;
use gongbao_core::schema::names;
use tantivy::Searcher;

use crate::columns::column_table;
use crate::error::Result;
use crate::facet::FacetValue;
use crate::watched::{ClerkFile, Watched};

/// The name of the authority file in an index root.
pub const AUTHORITY_FILE: &str = "authority.tsv";

/// The authority file of an index root, read again when it changes.
pub(crate) type AuthoritySource = Watched<Authority>;

impl ClerkFile for Authority {
    const FILE: &'static str = AUTHORITY_FILE;
    const WHAT: &'static str = "authority file";

    fn built_in() -> Arc<Authority> {
        Arc::new(Authority::built_in())
    }

    fn parse(text: &str, file: &str) -> Authority {
        Authority::parse(text, file)
    }

    fn problems(&self) -> &[LineProblem] {
        Authority::problems(self)
    }
}

/// The issuer terms of one searcher by the body they name.
pub(crate) struct IssuerNames {
    /// Searcher generation and authority fingerprint the names were read for.
    key: (u64, u64),
    /// A body's current name (with its place) → the index's issuer terms naming it.
    terms_of: HashMap<String, Vec<String>>,
}

impl IssuerNames {
    fn read(searcher: &Searcher, authority: &Authority, key: (u64, u64)) -> Result<IssuerNames> {
        let mut terms_of: HashMap<String, Vec<String>> = HashMap::new();
        for segment in searcher.segment_readers() {
            for term in &column_table(segment, names::ISSUER)?.terms {
                if let Some(resolved) = authority.resolve(term) {
                    let terms = terms_of.entry(resolved.name).or_default();
                    if !terms.contains(term) {
                        terms.push(term.clone());
                    }
                }
            }
        }
        Ok(IssuerNames { key, terms_of })
    }

    /// The issuer terms a filter on `issuer` stands for: `issuer` and every term of the index
    /// naming the same body, under any of its names.
    pub(crate) fn terms_for(&self, authority: &Authority, issuer: &str) -> Vec<String> {
        let issuer = issuer.trim();
        let mut terms = vec![issuer.to_owned()];
        let body = authority
            .resolve(issuer)
            .map_or_else(|| issuer.to_owned(), |resolved| resolved.name);
        for term in self.terms_of.get(&body).into_iter().flatten() {
            if !terms.contains(term) {
                terms.push(term.clone());
            }
        }
        terms
    }
}

/// The [`IssuerNames`] of the latest searcher and authority asked for.
#[derive(Default)]
pub(crate) struct IssuerCache {
    latest: Mutex<Option<Arc<IssuerNames>>>,
}

impl IssuerCache {
    /// The names for `searcher` and `authority`, read when either changed.
    pub(crate) fn get(
        &self,
        searcher: &Searcher,
        authority: &Authority,
    ) -> Result<Arc<IssuerNames>> {
        let key = (
            searcher.generation().generation_id(),
            authority.fingerprint(),
        );
        let mut latest = self
            .latest
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        if let Some(names) = latest.as_ref().filter(|names| names.key == key) {
            return Ok(Arc::clone(names));
        }
        let names = Arc::new(IssuerNames::read(searcher, authority, key)?);
        *latest = Some(Arc::clone(&names));
        Ok(names)
    }
}

/// One segment's issuer terms grouped by body, for the facet slots: no text is looked at per
/// document, only per term.
pub(crate) struct MergedIssuers {
    /// The values counted, in value order: each body's current name (with its place), or the
    /// term itself when the file does not know it.
    pub bodies: Vec<String>,
    /// The value each term ordinal counts in.
    pub body_of: Vec<Option<usize>>,
    /// The terms that are another name of their body (a former name, an alias).
    pub others: Vec<String>,
    /// Each term ordinal's place in `others`, if it is one.
    pub other_of: Vec<Option<usize>>,
}

impl MergedIssuers {
    /// The grouping of a segment's issuer `terms` (by ordinal).
    pub(crate) fn of(terms: &[String], authority: &Authority) -> MergedIssuers {
        let bodies_of: Vec<Option<String>> = terms
            .iter()
            .map(|term| {
                authority
                    .resolve(term)
                    .map(|resolved| resolved.name)
                    .filter(|name| name != term)
            })
            .collect();
        let mut bodies: Vec<String> = terms
            .iter()
            .zip(&bodies_of)
            .map(|(term, body)| body.clone().unwrap_or_else(|| term.clone()))
            .collect();
        bodies.sort_unstable();
        bodies.dedup();
        let mut merged = MergedIssuers {
            body_of: Vec::with_capacity(terms.len()),
            others: Vec::new(),
            other_of: Vec::with_capacity(terms.len()),
            bodies: Vec::new(),
        };
        for (term, body) in terms.iter().zip(&bodies_of) {
            let value = body.as_ref().unwrap_or(term);
            merged.body_of.push(bodies.binary_search(value).ok());
            merged.other_of.push(body.as_ref().map(|_| {
                merged.others.push(term.clone());
                merged.others.len() - 1
            }));
        }
        merged.bodies = bodies;
        merged
    }
}

/// Lists each of `others` (issuers some hit was issued under that the facet counts under their
/// body's current name) with the value it was counted in, as a former name or an alias.
pub(crate) fn list_other_names(
    issuers: &mut [FacetValue],
    others: &[Arc<str>],
    authority: &Authority,
) {
    let at: HashMap<&str, usize> = issuers
        .iter()
        .enumerate()
        .map(|(at, value)| (&*value.value, at))
        .collect();
    let mut listed: Vec<(usize, NameKind, Arc<str>)> = others
        .iter()
        .filter_map(|other| {
            let resolved = authority.resolve(other)?;
            Some((
                *at.get(resolved.name.as_str())?,
                resolved.kind,
                Arc::clone(other),
            ))
        })
        .collect();
    listed.sort();
    for (at, kind, name) in listed {
        match kind {
            NameKind::Former => issuers[at].former_names.push(name),
            NameKind::Alias | NameKind::Current => issuers[at].aliases.push(name),
        }
    }
}
