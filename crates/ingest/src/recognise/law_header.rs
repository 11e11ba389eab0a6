//! The header lines of a law file: each line a date and what happened on it ("2018年9月6日
//! 国务院第23次常务会议修订通过", "2019年3月1日 施行").

use std::sync::OnceLock;

use gongbao_core::date::find_dates;
use gongbao_core::DocNumber;
use regex::Regex;

use super::doc_type::doc_type_of_title;
use super::issuer;
use super::policy_area::policy_areas;
use super::text::{char_len, ends_like_organisation, fold_width, is_space, squeeze_spaces};
use super::validity::validity;
use super::Recognised;

/// What happened on a date of the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Event {
    /// 通过, 修订, 修正: adopted or amended (成文).
    Adopted,
    /// 批准: approved by a higher body, which does not issue the law.
    Approved,
    /// 公布, 发布: promulgated.
    Published,
    /// 施行: in force.
    InForce,
}

/// Verbs of the header, with the event each names.
const VERBS: &[(&str, Event)] = &[
    ("通过", Event::Adopted),
    ("修订", Event::Adopted),
    ("修正", Event::Adopted),
    ("批准", Event::Approved),
    ("公布", Event::Published),
    ("发布", Event::Published),
    ("施行", Event::InForce),
    ("实施", Event::InForce),
];

/// Quoted titles of amending decisions (《关于修改〈…〉的决定》), which name no body.
fn quoted() -> &'static Regex {
    static QUOTED: OnceLock<Regex> = OnceLock::new();
    QUOTED.get_or_init(|| Regex::new(r"《[^》]*》").expect("quote pattern is valid"))
}

/// Parts of a header phrase that are not the name of the body: the session (第十三届, 第三次会议
/// …), the order number (令第706号) and the verbs.
fn not_body() -> &'static Regex {
    static NOT_BODY: OnceLock<Regex> = OnceLock::new();
    NOT_BODY.get_or_init(|| {
        Regex::new(
            r"(?x)
            第?[0-9一二三四五六七八九十百零〇]+届
            | 第?[0-9一二三四五六七八九十百零〇]+次.*$
            | 令\s*第?\s*[0-9]+\s*号.*$
            | (?:审判|检察)委员会$
            | ^(?:根据|经|由)
            | ^中华人民共和国
            ",
        )
        .expect("body pattern is valid")
    })
}

/// Verbs and notices at the end of a body phrase (…公告公布, …审议通过).
fn trailing_verbs() -> &'static Regex {
    static TRAILING: OnceLock<Regex> = OnceLock::new();
    TRAILING.get_or_init(|| {
        Regex::new(r"(?:审议|修订|公告|通过|修正|公布|发布|批准|施行|实施|会议|[、，,)）\s])+$")
            .expect("verb pattern is valid")
    })
}

/// Recognises what the header block of a law file says (the lines between the `# title` heading(s) and `<!-- INFO END -->`), e.g.
/// "1991年3月4日 中华人民共和国国务院令第76号发布\n2018年9月6日 国务院第23次常务会议修订通过\n2018年11月6日 中华人民共和国国务院令第706号公布\n2019年3月1日 施行"
/// or "2020年5月28日 第十三届全国人民代表大会第三次会议通过\n2021年1月1日 施行".
pub fn recognise_law_header(title: &str, header: &str) -> Recognised {
    let title = squeeze_spaces(title);
    let folded = fold_width(header);
    let dates = find_dates(&folded);

    // Each date with the phrase up to the next date; a phrase without a verb ("最高人民法院审判
    // 委员会第1331次会议、") shares the verb of the next one.
    let mut events: Vec<(Option<Event>, &str, usize)> = dates
        .iter()
        .enumerate()
        .map(|(index, found)| {
            let end = dates
                .get(index + 1)
                .map_or(folded.len(), |next| next.range.start);
            let phrase = folded[found.range.end..end].trim_matches(is_space);
            (event_of(phrase), phrase, index)
        })
        .collect();
    for index in (0..events.len().saturating_sub(1)).rev() {
        if events[index].0.is_none() {
            events[index].0 = events[index + 1].0;
        }
    }
    let last_date = |wanted: Event| {
        events
            .iter()
            .rev()
            .find(|(event, _, _)| *event == Some(wanted))
            .and_then(|(_, _, index)| dates.get(*index))
            .map(|found| found.date)
    };

    let mut issuers: Vec<String> = Vec::new();
    for (event, phrase, _) in &events {
        if matches!(event, Some(Event::Adopted | Event::Published)) {
            for body in bodies(phrase) {
                if !issuers.contains(&body) {
                    issuers.push(body);
                }
            }
        }
    }
    if issuers.is_empty() {
        issuers = issuer::from_title(&title);
    }
    let approved_by: Vec<String> = events
        .iter()
        .filter(|(event, _, _)| *event == Some(Event::Approved))
        .flat_map(|(_, phrase, _)| bodies(phrase))
        .collect();

    let doc_number = events
        .iter()
        .rev()
        .filter(|(event, _, _)| *event == Some(Event::Published))
        .find_map(|(_, phrase, _)| DocNumber::find_all(phrase).into_iter().next())
        .map(|found| {
            let mut number = found.number;
            if let Some(short) = number.code.strip_prefix("中华人民共和国") {
                number.code = short.to_owned();
            }
            number.to_string()
        });

    Recognised {
        title: (!title.is_empty()).then(|| title.clone()),
        doc_number,
        issuers,
        doc_type: doc_type_of_title(&title),
        departments: Vec::new(),
        policy_areas: policy_areas(&title, ""),
        dates: gongbao_core::Dates {
            written: last_date(Event::Adopted),
            published: last_date(Event::Published),
            effective: last_date(Event::InForce),
        },
        validity: validity(&title, header),
        approved_by,
    }
}

/// The event a phrase names: its first verb outside quoted titles ("发布 自发布之日施行" is a
/// publication).
fn event_of(phrase: &str) -> Option<Event> {
    let phrase = quoted().replace_all(phrase, "");
    VERBS
        .iter()
        .filter_map(|(verb, event)| phrase.find(verb).map(|at| (at, *event)))
        .min_by_key(|(at, _)| *at)
        .map(|(_, event)| event)
}

/// The bodies a phrase names: "第十三届全国人民代表大会第三次会议通过" names
/// 全国人民代表大会, "最高人民法院、最高人民检察院公告公布" names both courts.
fn bodies(phrase: &str) -> Vec<String> {
    let before_quote = phrase.split('《').next().unwrap_or_default();
    before_quote
        .split(|c: char| matches!(c, '、' | '，' | ',') || is_space(c))
        .filter_map(|part| {
            let part = squeeze_spaces(part);
            if part.contains("主席令") {
                return None;
            }
            let mut body = part;
            for _ in 0..3 {
                body = not_body().replace_all(&body, "").into_owned();
                body = trailing_verbs().replace(&body, "").into_owned();
            }
            let is_name = ends_like_organisation(&body)
                && (2..=40).contains(&char_len(&body))
                && !body.contains(['《', '》', '〈', '〉']);
            is_name.then_some(body)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongbao_core::date::parse_date;

    #[test]
    fn an_amended_regulation() {
        let header = "1998年4月2日 中华人民共和国国务院令第241号发布\n\n\
                      2016年2月6日 国务院第121次常务会议修订通过\n\n\
                      2016年3月6日 中华人民共和国国务院令第668号公布\n\n2016年5月1日 施行";
        let found = recognise_law_header("某某资源保护条例", header);
        assert_eq!(found.title.as_deref(), Some("某某资源保护条例"));
        assert_eq!(found.issuers, ["国务院"]);
        assert_eq!(found.doc_type.as_deref(), Some("条例"));
        assert_eq!(found.doc_number.as_deref(), Some("国务院令第668号"));
        assert_eq!(found.dates.written, parse_date("2016-02-06"));
        assert_eq!(found.dates.published, parse_date("2016-03-06"));
        assert_eq!(found.dates.effective, parse_date("2016-05-01"));
    }

    #[test]
    fn a_law_of_the_congress_and_its_standing_committee() {
        let header = "2003年6月28日 第十届全国人民代表大会常务委员会第三次会议通过\n\n\
                      2015年4月24日 第十二届全国人民代表大会常务委员会第十四次会议《关于修改〈某某法〉等六部法律的决定》修正";
        let found = recognise_law_header("中华人民共和国某某法", header);
        assert_eq!(found.issuers, ["全国人民代表大会常务委员会"]);
        assert_eq!(found.doc_type.as_deref(), Some("法律"));
        assert_eq!(found.dates.written, parse_date("2015-04-24"));
        assert_eq!(found.dates.published, None);

        let header = "2020年5月28日 第十三届全国人民代表大会第三次会议通过\n2021年1月1日 施行";
        let found = recognise_law_header("某某编", header);
        assert_eq!(found.issuers, ["全国人民代表大会"]);
        assert_eq!(found.dates.written, parse_date("2020-05-28"));
        assert_eq!(found.dates.effective, parse_date("2021-01-01"));
    }

    #[test]
    fn a_joint_judicial_interpretation() {
        let header = "2019年11月4日 最高人民法院审判委员会第1781次会议、2019年12月9日最高人民检察院第十三届检察委员会第三十次会议通过\n\n\
                      2020年1月2日 最高人民法院、最高人民检察院公告公布\n\n2020年1月10日 施行";
        let found = recognise_law_header(
            "最高人民法院、最高人民检察院关于办理某类刑事案件的解释",
            header,
        );
        assert_eq!(found.issuers, ["最高人民法院", "最高人民检察院"]);
        assert_eq!(found.doc_type.as_deref(), Some("解释"));
        assert_eq!(found.dates.written, parse_date("2019-12-09"));
        assert_eq!(found.dates.published, parse_date("2020-01-02"));
        assert_eq!(found.dates.effective, parse_date("2020-01-10"));
    }

    #[test]
    fn an_approving_body_is_not_an_issuer() {
        let header = "2012年6月20日 海滨市第十四届人民代表大会常务委员会第三次会议通过\n\n\
                      2012年7月27日 某某省第十一届人民代表大会常务委员会第三十一次会议批准\n\n\
                      2012年8月3日 海滨市人民代表大会常务委员会公告公布";
        let found = recognise_law_header("海滨市公园管理条例", header);
        assert_eq!(found.issuers, ["海滨市人民代表大会常务委员会"]);
        assert_eq!(found.approved_by, ["某某省人民代表大会常务委员会"]);
        assert_eq!(found.dates.published, parse_date("2012-08-03"));
        let header = "1999年5月12日 国务院批准\n\n1999年5月25日 民政部令第14号发布";
        let found = recognise_law_header("中国公民收养子女登记办法", header);
        assert_eq!(found.issuers, ["民政部"]);
        assert_eq!(found.approved_by, ["国务院"]);
    }

    #[test]
    fn an_empty_header_falls_back_to_the_title() {
        let found = recognise_law_header("最高人民法院关于审理某类纠纷案件的规定", "");
        assert_eq!(found.issuers, ["最高人民法院"]);
        assert_eq!(found.dates, gongbao_core::Dates::default());
        assert_eq!(found.validity, None);
    }
}
