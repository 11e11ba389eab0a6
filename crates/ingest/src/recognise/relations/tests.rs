use gongbao_core::date::parse_date;

use super::*;

fn found(title: &str, body: &str) -> Vec<(RelationKind, Option<String>, Option<String>)> {
    lifecycle(title, body, &Dates::default())
        .0
        .into_iter()
        .map(|relation| (relation.kind, relation.title, relation.doc_number))
        .collect()
}

fn repeal(title: &str, number: Option<&str>) -> (RelationKind, Option<String>, Option<String>) {
    (
        RelationKind::Repeals,
        Some(title.to_owned()),
        number.map(str::to_owned),
    )
}

#[test]
fn a_title_repealed_at_the_same_time_with_its_sentence() {
    let body =
        "第四十条 本条例自2021年3月1日起施行。2008年12月25日滨海市第十三届人民代表大会常务委员会\
                第八次会议通过的《滨海市房地产登记条例》同时废止。";
    let (relations, _) = lifecycle("滨海市不动产登记若干规定", body, &Dates::default());
    assert_eq!(relations.len(), 1);
    assert_eq!(relations[0].kind, RelationKind::Repeals);
    assert_eq!(relations[0].title.as_deref(), Some("滨海市房地产登记条例"));
    assert!(relations[0]
        .sentence
        .ends_with("《滨海市房地产登记条例》同时废止"));
}

#[test]
fn several_titles_and_their_numbers_before_one_verb() {
    let body = "本办法自2020年1月1日起施行，《滨海市出租汽车管理暂行办法》（滨政发〔2010〕5号）和\
                《滨海市客运出租汽车服务规范》（滨政办发〔2012〕18号）同时废止。";
    assert_eq!(
        found("滨海市网络预约出租汽车经营服务管理办法", body),
        [
            repeal("滨海市出租汽车管理暂行办法", Some("滨政发〔2010〕5号")),
            repeal("滨海市客运出租汽车服务规范", Some("滨政办发〔2012〕18号")),
        ]
    );
}

#[test]
fn a_title_after_the_verb_and_a_dated_repeal() {
    assert_eq!(
        found(
            "滨海市人民政府关于废止部分规章的决定",
            "市人民政府决定废止《滨海市集贸市场管理办法》、《滨海市殡葬管理办法》。"
        ),
        [
            repeal("滨海市集贸市场管理办法", None),
            repeal("滨海市殡葬管理办法", None),
        ]
    );
    assert_eq!(
        found(
            "关于调整公租房保障标准的通知",
            "《关于公租房保障标准的通知》（滨住建发〔2016〕3号）自2020年7月1日起废止。"
        ),
        [repeal(
            "关于公租房保障标准的通知",
            Some("滨住建发〔2016〕3号")
        )]
    );
}

#[test]
fn a_number_alone_repealed() {
    let body = "本通知自2020年7月1日起施行，滨住建发〔2016〕3号文件同时废止。\n\
                原通知（滨住建发〔2015〕8号）自2020年7月1日起废止。\n\
                按照滨政发〔2019〕1号文件要求执行。";
    assert_eq!(
        found("关于调整公租房保障标准的通知", body),
        [
            (
                RelationKind::Repeals,
                None,
                Some("滨住建发〔2016〕3号".to_owned())
            ),
            (
                RelationKind::Repeals,
                None,
                Some("滨住建发〔2015〕8号".to_owned())
            ),
        ]
    );
}

#[test]
fn generic_repeal_sentences_name_nothing() {
    let body = "第二十九条 制定机关应当及时修改或者废止不符合法律规定的规范性文件。\n\
                依照《中华人民共和国立法法》的规定，对有关规定予以废止。\n\
                第三十一条 本办法自2025年12月31日起废止。";
    assert!(found("滨海市规范性文件备案审查条例", body).is_empty());
}

#[test]
fn a_decision_lists_what_it_repeals_line_by_line() {
    let body = "经市人民政府第十次常务会议审议，决定废止下列规章：\n\
                1.《滨海市河道管理办法》（滨海市人民政府令第12号）\n\
                2.滨海市城市绿化管理规定（滨政发〔2004〕21号）\n\
                3.关于加强农贸市场管理的通知\n\
                本决定自公布之日起施行。";
    assert_eq!(
        found("滨海市人民政府关于废止部分规章的决定", body),
        [
            repeal("滨海市河道管理办法", Some("滨海市人民政府令第12号")),
            repeal("滨海市城市绿化管理规定", Some("滨政发〔2004〕21号")),
            repeal("关于加强农贸市场管理的通知", None),
        ]
    );
}

#[test]
fn amendments_in_the_title_and_in_the_body() {
    let relations = found(
        "滨海市人民代表大会常务委员会关于修改《滨海市住宅物业管理规定》的决定",
        "滨海市第十五届人民代表大会常务委员会第七次会议决定：\n一、对《滨海市住宅物业管理规定》作如下修改：",
    );
    assert_eq!(
        relations,
        [(
            RelationKind::Amends,
            Some("滨海市住宅物业管理规定".to_owned()),
            None
        )]
    );
    assert_eq!(
        found("关于修改〈滨海市河道管理条例〉的决定", "")[0]
            .1
            .as_deref(),
        Some("滨海市河道管理条例")
    );
}

#[test]
fn interpretations_name_their_policy() {
    let interprets = |title: &str| {
        let relations = found(title, "");
        assert_eq!(relations.len(), 1, "{title}");
        assert_eq!(relations[0].0, RelationKind::Interprets);
        relations[0].1.clone().unwrap()
    };
    assert_eq!(
        interprets("关于《滨海市支持中小企业共渡难关的若干措施》的政策解读"),
        "滨海市支持中小企业共渡难关的若干措施"
    );
    assert_eq!(
        interprets("解读《关于做好出院患者跟踪随访工作的通知》"),
        "关于做好出院患者跟踪随访工作的通知"
    );
    assert_eq!(
        interprets("关于做好老年人疫情防控工作通知的解读"),
        "关于做好老年人疫情防控工作通知"
    );
    assert_eq!(
        interprets("市发展改革委负责人就《滨海市优化营商环境条例》答记者问"),
        "滨海市优化营商环境条例"
    );
    assert!(found("关于加强政策解读工作的通知", "").is_empty());
}

#[test]
fn the_last_day_in_force_from_a_sentence_about_the_document() {
    let dates = Dates {
        written: parse_date("2020年2月10日"),
        effective: parse_date("2020年3月1日"),
        ..Dates::default()
    };
    let expiry = |body: &str| lifecycle("滨海市支持中小企业的若干措施", body, &dates).1;
    assert_eq!(
        expiry("本措施自印发之日起施行，有效期至2020年12月31日。"),
        parse_date("2020年12月31日")
    );
    assert_eq!(
        expiry("本办法自2020年3月1日起施行，有效期5年。"),
        parse_date("2025年2月28日")
    );
    assert_eq!(expiry("本办法试行二年。"), parse_date("2022年2月28日"));
    assert_eq!(
        expiry("本办法自2020年3月1日起施行，至2022年12月31日止。"),
        parse_date("2022年12月31日")
    );
    assert_eq!(
        expiry("本办法自2025年12月31日起废止。"),
        parse_date("2025年12月30日")
    );
    // Another document's end is not this one's.
    assert_eq!(
        expiry("本通知自2020年7月1日起施行，原通知（滨住建发〔2016〕3号）自2020年7月1日起废止。"),
        None
    );
    // Another thing's term is not the document's.
    assert_eq!(
        expiry("对有效期于2020年3月底前届满的许可，延长有效期至2020年6月30日。"),
        None
    );
    assert_eq!(expiry("本通告有效期至疫情解除。"), None);
    // A licence's or a certificate's term, even in a sentence that names the regulation.
    assert_eq!(
        expiry("收到申请的卫生主管部门对具备本条例规定条件的，准予延续，延续执业注册有效期为5年；对不具备本条例规定条件的，不予延续。"),
        None
    );
    assert_eq!(
        expiry("第二十二条 机动车驾驶证的有效期为6年，本条例另有规定的除外。"),
        None
    );
    assert_eq!(
        expiry(
            "往来港澳通行证有效期五年，可以延期二次，每次均须按照本办法第六条的规定办理申请手续。"
        ),
        None
    );
    assert_eq!(expiry("按照本办法第十条办理的，有效期3年。"), None);
    // The article number before the document's own sentence does not hide it.
    assert_eq!(
        expiry("第三十条 本办法自2020年3月1日起施行；有效期5年。"),
        parse_date("2025年2月28日")
    );
}

#[test]
fn a_long_sentence_is_kept_around_its_title() {
    let padding = "为了进一步规范管理，".repeat(30);
    let body = format!("{padding}《滨海市河道管理办法》同时废止{padding}");
    let (relations, _) = lifecycle("滨海市河道管理条例", &body, &Dates::default());
    let sentence = &relations[0].sentence;
    assert!(
        sentence.chars().count() <= MAX_SENTENCE_CHARS + 2,
        "{sentence}"
    );
    assert!(
        sentence.contains("《滨海市河道管理办法》同时废止"),
        "{sentence}"
    );
}
