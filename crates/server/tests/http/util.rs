//! The fixture index (written for these tests) and request helpers.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use gongbao_core::{Dates, Document, GongbaoIndex, Source, UserDictionary, Validity};
use gongbao_query::Engine;
use gongbao_server::{router, ServerConfig};
use serde_json::Value;
use tempfile::TempDir;
use time::macros::date;
use tower::ServiceExt;

/// A 规范性文件 of 江门市.
pub const JIANGMEN: &str = "规范性文件/江政办发〔2023〕12号.md";
/// A 行政法规 whose id holds `/` and Chinese.
pub const REGULATION: &str = "行政法规/某条例.md";
/// A repealed rule.
pub const REPEALED: &str = "规章/东营市城市供水管理办法.md";

/// The fixture documents.
pub fn documents() -> Vec<Document> {
    vec![
        Document {
            id: JIANGMEN.to_owned(),
            title: "江门市人民政府办公室关于印发江门市促进民营经济高质量发展若干措施的通知".to_owned(),
            doc_number: Some("江政办发〔2023〕12号".to_owned()),
            issuers: vec!["江门市人民政府办公室".to_owned()],
            doc_type: Some("通知".to_owned()),
            policy_areas: vec![vec!["经济管理".to_owned(), "民营经济".to_owned()]],
            departments: vec!["市发展改革局".to_owned(), "市财政局".to_owned()],
            dates: Dates {
                written: Some(date!(2023 - 05 - 18)),
                published: Some(date!(2023 - 05 - 25)),
                effective: Some(date!(2023 - 06 - 01)),
            },
            validity: Validity::InForce,
            expires: None,
            relations: Vec::new(),
            level: None,
            source: Source {
                path: JIANGMEN.to_owned(),
                ..Source::default()
            },
            body: "各市（区）人民政府，市政府各部门、各直属机构：\n现将《江门市促进民营经济高质量发展若干措施》印发给你们，请认真组织实施。\n一、降低企业融资成本。对符合条件的民营企业贷款给予贴息支持（市财政局牵头落实）。\n二、优化营商环境。全面推行涉企审批事项网上办理（市发展改革局牵头落实）。".to_owned(),
            structure: Default::default(),
            extra: Default::default(),
        },
        Document {
            id: REGULATION.to_owned(),
            title: "某条例".to_owned(),
            doc_number: Some("国务院令第七百号".to_owned()),
            issuers: vec!["国务院".to_owned()],
            doc_type: Some("条例".to_owned()),
            policy_areas: vec![vec!["政务公开".to_owned(), "政府信息公开".to_owned()]],
            departments: Vec::new(),
            dates: Dates {
                written: Some(date!(2019 - 04 - 03)),
                published: Some(date!(2019 - 04 - 15)),
                effective: Some(date!(2019 - 05 - 15)),
            },
            validity: Validity::Amended,
            expires: None,
            relations: Vec::new(),
            level: None,
            source: Source {
                path: REGULATION.to_owned(),
                ..Source::default()
            },
            body: "第一条 为了保障公民、法人和其他组织依法获取政府信息，提高政府工作的透明度，制定本条例。\n第二条 本条例所称政府信息，是指行政机关在履行行政管理职能过程中制作或者获取的信息。民营企业信息公开参照江政办发〔2023〕12号执行。".to_owned(),
            structure: Default::default(),
            extra: Default::default(),
        },
        Document {
            id: REPEALED.to_owned(),
            title: "东营市城市供水管理办法".to_owned(),
            doc_number: Some("东政发〔2010〕8号".to_owned()),
            issuers: vec!["东营市人民政府".to_owned()],
            doc_type: Some("办法".to_owned()),
            policy_areas: vec![vec!["城乡建设".to_owned(), "供水".to_owned()]],
            departments: vec!["市住房城乡建设局".to_owned()],
            dates: Dates {
                written: Some(date!(2010 - 03 - 02)),
                published: Some(date!(2010 - 03 - 10)),
                effective: None,
            },
            validity: Validity::Repealed,
            expires: None,
            relations: Vec::new(),
            level: None,
            source: Source {
                path: REPEALED.to_owned(),
                ..Source::default()
            },
            body: "第一条 为加强城市供水管理，保障城市生活、生产用水，制定本办法。\n第二条 市住房城乡建设局负责本市城市供水的监督管理工作。".to_owned(),
            structure: Default::default(),
            extra: Default::default(),
        },
    ]
}

/// Builds an index of `documents` in `dir` and opens an engine on it.
pub fn build(dir: &Path, documents: &[Document]) -> Arc<Engine> {
    let index = GongbaoIndex::create(dir, UserDictionary::built_in()).expect("index is created");
    index.add_documents(documents).expect("documents are added");
    let engine = Engine::new(index).expect("engine opens");
    engine.reload().expect("reader reloads");
    Arc::new(engine)
}

/// The shared fixture engine.
pub fn engine() -> Arc<Engine> {
    static FIXTURE: OnceLock<(TempDir, Arc<Engine>)> = OnceLock::new();
    let (_, engine) = FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let engine = build(dir.path(), &documents());
        (dir, engine)
    });
    Arc::clone(engine)
}

/// A router over the fixture with default settings.
pub fn app() -> Router {
    router(engine(), &ServerConfig::default())
}

/// An answer: status, content type and body.
pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|error| panic!("body is JSON ({error}): {}", self.body))
    }

    /// Checks that this is an error of `code` with `status`, in the one JSON shape, and that it
    /// leaks nothing; returns the message.
    pub fn error(&self, status: StatusCode, code: &str) -> String {
        assert_eq!(self.status, status, "{}", self.body);
        let json = self.json();
        assert_eq!(json["code"], code, "{}", self.body);
        assert_eq!(json.as_object().unwrap().len(), 2, "{}", self.body);
        assert_leaks_nothing(&self.body);
        json["message"].as_str().expect("message").to_owned()
    }
}

/// Error bodies never carry file paths, index internals or panic messages.
pub fn assert_leaks_nothing(body: &str) {
    for secret in ["/tmp", "tantivy", "panicked", "Tantivy"] {
        assert!(!body.contains(secret), "{secret} in {body}");
    }
}

/// Sends `request` to `app`.
pub async fn send(app: Router, request: Request<Body>) -> Answer {
    let response = app.oneshot(request).await.expect("router answers");
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("body is read");
    Answer {
        status,
        headers,
        body: String::from_utf8(body.to_vec()).expect("body is UTF-8"),
    }
}

/// `GET uri` on `app`.
pub async fn get_with(app: Router, uri: &str) -> Answer {
    send(app, Request::get(uri).body(Body::empty()).expect("request")).await
}

/// `GET uri` on the fixture.
pub async fn get(uri: &str) -> Answer {
    get_with(app(), uri).await
}

/// Percent-encodes everything but unreserved ASCII (and `/` when `keep_slash`).
pub fn encode(text: &str, keep_slash: bool) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) || (keep_slash && byte == b'/') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `/api/search?` with `pairs` encoded.
pub fn search_uri(pairs: &[(&str, &str)]) -> String {
    let query: Vec<String> = pairs
        .iter()
        .map(|(name, value)| format!("{}={}", encode(name, false), encode(value, false)))
        .collect();
    format!("/api/search?{}", query.join("&"))
}

/// Ids of the hits of a search answer.
pub fn hit_ids(answer: &Answer) -> Vec<String> {
    answer.json()["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|hit| hit["id"].as_str().unwrap().to_owned())
        .collect()
}
