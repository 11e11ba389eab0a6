//! The issuing-body authority file at query time: issuers of one body, under its current name,
//! an alias or a former name, counted once in the facet and found by a filter on any name.

use gongbao_core::Document;
use gongbao_query::{Engine, FacetValue, Filters, SearchRequest, AUTHORITY_FILE};
use tempfile::TempDir;

use crate::util::{build, hit_ids};

/// Notices issued under old and new names, in two cities and by a ministry.
const NOTICES: [(&str, &[&str], &str); 8] = [
    (
        "dongguan/2017-air",
        &["东莞市环境保护局"],
        "东莞市环境保护局关于开展大气污染防治专项检查的通知",
    ),
    (
        "dongguan/2020-water",
        &["东莞市生态环境局"],
        "东莞市生态环境局关于加强水污染防治工作的通知",
    ),
    (
        "dongguan/2018-joint",
        &["东莞市环境保护局", "东莞市生态环境局"],
        "关于机构改革期间环境执法工作衔接的通知",
    ),
    (
        "jiangmen/2016-air",
        &["江门市环境保护局"],
        "江门市环境保护局关于做好大气污染防治工作的通知",
    ),
    (
        "dongguan/2019-price",
        &["东莞市发改委"],
        "东莞市发改委关于调整管道天然气价格的通知",
    ),
    (
        "dongguan/2021-price",
        &["东莞市发展和改革委员会"],
        "东莞市发展和改革委员会关于规范停车收费的通知",
    ),
    (
        "mee/2017-soil",
        &["环境保护部"],
        "环境保护部关于加强土壤污染防治工作的通知",
    ),
    (
        "mee/2021-carbon",
        &["生态环境部"],
        "生态环境部关于做好碳排放权交易工作的通知",
    ),
];

fn fixture() -> (TempDir, Engine) {
    let documents: Vec<Document> = NOTICES
        .iter()
        .map(|(id, issuers, title)| Document {
            id: id.to_string(),
            title: title.to_string(),
            issuers: issuers.iter().map(|issuer| issuer.to_string()).collect(),
            body: format!("{title}。请各单位认真贯彻落实。"),
            ..Document::default()
        })
        .collect();
    let dir = TempDir::new().expect("temporary directory");
    let engine = build(dir.path(), &documents);
    (dir, engine)
}

fn issuer<'a>(values: &'a [FacetValue], name: &str) -> Option<&'a FacetValue> {
    values.iter().find(|value| &*value.value == name)
}

fn names(names: &[std::sync::Arc<str>]) -> Vec<&str> {
    names.iter().map(|name| &**name).collect()
}

fn with_issuer(engine: &Engine, name: &str, query: &str) -> Vec<String> {
    let request = SearchRequest {
        filters: Filters {
            issuer: Some(name.into()),
            ..Filters::default()
        },
        ..SearchRequest::new(query)
    };
    let mut ids = hit_ids(&engine.search(&request).expect("search"));
    ids.sort();
    ids
}

#[test]
fn a_body_is_counted_once_under_its_current_name_with_its_other_names() {
    let (_dir, engine) = fixture();
    let overview = engine.facets().expect("facets").issuers;
    let searched = engine
        .search(&SearchRequest::new("通知"))
        .expect("search")
        .facets
        .expect("facets")
        .issuers;
    for issuers in [overview, searched] {
        let dongguan = issuer(&issuers, "东莞市生态环境局").expect("the current name counts");
        // The joint notice carries both names and counts once.
        assert_eq!(dongguan.count, 3);
        assert_eq!(names(&dongguan.former_names), ["东莞市环境保护局"]);
        assert!(dongguan.aliases.is_empty());
        // Another city's bureau is another body.
        let jiangmen = issuer(&issuers, "江门市生态环境局").expect("counted by its current name");
        assert_eq!(jiangmen.count, 1);
        assert_eq!(names(&jiangmen.former_names), ["江门市环境保护局"]);
        let reform = issuer(&issuers, "东莞市发展和改革委员会").expect("alias merged");
        assert_eq!(reform.count, 2);
        assert_eq!(names(&reform.aliases), ["东莞市发改委"]);
        let ministry = issuer(&issuers, "生态环境部").expect("ministry");
        assert_eq!(ministry.count, 2);
        assert_eq!(names(&ministry.former_names), ["环境保护部"]);
        for old in [
            "东莞市环境保护局",
            "江门市环境保护局",
            "东莞市发改委",
            "环境保护部",
        ] {
            assert!(
                issuer(&issuers, old).is_none(),
                "{old} is no value of its own"
            );
        }
        assert_eq!(issuers.len(), 4, "{issuers:?}");
    }
}

#[test]
fn a_filter_by_the_new_name_finds_documents_under_the_old() {
    let (_dir, engine) = fixture();
    assert_eq!(
        with_issuer(&engine, "生态环境部", ""),
        ["mee/2017-soil", "mee/2021-carbon"]
    );
    assert_eq!(
        with_issuer(&engine, "东莞市生态环境局", ""),
        [
            "dongguan/2017-air",
            "dongguan/2018-joint",
            "dongguan/2020-water"
        ]
    );
    // With words, and by an alias or a former name: the same body.
    assert_eq!(
        with_issuer(&engine, "东莞市生态环境局", "大气"),
        ["dongguan/2017-air"]
    );
    assert_eq!(
        with_issuer(&engine, "东莞市发改委", ""),
        ["dongguan/2019-price", "dongguan/2021-price"]
    );
    assert_eq!(
        with_issuer(&engine, "江门市环境保护局", ""),
        ["jiangmen/2016-air"]
    );
    // A name the file does not know filters as it is written.
    assert!(with_issuer(&engine, "东莞市人民政府", "").is_empty());
}

#[test]
fn the_index_roots_own_file_replaces_the_built_in_one_and_its_bad_lines_are_skipped() {
    let (dir, engine) = fixture();
    let file = dir.path().join(AUTHORITY_FILE);
    std::fs::write(
        &file,
        "# our bureaus\n地方\t生态环境局\n地方\t环保署\t生态环境局\n国家\t生态环境部\t\t环境保护部@2018-03-19\n",
    )
    .expect("authority file written");
    engine.reload().expect("reload");
    let authority = engine.authority();
    let problems = authority.problems();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].line, 3);
    assert!(problems[0].file.ends_with(AUTHORITY_FILE));
    // The city bureaus no longer list their former names: this file has none.
    let issuers = engine.facets().expect("facets").issuers;
    assert!(issuer(&issuers, "东莞市环境保护局").is_some());
    assert_eq!(issuer(&issuers, "生态环境部").expect("ministry").count, 2);
    assert_eq!(
        with_issuer(&engine, "东莞市生态环境局", ""),
        ["dongguan/2018-joint", "dongguan/2020-water"]
    );
    std::fs::remove_file(&file).expect("file removed");
    engine.reload().expect("reload");
    assert!(engine.authority().problems().is_empty());
    assert_eq!(
        with_issuer(&engine, "东莞市生态环境局", "").len(),
        3,
        "the built-in file again"
    );
}
