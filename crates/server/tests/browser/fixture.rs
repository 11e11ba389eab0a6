//! The documents the browser tests search, written for them: a regulation with chapters and
//! articles, a notice with a document number that others cite, a repealed rule, a gazette
//! notice with issue and pages, and 25 notices on one subject so results span two pages.

use std::path::Path;
use std::sync::Arc;

use gongbao_core::{Dates, Document, GazetteIssue, GongbaoIndex, Source, UserDictionary, Validity};
use gongbao_query::Engine;
use time::{Date, Month};

/// The regulation with chapters and articles.
pub const REGULATION: &str = "regulations/jiangcheng-yangquan-guanli-tiaoli.md";
/// The notice with the document number 江政办发〔2023〕12号.
pub const NOTICE: &str = "notices/江政办发〔2023〕12号.md";
/// The notice that cites [`NOTICE`] by its number.
pub const CITING: &str = "notices/jiangcheng-minying-jingji-shishi-xize.md";
/// The repealed rule.
pub const REPEALED: &str = "rules/jiangcheng-chengshi-gongshui-banfa.md";
/// The notice printed in the gazette.
pub const GAZETTE: &str = "gazette/2023-05/zhengwu-gongkai-yaodian.md";
/// Notices on old residential compounds (老旧小区改造), generated.
pub const RENOVATION_NOTICES: usize = 25;

fn day(year: i32, month: u8, day: u8) -> Date {
    Date::from_calendar_date(year, Month::try_from(month).expect("month"), day).expect("date")
}

fn dates(written: Date, published: Date, effective: Option<Date>) -> Dates {
    Dates {
        written: Some(written),
        published: Some(published),
        effective,
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

fn area(path: &[&str]) -> Vec<String> {
    strings(path)
}

/// Every fixture document.
pub fn documents() -> Vec<Document> {
    let mut documents = vec![
        Document {
            id: REGULATION.to_owned(),
            title: "江城市养犬管理条例".to_owned(),
            doc_number: Some("江城市人民代表大会常务委员会公告第15号".to_owned()),
            issuers: strings(&["江城市人民代表大会常务委员会"]),
            doc_type: Some("条例".to_owned()),
            policy_areas: vec![area(&["公共安全", "动物管理"])],
            departments: strings(&["市公安局", "市城市管理局"]),
            dates: dates(day(2021, 9, 28), day(2021, 10, 8), Some(day(2022, 1, 1))),
            validity: Validity::InForce,
            expires: None,
            relations: Vec::new(),
            level: None,
            source: Source {
                path: REGULATION.to_owned(),
                ..Source::default()
            },
            body: "第一章 总则\n第一条 为了规范养犬行为，保障公民健康和人身安全，维护市容环境和社会公共秩序，根据有关法律、法规，结合本市实际，制定本条例。\n第二条 本市行政区域内养犬和与养犬有关的管理活动，适用本条例。\n第三条 养犬管理实行政府负责、部门协同、养犬人自律、社会参与的原则。\n第二章 养犬登记\n第四条 本市对犬只实行登记制度。养犬人应当自取得犬只之日起三十日内，携带犬只狂犬病免疫证明到养犬登记机关办理养犬登记。\n第五条 个人在重点管理区内养犬的，每户限养一只。禁止在重点管理区内饲养烈性犬、大型犬。\n第三章 养犬行为规范\n第六条 携犬出户的，应当为犬只佩戴犬牌，束犬链并由成年人牵领，主动避让老年人、残疾人、孕妇和儿童。\n第七条 携犬乘坐电梯的，应当避开乘坐电梯的高峰时间，并为犬只戴嘴套或者将犬只装入犬袋、犬笼。\n第四章 法律责任\n第八条 违反本条例第六条规定，携犬出户未束犬链的，由公安机关责令改正，可以处五十元以上二百元以下罚款。\n第九条 本条例自2022年1月1日起施行。".to_owned(),
            structure: Default::default(),
            extra: Default::default(),
        },
        Document {
            id: NOTICE.to_owned(),
            title: "江城市人民政府办公室关于印发江城市促进民营经济高质量发展若干措施的通知".to_owned(),
            doc_number: Some("江政办发〔2023〕12号".to_owned()),
            issuers: strings(&["江城市人民政府办公室"]),
            doc_type: Some("通知".to_owned()),
            policy_areas: vec![area(&["经济管理", "民营经济"])],
            departments: strings(&["市发展改革委", "市财政局"]),
            dates: dates(day(2023, 5, 18), day(2023, 5, 25), Some(day(2023, 6, 1))),
            validity: Validity::InForce,
            expires: None,
            relations: Vec::new(),
            level: None,
            source: Source {
                path: NOTICE.to_owned(),
                ..Source::default()
            },
            body: "各区人民政府，市政府各部门、各直属机构：\n现将《江城市促进民营经济高质量发展若干措施》印发给你们，请认真组织实施。\n一、降低企业融资成本。对符合条件的民营企业贷款给予贴息支持（市财政局牵头落实）。\n二、优化营商环境。全面推行涉企审批事项网上办理，压减办理时限（市发展改革委牵头落实）。\n三、保障用地需求。民营企业投资的重点项目，优先安排用地计划指标。\n江城市人民政府办公室\n2023年5月18日".to_owned(),
            structure: Default::default(),
            extra: Default::default(),
        },
        Document {
            id: CITING.to_owned(),
            title: "江城市发展和改革委员会关于落实民营经济若干措施的实施细则".to_owned(),
            doc_number: Some("江发改〔2023〕31号".to_owned()),
            issuers: strings(&["江城市发展和改革委员会"]),
            doc_type: Some("细则".to_owned()),
            policy_areas: vec![area(&["经济管理", "民营经济"])],
            departments: strings(&["市发展改革委"]),
            dates: dates(day(2023, 7, 3), day(2023, 7, 10), Some(day(2023, 8, 1))),
            validity: Validity::InForce,
            expires: None,
            relations: Vec::new(),
            level: None,
            source: Source {
                path: CITING.to_owned(),
                ..Source::default()
            },
            body: "为落实江政办发〔2023〕12号文件精神，进一步优化营商环境，制定本细则。\n一、涉企审批事项全部纳入网上办理，办理时限压减至五个工作日以内。\n二、建立民营企业诉求快速响应机制，对企业反映的问题实行限时办结。".to_owned(),
            structure: Default::default(),
            extra: Default::default(),
        },
        Document {
            id: REPEALED.to_owned(),
            title: "江城市城市供水管理办法".to_owned(),
            doc_number: Some("江政发〔2010〕8号".to_owned()),
            issuers: strings(&["江城市人民政府"]),
            doc_type: Some("办法".to_owned()),
            policy_areas: vec![area(&["城乡建设", "供水"])],
            departments: strings(&["市住房城乡建设局"]),
            dates: dates(day(2010, 3, 2), day(2010, 3, 10), None),
            validity: Validity::Repealed,
            expires: None,
            relations: Vec::new(),
            level: None,
            source: Source {
                path: REPEALED.to_owned(),
                ..Source::default()
            },
            body: "第一条 为加强城市供水管理，保障城市生活、生产用水，制定本办法。\n第二条 市住房城乡建设局负责本市城市供水的监督管理工作。\n第三条 本办法自发布之日起施行。".to_owned(),
            structure: Default::default(),
            extra: Default::default(),
        },
        Document {
            id: GAZETTE.to_owned(),
            title: "江城市人民政府关于印发2023年政务公开工作要点的通知".to_owned(),
            doc_number: Some("江政发〔2023〕5号".to_owned()),
            issuers: strings(&["江城市人民政府"]),
            doc_type: Some("通知".to_owned()),
            policy_areas: vec![area(&["政务公开", "政府信息公开"])],
            departments: strings(&["市政府办公室", "市政务服务数据管理局"]),
            dates: dates(day(2023, 4, 20), day(2023, 5, 15), None),
            validity: Validity::InForce,
            expires: None,
            relations: Vec::new(),
            level: None,
            source: Source {
                path: "gazette/2023-05.pdf".to_owned(),
                pages: Some((12, 15)),
                issue: Some(GazetteIssue {
                    gazette: "江城市人民政府公报".to_owned(),
                    year: 2023,
                    number: 5,
                }),
                ..Source::default()
            },
            body: "各区人民政府，市政府各部门：\n现将《2023年政务公开工作要点》印发给你们，请结合实际认真贯彻落实。\n一、围绕稳经济促发展加强政策发布解读。及时公开助企纾困政策，做好江政办发〔2023〕12号等文件的解读工作。\n二、深化基层政务公开标准化规范化建设，推动政务公开向村（居）务公开延伸。".to_owned(),
            structure: Default::default(),
            extra: [(
                "pdf_url".to_owned(),
                serde_json::Value::from("https://www.jiangcheng.gov.cn/gongbao/2023-05.pdf"),
            )]
            .into_iter()
            .collect(),
        },
    ];
    let departments = ["市住房城乡建设局", "市财政局", "市发展改革委"];
    let districts = ["东城区", "西城区", "南湖区", "北山区", "江滨区"];
    for n in 0..RENOVATION_NOTICES {
        let year = 2019 + (n % 5) as i32;
        let month = 1 + (n % 12) as u8;
        let district = districts[n % districts.len()];
        let department = departments[n % departments.len()];
        let area_path = if n % 2 == 0 {
            area(&["城乡建设", "住房保障"])
        } else {
            area(&["城乡建设", "市容环境"])
        };
        documents.push(Document {
            id: format!("notices/laojiu-xiaoqu-{n:02}.md"),
            title: format!("关于做好{district}{year}年第{}批老旧小区改造工作的通知", n / 5 + 1),
            doc_number: Some(format!("江建发〔{year}〕{}号", 10 + n)),
            issuers: strings(&["江城市住房和城乡建设局"]),
            doc_type: Some("通知".to_owned()),
            policy_areas: vec![area_path],
            departments: strings(&[department]),
            dates: dates(day(year, month, 6), day(year, month, 12 + (n % 10) as u8), None),
            validity: if n == 3 { Validity::Expired } else { Validity::InForce },
            expires: None,
            relations: Vec::new(),
            level: None,
            source: Source {
                path: format!("notices/laojiu-xiaoqu-{n:02}.md"),
                ..Source::default()
            },
            body: format!("各街道办事处，{department}：\n为改善居民居住条件，现就{district}{year}年老旧小区改造工作通知如下。\n一、改造内容包括供水、供电、燃气管网更新，加装电梯和无障碍设施，整治小区环境。\n二、改造资金由市、区两级财政按比例承担，{department}负责资金拨付和监督。\n三、各街道要充分听取居民意见，做到改造前问需于民、改造中问计于民、改造后问效于民。"),
            structure: Default::default(),
            extra: Default::default(),
        });
    }
    documents
}

/// Builds an index of the fixture documents in `dir` and opens an engine on it.
pub fn engine(dir: &Path) -> Arc<Engine> {
    let index = GongbaoIndex::create(dir, UserDictionary::built_in()).expect("index is created");
    index
        .add_documents(&documents())
        .expect("documents are added");
    let engine = Engine::new(index).expect("engine opens");
    engine.reload().expect("reader reloads");
    Arc::new(engine)
}
