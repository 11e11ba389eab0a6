//! The server moves to new index generations without a restart and without failing a request:
//! searches run without pause while reindexes switch generations underneath the router.

mod util;

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use gongbao_core::UserDictionary;
use gongbao_ingest::{discover, reindex, IngestOptions};
use gongbao_query::Engine;
use gongbao_server::{router, EngineTitles, ServerConfig};
use tower::ServiceExt;

/// Reindexes while the searches run.
const SWITCHES: usize = 6;

fn build(root: &Path, sources: &Path) -> u64 {
    let files = discover(&[sources.to_path_buf()]).unwrap();
    let options = IngestOptions {
        threads: 1,
        writer_memory: 15 << 20,
        ..IngestOptions::default()
    };
    let report = reindex(
        root,
        &files,
        UserDictionary::built_in(),
        &options,
        &(),
        &EngineTitles,
    )
    .unwrap();
    report.documents
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn searches_never_fail_while_generations_switch() {
    let dir = tempfile::tempdir().unwrap();
    let small = util::repo_root().join("corpus");
    let large = dir.path().join("large");
    std::fs::create_dir_all(&large).unwrap();
    for number in 0..12 {
        std::fs::write(
            large.join(format!("{number}.md")),
            format!("# 关于第{number}批养犬登记工作的通知\n\n各街道办事处：现就第{number}批养犬登记有关事项通知如下。\n"),
        )
        .unwrap();
    }
    let root = dir.path().join("index");
    let first = build(&root, &small);
    let engine = Arc::new(Engine::open(&root).unwrap());
    let app = router(Arc::clone(&engine), &ServerConfig::default());

    let stop = Arc::new(AtomicBool::new(false));
    let failures = Arc::new(AtomicUsize::new(0));
    let requests = Arc::new(AtomicUsize::new(0));
    let totals = Arc::new(std::sync::Mutex::new(std::collections::BTreeSet::new()));
    let mut searchers = Vec::new();
    for uri in ["/api/search?q=%E5%85%BB%E7%8A%AC", "/api/facets"] {
        let (app, stop, failures, requests, totals) = (
            app.clone(),
            Arc::clone(&stop),
            Arc::clone(&failures),
            Arc::clone(&requests),
            Arc::clone(&totals),
        );
        searchers.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let response = app
                    .clone()
                    .oneshot(Request::get(uri).body(Body::empty()).unwrap())
                    .await
                    .unwrap();
                requests.fetch_add(1, Ordering::Relaxed);
                if response.status() != StatusCode::OK {
                    eprintln!("{uri}: {}", response.status());
                    failures.fetch_add(1, Ordering::Relaxed);
                    continue;
                }
                let body = axum::body::to_bytes(response.into_body(), 1 << 24)
                    .await
                    .unwrap();
                let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
                if let Some(total) = json["total"].as_u64() {
                    totals.lock().unwrap().insert(total);
                }
            }
        }));
    }

    let builder_root = root.clone();
    let counts = tokio::task::spawn_blocking(move || {
        let mut counts = vec![first];
        for switch in 0..SWITCHES {
            let sources = if switch % 2 == 0 { &large } else { &small };
            counts.push(build(&builder_root, sources));
            std::thread::sleep(Duration::from_millis(300));
        }
        counts
    })
    .await
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while engine.num_docs() != *counts.last().unwrap() {
        assert!(
            Instant::now() < deadline,
            "the last generation was not followed"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    stop.store(true, Ordering::Relaxed);
    for searcher in searchers {
        searcher.await.unwrap();
    }
    let requests = requests.load(Ordering::Relaxed);
    eprintln!(
        "{requests} requests during {SWITCHES} switches, totals seen {:?}",
        totals.lock().unwrap()
    );
    assert_eq!(failures.load(Ordering::Relaxed), 0);
    assert!(requests >= 50, "only {requests} requests");
    assert!(
        totals.lock().unwrap().len() >= 2,
        "the searches never saw another generation"
    );
}
