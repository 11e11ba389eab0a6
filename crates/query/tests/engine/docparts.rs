//! Document numbers by their parts: the filters `doc_org`, `doc_year` and `doc_serial`, and
//! issuing codes typed in the search box (鲁政办发 2017).

use std::sync::OnceLock;

use gongbao_core::Document;
use gongbao_query::{Engine, Filters, SearchRequest, SearchResponse, Sort};
use tempfile::TempDir;

use crate::util::{built_once, hit_ids};

/// Numbers, titles and bodies of the fixture: notices of 山东省人民政府办公厅 over two years,
/// one of 国务院办公厅, and a county notice that cites a 鲁政办发 number in its body.
const NOTICES: [(&str, &str, &str); 7] = [
    (
        "鲁政办发〔2017〕39号",
        "山东省人民政府办公厅关于进一步加强安全生产工作的通知",
        "各市人民政府：为进一步加强安全生产工作，落实企业主体责任，现就有关事项通知如下。",
    ),
    (
        "鲁政办发〔2017〕7号",
        "山东省人民政府办公厅关于印发山东省政务公开工作要点的通知",
        "各市人民政府：现将政务公开工作要点印发给你们，请认真贯彻执行。",
    ),
    (
        "鲁政办发〔2017〕12号",
        "山东省人民政府办公厅关于做好农村公路养护工作的通知",
        "各市人民政府：为做好农村公路养护工作，保障群众安全出行，现通知如下。",
    ),
    (
        "鲁政办发[2018]3号",
        "山东省人民政府办公厅关于做好冬季安全生产工作的通知",
        "各市人民政府：冬季是安全生产事故多发期，各地要做好安全生产工作。",
    ),
    (
        "鲁政办发〔2016〕50号",
        "山东省人民政府办公厅关于推进电子政务建设的意见",
        "各市人民政府：为推进电子政务建设，提出如下意见。",
    ),
    (
        "国办发〔2020〕6号",
        "国务院办公厅关于进一步精简审批优化服务精准稳妥推进企业复工复产的通知",
        "各省、自治区、直辖市人民政府：为推进企业复工复产，经国务院同意，现通知如下。",
    ),
    (
        "临政办字〔2017〕20号",
        "临沂市人民政府办公室关于贯彻落实鲁政办发〔2017〕39号文件的通知",
        "各县区人民政府：请贯彻落实鲁政办发〔2017〕39号文件精神，做好安全生产工作。",
    ),
];

fn documents() -> Vec<Document> {
    NOTICES
        .iter()
        .map(|(number, title, body)| Document {
            id: number.to_string(),
            title: title.to_string(),
            doc_number: Some(number.to_string()),
            issuers: vec![title[..title.find("关于").unwrap()].to_owned()],
            body: body.to_string(),
            ..Document::default()
        })
        .collect()
}

fn engine() -> &'static Engine {
    static FIXTURE: OnceLock<(TempDir, Engine)> = OnceLock::new();
    built_once(&FIXTURE, documents)
}

fn search(request: SearchRequest) -> SearchResponse {
    engine()
        .search(&request)
        .unwrap_or_else(|error| panic!("{request:?}: {error}"))
}

fn ids(query: &str) -> Vec<String> {
    hit_ids(&search(SearchRequest::new(query)))
}

fn filtered(filters: Filters) -> Vec<String> {
    let mut found = hit_ids(&search(SearchRequest {
        filters,
        ..SearchRequest::default()
    }));
    found.sort();
    found
}

#[test]
fn a_code_and_year_list_that_bodys_numbers_of_the_year_in_order() {
    let of_2017 = [
        "鲁政办发〔2017〕7号",
        "鲁政办发〔2017〕12号",
        "鲁政办发〔2017〕39号",
    ];
    for query in [
        "鲁政办发 2017",
        "鲁政办发〔2017〕",
        "鲁政办发[2017]",
        "鲁政办发（2017）",
        "鲁政办发2017年",
        "鲁政办发 2017年",
    ] {
        let response = search(SearchRequest::new(query));
        assert_eq!(hit_ids(&response), of_2017, "{query}");
        assert_eq!(
            response.understood.partial_number.as_deref(),
            Some("鲁政办发〔2017〕"),
            "{query}"
        );
    }
    assert_eq!(ids("国办发 2020"), ["国办发〔2020〕6号"]);
}

#[test]
fn a_code_alone_lists_every_year_newest_first() {
    assert_eq!(
        ids("鲁政办发"),
        [
            "鲁政办发[2018]3号",
            "鲁政办发〔2017〕7号",
            "鲁政办发〔2017〕12号",
            "鲁政办发〔2017〕39号",
            "鲁政办发〔2016〕50号",
        ]
    );
    // A date order asked for is kept; the code still keeps to the body's documents.
    let newest = search(SearchRequest {
        sort: Sort::DateDesc,
        ..SearchRequest::new("鲁政办发")
    });
    assert_eq!(newest.total, 5);
}

#[test]
fn other_words_are_searched_within_the_bodys_documents() {
    let response = search(SearchRequest::new("鲁政办发 2017 安全生产"));
    // The county notice that cites 鲁政办发〔2017〕39号 about 安全生产 is not the body's own.
    assert_eq!(hit_ids(&response)[0], "鲁政办发〔2017〕39号");
    assert!(hit_ids(&response)
        .iter()
        .all(|id| id.starts_with("鲁政办发〔2017〕")));
    let words = &response.understood.words;
    assert!(
        words
            .iter()
            .all(|word| !word.contains("办发") && word != "2017"),
        "{words:?}"
    );
}

#[test]
fn a_full_number_keeps_its_exact_pinning() {
    let response = search(SearchRequest::new("鲁政办发〔2017〕39号"));
    assert_eq!(hit_ids(&response)[0], "鲁政办发〔2017〕39号");
    assert_eq!(response.understood.partial_number, None);
    // The notice that cites it is found too, as before.
    assert!(hit_ids(&response).contains(&"临政办字〔2017〕20号".to_owned()));
}

#[test]
fn words_that_are_no_code_of_the_index_stay_words() {
    for query in ["安全生产 2017", "政务公开", "粤府办 2017", "办发 2017"] {
        let response = search(SearchRequest::new(query));
        assert_eq!(response.understood.partial_number, None, "{query}");
    }
    // A code contradicting the request's own filter is left as words.
    let response = search(SearchRequest {
        filters: Filters {
            doc_org: Some("国办发".into()),
            ..Filters::default()
        },
        ..SearchRequest::new("鲁政办发 2017")
    });
    assert_eq!(response.understood.partial_number, None);
}

#[test]
fn filters_by_the_parts_of_the_number() {
    let org = |code: &str| Filters {
        doc_org: Some(code.into()),
        ..Filters::default()
    };
    assert_eq!(filtered(org("国办发")), ["国办发〔2020〕6号"]);
    // Full-width letters and spaces around the code are folded as the index folds them.
    assert_eq!(filtered(org(" 国办发 ")), ["国办发〔2020〕6号"]);
    assert_eq!(filtered(org("鲁政办发")).len(), 5);
    let of_2017 = Filters {
        doc_year: Some(2017),
        ..Filters::default()
    };
    assert_eq!(filtered(of_2017.clone()).len(), 4);
    let serial = Filters {
        doc_serial: Some(39),
        ..of_2017
    };
    assert_eq!(filtered(serial), ["鲁政办发〔2017〕39号"]);
}
