//! The fixture index: a handful of documents written for these tests, indexed once per run.

use std::sync::OnceLock;

use gongbao_core::{Dates, Document, GongbaoIndex, Source, UserDictionary, Validity};
use gongbao_query::{Engine, SearchRequest, SearchResponse};
use tempfile::TempDir;
use time::macros::date;
use time::Date;

pub const DONGYING: &str = "dongying/2017-15";
pub const BRIDGE: &str = "nanjing/bridge";
pub const LOAN: &str = "shandong/loan";
pub const EPIDEMIC: &str = "dongying/epidemic";
pub const RESUME: &str = "dongying/resume";
pub const OLD_RULE: &str = "dongying/old-rule";
pub const UNDATED: &str = "misc/undated";

struct Spec {
    id: &'static str,
    title: &'static str,
    doc_number: Option<&'static str>,
    issuers: &'static [&'static str],
    doc_type: Option<&'static str>,
    areas: &'static [&'static [&'static str]],
    departments: &'static [&'static str],
    written: Option<Date>,
    published: Option<Date>,
    effective: Option<Date>,
    validity: Validity,
    body: &'static str,
}

const SPECS: [Spec; 7] = [
    Spec {
        id: DONGYING,
        title: "东营市人民政府办公室关于印发2017年东营市政务公开工作要点的通知",
        doc_number: Some("东政办发〔2017〕15号"),
        issuers: &["东营市人民政府办公室"],
        doc_type: Some("通知"),
        areas: &[&["政务公开", "政府信息公开"]],
        departments: &["市发展改革委", "市财政局"],
        written: Some(date!(2017 - 06 - 06)),
        published: Some(date!(2017 - 06 - 10)),
        effective: None,
        validity: Validity::InForce,
        body: "各县区人民政府，市政府各部门：\n现将《2017年东营市政务公开工作要点》印发给你们，请认真贯彻落实。\n一、推进决策公开。完善重大行政决策预公开制度，对涉及群众切身利益的决策事项广泛听取意见（市发展改革委牵头落实）。\n二、推进政策解读。对重要政策文件做好解读工作，做到政策文件与解读方案同步起草、同步审签（市财政局牵头落实）。",
    },
    Spec {
        id: BRIDGE,
        title: "南京市长江大桥维修养护管理办法",
        doc_number: Some("宁政规字〔2019〕3号"),
        issuers: &["南京市人民政府"],
        doc_type: Some("办法"),
        areas: &[&["城乡建设", "交通运输"]],
        departments: &["市交通运输局"],
        written: Some(date!(2019 - 03 - 01)),
        published: Some(date!(2019 - 03 - 05)),
        effective: Some(date!(2019 - 04 - 01)),
        validity: Validity::InForce,
        body: "第一章 总则\n第一条 为了加强南京长江大桥的维修养护管理，保障桥梁安全畅通，制定本办法。\n第二条 本办法适用于本市行政区域内长江大桥的维修、养护及其管理活动。\n第二章 养护管理\n第十二条 养护单位应当每月对桥面、栏杆和照明设施进行一次全面检查，发现病害的，应当及时组织维修，并将检查记录报市交通运输局备案。\n第十三条 任何单位和个人不得在桥面上擅自设置广告设施。",
    },
    Spec {
        id: LOAN,
        title: "关于做好创业担保贷款工作的通知",
        doc_number: Some("鲁政办发[2018]21号"),
        issuers: &["山东省人民政府办公厅"],
        doc_type: Some("通知"),
        areas: &[&["劳动就业", "创业扶持"]],
        departments: &["省人力资源社会保障厅", "省财政厅"],
        written: Some(date!(2018 - 05 - 20)),
        published: None,
        effective: None,
        validity: Validity::Amended,
        body: "各市人民政府：\n为进一步做好创业担保贷款工作，支持劳动者自主创业，现就有关事项通知如下。\n一、符合条件的个人可以申请最高15万元的创业担保贷款，由财政给予贴息。\n二、申请人应当向户籍所在地的人力资源社会保障部门提交申请材料。\n各地在执行中可参照《东营市人民政府办公室关于印发2017年东营市政务公开工作要点的通知》做好信息公开。",
    },
    Spec {
        id: EPIDEMIC,
        title: "关于进一步做好新冠肺炎疫情防控工作的通知",
        doc_number: Some("东政发〔2020〕4号"),
        issuers: &["东营市人民政府"],
        doc_type: Some("通知"),
        areas: &[&["卫生健康", "疾病防控"]],
        departments: &["市卫生健康委"],
        written: Some(date!(2020 - 02 - 01)),
        published: Some(date!(2020 - 02 - 02)),
        effective: None,
        validity: Validity::Expired,
        body: "各县区人民政府：\n为切实做好疫情防控工作，根据东政办发(2017)15号文件关于政务公开的要求，及时发布疫情信息。\n一、加强境外入境人员管理，落实集中隔离措施。\n二、企业复工复产前应当制定防控方案。",
    },
    Spec {
        id: RESUME,
        title: "关于支持企业复工复产的若干措施",
        doc_number: None,
        issuers: &["东营市人民政府办公室", "东营市财政局"],
        doc_type: Some("意见"),
        areas: &[&["卫生健康", "疾病防控"], &["财政税收"]],
        departments: &["市财政局"],
        written: Some(date!(2020 - 03 - 01)),
        published: Some(date!(2020 - 03 - 03)),
        effective: None,
        validity: Validity::InForce,
        body: "为统筹推进疫情防控和经济社会发展，支持企业复工复产，提出如下措施。\n一、对受疫情影响较大的中小企业，减免三个月房租。\n二、加大创业担保贷款贴息力度。\n本措施根据《关于进一步做好新冠肺炎疫情防控工作的通知》（东政发〔2020〕4号）制定。",
    },
    Spec {
        id: OLD_RULE,
        title: "东营市政府信息公开规定",
        doc_number: Some("东营市人民政府令第12号"),
        issuers: &["东营市人民政府"],
        doc_type: Some("规定"),
        areas: &[&["政务公开"]],
        departments: &[],
        written: Some(date!(2008 - 04 - 01)),
        published: None,
        effective: None,
        validity: Validity::Repealed,
        body: "第一条 为了保障公民、法人和其他组织依法获取政府信息，制定本规定。\n第二条 政府信息公开应当遵循公正、公平、便民的原则。",
    },
    Spec {
        id: UNDATED,
        title: "关于加强政务公开工作的意见",
        doc_number: None,
        issuers: &[],
        doc_type: Some("意见"),
        areas: &[],
        departments: &[],
        written: None,
        published: None,
        effective: None,
        validity: Validity::Unknown,
        body: "政务公开是建设法治政府的重要内容。各部门要加强政务公开工作，坚持以公开为常态、不公开为例外。",
    },
];

/// The fixture documents.
pub fn documents() -> Vec<Document> {
    SPECS
        .iter()
        .map(|spec| Document {
            id: spec.id.to_owned(),
            title: spec.title.to_owned(),
            doc_number: spec.doc_number.map(str::to_owned),
            issuers: spec.issuers.iter().map(|s| s.to_string()).collect(),
            doc_type: spec.doc_type.map(str::to_owned),
            policy_areas: spec
                .areas
                .iter()
                .map(|path| path.iter().map(|s| s.to_string()).collect())
                .collect(),
            departments: spec.departments.iter().map(|s| s.to_string()).collect(),
            dates: Dates {
                written: spec.written,
                published: spec.published,
                effective: spec.effective,
            },
            validity: spec.validity,
            expires: None,
            relations: Vec::new(),
            level: None,
            source: Source {
                path: format!("{}.txt", spec.id),
                ..Source::default()
            },
            body: spec.body.to_owned(),
            structure: Default::default(),
            extra: Default::default(),
        })
        .collect()
}

/// Builds an index of `documents` in `dir`.
pub fn build(dir: &std::path::Path, documents: &[Document]) -> Engine {
    let index = GongbaoIndex::create(dir, UserDictionary::built_in()).expect("index is created");
    index.add_documents(documents).expect("documents are added");
    let engine = Engine::new(index).expect("engine opens");
    engine.reload().expect("reader reloads");
    engine
}

/// The shared fixture engine.
pub fn engine() -> &'static Engine {
    static FIXTURE: OnceLock<(TempDir, Engine)> = OnceLock::new();
    built_once(&FIXTURE, documents)
}

/// The engine of `fixture`, an index of `documents()` built the first time it is asked for.
pub fn built_once(
    fixture: &'static OnceLock<(TempDir, Engine)>,
    documents: fn() -> Vec<Document>,
) -> &'static Engine {
    let (_, engine) = fixture.get_or_init(|| {
        let dir = TempDir::new().expect("temporary directory");
        let engine = build(dir.path(), &documents());
        (dir, engine)
    });
    engine
}

/// Runs `request`, which must succeed.
pub fn search(request: &SearchRequest) -> SearchResponse {
    engine()
        .search(request)
        .unwrap_or_else(|error| panic!("{request:?}: {error}"))
}

/// Ids of the hits of a query, every hit on one page.
pub fn ids(query: &str) -> Vec<String> {
    let request = SearchRequest {
        page_size: 100,
        ..SearchRequest::new(query)
    };
    hit_ids(&search(&request))
}

/// Ids of the hits of a response.
pub fn hit_ids(response: &SearchResponse) -> Vec<String> {
    response.hits.iter().map(|hit| hit.id.clone()).collect()
}
