//! Sorting, pagination and the window limit.

use gongbao_query::{Error, SearchRequest, Sort, MAX_WINDOW};

use crate::util::*;

#[test]
fn date_sorts_use_published_else_written_and_put_undated_last() {
    let newest = SearchRequest {
        sort: Sort::DateDesc,
        page_size: 100,
        ..SearchRequest::default()
    };
    let order = hit_ids(&search(&newest));
    assert_eq!(
        order,
        [RESUME, EPIDEMIC, BRIDGE, LOAN, DONGYING, OLD_RULE, UNDATED]
    );
    let oldest = SearchRequest {
        sort: Sort::DateAsc,
        ..newest.clone()
    };
    let order = hit_ids(&search(&oldest));
    assert_eq!(
        order,
        [OLD_RULE, DONGYING, LOAN, BRIDGE, EPIDEMIC, RESUME, UNDATED]
    );
    let scored = search(&SearchRequest {
        query: "疫情".into(),
        ..newest
    });
    assert_eq!(hit_ids(&scored), [RESUME, EPIDEMIC]);
    assert!(scored.hits.iter().all(|hit| hit.score.is_none()));
}

#[test]
fn pages_concatenate_to_the_whole_list() {
    for (query, sort) in [
        ("政务公开", Sort::Relevance),
        ("东政办发〔2017〕15号 公开", Sort::Relevance),
        ("", Sort::DateDesc),
    ] {
        let all = search(&SearchRequest {
            query: query.into(),
            sort,
            page_size: 100,
            ..SearchRequest::default()
        });
        let mut paged = Vec::new();
        for page in 1..=5 {
            let response = search(&SearchRequest {
                query: query.into(),
                sort,
                page,
                page_size: 2,
                facets: false,
                ..SearchRequest::default()
            });
            assert_eq!(response.total, all.total, "{query}");
            assert!(response.facets.is_none());
            paged.extend(hit_ids(&response));
        }
        assert_eq!(paged, hit_ids(&all), "{query}");
        assert_eq!(all.total as usize, all.hits.len(), "{query}");
    }
}

#[test]
fn the_window_is_bounded() {
    let parameter = |request: SearchRequest| match engine().search(&request) {
        Err(error @ Error::InvalidParameter { parameter, .. }) => {
            assert!(error.is_user_fault());
            assert_eq!(error.code(), "invalid_parameter");
            assert!(!error.to_string().ends_with('.'));
            parameter
        }
        other => panic!("{request:?} gave {other:?}"),
    };
    let deep = SearchRequest {
        page: MAX_WINDOW / 100 + 1,
        page_size: 100,
        ..SearchRequest::default()
    };
    assert_eq!(parameter(deep), "page");
    let zero = SearchRequest {
        page: 0,
        ..SearchRequest::default()
    };
    assert_eq!(parameter(zero), "page");
    let huge = SearchRequest {
        page_size: 101,
        ..SearchRequest::default()
    };
    assert_eq!(parameter(huge), "page_size");
    let last = SearchRequest {
        page: MAX_WINDOW / 100,
        page_size: 100,
        ..SearchRequest::default()
    };
    assert!(search(&last).hits.is_empty());
}

#[test]
fn requests_and_responses_round_trip_as_json() {
    let request: SearchRequest = serde_json::from_str(
        r#"{"query": "疫情", "filters": {"published": {"from": "2020-01-01"}, "validity": ["现行有效"]}, "sort": "date_desc"}"#,
    )
    .unwrap();
    assert_eq!(request.page, 1);
    assert_eq!(request.sort, Sort::DateDesc);
    let response = search(&request);
    assert_eq!(hit_ids(&response), [RESUME]);
    let json = serde_json::to_value(&response).unwrap();
    assert_eq!(json["hits"][0]["dates"]["published"], "2020-03-03");
    assert_eq!(json["hits"][0]["validity"], "现行有效");
}
