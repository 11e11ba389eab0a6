//! An engine opened on a generations root follows the generation `CURRENT` names.

use std::time::{Duration, Instant};

use gongbao_core::{Document, Generations, GongbaoIndex, UserDictionary};
use gongbao_query::{Engine, SearchRequest, FOLLOW_INTERVAL};

/// Builds a generation of `count` notices under `generations` and makes it live.
fn generation(generations: &Generations, count: usize) {
    let (id, path) = generations.begin_next().unwrap();
    let index = GongbaoIndex::create(&path, UserDictionary::built_in()).unwrap();
    let documents: Vec<Document> = (0..count)
        .map(|number| Document {
            id: format!("{number}.md"),
            title: format!("关于第{number}批农村公路建设项目的通知"),
            body: "各县人民政府：现将农村公路建设项目计划下达给你们。".to_owned(),
            ..Document::default()
        })
        .collect();
    index.add_documents(&documents).unwrap();
    generations.switch_to(id).unwrap();
}

#[test]
fn the_engine_moves_to_a_new_generation_and_back_on_rollback() {
    let root = tempfile::tempdir().unwrap();
    let generations = Generations::open(root.path()).unwrap();
    generation(&generations, 2);
    let engine = Engine::open(root.path()).unwrap();
    assert_eq!(engine.num_docs(), 2);

    generation(&generations, 5);
    let deadline = Instant::now() + FOLLOW_INTERVAL * 10;
    while engine.num_docs() != 5 {
        assert!(
            Instant::now() < deadline,
            "the new generation was not followed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let request = SearchRequest {
        query: "农村公路".to_owned(),
        ..SearchRequest::default()
    };
    assert_eq!(engine.search(&request).unwrap().total, 5);

    generations.rollback().unwrap();
    assert!(engine.refresh().unwrap());
    assert_eq!(engine.num_docs(), 2);
    assert_eq!(engine.index().path(), root.path().join("gen-000001"));
}

#[test]
fn a_plain_index_directory_is_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let index = GongbaoIndex::create(dir.path(), UserDictionary::built_in()).unwrap();
    let engine = Engine::new(index).unwrap();
    assert!(!engine.refresh().unwrap());
    assert_eq!(engine.index().generation_root(), None);
}
