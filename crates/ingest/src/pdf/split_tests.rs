use super::*;
use gongbao_pdf::{Method, PageLayout};

fn line(text: &str, size: f32, indent: f32, short: f32, centred: bool) -> Line {
    Line {
        text: text.to_owned(),
        size,
        indent,
        short,
        centred,
    }
}

fn page(number: u32, lines: Vec<Line>, furniture: &[&str]) -> Page {
    Page {
        number,
        layout: PageLayout {
            lines,
            furniture: furniture.iter().map(|text| (*text).to_owned()).collect(),
            two_columns: false,
        },
        method: Method::PdfExtract,
        problem: None,
    }
}

fn issue() -> Vec<Page> {
    vec![
        page(
            1,
            vec![
                line("雁川市人民政府公报", 36.0, 5.0, 5.0, true),
                line("2021年第3期（总第27期）", 11.0, 0.0, 0.0, false),
                line("目录", 18.0, 8.0, 8.0, true),
                line("雁川市养犬管理条例……………2", 10.5, 1.0, 0.0, false),
                line("关于做好春耕生产的通知……………3", 10.5, 1.0, 0.0, false),
            ],
            &[],
        ),
        page(
            2,
            vec![
                line("雁川市养犬管理条例", 16.0, 8.0, 8.0, true),
                line("第一条 为了规范养犬行为，", 12.0, 2.0, 0.0, false),
                line("维护市容环境。", 12.0, 0.0, 10.0, false),
            ],
            &["雁川市人民政府公报　2021年第3期", "— 2 —"],
        ),
        page(
            3,
            vec![
                line("第二条 本条例适用于本市。", 12.0, 2.0, 5.0, false),
                line("关于做好春耕生产的", 16.0, 3.0, 3.0, true),
                line("通知", 16.0, 8.0, 8.0, true),
                line("各区县人民政府：", 12.0, 0.0, 12.0, false),
                line("现就有关事项通知如下。", 12.0, 2.0, 3.0, false),
            ],
            &["— 3 —"],
        ),
    ]
}

#[test]
fn an_issue_splits_into_titled_documents_with_pages() {
    let pages = issue();
    let found = find_issue(&pages).unwrap();
    assert_eq!(found.gazette, "雁川市人民政府公报");
    assert_eq!((found.year, found.number), (2021, 3));
    let sections = split_issue(&pages);
    assert_eq!(sections.len(), 2);
    assert_eq!(sections[0].title, "雁川市养犬管理条例");
    assert_eq!((sections[0].first_page, sections[0].last_page), (2, 3));
    assert_eq!(
        sections[0].body,
        "第一条 为了规范养犬行为，维护市容环境。\n第二条 本条例适用于本市。"
    );
    assert_eq!(sections[1].title, "关于做好春耕生产的通知");
    assert_eq!((sections[1].first_page, sections[1].last_page), (3, 3));
}

#[test]
fn documents_carry_ids_pages_and_issue() {
    let documents = documents_of("2021/03.pdf", &issue());
    assert_eq!(documents.len(), 2);
    assert_eq!(documents[1].id, "2021/03.pdf#2");
    assert_eq!(documents[1].source.pages, Some((3, 3)));
    assert_eq!(documents[1].source.issue.as_ref().unwrap().number, 3);
    assert_eq!(documents[1].title, "关于做好春耕生产的通知");
}

#[test]
fn a_pdf_that_is_no_gazette_is_one_document() {
    let pages = vec![page(1, vec![line("会议纪要", 12.0, 0.0, 0.0, false)], &[])];
    let documents = documents_of("a.pdf", &pages);
    assert_eq!(documents.len(), 1);
    assert_eq!(documents[0].source.pages, Some((1, 1)));
    assert!(documents[0].source.issue.is_none());
}

#[test]
fn pages_taken_out_of_an_issue_start_with_a_body_page() {
    let header = ["雁川市人民政府公报　2021年第2期", "— 2 —"];
    let pages = vec![
        page(
            1,
            vec![
                line("安阳市林州红旗渠保护条例", 15.0, 6.0, 6.0, true),
                line("第一条 为了加强红旗渠的保护", 10.5, 2.0, 0.0, false),
            ],
            &header,
        ),
        page(
            2,
            vec![line(
                "第二条 本条例适用于红旗渠的保护",
                10.5,
                2.0,
                0.0,
                false,
            )],
            &header,
        ),
    ];
    let sections = split_issue(&pages);
    assert_eq!(sections.len(), 1, "{sections:?}");
    assert_eq!(sections[0].title, "安阳市林州红旗渠保护条例");
    assert_eq!((sections[0].first_page, sections[0].last_page), (1, 2));
    let mut covered = pages.clone();
    covered[0].layout.furniture.clear();
    assert!(
        split_issue(&covered).is_empty(),
        "a page 1 without header is a cover"
    );
}
