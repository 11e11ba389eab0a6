//! Synonyms and the laws a query names, on an index of their own.

use std::sync::OnceLock;
use std::time::Duration;

use gongbao_core::{Dates, Document, Validity};
use gongbao_query::{Engine, SearchRequest, SearchResponse, FOLLOW_INTERVAL, SYNONYMS_FILE};
use tempfile::TempDir;
use time::macros::date;
use time::Date;

use crate::util::{build, hit_ids};

const PIPL: &str = "laws/pipl-2021";
const PIPL_DRAFT: &str = "laws/pipl-draft";
const NOTICE: &str = "notices/pipl-campaign";
const TAX: &str = "notices/tax-deduction";
const IMPLEMENTING: &str = "notices/pipl-implementing";
const TAX_SHORT: &str = "notices/tax-short";
const CODE_GENERAL: &str = "laws/code-general";
const CODE_PROPERTY: &str = "laws/code-property";

fn document(id: &str, title: &str, published: Date, validity: Validity, body: &str) -> Document {
    Document {
        id: id.to_owned(),
        title: title.to_owned(),
        dates: Dates {
            published: Some(published),
            ..Dates::default()
        },
        validity,
        body: body.to_owned(),
        ..Document::default()
    }
}

fn documents() -> Vec<Document> {
    vec![
        document(
            PIPL,
            "中华人民共和国个人信息保护法",
            date!(2021 - 08 - 20),
            Validity::InForce,
            "第一章 总则\n第一条 为了保护个人信息权益，规范个人信息处理活动，制定本法。\n第二章 个人信息处理规则\n第二十八条 敏感个人信息是一旦泄露或者非法使用，容易导致自然人的人格尊严受到侵害的个人信息。",
        ),
        // An earlier text of the same law, published first and no longer in force.
        document(
            PIPL_DRAFT,
            "中华人民共和国个人信息保护法",
            date!(2020 - 10 - 21),
            Validity::Amended,
            "第一条 为了保护个人信息权益，制定本法。\n第二十九条 敏感个人信息的处理应当取得个人的单独同意。",
        ),
        // A notice that says the query's words more often than the law does.
        document(
            NOTICE,
            "关于开展敏感个人信息保护专项行动的通知",
            date!(2022 - 03 - 01),
            Validity::InForce,
            "为贯彻落实个人信息保护法，各部门要排查敏感个人信息处理活动。敏感个人信息清单要逐项核对，敏感个人信息台账要及时更新，敏感个人信息泄露要及时报告。",
        ),
        document(
            IMPLEMENTING,
            "关于贯彻实施《中华人民共和国个人信息保护法》的通知",
            date!(2021 - 09 - 01),
            Validity::InForce,
            "各单位要认真组织学习宣传。",
        ),
        document(
            TAX_SHORT,
            "关于年度汇算的提示",
            date!(2023 - 03 - 01),
            Validity::InForce,
            "个税年度汇算请于6月30日前完成。",
        ),
        document(
            TAX,
            "关于个人所得税专项附加扣除有关事项的公告",
            date!(2019 - 01 - 01),
            Validity::InForce,
            "纳税人享受个人所得税专项附加扣除，应当在扣缴义务人处填报扣除信息。",
        ),
        document(
            CODE_GENERAL,
            "中华人民共和国民法典 总则",
            date!(2020 - 05 - 28),
            Validity::InForce,
            "第一百八十八条 向人民法院请求保护民事权利的诉讼时效期间为三年。",
        ),
        document(
            CODE_PROPERTY,
            "中华人民共和国民法典 物权编",
            date!(2020 - 05 - 28),
            Validity::InForce,
            "第三百六十六条 居住权人有权按照合同约定，对他人的住宅享有占有、使用的用益物权。",
        ),
    ]
}

fn fixture() -> &'static (TempDir, Engine) {
    static FIXTURE: OnceLock<(TempDir, Engine)> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = TempDir::new().expect("temporary directory");
        let engine = build(dir.path(), &documents());
        (dir, engine)
    })
}

fn search(query: &str) -> SearchResponse {
    fixture()
        .1
        .search(&SearchRequest::new(query))
        .unwrap_or_else(|error| panic!("{query}: {error}"))
}

#[test]
fn a_law_named_by_its_abbreviation_comes_first_in_its_version_in_force() {
    let response = search("个保法 敏感个人信息");
    let ids = hit_ids(&response);
    assert_eq!(ids[0], PIPL, "{ids:?}");
    assert!(response.hits[0].pinned);
    // The earlier text is another version: shown in its place only when every version is asked
    // for, and then not first.
    assert!(!ids.contains(&PIPL_DRAFT.to_owned()), "{ids:?}");
    assert_eq!(response.hits[0].other_versions, 1);
    let mut every = SearchRequest::new("个保法 敏感个人信息");
    every.versions = gongbao_query::Versions::All;
    let all = fixture().1.search(&every).unwrap();
    let all_ids = hit_ids(&all);
    assert_eq!(all_ids[0], PIPL, "{all_ids:?}");
    assert!(all_ids.contains(&PIPL_DRAFT.to_owned()), "{all_ids:?}");
    assert!(!response.hits[1..].iter().any(|hit| hit.pinned));
    assert_eq!(response.understood.laws, ["中华人民共和国个人信息保护法"]);
    let expanded = &response.understood.synonyms[0];
    assert_eq!(expanded.typed, "个保法");
    assert_eq!(expanded.equivalents, ["个人信息保护法"]);
    // The rest of the query is searched within the law: its passage is the article.
    let passage = &response.hits[0].snippets[0];
    assert_eq!(passage.article.as_deref(), Some("第二十八条"));
}

#[test]
fn a_law_named_by_its_short_title_comes_first() {
    let ids = hit_ids(&search("个人信息保护法 敏感个人信息"));
    assert_eq!(ids[0], PIPL, "{ids:?}");
}

#[test]
fn a_law_given_as_an_example_of_a_kind_is_not_put_first() {
    let response = search("个人信息保护法等法律 敏感个人信息");
    assert!(response.understood.laws.is_empty());
    assert_eq!(hit_ids(&response)[0], NOTICE);
}

#[test]
fn without_a_name_the_body_ranks() {
    let response = search("敏感个人信息");
    assert_eq!(hit_ids(&response)[0], NOTICE);
    assert!(response.understood.laws.is_empty());
}

#[test]
fn the_name_of_a_code_finds_the_part_that_answers() {
    let ids = hit_ids(&search("民法典 居住权"));
    assert_eq!(ids[0], CODE_PROPERTY, "{ids:?}");
    let ids = hit_ids(&search("民法典 诉讼时效"));
    assert_eq!(ids[0], CODE_GENERAL, "{ids:?}");
}

#[test]
fn an_abbreviation_finds_the_full_form_and_marks_it() {
    let response = search("个税 专项附加扣除");
    let hit = &response.hits[0];
    assert_eq!(hit.id, TAX);
    let title = &hit.title;
    // Highlights are character offsets: 个人所得税 (the equivalent) and 专项附加扣除 (typed)
    // stand at characters 2 to 13, one run.
    let chars: Vec<char> = title.text.chars().collect();
    let marked: Vec<String> = title
        .highlights
        .iter()
        .map(|&(start, end)| chars[start..end].iter().collect())
        .collect();
    assert!(
        marked.iter().any(|mark| mark.contains("个人所得税")),
        "{marked:?}"
    );
    assert_eq!(title.highlights[0], (2, 13));
}

#[test]
fn the_form_typed_ranks_above_its_equivalent() {
    // (Other documents follow on the bigram 个人 alone, as for the full form typed.)
    assert_eq!(hit_ids(&search("个税"))[..2], [TAX_SHORT, TAX]);
    assert_eq!(hit_ids(&search("个人所得税"))[0], TAX);
}

#[test]
fn an_edited_synonyms_file_applies_without_a_reindex() {
    let dir = TempDir::new().unwrap();
    let engine = build(dir.path(), &documents());
    let before = engine.search(&SearchRequest::new("居权")).unwrap();
    assert_eq!(before.total, 0);
    std::fs::write(dir.path().join(SYNONYMS_FILE), "居权 = 居住权\n坏行\n").unwrap();
    std::thread::sleep(FOLLOW_INTERVAL + Duration::from_millis(100));
    let after = engine.search(&SearchRequest::new("居权")).unwrap();
    assert_eq!(hit_ids(&after), [CODE_PROPERTY]);
    // The built-in synonyms gave way to the file's, and its bad line is reported.
    let synonyms = engine.synonyms();
    assert_eq!(synonyms.len(), 1);
    assert_eq!(synonyms.problems()[0].line, 2);
}

#[test]
fn a_title_that_cites_a_law_finds_itself_not_the_law() {
    let response = search("关于贯彻实施《中华人民共和国个人信息保护法》的通知");
    assert!(response.understood.laws.is_empty());
    assert_eq!(hit_ids(&response)[0], IMPLEMENTING);
}
