//! A commit to the index behind a running router is served without a restart.

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use gongbao_core::{Document, GongbaoIndex, Validity};
use gongbao_server::{router, ServerConfig};

use crate::util::{build, documents, encode, get_with, search_uri};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_commits_are_served() {
    let dir = tempfile::tempdir().unwrap();
    let engine = build(dir.path(), &documents()[..1]);
    let app = router(engine, &ServerConfig::default());
    let id = "规范性文件/粤府办〔2024〕5号.md";
    let uri = format!("/api/documents/{}", encode(id, true));
    assert_eq!(
        get_with(app.clone(), &uri).await.status,
        StatusCode::NOT_FOUND
    );

    let added = Document {
        id: id.to_owned(),
        title: "广东省人民政府办公厅关于加快推进城镇老旧小区改造工作的实施意见".to_owned(),
        doc_number: Some("粤府办〔2024〕5号".to_owned()),
        issuers: vec!["广东省人民政府办公厅".to_owned()],
        doc_type: Some("意见".to_owned()),
        validity: Validity::InForce,
        expires: None,
        relations: Vec::new(),
        level: None,
        body: "各地级以上市人民政府，省政府各部门：\n城镇老旧小区改造是重大民生工程，经省人民政府同意，现提出如下实施意见。".to_owned(),
        ..Document::default()
    };
    let writer_index = GongbaoIndex::open(dir.path()).unwrap();
    tokio::task::spawn_blocking(move || {
        writer_index.add_documents(&[added]).unwrap();
    })
    .await
    .unwrap();

    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let answer = get_with(app.clone(), &uri).await;
        if answer.status == StatusCode::OK {
            assert_eq!(answer.json()["document"]["doc_number"], "粤府办〔2024〕5号");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the commit was not served within 10 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let answer = get_with(app, &search_uri(&[("q", "老旧小区改造")])).await;
    assert_eq!(answer.json()["hits"][0]["id"], id);
}
