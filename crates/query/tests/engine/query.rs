//! Query understanding and ranking.

use gongbao_query::{SearchRequest, MAX_QUERY_CHARS};

use crate::util::*;

#[test]
fn hostile_queries_always_search() {
    let long = "政务公开".repeat(2_500);
    let queries = [
        "",
        " ",
        "\"",
        "“未闭合的引号 政务",
        "」「",
        "((([[[〔〔【【",
        "，。！？、；：……",
        "\u{0}\u{7}\u{1b}[31m控制\r\n字符\t",
        "- *",
        "a:(^",
        "*:*",
        "title:政务 AND body:公开",
        "--\"\"--“”",
        "〔2017〕15号",
        long.as_str(),
    ];
    for query in queries {
        let response = engine()
            .search(&SearchRequest::new(query))
            .unwrap_or_else(|error| panic!("{query:?}: {error}"));
        assert!(response.total as usize >= response.hits.len(), "{query:?}");
    }
    let cut = search(&SearchRequest::new(long.as_str()));
    assert!(cut.understood.truncated);
    assert!(MAX_QUERY_CHARS < long.chars().count());
    assert!(ids(&long).contains(&UNDATED.to_owned()));
}

#[test]
fn an_empty_query_lists_every_document() {
    assert_eq!(
        search(&SearchRequest::new("")).total,
        documents().len() as u64
    );
    assert_eq!(
        search(&SearchRequest::new("- *")).total,
        documents().len() as u64
    );
}

#[test]
fn a_quoted_phrase_is_exact() {
    let mut found = ids("“创业担保贷款”");
    found.sort();
    assert_eq!(found, [RESUME, LOAN]);
    assert!(ids("“担保创业贷款”").is_empty());
    // Both words occur in the fixture, but never next to each other.
    assert!(!ids("境外 企业").is_empty());
    assert!(ids("「境外企业」").is_empty());
}

#[test]
fn bigrams_find_what_jieba_splits_differently() {
    // Jieba reads the query as 市长/江 and the title as 南京市/长江/大桥.
    for query in ["市长江", "“市长江”", "「市长江大」"] {
        assert_eq!(
            ids(query).first().map(String::as_str),
            Some(BRIDGE),
            "{query}"
        );
    }
    assert_eq!(ids("“市长江”"), [BRIDGE]);
}

#[test]
fn a_single_character_searches_words() {
    // 的 is a word of its own in most bodies; quoted, it is not a dropped particle.
    let found = ids("“的”");
    assert!(found.contains(&LOAN.to_owned()), "{found:?}");
    // 桥 stands only inside words (大桥, 桥梁, 桥面): a single character is not looked up
    // inside them, while the two-character phrase is.
    assert!(ids("“桥”").is_empty(), "{:?}", ids("“桥”"));
    assert_eq!(ids("“桥梁”"), [BRIDGE]);
}

#[test]
fn a_minus_excludes_words_and_phrases() {
    let with = ids("疫情防控");
    assert!(with.contains(&EPIDEMIC.to_owned()) && with.contains(&RESUME.to_owned()));
    let without = ids("疫情防控 -隔离");
    assert!(!without.contains(&EPIDEMIC.to_owned()), "{without:?}");
    assert!(without.contains(&RESUME.to_owned()));
    let without_phrase = ids("疫情防控 -“集中隔离措施”");
    assert!(!without_phrase.contains(&EPIDEMIC.to_owned()));
    // Only an exclusion: every other document.
    assert_eq!(ids("-隔离").len(), documents().len() - 1);
    assert!(!ids("政务公开 -东政办发〔2017〕15号").contains(&DONGYING.to_owned()));
}

#[test]
fn a_document_number_in_any_bracket_form_ranks_its_document_first() {
    let forms = [
        "东政办发〔2017〕15号",
        "东政办发[2017]15号",
        "东政办发【2017】15号",
        "东政办发（2017）15号",
        "东政办发(2017)15号",
        "东政办发2017年15号",
        "东政办发［２０１７］１５号",
        "关于东政办发〔2017〕15号",
        "疫情信息 东政办发〔2017〕15号",
        "东政办发〔2017〕15号 创业担保贷款",
    ];
    for form in forms {
        let response = search(&SearchRequest::new(form));
        let first = &response.hits[0];
        assert_eq!(first.id, DONGYING, "{form}");
        assert!(first.pinned, "{form}");
        assert_eq!(
            response.understood.doc_numbers,
            ["东政办发〔2017〕15号"],
            "{form}"
        );
    }
    // A number alone also finds the documents that cite it.
    assert_eq!(ids("东政办发〔2017〕15号"), [DONGYING, EPIDEMIC]);
    let order = search(&SearchRequest::new("东营市人民政府令第12号"));
    assert_eq!(order.hits[0].id, OLD_RULE);
    // A number nobody has is no error.
    assert!(ids("国办发〔1999〕999号").is_empty());
}

#[test]
fn question_words_do_not_drown_content_words() {
    let asked = search(&SearchRequest::new("请问如何申请创业担保贷款呢"));
    assert_eq!(asked.hits[0].id, LOAN);
    assert!(asked.understood.ignored.contains(&"如何".to_owned()));
    assert!(!asked.understood.words.contains(&"如何".to_owned()));
    assert_eq!(ids("如何 政务公开 吗"), ids("政务公开"));
    // No document holds "如何" or "什么"; alone, each question word is searched as it is.
    for word in ["如何", "什么"] {
        let alone = search(&SearchRequest::new(word));
        assert_eq!(alone.understood.words, [word]);
        assert!(alone.understood.ignored.is_empty(), "{word}");
    }
}

#[test]
fn titles_outrank_passing_mentions() {
    assert_eq!(
        ids("政务公开")[0..2]
            .iter()
            .filter(|id| *id == DONGYING || *id == UNDATED)
            .count(),
        2
    );
    assert_eq!(ids("复工复产")[0], RESUME);
}

#[test]
fn a_new_commit_is_seen_after_reload() {
    let dir = tempfile::TempDir::new().unwrap();
    let engine = build(dir.path(), &documents()[..1]);
    assert_eq!(engine.num_docs(), 1);
    engine.index().add_documents(&documents()[1..2]).unwrap();
    engine.reload().unwrap();
    assert_eq!(engine.num_docs(), 2);
    let found = engine.search(&SearchRequest::new("长江大桥")).unwrap();
    assert_eq!(found.hits[0].id, BRIDGE);
}

#[test]
fn equal_documents_rank_by_id_whatever_order_they_were_indexed_in() {
    // A notice reprinted under two ids: the same text scores the same.
    let reprint = |id: &str| gongbao_core::Document {
        id: id.to_owned(),
        ..documents()[0].clone()
    };
    for order in [["notices/b", "notices/a"], ["notices/a", "notices/b"]] {
        let dir = tempfile::TempDir::new().unwrap();
        let engine = build(dir.path(), &order.map(reprint));
        let found = engine
            .search(&SearchRequest::new("政务公开工作要点"))
            .unwrap();
        let ids: Vec<&str> = found.hits.iter().map(|hit| hit.id.as_str()).collect();
        assert_eq!(ids, ["notices/a", "notices/b"], "indexed as {order:?}");
        assert_eq!(found.hits[0].score, found.hits[1].score);
    }
}
