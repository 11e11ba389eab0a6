//! 效力级别, the legal force of a document, from its title, type, issuers and number: 宪法, 法律,
//! 行政法规, 地方性法规, 司法解释, 部门规章, 地方政府规章, 规范性文件. A source's or sidecar's
//! `level` replaces it.

use gongbao_core::model::{LOCAL_REGULATION, LOCAL_RULE};

/// Types a regulation or rule is issued as.
const RULE_TYPES: [&str; 5] = ["条例", "规定", "办法", "细则", "规则"];
/// What ends the name of a place that makes local regulations (上海市, 浙江省, 延边朝鲜族自治州).
const PLACES: [&str; 5] = ["省", "市", "自治区", "自治州", "自治县"];
/// Types of the other documents a government issues.
const DOCUMENT_TYPES: [&str; 14] = [
    "通知", "意见", "决定", "通告", "公告", "方案", "批复", "函", "纲要", "规划", "措施", "指引",
    "要点", "命令",
];

/// The legal force the title, type, issuers (and the bodies that approved the text without
/// issuing it) and number say, if they say one.
pub(crate) fn level(
    title: &str,
    doc_type: Option<&str>,
    issuers: &[String],
    approved_by: &[String],
    doc_number: Option<&str>,
) -> Option<&'static str> {
    let title = title.trim();
    let issued_by = |name: &str| issuers.iter().any(|issuer| issuer.contains(name));
    let is_rule = doc_type.is_some_and(|kind| RULE_TYPES.contains(&kind));
    let by_order = doc_number.is_some_and(|number| number.contains('令'));
    if title.ends_with("宪法") || title.ends_with("宪法修正案") {
        return Some("宪法");
    }
    if issued_by("最高人民法院") || issued_by("最高人民检察院") || title.starts_with("最高人民")
    {
        return Some("司法解释");
    }
    let names_a_law = (title.ends_with('法') && !title.ends_with("办法")) || title.contains("法典");
    let national_congress = issued_by("全国人民代表大会");
    // The congress's own acts have the force of law whatever their type: its rules of
    // procedure, its regulations (外交特权与豁免条例) and the amendments of a code (刑法修正案).
    let amends_a_law = title.contains("法修正案");
    if doc_type == Some("法律")
        || (names_a_law && (title.starts_with("中华人民共和国") || national_congress))
        || (national_congress && (doc_type == Some("决定") || is_rule || amends_a_law))
    {
        return Some("法律");
    }
    // A ministry's rule the State Council approved (国务院批准, then 某部令发布) is an
    // administrative regulation, as is one the State Council issues itself.
    let state_council = issuers.iter().any(|issuer| issuer == "国务院")
        || approved_by.iter().any(|body| body == "国务院");
    if state_council && (is_rule || doc_type == Some("决定")) {
        return Some("行政法规");
    }
    if issued_by("人民代表大会") && (is_rule || names_a_law || doc_type == Some("决定")) {
        return Some(LOCAL_REGULATION);
    }
    if is_rule && by_order {
        let government = issuers.iter().any(|issuer| issuer.ends_with("人民政府"));
        return Some(if government {
            LOCAL_RULE
        } else {
            "部门规章"
        });
    }
    // A regulation or rule whose text names no issuer (a law collection's file without its
    // header): a place before it makes it local; a 条例 or 实施 rule without one is national,
    // another rule without one says nothing (an undated 暂行规定 may be anyone's).
    if issuers.is_empty() && is_rule {
        // The place opens the title: at least two characters before its suffix (上海市, not
        // the 城市 of 城市供水条例).
        let local = PLACES.iter().any(|place| {
            title
                .find(place)
                .is_some_and(|at| (2..=10).contains(&title[..at].chars().count()))
        });
        if local {
            return Some(LOCAL_REGULATION);
        }
        if title.ends_with("条例") || title.contains("实施") {
            return Some("行政法规");
        }
        return None;
    }
    let is_document = doc_type.is_some_and(|kind| DOCUMENT_TYPES.contains(&kind) || is_rule);
    (is_document && !issuers.is_empty()).then_some("规范性文件")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(title: &str, doc_type: &str, issuer: &str, number: Option<&str>) -> Option<&'static str> {
        let issuers = if issuer.is_empty() {
            vec![]
        } else {
            vec![issuer.to_owned()]
        };
        level(title, Some(doc_type), &issuers, &[], number)
    }

    #[test]
    fn the_legal_force_of_each_kind_of_document() {
        assert_eq!(of("中华人民共和国宪法", "法律", "", None), Some("宪法"));
        assert_eq!(
            of("中华人民共和国个人信息保护法", "法", "", None),
            Some("法律")
        );
        assert_eq!(
            of("个人信息保护法", "法", "全国人民代表大会常务委员会", None),
            Some("法律")
        );
        assert_eq!(
            of("工伤保险条例", "条例", "国务院", Some("国务院令第586号")),
            Some("行政法规")
        );
        assert_eq!(
            of(
                "滨海市养犬管理条例",
                "条例",
                "滨海市人民代表大会常务委员会",
                None
            ),
            Some(LOCAL_REGULATION)
        );
        assert_eq!(
            of(
                "最高人民法院关于审理劳动争议案件适用法律问题的解释（一）",
                "解释",
                "最高人民法院",
                None
            ),
            Some("司法解释")
        );
        assert_eq!(
            of(
                "滨海市养犬管理办法",
                "办法",
                "滨海市人民政府",
                Some("滨海市人民政府令第21号")
            ),
            Some(LOCAL_RULE)
        );
        assert_eq!(
            of(
                "网络预约出租汽车经营服务管理暂行办法",
                "办法",
                "交通运输部",
                Some("交通运输部令2016年第60号")
            ),
            Some("部门规章")
        );
        assert_eq!(
            of(
                "关于做好春节期间安全生产工作的通知",
                "通知",
                "滨海市人民政府办公室",
                Some("滨政办发〔2020〕3号")
            ),
            Some("规范性文件")
        );
        // Without an issuer, a regulation's place says whether it is local; a rule without a
        // place says nothing.
        assert_eq!(
            of("上海市企业名称登记管理规定", "规定", "", None),
            Some(LOCAL_REGULATION)
        );
        assert_eq!(of("保护海底电缆规定", "规定", "", None), None);
        assert_eq!(
            of("上海市住宅物业管理条例", "条例", "", None),
            Some(LOCAL_REGULATION)
        );
        assert_eq!(of("工伤保险条例", "条例", "", None), Some("行政法规"));
        assert_eq!(of("城市供水条例", "条例", "", None), Some("行政法规"));
        assert_eq!(
            of(
                "全国人民代表大会常务委员会关于加强经济工作监督的决定",
                "决定",
                "全国人民代表大会常务委员会",
                None
            ),
            Some("法律")
        );
        // The congress's own regulations, rules and amendments have the force of law.
        let congress = "全国人民代表大会常务委员会";
        assert_eq!(
            of("外交特权与豁免条例", "条例", congress, None),
            Some("法律")
        );
        assert_eq!(
            of("全国人民代表大会常务委员会议事规则", "规则", congress, None),
            Some("法律")
        );
        assert_eq!(
            level("刑法修正案（九）", None, &[congress.to_owned()], &[], None),
            Some("法律")
        );
        // A ministry's rule the State Council approved is an administrative regulation.
        assert_eq!(
            level(
                "中国公民收养子女登记办法",
                Some("办法"),
                &["民政部".to_owned()],
                &["国务院".to_owned()],
                Some("民政部令第14号")
            ),
            Some("行政法规")
        );
        // A text with no type or issuer says nothing.
        assert_eq!(
            level("加班费的仲裁时效应当如何认定", None, &[], &[], None),
            None
        );
    }
}
