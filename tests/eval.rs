//! `gongbao eval` over the sample corpus: the peer's two lines, and the per-query rankings.

mod util;

use util::succeeds as gongbao;

#[test]
fn eval_prints_the_peers_lines_and_writes_every_querys_ranking() {
    let (dir, index) = util::sample_index();
    let queries = dir.path().join("queries.jsonl");
    let lines = [
        r#"{"qid": "1", "query": "养犬需要办理什么登记？", "relevant": ["regulations/jiangcheng-yangquan-guanli-tiaoli.md"]}"#,
        r#"{"qid": "2", "query": "城市绿化怎么管理", "relevant": ["no/such/document"]}"#,
    ];
    std::fs::write(&queries, lines.join("\n")).unwrap();
    // One timed run of every query, with `options`.
    let eval = |options: &[&str]| {
        let mut args = vec![
            "eval",
            "--queries",
            queries.to_str().unwrap(),
            "--index",
            &index,
            "--repeats",
            "1",
        ];
        args.extend_from_slice(options);
        gongbao(&args)
    };
    let per_query = dir.path().join("per-query.jsonl");
    let printed = eval(&["--facets", "--per-query", per_query.to_str().unwrap()]);
    let mut printed = printed.lines();
    let quality = printed.next().unwrap();
    assert!(
        quality.starts_with("queries 2  nDCG@10 0.5000"),
        "{quality}"
    );
    let latency = printed.next().unwrap();
    assert!(latency.starts_with("latency_us p50 "), "{latency}");
    assert!(latency.ends_with("(single thread, 1 timed runs, top-10 with stored ids, with facets)"));

    let rows = util::json_lines(&per_query);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["query"], "养犬需要办理什么登记？");
    assert_eq!(rows[0]["ndcg"], 1.0);
    assert_eq!(
        rows[0]["ranked"][0],
        "regulations/jiangcheng-yangquan-guanli-tiaoli.md"
    );
    assert_eq!(rows[1]["ndcg"], 0.0);
    assert_eq!(
        rows[1]["ranked"][0],
        "regulations/jiangcheng-chengshi-lvhua-banfa.md"
    );

    // Timed as the API serves searches: the same ranking, pages of the API's size.
    let printed = eval(&["--passages"]);
    let mut printed = printed.lines();
    assert_eq!(printed.next(), Some(quality));
    let latency = printed.next().unwrap();
    assert!(
        latency.ends_with(
            "(single thread, 1 timed runs, pages of 20 with passages and marked titles)"
        ),
        "{latency}"
    );
}
