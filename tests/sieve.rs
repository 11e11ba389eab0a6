//! The bigram sieve on real text: scanning only the stretches of a body that may hold a query's
//! bigrams finds every one of them, at the offsets a scan of the whole body gives.

mod util;

use std::path::Path;

use gongbao_core::analyzer::{GramSieve, GramTokenizer};
use gongbao_core::{Analyzer, UserDictionary};

/// Bodies of the shared notices, and of every fortieth shared law.
fn bodies(shared: &Path) -> Vec<String> {
    let notices = util::json_lines(&shared.join("corpus/notices/notices.jsonl"));
    let laws = util::json_lines(&shared.join("corpus/laws/metadata.jsonl"));
    let notices = notices
        .iter()
        .map(|notice| notice["text"].as_str().unwrap().to_owned());
    let laws = laws.iter().step_by(40).map(|law| {
        let path = shared
            .join("corpus/laws")
            .join(law["path"].as_str().unwrap());
        std::fs::read_to_string(path).unwrap()
    });
    notices.chain(laws).collect()
}

/// The bigram tokens of some public questions, each question a set.
fn questions(shared: &Path, analyzer: &Analyzer) -> Vec<Vec<String>> {
    let mut questions = Vec::new();
    for set in ["stard-public.jsonl", "notices-public.jsonl"] {
        for query in util::json_lines(&shared.join("eval").join(set))
            .iter()
            .step_by(80)
        {
            let grams = analyzer.grams(query["query"].as_str().unwrap());
            questions.push(grams.into_iter().map(|token| token.text).collect());
        }
    }
    questions
}

#[test]
fn the_sieve_finds_every_query_bigram_of_real_bodies() {
    let Some(shared) = util::shared_dir() else {
        return;
    };
    let analyzer = Analyzer::new(UserDictionary::built_in());
    let bodies = bodies(&shared);
    let questions = questions(&shared, &analyzer);
    assert!(bodies.len() > 650 && questions.len() > 15);
    let (mut found, mut visited, mut all) = (0, 0, 0);
    for grams in &questions {
        let sieve = GramSieve::new(grams.iter().map(String::as_str));
        for body in &bodies {
            let mut expected = Vec::new();
            GramTokenizer.for_each(body, |from, to, gram| {
                all += 1;
                if grams.iter().any(|wanted| wanted == gram) {
                    expected.push((from, to, gram.to_owned()));
                }
            });
            let mut got = Vec::new();
            GramTokenizer.for_each_sieved(body, &sieve, |from, to, gram| {
                visited += 1;
                if grams.iter().any(|wanted| wanted == gram) {
                    got.push((from, to, gram.to_owned()));
                }
            });
            assert_eq!(got, expected, "{grams:?}");
            found += expected.len();
        }
    }
    assert!(found > 10_000, "{found}");
    // The point of it: most of the text is never tokenized.
    assert!(visited * 3 < all, "{visited} of {all}");
}
