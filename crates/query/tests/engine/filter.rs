//! Each filter, checked against the same decision made on the documents in memory.

use gongbao_core::Validity;
use gongbao_query::{DateRange, Error, Filters, SearchRequest};
use time::macros::date;

use crate::util::*;

fn filters() -> Vec<Filters> {
    let base = Filters::default();
    vec![
        Filters {
            department: Some("市财政局".into()),
            ..base.clone()
        },
        Filters {
            policy_area: vec!["卫生健康".into()],
            ..base.clone()
        },
        Filters {
            policy_area: vec!["政务公开".into(), "政府信息公开".into()],
            ..base.clone()
        },
        Filters {
            doc_type: Some("通知".into()),
            ..base.clone()
        },
        Filters {
            issuer: Some("东营市人民政府办公室".into()),
            ..base.clone()
        },
        Filters {
            validity: vec![Validity::Repealed, Validity::Expired],
            ..base.clone()
        },
        Filters {
            current_only: true,
            ..base.clone()
        },
        Filters {
            current_only: true,
            validity: vec![Validity::Amended, Validity::Repealed],
            ..base.clone()
        },
        Filters {
            written: DateRange {
                from: Some(date!(2018 - 05 - 20)),
                to: Some(date!(2020 - 02 - 01)),
            },
            ..base.clone()
        },
        Filters {
            published: DateRange {
                from: Some(date!(2019 - 03 - 05)),
                to: None,
            },
            ..base.clone()
        },
        Filters {
            effective: DateRange {
                from: None,
                to: Some(date!(2019 - 04 - 01)),
            },
            ..base.clone()
        },
        Filters {
            year: Some(2020),
            ..base.clone()
        },
        Filters {
            year: Some(2020),
            department: Some("市财政局".into()),
            ..base.clone()
        },
        Filters {
            doc_org: Some("东政办发".into()),
            ..base.clone()
        },
        Filters {
            doc_org: Some("鲁政办发".into()),
            doc_year: Some(2018),
            ..base.clone()
        },
        Filters {
            doc_year: Some(2020),
            ..base.clone()
        },
        Filters {
            doc_serial: Some(15),
            ..base.clone()
        },
        Filters {
            doc_org: Some("东政办发".into()),
            doc_serial: Some(16),
            ..base.clone()
        },
        base,
    ]
}

#[test]
fn every_filter_keeps_exactly_the_matching_documents() {
    let documents = documents();
    for filters in filters() {
        let mut expected: Vec<String> = documents
            .iter()
            .filter(|document| filters.matches(document))
            .map(|document| document.id.clone())
            .collect();
        expected.sort();
        let response = search(&SearchRequest {
            filters: filters.clone(),
            page_size: 100,
            ..SearchRequest::default()
        });
        let mut found = hit_ids(&response);
        found.sort();
        assert_eq!(found, expected, "{filters:?}");
        assert_eq!(response.total as usize, expected.len(), "{filters:?}");
    }
}

#[test]
fn filters_restrict_a_scored_query() {
    let request = SearchRequest {
        query: "疫情防控".into(),
        filters: Filters {
            current_only: true,
            ..Filters::default()
        },
        ..SearchRequest::default()
    };
    assert_eq!(hit_ids(&search(&request)), [RESUME]);
}

#[test]
fn inconsistent_filters_name_their_parameter() {
    let backwards = Filters {
        written: DateRange {
            from: Some(date!(2020 - 01 - 01)),
            to: Some(date!(2019 - 01 - 01)),
        },
        ..Filters::default()
    };
    let negative = Filters {
        year: Some(-3),
        ..Filters::default()
    };
    for (filters, name) in [(backwards, "filters.written"), (negative, "filters.year")] {
        let request = SearchRequest {
            filters,
            ..SearchRequest::default()
        };
        match engine().search(&request) {
            Err(Error::InvalidParameter { parameter, .. }) => assert_eq!(parameter, name),
            other => panic!("{other:?}"),
        }
    }
}
