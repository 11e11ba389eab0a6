use gongbao_core::{Document, GongbaoIndex, UserDictionary};

use crate::engine::Engine;
use crate::request::{SearchRequest, Sort, Unit};

/// Two regulations with articles, and a notice without any.
fn documents() -> Vec<Document> {
    let document = |id: &str, title: &str, body: &str| Document {
        id: id.to_owned(),
        title: title.to_owned(),
        body: body.to_owned(),
        dates: gongbao_core::Dates {
            published: Some(if id == "chengguan.md" {
                time::macros::date!(2023 - 05 - 01)
            } else {
                time::macros::date!(2019 - 06 - 20)
            }),
            ..Default::default()
        },
        ..Document::default()
    };
    vec![
        document(
            "yangquan.md",
            "某市养犬管理条例",
            "第一章 总则\n第一条 为了规范养犬行为，保障公民健康，制定本条例。\n第二条 本条例适用于本市行政区域内的养犬管理。\n第二章 登记\n第三条 养犬人应当为犬只办理养犬登记证。\n第四条 养犬登记证遗失的，养犬人应当及时补办。\n第四条 重复的条号，内容为犬只免疫。",
        ),
        document(
            "chengguan.md",
            "某市城市管理条例",
            "第一条 为了加强城市管理，制定本条例。\n第二条 市容环境卫生由城市管理部门负责。\n第三条 饲养犬只不得影响市容环境卫生。",
        ),
        document(
            "tongzhi.txt",
            "关于做好养犬登记工作的通知",
            "各区县：请做好养犬登记工作，养犬登记证按期发放。",
        ),
    ]
}

fn engine() -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().unwrap();
    let index = GongbaoIndex::create(dir.path(), UserDictionary::built_in()).unwrap();
    index.add_documents(&documents()).unwrap();
    (dir, Engine::new(index).unwrap())
}

fn articles(engine: &Engine, query: &str) -> Vec<String> {
    let mut request = SearchRequest::new(query);
    request.unit = Unit::Article;
    let response = engine.search(&request).unwrap();
    response.hits.into_iter().map(|hit| hit.id).collect()
}

#[test]
fn the_article_holding_the_query_comes_first_with_its_id() {
    let (_dir, engine) = engine();
    let ids = articles(&engine, "养犬登记证遗失");
    assert_eq!(ids[0], "yangquan.md#第四条");
    // The notice has no articles: it is never an article hit.
    assert!(ids.iter().all(|id| id.contains('#')), "{ids:?}");
    // Both articles holding 市容环境卫生 come before the one that does not.
    let mut ids = articles(&engine, "市容环境卫生");
    ids.truncate(2);
    ids.sort();
    assert_eq!(ids, ["chengguan.md#第三条", "chengguan.md#第二条"]);
}

#[test]
fn an_article_hit_carries_its_number_path_and_marked_text() {
    let (_dir, engine) = engine();
    let mut request = SearchRequest::new("养犬登记证");
    request.unit = Unit::Article;
    let response = engine.search(&request).unwrap();
    let hit = &response.hits[0];
    let article = hit.article.as_ref().expect("an article hit");
    assert_eq!(article.document, "yangquan.md");
    assert_eq!(hit.id, format!("yangquan.md#{}", article.number));
    assert_eq!(article.path, ["第二章 登记"]);
    assert!(article.text.text.starts_with(&article.number));
    let marked: Vec<String> = article
        .text
        .highlights
        .iter()
        .map(|&(start, end)| {
            article
                .text
                .text
                .chars()
                .skip(start)
                .take(end - start)
                .collect()
        })
        .collect();
    assert!(
        marked.iter().any(|mark| mark.contains("养犬登记证")),
        "{marked:?}"
    );
    assert!(hit.snippets.is_empty());
    assert_eq!(response.total as usize, {
        let mut all = request.clone();
        all.page_size = 100;
        engine.search(&all).unwrap().hits.len()
    });
}

#[test]
fn a_number_written_twice_is_one_hit() {
    let (_dir, engine) = engine();
    // The first query scores only the second 第四条, the second query both.
    for query in ["犬只", "养犬人 犬只免疫"] {
        let ids = articles(&engine, query);
        let fourth = ids.iter().filter(|id| *id == "yangquan.md#第四条").count();
        assert_eq!(fourth, 1, "{query}: {ids:?}");
    }
}

#[test]
fn document_search_is_unchanged_and_passages_name_their_article() {
    let (_dir, engine) = engine();
    let response = engine
        .search(&SearchRequest::new("养犬登记证遗失"))
        .unwrap();
    let hit = &response.hits[0];
    assert_eq!(hit.id, "yangquan.md");
    assert!(hit.article.is_none());
    assert_eq!(hit.snippets[0].article.as_deref(), Some("第四条"));
}

#[test]
fn a_date_sort_orders_articles_by_their_documents_dates() {
    let (_dir, engine) = engine();
    let mut request = SearchRequest::new("犬只");
    request.unit = Unit::Article;
    let relevant = engine.search(&request).unwrap();
    let documents = |response: &crate::SearchResponse| -> Vec<String> {
        response
            .hits
            .iter()
            .map(|hit| hit.article.as_ref().unwrap().document.clone())
            .collect()
    };
    for (sort, first) in [
        (Sort::DateDesc, "chengguan.md"),
        (Sort::DateAsc, "yangquan.md"),
    ] {
        request.sort = sort;
        let sorted = engine.search(&request).unwrap();
        assert_eq!(sorted.total, relevant.total);
        let ids = documents(&sorted);
        assert_eq!(ids[0], first, "{sort:?}: {ids:?}");
        // One document's articles stand together.
        let changes = ids.windows(2).filter(|pair| pair[0] != pair[1]).count();
        assert_eq!(changes, 1, "{ids:?}");
    }
}

#[test]
fn the_best_articles_of_a_page_come_in_the_order_a_full_sort_gives() {
    use super::{best_articles, best_first, RankedArticle};
    use tantivy::DocAddress;

    // Scores with ties, so that the document's rank and the article's place break them.
    let articles: Vec<RankedArticle> = (0..200u32)
        .map(|n| RankedArticle {
            address: DocAddress::new(0, n % 7),
            ordinal: (n / 7) as usize,
            score: ((n * 37) % 23) as f32,
            rank: (n % 7) as usize,
        })
        .collect();
    let mut sorted = articles.clone();
    sorted.sort_by(best_first);
    for needed in [0, 1, 10, 30, 199, 200, 500] {
        let mut page = articles.clone();
        best_articles(&mut page, needed);
        let shown = needed.min(page.len());
        assert_eq!(page[..shown], sorted[..shown], "needed {needed}");
    }
}

#[test]
fn galloping_finds_the_span_a_linear_walk_finds() {
    // Articles of bigram positions 0..3, 3..10, 12..13, then 40 short ones (a gap at 10..12).
    let mut spans: Vec<(u32, u32)> = vec![(0, 3), (3, 10), (12, 13)];
    spans.extend((0..40).map(|i| (20 + 2 * i, 21 + 2 * i)));
    let linear = |from: usize, position: u32| {
        (from..spans.len())
            .find(|&at| spans[at].1 > position)
            .unwrap_or(spans.len())
    };
    for from in 0..spans.len() {
        for position in 0..110 {
            assert_eq!(
                super::first_ending_after(&spans, from, position),
                linear(from, position),
                "from {from}, position {position}"
            );
        }
    }
}

#[test]
fn articles_rank_the_same_from_kept_positions_as_from_positions_read_again() {
    use tantivy::DocAddress;

    use crate::parse::parse;
    use crate::plan::Plan;
    use crate::ranking::Ranking;
    use crate::rescore::{rescore, KeptPositions, Rescoring};
    use crate::statistics::Statistics;

    let dir = tempfile::tempdir().unwrap();
    let index = GongbaoIndex::create(dir.path(), UserDictionary::built_in()).unwrap();
    index.add_documents(&documents()).unwrap();
    let searcher = index.index.reader().unwrap().searcher();
    let plan = Plan::new(&index.analyzer, &parse("养犬登记证遗失 犬只免疫"), &[]);
    let rescoring = Rescoring::new(index.fields.body_grams, &plan);
    let ranking = Ranking::default();
    let statistics = Statistics::new(&searcher);
    let mut hits: Vec<_> = (0..searcher.num_docs() as u32)
        .map(|doc| ((false, 1.0 + doc as f32, 0), DocAddress::new(0, doc)))
        .collect();
    let mut kept = KeptPositions::new(rescoring.grams().len());
    rescore(
        &statistics,
        &searcher,
        &rescoring,
        &ranking,
        &mut hits,
        Some(&mut kept),
    )
    .unwrap();
    // Positions kept for every document, for none (all read again), and for the best only.
    let mut first_only = KeptPositions::new(rescoring.grams().len());
    let best = kept.find(hits[0].1).unwrap();
    first_only.push(hits[0].1, kept.doc(best).iter());
    let ranked = |kept: &KeptPositions| {
        super::rank_articles(&statistics, &searcher, &rescoring, &ranking, &hits, kept)
            .unwrap()
            .articles
    };
    let mut all = ranked(&kept);
    // The articles holding the query's bigrams, and only those: 第一条 to 第四条 of the dog
    // regulation (document 0; its 第四条 written twice counts once), 第三条 of the city
    // regulation (document 1, 饲养犬只); the notice has no articles.
    let mut held: Vec<(u32, usize)> = all
        .iter()
        .map(|article| (article.address.doc_id, article.ordinal))
        .collect();
    held.sort_unstable();
    assert_eq!(held, [(0, 0), (0, 1), (0, 2), (0, 3), (1, 2)], "{all:?}");
    super::best_articles(&mut all, 1);
    assert_eq!((all[0].address.doc_id, all[0].ordinal), (0, 3));
    let same_order = |mut articles: Vec<super::RankedArticle>| {
        super::best_articles(&mut articles, 1);
        articles
    };
    assert_eq!(same_order(ranked(&KeptPositions::default())), all);
    assert_eq!(same_order(ranked(&first_only)), all);
}

#[test]
fn bigrams_that_only_join_two_words_of_the_question_weigh_less() {
    let dir = tempfile::tempdir().unwrap();
    let index = GongbaoIndex::create(dir.path(), UserDictionary::built_in()).unwrap();
    let regulation = Document {
        id: "churujing.md".to_owned(),
        title: "某市出入境服务规定".to_owned(),
        body: "第一条 为了规范出入境服务，制定本规定。\n第二条 人民出版社、国办发文和管理护栏的事项另行规定。\n第三条 申请人可以办理出境护照。".to_owned(),
        ..Document::default()
    };
    index.add_documents(&[regulation]).unwrap();
    let engine = Engine::new(index).unwrap();
    // 民出, 国办 and 理护 join 公民, 出国, 办理 and 护照 without holding any of them: the second
    // article holds three such bigrams, the third two of the question's words.
    let ids = articles(&engine, "公民出国办理护照");
    assert_eq!(ids[0], "churujing.md#第三条", "{ids:?}");
}
