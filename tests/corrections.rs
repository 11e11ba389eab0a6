//! `gongbao correct` over the sample corpus: a clerk's validity and relations, at once and after
//! a reindex; wrong input refused with nothing recorded.

mod util;

use std::path::Path;

use util::{gongbao, succeeds};

const TIAOLI: &str = "regulations/jiangcheng-yangquan-guanli-tiaoli.md";

fn as_args(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

fn lifecycle(index: &str, id: &str) -> serde_json::Value {
    let printed = succeeds(&["lifecycle", "--index", index, id, "--json"]);
    serde_json::from_str(&printed).expect("JSON")
}

#[test]
fn a_clerks_correction_applies_at_once_survives_a_reindex_and_bad_input_records_nothing() {
    let (dir, index) = util::sample_index();
    let index = index.as_str();
    assert_eq!(
        lifecycle(index, TIAOLI)["lifecycle"]["validity"],
        "现行有效"
    );

    let printed = succeeds(&[
        "correct",
        "--index",
        index,
        TIAOLI,
        "--validity",
        "已废止",
        "--from",
        "2024-03-01",
        "--by",
        "江城市人民代表大会常务委员会关于废止部分地方性法规的决定",
    ]);
    assert!(
        printed.starts_with(&format!("corrected {TIAOLI}: 已废止 from 2024-03-01")),
        "{printed}"
    );
    let relations = dir.path().join("relations.json");
    std::fs::write(
        &relations,
        r#"[{"kind": "repeals", "title": "江城市城市绿化管理办法", "doc_number": "江政发〔2001〕9号"}]"#,
    )
    .unwrap();
    let relations_of = |path: &Path| -> Vec<String> {
        ["correct", "--index", index, TIAOLI, "--relations"]
            .map(str::to_owned)
            .into_iter()
            .chain([path.to_str().unwrap().to_owned()])
            .collect()
    };
    succeeds(&as_args(&relations_of(&relations)));
    let check = |when: &str| {
        let view = lifecycle(index, TIAOLI);
        assert_eq!(view["lifecycle"]["validity"], "已废止", "{when}: {view}");
        assert_eq!(view["lifecycle"]["since"], "2024-03-01", "{when}");
        let repeals = &view["relations"]["repeals"];
        assert_eq!(
            repeals[0]["title"], "江城市城市绿化管理办法",
            "{when}: {view}"
        );
    };
    check("at once");

    // Wrong input: refused, and the journal keeps its two lines.
    let journal = Path::new(index).join("corrections.jsonl");
    let lines = || std::fs::read_to_string(&journal).unwrap().lines().count();
    assert_eq!(lines(), 2);
    for args in [
        vec!["correct", "--index", index, TIAOLI, "--validity", "作废了"],
        vec![
            "correct",
            "--index",
            index,
            "no/such.md",
            "--validity",
            "已废止",
        ],
        vec!["correct", "--index", index, TIAOLI],
        vec!["correct", "--index", index, TIAOLI, "--from", "2024-03-01"],
    ] {
        let output = gongbao(&args);
        assert!(!output.status.success(), "{args:?} was accepted");
        assert!(!output.stderr.is_empty(), "{args:?} said nothing");
    }
    std::fs::write(&relations, r#"[{"kind": "cancels", "title": "某办法"}]"#).unwrap();
    let output = gongbao(&as_args(&relations_of(&relations)));
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown kind"));
    assert_eq!(lines(), 2);

    succeeds(&[
        "reindex",
        "--quiet",
        "--index",
        index,
        &util::sample_corpus(),
    ]);
    check("after a reindex");
    let listed = succeeds(&["correct", "--index", index, "--list"]);
    assert_eq!(listed.lines().count(), 1, "{listed}");
    let row: serde_json::Value = serde_json::from_str(listed.lines().next().unwrap()).unwrap();
    assert_eq!(row["id"], TIAOLI);
    assert_eq!(row["validity"]["validity"], "已废止");
}
