//! Ingests all of ../shared/corpus (laws and notices) and checks what the index holds.

mod util;

use std::collections::HashMap;
use std::sync::OnceLock;

use gongbao_core::date::format_date;
use gongbao_core::{DocNumber, Document, GongbaoIndex, StoredDocuments, UserDictionary, Validity};
use gongbao_ingest::{discover, ingest, IngestOptions, IngestReport};
use gongbao_query::{Engine, SearchRequest, RESCORE_WINDOW};
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::DocAddress;

struct Fixture {
    _dir: tempfile::TempDir,
    index: GongbaoIndex,
    report: IngestReport,
}

/// The shared corpus indexed once for every test of this file.
fn fixture() -> Option<&'static Fixture> {
    static FIXTURE: OnceLock<Option<Fixture>> = OnceLock::new();
    FIXTURE
        .get_or_init(|| {
            let shared = util::shared_dir()?;
            let dir = tempfile::tempdir().unwrap();
            let index = GongbaoIndex::create(dir.path(), UserDictionary::built_in()).unwrap();
            let roots = [shared.join("corpus/laws"), shared.join("corpus/notices")];
            let files = discover(&roots).unwrap();
            let report = ingest(&index, &files, &IngestOptions::default(), &()).unwrap();
            Some(Fixture {
                _dir: dir,
                index,
                report,
            })
        })
        .as_ref()
}

/// The ids of a search's hits, in order.
fn hit_ids(engine: &Engine, request: &SearchRequest) -> Vec<String> {
    engine
        .search(request)
        .unwrap()
        .hits
        .into_iter()
        .map(|hit| hit.id)
        .collect()
}

/// The ids a judged question's line gives as relevant.
fn relevant_ids(judged: &serde_json::Value) -> Vec<&str> {
    judged["relevant"]
        .as_array()
        .unwrap()
        .iter()
        .map(|id| id.as_str().unwrap())
        .collect()
}

fn stored(index: &GongbaoIndex, id: &str) -> Option<Document> {
    let searcher = index.index.reader().unwrap().searcher();
    let query = TermQuery::new(index.fields.id_term(id), IndexRecordOption::Basic);
    let hits = searcher
        .search(&query, &TopDocs::with_limit(2).order_by_score())
        .unwrap();
    assert!(hits.len() <= 1, "{id} is indexed {} times", hits.len());
    let (_, address) = hits.first()?;
    let stored = StoredDocuments::new(&searcher, &index.fields);
    Some(stored.document(*address).unwrap())
}

#[test]
fn every_document_is_indexed_without_failures() {
    let Some(fixture) = fixture() else { return };
    assert!(
        fixture.report.errors.is_empty(),
        "{:?}",
        fixture.report.errors
    );
    assert_eq!(fixture.report.documents, 4074);
    let searcher = fixture.index.index.reader().unwrap().searcher();
    assert_eq!(searcher.num_docs(), 4074);
}

#[test]
fn every_law_has_the_validity_and_publish_date_of_its_metadata_line() {
    let Some(fixture) = fixture() else { return };
    let shared = util::shared_dir().unwrap();
    let mut checked = 0;
    for entry in util::json_lines(&shared.join("corpus/laws/metadata.jsonl")) {
        let path = entry["path"].as_str().unwrap();
        let document = stored(&fixture.index, path).unwrap_or_else(|| panic!("{path} missing"));
        let expected_validity = if entry["expired"].as_bool().unwrap() {
            Validity::Expired
        } else {
            Validity::InForce
        };
        assert_eq!(document.validity, expected_validity, "{path}");
        assert_eq!(
            document.dates.published.map(format_date).as_deref(),
            entry["publish"].as_str(),
            "{path}"
        );
        checked += 1;
    }
    assert_eq!(checked, 3475);
}

#[test]
fn notices_keep_their_ids_and_get_titles() {
    let Some(fixture) = fixture() else { return };
    let shared = util::shared_dir().unwrap();
    let mut titles: HashMap<String, usize> = HashMap::new();
    for entry in util::json_lines(&shared.join("corpus/notices/notices.jsonl")) {
        let id = entry["id"].as_str().unwrap();
        let document = stored(&fixture.index, id).unwrap_or_else(|| panic!("{id} missing"));
        assert_eq!(document.body, entry["text"].as_str().unwrap().trim());
        assert!(!document.title.is_empty(), "{id}");
        assert!(
            document.title.chars().count() <= 120,
            "{id}: {}",
            document.title
        );
        *titles.entry(document.title).or_default() += 1;
    }
    assert_eq!(titles.values().sum::<usize>(), 599);
}

#[test]
fn reingesting_a_file_replaces_its_documents() {
    let Some(shared) = util::shared_dir() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let index = GongbaoIndex::create(dir.path(), UserDictionary::built_in()).unwrap();
    let files = discover(&[shared.join("corpus/notices")]).unwrap();
    for _ in 0..2 {
        let report = ingest(&index, &files, &IngestOptions::default(), &()).unwrap();
        assert_eq!(report.documents, 599);
    }
    let searcher = index.index.reader().unwrap().searcher();
    assert_eq!(searcher.num_docs(), 599);
}

/// Every `step`-th document whose title no other document shares, up to `count`.
fn sample_unique_titles(documents: &[Document], count: usize) -> Vec<&Document> {
    let mut title_counts: HashMap<&str, usize> = HashMap::new();
    for document in documents {
        *title_counts.entry(document.title.as_str()).or_default() += 1;
    }
    let unique: Vec<&Document> = documents
        .iter()
        .filter(|document| title_counts[document.title.as_str()] == 1)
        .collect();
    let step = (unique.len() / count).max(1);
    unique.into_iter().step_by(step).take(count).collect()
}

fn all_documents(index: &GongbaoIndex) -> Vec<Document> {
    let searcher = index.index.reader().unwrap().searcher();
    let stored = StoredDocuments::new(&searcher, &index.fields);
    let mut documents = Vec::new();
    for (ordinal, segment) in searcher.segment_readers().iter().enumerate() {
        for doc_id in 0..segment.max_doc() {
            if segment.is_deleted(doc_id) {
                continue;
            }
            let address = DocAddress::new(ordinal as u32, doc_id);
            documents.push(stored.document(address).unwrap());
        }
    }
    documents.sort_by(|a, b| a.id.cmp(&b.id));
    documents
}

#[test]
fn titles_searched_as_queries_find_their_own_document_first() {
    let Some(fixture) = fixture() else { return };
    let engine = Engine::new(fixture.index.clone()).unwrap();
    let documents = all_documents(&fixture.index);
    let (notices, laws): (Vec<Document>, Vec<Document>) = documents
        .into_iter()
        .partition(|document| document.source.path.ends_with(".jsonl"));
    let mut misses = Vec::new();
    for (kind, sample) in [
        ("law", sample_unique_titles(&laws, 50)),
        ("notice", sample_unique_titles(&notices, 50)),
    ] {
        assert_eq!(sample.len(), 50, "{kind}");
        for document in sample {
            let mut request = SearchRequest::new(document.title.clone());
            request.page_size = 1;
            request.facets = false;
            let response = engine.search(&request).unwrap();
            let first = response.hits.first().map(|hit| hit.id.as_str());
            if first != Some(document.id.as_str()) {
                misses.push(format!("{kind} {} → {first:?}", document.title));
            }
        }
    }
    assert!(
        misses.is_empty(),
        "{} misses:\n{}",
        misses.len(),
        misses.join("\n")
    );
}

#[test]
fn a_document_number_in_any_bracket_form_finds_its_document_first() {
    let Some(fixture) = fixture() else { return };
    let engine = Engine::new(fixture.index.clone()).unwrap();
    let documents = all_documents(&fixture.index);
    let numbered: Vec<(&Document, DocNumber)> = documents
        .iter()
        .filter_map(|document| {
            let number = DocNumber::parse(document.doc_number.as_deref()?)?;
            number.year.is_some().then_some((document, number))
        })
        .collect();
    assert!(
        numbered.len() >= 20,
        "only {} numbered documents",
        numbered.len()
    );
    for (document, number) in numbered.iter().step_by(numbered.len() / 20).take(20) {
        let year = number.year.unwrap();
        for form in [
            format!("{}〔{year}〕{}号", number.code, number.serial),
            format!("{}[{year}]{}号", number.code, number.serial),
            format!("{}【{year}】{}号", number.code, number.serial),
            format!("{}（{year}）{}号", number.code, number.serial),
            format!("{}({year}){}号", number.code, number.serial),
            format!("{}{year}年{}号", number.code, number.serial),
        ] {
            let response = engine.search(&SearchRequest::new(form.clone())).unwrap();
            let first = response.hits.first().expect("a hit");
            // Several documents may carry one number (a notice and its reprint): the first hit
            // must carry it.
            let first_number = first.doc_number.as_deref().and_then(DocNumber::parse);
            assert_eq!(
                first_number.map(|found| found.key()),
                Some(number.key()),
                "{form} for {}",
                document.id
            );
        }
    }
}

#[test]
fn pages_concatenate_across_the_rescore_window() {
    let Some(fixture) = fixture() else { return };
    let engine = Engine::new(fixture.index.clone()).unwrap();
    // A question matching thousands of documents, with verbatim runs and near parts to rescore.
    let query = "个体工商户的债务如何承担？";
    let page = |page: usize, page_size: usize| {
        let mut request = SearchRequest::new(query);
        (request.page, request.page_size, request.facets) = (page, page_size, false);
        let response = engine.search(&request).unwrap();
        assert!(response.total > 1000, "{}", response.total);
        response
            .hits
            .into_iter()
            .map(|hit| hit.id)
            .collect::<Vec<String>>()
    };
    let whole: Vec<String> = [page(1, 100), page(2, 100)].concat();
    assert!(RESCORE_WINDOW < whole.len());
    // Pages of 8: one of them holds the window's last hits and the first below it.
    assert_ne!(RESCORE_WINDOW % 8, 0);
    let paged: Vec<String> = (1..=25).flat_map(|number| page(number, 8)).collect();
    assert_eq!(paged, whole);
    let mut distinct = whole.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), whole.len());
}

/// Our set of questions that name a law by its title, short name or abbreviation
/// (`benches/eval/named-laws.jsonl`): the law named must be in the top 10 (Recall@10 ≥ 0.95)
/// and first nearly always (MRR@10 ≥ 0.8).
#[test]
fn a_law_named_in_a_question_is_found_first() {
    let Some(fixture) = fixture() else { return };
    let engine = Engine::new(fixture.index.clone()).unwrap();
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../benches/eval/named-laws.jsonl"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let (mut recall, mut reciprocal, mut count) = (0.0, 0.0, 0.0);
    let mut misses = Vec::new();
    for line in text.lines() {
        let judged: serde_json::Value = serde_json::from_str(line).unwrap();
        let query = judged["query"].as_str().unwrap();
        let relevant = relevant_ids(&judged);
        let mut request = SearchRequest::new(query);
        request.page_size = 10;
        request.facets = false;
        let ids = hit_ids(&engine, &request);
        let found = relevant
            .iter()
            .filter(|id| ids.iter().any(|hit| hit == *id))
            .count();
        recall += found as f64 / relevant.len() as f64;
        let first = ids.iter().position(|id| relevant.contains(&id.as_str()));
        reciprocal += first.map_or(0.0, |rank| 1.0 / (rank + 1) as f64);
        if first != Some(0) {
            misses.push(format!("{query} → {:?}", ids.first()));
        }
        count += 1.0;
    }
    assert!(count >= 50.0, "{count} questions");
    let (recall, mrr) = (recall / count, reciprocal / count);
    assert!(
        recall >= 0.95 && mrr >= 0.8,
        "Recall@10 {recall:.3}, MRR@10 {mrr:.3}; not first:\n{}",
        misses.join("\n")
    );
}

/// Article search over the public STARD questions labelled at the article
/// (`stard-articles-public.jsonl`): nDCG@10 stays above the peer's 0.341 over the same article
/// units (`benches/vs-lucene`), with a margin (0.372 measured when this was written, 0.404 since
/// local regulations answer after national law; below 0.39 without that).
#[test]
fn article_search_answers_the_public_questions_better_than_the_peer() {
    let Some(fixture) = fixture() else { return };
    let shared = util::shared_dir().unwrap();
    let engine = Engine::new(fixture.index.clone()).unwrap();
    let (mut total, mut questions) = (0.0, 0);
    for line in util::json_lines(&shared.join("eval/stard-articles-public.jsonl")) {
        let mut request = SearchRequest::new(line["query"].as_str().unwrap());
        request.unit = gongbao_query::Unit::Article;
        (request.page_size, request.snippets, request.highlight) = (10, false, false);
        let ranked = hit_ids(&engine, &request);
        let relevant = relevant_ids(&line);
        let gain = |rank: usize| 1.0 / (rank as f64 + 2.0).log2();
        let dcg: f64 = ranked
            .iter()
            .enumerate()
            .filter(|(_, id)| relevant.contains(&id.as_str()))
            .map(|(rank, _)| gain(rank))
            .sum();
        let ideal: f64 = (0..relevant.len().min(10)).map(gain).sum();
        if ideal > 0.0 {
            total += dcg / ideal;
        }
        questions += 1;
    }
    let ndcg = total / f64::from(questions);
    assert!(questions > 700, "{questions}");
    assert!(ndcg > 0.39, "article nDCG@10 {ndcg:.4}");
}
