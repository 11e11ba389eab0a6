//! The weights of ranking, in one place, with an override for relevance experiments.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use tantivy::fieldnorm::FieldNormReader;

use crate::article::{
    ARTICLE_B, ARTICLE_DOCUMENT, ARTICLE_DOCUMENTS, ARTICLE_HEADING, ARTICLE_JOIN, ARTICLE_K1,
    ARTICLE_LENGTH, ARTICLE_LOCAL_IDF, ARTICLE_NEIGHBOUR, ARTICLE_PASSAGE_BOOST, ARTICLE_RUN_BOOST,
};
use crate::build::{
    GRAM_WEIGHT, LENGTH_BOOST, LENGTH_PIVOT, OUT_OF_FORCE, PASSAGE_BOOST, PASSAGE_WIDTH,
    PROXIMITY_BOOST, PROXIMITY_SLOP, RESCORE_WINDOW, RUN_BOOST, SYNONYM_WEIGHT, TITLE_BOOST,
    TITLE_EXACT_BOOST,
};
use crate::force::LOCAL_FORCE;

/// Environment variable holding a JSON object of [`Ranking`] fields that replace the defaults,
/// for operators measuring a change with `gongbao eval` before making it the default.
pub const RANKING_ENV: &str = "GONGBAO_RANKING";

/// Weights of the scored text query. The defaults are the constants of this crate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Ranking {
    /// Weight of jieba word clauses.
    pub word_weight: f32,
    /// See [`TITLE_BOOST`].
    pub title_boost: f32,
    /// See [`GRAM_WEIGHT`].
    pub gram_weight: f32,
    /// See [`RUN_BOOST`].
    pub run_boost: f32,
    /// See [`TITLE_EXACT_BOOST`].
    pub title_exact_boost: f32,
    /// See [`PROXIMITY_BOOST`].
    pub proximity_boost: f32,
    /// See [`PROXIMITY_SLOP`].
    pub proximity_slop: u32,
    /// See [`LENGTH_BOOST`].
    pub length_boost: f32,
    /// See [`LENGTH_PIVOT`].
    pub length_pivot: u32,
    /// See [`RESCORE_WINDOW`].
    pub rescore_window: usize,
    /// See [`PASSAGE_BOOST`].
    pub passage_boost: f32,
    /// See [`PASSAGE_WIDTH`].
    pub passage_width: u32,
    /// See [`ARTICLE_DOCUMENTS`].
    pub article_documents: usize,
    /// See [`ARTICLE_DOCUMENT`].
    pub article_document: f32,
    /// See [`ARTICLE_NEIGHBOUR`].
    pub article_neighbour: f32,
    /// See [`ARTICLE_HEADING`].
    pub article_heading: f32,
    /// See [`ARTICLE_K1`].
    pub article_k1: f32,
    /// See [`ARTICLE_B`].
    pub article_b: f32,
    /// See [`ARTICLE_LENGTH`].
    pub article_length: f32,
    /// See [`ARTICLE_RUN_BOOST`].
    pub article_run_boost: f32,
    /// See [`ARTICLE_PASSAGE_BOOST`].
    pub article_passage_boost: f32,
    /// See [`ARTICLE_LOCAL_IDF`].
    pub article_local_idf: f32,
    /// See [`ARTICLE_JOIN`].
    pub article_join: f32,
    /// See [`OUT_OF_FORCE`].
    pub out_of_force: f32,
    /// See [`LOCAL_FORCE`].
    pub local_force: f32,
    /// See [`SYNONYM_WEIGHT`].
    pub synonym_weight: f32,
    /// Whether the laws a query names are ranked first ([`crate::laws`]).
    pub named_laws_first: bool,
}

impl Default for Ranking {
    fn default() -> Ranking {
        Ranking {
            word_weight: 1.0,
            title_boost: TITLE_BOOST,
            gram_weight: GRAM_WEIGHT,
            run_boost: RUN_BOOST,
            title_exact_boost: TITLE_EXACT_BOOST,
            proximity_boost: PROXIMITY_BOOST,
            proximity_slop: PROXIMITY_SLOP,
            length_boost: LENGTH_BOOST,
            length_pivot: LENGTH_PIVOT,
            rescore_window: RESCORE_WINDOW,
            passage_boost: PASSAGE_BOOST,
            passage_width: PASSAGE_WIDTH,
            article_documents: ARTICLE_DOCUMENTS,
            article_document: ARTICLE_DOCUMENT,
            article_neighbour: ARTICLE_NEIGHBOUR,
            article_heading: ARTICLE_HEADING,
            article_k1: ARTICLE_K1,
            article_b: ARTICLE_B,
            article_length: ARTICLE_LENGTH,
            article_run_boost: ARTICLE_RUN_BOOST,
            article_passage_boost: ARTICLE_PASSAGE_BOOST,
            article_local_idf: ARTICLE_LOCAL_IDF,
            article_join: ARTICLE_JOIN,
            out_of_force: OUT_OF_FORCE,
            local_force: LOCAL_FORCE,
            synonym_weight: SYNONYM_WEIGHT,
            named_laws_first: true,
        }
    }
}

impl Ranking {
    /// The weights in force: the defaults, with the fields of [`RANKING_ENV`] replacing them.
    /// A malformed override is reported once on stderr and ignored.
    pub fn current() -> Ranking {
        static CURRENT: OnceLock<Ranking> = OnceLock::new();
        *CURRENT.get_or_init(|| match std::env::var(RANKING_ENV) {
            Ok(json) => serde_json::from_str(&json).unwrap_or_else(|error| {
                eprintln!("warning: ignoring {RANKING_ENV}: {error}");
                Ranking::default()
            }),
            Err(_) => Ranking::default(),
        })
    }

    /// What a body of `length` bigram positions multiplies its score by: 1 up to the pivot,
    /// then growing with the logarithm of how many pivots long it is.
    pub fn length_factor(&self, length: u32) -> f32 {
        if length <= self.length_pivot {
            return 1.0;
        }
        let pivots = length as f32 / self.length_pivot.max(1) as f32;
        1.0 + self.length_boost * pivots.ln()
    }

    /// [`Ranking::length_factor`] of each fieldnorm id's length: one look-up per hit instead of
    /// a logarithm.
    pub fn length_factors(&self) -> [f32; 256] {
        std::array::from_fn(|id| self.length_factor(FieldNormReader::id_to_fieldnorm(id as u8)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_override_replaces_only_the_fields_it_names() {
        let ranking: Ranking = serde_json::from_str(r#"{"title_boost": 1.0}"#).unwrap();
        assert_eq!(ranking.title_boost, 1.0);
        assert_eq!(ranking.gram_weight, GRAM_WEIGHT);
        assert!(serde_json::from_str::<Ranking>(r#"{"title_bost": 1.0}"#).is_err());
    }

    #[test]
    fn only_bodies_longer_than_the_pivot_are_raised_and_by_the_logarithm() {
        let ranking = Ranking::default();
        let pivot = ranking.length_pivot;
        assert_eq!(ranking.length_factor(0), 1.0);
        assert_eq!(ranking.length_factor(pivot), 1.0);
        let twice = ranking.length_factor(2 * pivot);
        assert!((twice - (1.0 + ranking.length_boost * 2f32.ln())).abs() < 1e-6);
        assert!(ranking.length_factor(8 * pivot) > twice);
        let factors = ranking.length_factors();
        for id in [0u8, 40, 120, 200, 255] {
            let length = FieldNormReader::id_to_fieldnorm(id);
            assert_eq!(
                factors[id as usize],
                ranking.length_factor(length),
                "{length}"
            );
        }
    }
}
