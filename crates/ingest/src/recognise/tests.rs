//! End-to-end checks of `recognise` on notices written for these tests in the shapes the sources
//! have: text from a PDF (masthead, number, title broken by stray spaces, page breaks) and
//! one-line JSON text.

use gongbao_core::date::parse_date;
use gongbao_core::Validity;

use super::title::{find_title, TitleSource};
use super::*;

const PDF_NOTICE: &str = "\n\n滨海市人民政府办公室文件\n\n滨政办发〔2021〕8号\n\n\
滨海市人民政府办公室 关于印发 2021 年滨海市 营商环境优化 工作要点的通知\n\n\
各区县人民政府,市政府各部门、单位:\n\n\
《2021年滨海市营商环境优化工作要点》已经市政府同意,现印发给你们,请认真贯彻执行。\n\n\
滨海市人民政府办公室\n\n2021年3月2日\n\n\
2021 年滨海市营商环境优化工作要点\n\n\
1. 压减企业开办时间。全面推行企业开办一网通办,实现营业执照和印章同日办结。(市市场监管局、市公安局按职责分工分别牵头落实)\n\n\
2. 优化不动产登记。推行不动产登记、交易和缴税一窗受理,压缩办理时限。（市自然资源和规划局、市税务局、市住房城乡建\n\n\
设局按职责分工分别牵头落实）\n\n\
3. 公开涉企收费清单。（市发展改革委、各区县、市政府有关部门负责落实）\n\n\
本要点自2021年4月1日起施行。\n\n\
抄送:市委各部门,市人大常委会办公室。\n\n\
滨海市人民政府办公室\n\n2021 年 3 月 5 日印发\n";

#[test]
fn a_notice_from_a_pdf() {
    let found = recognise(None, PDF_NOTICE);
    assert_eq!(
        found.title.as_deref(),
        Some("滨海市人民政府办公室关于印发2021年滨海市营商环境优化工作要点的通知")
    );
    assert_eq!(found.doc_number.as_deref(), Some("滨政办发〔2021〕8号"));
    assert_eq!(found.issuers, ["滨海市人民政府办公室"]);
    assert_eq!(found.doc_type.as_deref(), Some("通知"));
    assert_eq!(
        found.departments,
        [
            "市市场监管局",
            "市公安局",
            "市自然资源和规划局",
            "市税务局",
            "市住房城乡建设局",
            "市发展改革委"
        ]
    );
    assert_eq!(found.dates.written, parse_date("2021-03-02"));
    assert_eq!(found.dates.published, parse_date("2021-03-05"));
    assert_eq!(found.dates.effective, parse_date("2021-04-01"));
    assert_eq!(found.validity, None);
    assert!(!found.policy_areas.is_empty());
}

#[test]
fn a_known_title_is_kept() {
    let found = recognise(Some(" 已知标题的通知 "), PDF_NOTICE);
    assert_eq!(found.title.as_deref(), Some("已知标题的通知"));
    assert_eq!(found.doc_type.as_deref(), Some("通知"));
}

#[test]
fn a_one_line_notice_with_joint_issuers() {
    let text = "省财政厅 省税务局 关于延长春节后纳税申报期限的公告 省财税公告2022年第3号 \
                \u{3000}\u{3000}为方便纳税人办理申报，现就有关事项公告如下：一、二月份申报期限延长至2月24日。\
                二、本公告自2022年2月8日起施行。\u{3000}\u{3000}省财政厅\u{3000}省税务局\u{3000}\u{3000}2022年2月7日";
    let found = recognise(None, text);
    assert_eq!(
        found.title.as_deref(),
        Some("省财政厅省税务局关于延长春节后纳税申报期限的公告")
    );
    assert_eq!(found.doc_number.as_deref(), Some("省财税公告2022年第3号"));
    assert_eq!(found.issuers, ["省财政厅", "省税务局"]);
    assert_eq!(found.doc_type.as_deref(), Some("公告"));
    assert_eq!(found.dates.written, parse_date("2022-02-07"));
    assert_eq!(found.dates.published, None);
    assert_eq!(found.dates.effective, parse_date("2022-02-08"));
    assert_eq!(found.policy_areas, [["财政、金融、审计"]]);
}

#[test]
fn a_signature_split_by_spaces_is_one_body() {
    let text = "关于暂停大型集会活动的通告 为做好疫情防控工作，现通告如下：暂停各类大型集会活动。 \
                某某市新冠肺炎疫情 防控工作领导小组指挥部 2020年2月3日";
    let found = recognise(None, text);
    assert_eq!(found.issuers, ["某某市新冠肺炎疫情防控工作领导小组指挥部"]);
    assert_eq!(found.dates.written, parse_date("2020-02-03"));
}

#[test]
fn one_line_titles() {
    let headline =
        find_title("某市推出线上办税新举措 记者从市税务局获悉，全市已有九成业务可网上办理。");
    assert_eq!(
        headline.map(|found| (found.title, found.source)),
        Some(("某市推出线上办税新举措".to_owned(), TitleSource::Segment))
    );
    // An issuer and a salutation in front: the first sentence stands in for the title.
    let text = "某市税务局 各区税务局，局内各单位：为支持企业复工复产，现就延期申报有关事项明确如下。一、……";
    let found = find_title(text);
    assert_eq!(
        found.map(|found| (found.title, found.source)),
        Some((
            "为支持企业复工复产，现就延期申报有关事项明确如下".to_owned(),
            TitleSource::Sentence
        ))
    );
    let found = recognise(None, "各区县教育局：现将有关事项通知如下。");
    assert_eq!(found.title.as_deref(), Some("现将有关事项通知如下"));
}

#[test]
fn a_long_first_sentence_is_shortened() {
    let text = "各有关单位：为进一步做好春季学期开学前后校园疫情防控工作，切实保障广大师生身体健康和生命安全，现提出如下要求。";
    let found = find_title(text).map(|found| found.title);
    assert_eq!(
        found.as_deref(),
        Some("为进一步做好春季学期开学前后校园疫情防控工作，切实保障广大师…")
    );
}

#[test]
fn validity_markers_and_the_repeal_trap() {
    let found = recognise(
        Some("滨海市犬只管理办法（已废止）"),
        "第一条 为了加强犬只管理。",
    );
    assert_eq!(found.validity, Some(Validity::Repealed));
    let text = "第二十条 本办法自2019年5月1日起施行。2012年发布的《滨海市犬只管理暂行办法》自本办法施行之日起废止。";
    let found = recognise(Some("滨海市犬只管理办法"), text);
    assert_eq!(found.validity, None);
    assert_eq!(found.dates.effective, parse_date("2019-05-01"));
}

#[test]
fn chinese_numeral_dates_in_the_signature() {
    let text = "关于做好防汛准备工作的通知\n\n各乡镇人民政府：\n\n请做好汛前检查。\n\n某某县防汛抗旱指挥部\n\n二〇二一年五月十日\n";
    let found = recognise(None, text);
    assert_eq!(found.issuers, ["某某县防汛抗旱指挥部"]);
    assert_eq!(found.dates.written, parse_date("2021-05-10"));
    assert_eq!(found.policy_areas, [["农业、林业、水利"]]);
}

#[test]
fn a_title_without_a_document_type_is_not_joined_to_the_text_below() {
    let text = "关于《滨海市人民政府关于支持中小企业共渡难关的若干措施》的政策解读\n一、出台背景\n\
                为帮助中小企业渡过难关，市政府印发了若干措施。\n";
    assert_eq!(
        recognise(None, text).title.as_deref(),
        Some("关于《滨海市人民政府关于支持中小企业共渡难关的若干措施》的政策解读")
    );
}
