//! The lifecycle derived from texts we wrote: a repeal by title and by document number, a
//! version chain, an amending decision, a 解读 and its policy, a term that ends and a start
//! that has not come, each seen from both ends; and the same statuses whichever document was
//! committed first (each commit here is a segment of its own, as separate ingests make them).

use gongbao_core::{GongbaoIndex, UserDictionary, Validity};
use gongbao_ingest::parse_text_document;
use gongbao_query::{Engine, Lifecycle};
use tempfile::TempDir;
use time::macros::date;
use time::Date;

/// Each fixture: id (the file's path, which may date it) and text.
const FIXTURES: [(&str, &str); 8] = [
    (
        "滨海/出租汽车管理暂行办法.md",
        "# 滨海市出租汽车管理暂行办法\n\n2010年3月1日 滨海市人民政府令第5号公布\n\n<!-- INFO END -->\n\n第一条 为了加强出租汽车管理，制定本办法。\n",
    ),
    (
        "滨海/网约车管理办法.md",
        "# 滨海市网络预约出租汽车经营服务管理办法\n\n2020年1月1日 滨海市人民政府令第30号公布\n\n<!-- INFO END -->\n\n第一条 为了规范网络预约出租汽车经营服务，制定本办法。\n第四十条 本办法自2020年1月1日起施行。《滨海市出租汽车管理暂行办法》同时废止。\n",
    ),
    (
        "滨海/关于公租房保障标准的通知.txt",
        "滨海市住房和城乡建设局关于公租房保障标准的通知\n滨住建发〔2016〕3号\n各区住房保障部门：\n现将公租房保障标准通知如下。\n滨海市住房和城乡建设局\n2016年5月10日\n",
    ),
    (
        "滨海/关于调整公租房保障标准的通知.txt",
        "滨海市住房和城乡建设局关于调整公租房保障标准的通知\n滨住建发〔2020〕12号\n各区住房保障部门：\n现将调整后的保障标准通知如下。本通知自2020年7月1日起施行，滨住建发〔2016〕3号文件同时废止。原通知（滨住建发〔2016〕3号）自2020年7月1日起废止。\n滨海市住房和城乡建设局\n2020年6月1日\n",
    ),
    (
        "滨海/河道管理条例(2012-06-01).md",
        "# 滨海市河道管理条例\n\n<!-- INFO END -->\n\n第一条 为了加强河道管理，制定本条例。\n",
    ),
    (
        "滨海/河道管理条例(2021-09-01).md",
        "# 滨海市河道管理条例\n\n2012年6月1日 滨海市人民代表大会常务委员会第三次会议通过\n\n2021年9月1日 滨海市人民代表大会常务委员会第二十次会议修订\n\n<!-- INFO END -->\n\n第一条 为了加强河道管理，保障防洪安全，制定本条例。\n",
    ),
    (
        "滨海/支持中小企业若干措施.txt",
        "滨海市人民政府关于支持中小企业共渡难关的若干措施\n滨政发〔2020〕2号\n各区人民政府：\n一、减免房租。\n本措施自印发之日起施行，有效期至2020年12月31日。\n滨海市人民政府\n2020年2月10日\n",
    ),
    (
        "滨海/支持中小企业若干措施解读.txt",
        "关于《滨海市人民政府关于支持中小企业共渡难关的若干措施》的政策解读\n一、出台背景\n为帮助中小企业渡过难关，市政府印发了若干措施。\n2020年2月12日\n",
    ),
];

/// A decision that amends the river regulation after its 2021 version; and a regulation that
/// starts in 2030.
const LATER: [(&str, &str); 2] = [
    (
        "滨海/关于修改河道管理条例的决定.md",
        "# 滨海市人民代表大会常务委员会关于修改〈滨海市河道管理条例〉的决定\n\n2023年5月1日 滨海市人民代表大会常务委员会第九次会议通过\n\n<!-- INFO END -->\n\n一、对《滨海市河道管理条例》作如下修改：\n将第一条修改为……\n",
    ),
    (
        "滨海/海岸带保护条例.md",
        "# 滨海市海岸带保护条例\n\n2026年11月1日 滨海市人民代表大会常务委员会第十五次会议通过\n\n2030年1月1日 施行\n\n<!-- INFO END -->\n\n第一条 为了保护海岸带，制定本条例。\n",
    ),
];

fn engine(order: &[&[(&str, &str)]]) -> (TempDir, Engine) {
    let dir = TempDir::new().expect("temp dir");
    let index = GongbaoIndex::create(dir.path(), UserDictionary::default()).expect("index");
    for batch in order {
        let documents: Vec<_> = batch
            .iter()
            .map(|(path, text)| parse_text_document(path, path, text))
            .collect();
        index.add_documents(&documents).expect("add");
    }
    let engine = Engine::open(dir.path()).expect("engine");
    (dir, engine)
}

fn lifecycle(engine: &Engine, id: &str, as_of: Date) -> Lifecycle {
    engine
        .document(id, as_of)
        .expect("read")
        .unwrap_or_else(|| panic!("no {id}"))
        .lifecycle
}

fn ids(list: &[gongbao_query::Related]) -> Vec<&str> {
    list.iter()
        .filter_map(|related| related.id.as_deref())
        .collect()
}

fn check(engine: &Engine) {
    let today = date!(2026 - 12 - 07);
    // Repeal by title, both ends; before the repeal the old rules were in force.
    let old = lifecycle(engine, "滨海/出租汽车管理暂行办法.md", today);
    assert_eq!(old.status.validity, Validity::Repealed);
    assert_eq!(old.status.since, Some(date!(2020 - 01 - 01)));
    assert_eq!(
        old.status.by.as_ref().map(|by| by.id.as_str()),
        Some("滨海/网约车管理办法.md")
    );
    assert!(old.relations.repealed_by[0]
        .sentence
        .as_deref()
        .unwrap()
        .contains("同时废止"));
    let before = lifecycle(
        engine,
        "滨海/出租汽车管理暂行办法.md",
        date!(2019 - 06 - 01),
    );
    assert_eq!(before.status.validity, Validity::InForce);
    let new = lifecycle(engine, "滨海/网约车管理办法.md", today);
    assert_eq!(new.status.validity, Validity::InForce);
    assert_eq!(
        ids(&new.relations.repeals),
        ["滨海/出租汽车管理暂行办法.md"]
    );

    // Repeal by document number alone.
    let notice = lifecycle(engine, "滨海/关于公租房保障标准的通知.txt", today);
    assert_eq!(
        notice.status.validity,
        Validity::Repealed,
        "{:?}",
        notice.status
    );
    assert_eq!(
        ids(&notice.relations.repealed_by),
        ["滨海/关于调整公租房保障标准的通知.txt"]
    );
    let adjusting = lifecycle(engine, "滨海/关于调整公租房保障标准的通知.txt", today);
    assert_eq!(
        ids(&adjusting.relations.repeals),
        ["滨海/关于公租房保障标准的通知.txt"]
    );

    // A chain of versions, oldest first; the older is superseded by the newer.
    let river = lifecycle(engine, "滨海/河道管理条例(2012-06-01).md", today);
    let versions: Vec<&str> = river
        .versions
        .iter()
        .map(|version| version.id.as_str())
        .collect();
    assert_eq!(
        versions,
        [
            "滨海/河道管理条例(2012-06-01).md",
            "滨海/河道管理条例(2021-09-01).md"
        ]
    );
    assert_eq!(river.status.validity, Validity::Amended);
    assert_eq!(
        ids(&river.relations.superseded_by),
        ["滨海/河道管理条例(2021-09-01).md"]
    );
    let river_2021 = lifecycle(
        engine,
        "滨海/河道管理条例(2021-09-01).md",
        date!(2022 - 01 - 01),
    );
    assert_eq!(river_2021.status.validity, Validity::InForce);
    assert_eq!(
        ids(&river_2021.relations.supersedes),
        ["滨海/河道管理条例(2012-06-01).md"]
    );

    // A term that ended, and the day before it ended.
    let measures = lifecycle(engine, "滨海/支持中小企业若干措施.txt", today);
    assert_eq!(measures.status.validity, Validity::Expired);
    assert_eq!(measures.status.since, Some(date!(2021 - 01 - 01)));
    let during = lifecycle(
        engine,
        "滨海/支持中小企业若干措施.txt",
        date!(2020 - 12 - 31),
    );
    assert_eq!(during.status.validity, Validity::InForce);

    // The 解读 and its policy, both ways.
    assert_eq!(
        ids(&measures.relations.interpreted_by),
        ["滨海/支持中小企业若干措施解读.txt"]
    );
    let reading = lifecycle(engine, "滨海/支持中小企业若干措施解读.txt", today);
    assert_eq!(
        ids(&reading.relations.interprets),
        ["滨海/支持中小企业若干措施.txt"]
    );
}

fn check_later(engine: &Engine) {
    let today = date!(2026 - 12 - 07);
    // The amending decision, both ends; the version it amends is 已修改 from the decision on.
    let river = lifecycle(engine, "滨海/河道管理条例(2021-09-01).md", today);
    assert_eq!(
        river.status.validity,
        Validity::Amended,
        "{:?}",
        river.status
    );
    assert_eq!(
        ids(&river.relations.amended_by),
        ["滨海/关于修改河道管理条例的决定.md"]
    );
    let decision = lifecycle(engine, "滨海/关于修改河道管理条例的决定.md", today);
    assert_eq!(
        ids(&decision.relations.amends),
        ["滨海/河道管理条例(2021-09-01).md"]
    );
    // Not yet in force, then in force.
    let coast = lifecycle(engine, "滨海/海岸带保护条例.md", today);
    assert_eq!(coast.status.validity, Validity::NotYetInForce);
    let later = lifecycle(engine, "滨海/海岸带保护条例.md", date!(2030 - 01 - 01));
    assert_eq!(later.status.validity, Validity::InForce);
}

#[test]
fn statuses_and_relations_from_the_texts_in_either_order() {
    let (_dir, forward) = engine(&[&FIXTURES, &LATER]);
    check(&forward);
    check_later(&forward);
    // The repealing, superseding, amending and interpreting documents committed first, each
    // target after: the same answers.
    let mut reversed: Vec<[(&str, &str); 1]> = FIXTURES
        .iter()
        .chain(&LATER)
        .map(|fixture| [*fixture])
        .collect();
    reversed.reverse();
    let batches: Vec<&[(&str, &str)]> = reversed.iter().map(|batch| batch.as_slice()).collect();
    let (_dir, backward) = engine(&batches);
    check(&backward);
    check_later(&backward);
}

#[test]
fn a_repeal_committed_later_changes_its_target_at_once() {
    let (dir, engine) = engine(&[&FIXTURES[..1]]);
    let today = date!(2026 - 12 - 07);
    let id = "滨海/出租汽车管理暂行办法.md";
    assert_eq!(
        lifecycle(&engine, id, today).status.validity,
        Validity::InForce
    );
    let index = GongbaoIndex::open(dir.path()).expect("index");
    let (path, text) = FIXTURES[1];
    index
        .add_documents(&[parse_text_document(path, path, text)])
        .expect("add");
    let engine = Engine::open(dir.path()).expect("engine");
    assert_eq!(
        lifecycle(&engine, id, today).status.validity,
        Validity::Repealed
    );
}

#[test]
fn a_clerks_relations_correct_what_the_text_says_and_a_validity_applies_from_its_day() {
    // The 网约车 办法 is ingested without its repealing sentence; a clerk states the repeal.
    let (path, text) = FIXTURES[1];
    let unstated = text.replace("《滨海市出租汽车管理暂行办法》同时废止。", "");
    let (dir, engine) = engine(&[&FIXTURES[..1], &[(path, unstated.as_str())]]);
    let today = date!(2026 - 12 - 07);
    let old = "滨海/出租汽车管理暂行办法.md";
    assert_eq!(
        lifecycle(&engine, old, today).status.validity,
        Validity::InForce
    );
    let index = GongbaoIndex::open(dir.path()).expect("index");
    let repeal = gongbao_ingest::Correction {
        relations: Some(vec![gongbao_core::Relation {
            kind: gongbao_core::RelationKind::Repeals,
            title: Some("滨海市出租汽车管理暂行办法".to_owned()),
            doc_number: None,
            sentence: gongbao_ingest::CLERK_SENTENCE.to_owned(),
        }]),
        ..gongbao_ingest::Correction::now(path)
    };
    gongbao_ingest::correct(&index, dir.path(), &repeal)
        .expect("correct")
        .expect("found");
    engine.reload().expect("reload");
    let corrected = lifecycle(&engine, old, today);
    assert_eq!(corrected.status.validity, Validity::Repealed);
    assert_eq!(corrected.status.by.expect("by").id, path);
    // Before the repealing 办法 took effect, the old one was in force.
    assert_eq!(
        lifecycle(&engine, old, date!(2019 - 06 - 01))
            .status
            .validity,
        Validity::InForce
    );

    // A stated validity applies from its day, in the filter too.
    let expired = gongbao_ingest::Correction {
        validity: Some(gongbao_ingest::ValidityCorrection {
            validity: Validity::Expired,
            from: Some(date!(2025 - 01 - 01)),
            by: None,
        }),
        ..gongbao_ingest::Correction::now(path)
    };
    gongbao_ingest::correct(&index, dir.path(), &expired)
        .expect("correct")
        .expect("found");
    engine.reload().expect("reload");
    let count = |validity: Validity, as_of: Date| {
        let request = gongbao_query::SearchRequest {
            query: "网络预约出租汽车".to_owned(),
            filters: gongbao_query::Filters {
                validity: vec![validity],
                ..gongbao_query::Filters::default()
            },
            as_of: Some(as_of),
            ..gongbao_query::SearchRequest::default()
        };
        engine.search(&request).expect("search").total
    };
    assert_eq!(count(Validity::Expired, today), 1);
    assert_eq!(count(Validity::InForce, date!(2024 - 06 - 01)), 1);
    assert_eq!(count(Validity::Expired, date!(2024 - 06 - 01)), 0);
}

/// The hit of the old taxi rules (repealed in 2019 by the ride-hailing rules) in a search for
/// their title on `as_of`.
fn old_rules_hit(engine: &Engine, as_of: Date) -> gongbao_query::Hit {
    let mut request = gongbao_query::SearchRequest::new("出租汽车管理暂行办法");
    request.as_of = Some(as_of);
    engine
        .search(&request)
        .expect("search")
        .hits
        .into_iter()
        .find(|hit| hit.id == "滨海/出租汽车管理暂行办法.md")
        .expect("the old rules are found")
}

#[test]
fn a_search_hit_carries_the_computed_status() {
    let (_dir, engine) = engine(&[&FIXTURES]);
    let hit = old_rules_hit(&engine, date!(2026 - 12 - 07));
    assert_eq!(hit.validity, Validity::Repealed);
    assert_eq!(
        hit.lifecycle.by.as_ref().map(|by| by.id.as_str()),
        Some("滨海/网约车管理办法.md")
    );
    let hit = old_rules_hit(&engine, date!(2019 - 01 - 01));
    assert_eq!(hit.validity, Validity::InForce);
}

#[test]
fn a_best_hit_out_of_force_on_the_day_asked_scores_less() {
    let (_dir, engine) = engine(&[&FIXTURES]);
    let score = |as_of: Date| {
        let hit = old_rules_hit(&engine, as_of);
        (hit.validity, hit.score.expect("ranked by relevance"))
    };
    let (in_force, before) = score(date!(2019 - 01 - 01));
    let (repealed, after) = score(date!(2026 - 12 - 07));
    assert_eq!(
        (in_force, repealed),
        (Validity::InForce, Validity::Repealed)
    );
    let factor = gongbao_query::Ranking::current().out_of_force;
    assert!(factor < 1.0);
    assert!(
        (after - before * factor).abs() <= 1e-4 * before,
        "{before} {after}"
    );
}

#[test]
fn a_search_shows_the_newest_version_once_unless_every_version_is_asked_for() {
    let (_dir, engine) = engine(&[&FIXTURES]);
    let newer = "滨海/河道管理条例(2021-09-01).md";
    let older = "滨海/河道管理条例(2012-06-01).md";
    let mut request = gongbao_query::SearchRequest::new("河道管理条例");
    request.as_of = Some(date!(2026 - 12 - 07));
    let rivers = |response: &gongbao_query::SearchResponse| -> Vec<String> {
        let mut ids: Vec<String> = response
            .hits
            .iter()
            .map(|hit| hit.id.clone())
            .filter(|id| id.contains("河道"))
            .collect();
        ids.sort_unstable();
        ids
    };
    let shown = engine.search(&request).expect("search");
    assert_eq!(rivers(&shown), [newer]);
    assert_eq!(shown.hits[0].id, newer);
    assert_eq!(shown.hits[0].other_versions, 1);
    request.versions = gongbao_query::Versions::All;
    let every = engine.search(&request).expect("search");
    assert_eq!(rivers(&every), [older, newer]);
    let old = every.hits.iter().find(|hit| hit.id == older).unwrap();
    assert_eq!(
        old.newest_version.as_ref().map(|newest| newest.id.as_str()),
        Some(newer)
    );
    assert_eq!(old.validity, Validity::Amended);
    // Before the newer version, the older one is the newest and in force.
    request.as_of = Some(date!(2015 - 01 - 01));
    request.versions = gongbao_query::Versions::Newest;
    let then = engine.search(&request).expect("search");
    assert_eq!(rivers(&then), [older]);
    let old = then.hits.iter().find(|hit| hit.id == older).unwrap();
    assert_eq!(old.validity, Validity::InForce);
}

#[test]
fn the_validity_filter_and_facet_read_the_computed_status() {
    let (_dir, engine) = engine(&[&FIXTURES, &LATER]);
    let today = date!(2026 - 12 - 07);
    let mut request = gongbao_query::SearchRequest::new("");
    request.as_of = Some(today);
    request.versions = gongbao_query::Versions::All;
    request.page_size = 50;
    let all = engine.search(&request).expect("search");
    let count = |label: &str| {
        all.facets
            .as_ref()
            .unwrap()
            .validity
            .iter()
            .find(|value| &*value.value == label)
            .map_or(0, |value| value.count)
    };
    // Repealed: the old taxi rules and the 2016 notice; superseded or amended: the 2012 and
    // 2021 river regulations; expired: the 2020 measures; not yet in force: the coast.
    assert_eq!(count("已废止"), 2, "{:?}", all.facets);
    assert_eq!(count("已修改"), 2, "{:?}", all.facets);
    assert_eq!(count("失效"), 1);
    assert_eq!(count("尚未生效"), 1);
    // Each hit's own status agrees with the facet.
    for hit in &all.hits {
        let mut filtered = request.clone();
        filtered.filters.validity = vec![hit.validity];
        let ids: Vec<String> = engine
            .search(&filtered)
            .expect("search")
            .hits
            .into_iter()
            .map(|hit| hit.id)
            .collect();
        assert!(
            ids.contains(&hit.id),
            "{} {:?}: {ids:?}",
            hit.id,
            hit.validity
        );
    }
    // Filtered for 现行有效, the repealed rules are not there; on a day before the repeal they are.
    let mut current = request.clone();
    current.filters.current_only = true;
    let ids = |response: gongbao_query::SearchResponse| -> Vec<String> {
        response.hits.into_iter().map(|hit| hit.id).collect()
    };
    let now = ids(engine.search(&current).expect("search"));
    assert!(
        !now.contains(&"滨海/出租汽车管理暂行办法.md".to_owned()),
        "{now:?}"
    );
    current.as_of = Some(date!(2019 - 06 - 01));
    let then = ids(engine.search(&current).expect("search"));
    assert!(
        then.contains(&"滨海/出租汽车管理暂行办法.md".to_owned()),
        "{then:?}"
    );
}

#[test]
fn relations_are_counted_with_those_naming_no_document_here() {
    let (_dir, engine) = engine(&[&FIXTURES, &LATER]);
    let counts = engine.relation_counts().expect("counts");
    // The taxi rules repealed, the 2016 notice repealed by number, the 解读, the decision's
    // amendment (in its title and its body, one relation each way of saying it).
    assert_eq!(counts.unresolved, 0, "{counts:?}");
    assert!(counts.relations >= 4, "{counts:?}");
    assert_eq!(counts.acting_documents, 4, "{counts:?}");
    let (_dir, alone) = engine_of(&[FIXTURES[1]]);
    let counts = alone.relation_counts().expect("counts");
    assert_eq!((counts.relations, counts.unresolved), (1, 1), "{counts:?}");
}

fn engine_of(documents: &[(&str, &str)]) -> (TempDir, Engine) {
    engine(&[documents])
}

/// GET `uri` from the server over `engine`: status and body.
async fn get(engine: Engine, uri: &str) -> (axum::http::StatusCode, String) {
    use tower::ServiceExt;
    let app = gongbao_server::router(
        std::sync::Arc::new(engine),
        &gongbao_server::ServerConfig::default(),
    );
    let request = axum::http::Request::get(uri)
        .body(axum::body::Body::empty())
        .unwrap();
    let response = app.oneshot(request).await.unwrap();
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), 1 << 24)
        .await
        .unwrap();
    (status, String::from_utf8(body.to_vec()).unwrap())
}

fn encoded(text: &str) -> String {
    text.bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() || b"/-_.()".contains(&byte) {
                (byte as char).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn the_api_and_the_pages_say_why_a_document_is_out_of_force() {
    let old = "滨海/出租汽车管理暂行办法.md";
    let (_dir, served) = engine(&[&FIXTURES]);
    let (status, body) = get(served, &format!("/api/documents/{}", encoded(old))).await;
    assert_eq!(status, 200, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["lifecycle"]["validity"], "已废止");
    assert_eq!(json["lifecycle"]["by"]["id"], "滨海/网约车管理办法.md");
    assert_eq!(
        json["relations"]["repealed_by"][0]["id"],
        "滨海/网约车管理办法.md"
    );
    assert!(json["as_of"].is_string());
    // On a day before the repeal, in force; a day that is not one is refused by name.
    let (_dir, served) = engine(&[&FIXTURES]);
    let uri = format!("/api/documents/{}?as_of=2019-06-01", encoded(old));
    let (_, body) = get(served, &uri).await;
    assert!(body.contains("\"validity\":\"现行有效\""), "{body}");
    let (_dir, served) = engine(&[&FIXTURES]);
    let uri = format!("/api/search?q={}&as_of=June", encoded("出租汽车"));
    let (status, body) = get(served, &uri).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("as_of"), "{body}");
    // The search page names the cause and links the repealing document; the document page too,
    // with the 解读 beside the policy.
    let (_dir, served) = engine(&[&FIXTURES]);
    let (_, page) = get(served, &format!("/?q={}", encoded("出租汽车管理暂行办法"))).await;
    assert!(page.contains("由《<a href=\"/documents/"), "{page}");
    assert!(
        page.contains("滨海市网络预约出租汽车经营服务管理办法</a>》废止"),
        "{page}"
    );
    let (_dir, served) = engine(&[&FIXTURES]);
    let uri = format!("/documents/{}", encoded("滨海/支持中小企业若干措施.txt"));
    let (_, page) = get(served, &uri).await;
    assert!(page.contains("政策解读"), "{page}");
    assert!(page.contains("有效期至"), "{page}");
}
