//! `gongbao search` over the sample corpus: articles listed as 《title》第X条 with their text and
//! headings, the same hits as JSON, and an unknown unit refused.

mod util;

use util::{gongbao, succeeds};

#[test]
fn articles_are_listed_with_their_law_number_headings_and_text() {
    let (_dir, index) = util::sample_index();
    let index = index.as_str();

    let query = ["携犬出户", "犬链"];
    let mut args = vec!["search", "--index", index, "--unit", "article", "-n", "3"];
    args.extend(query);
    let printed = succeeds(&args);
    let lines: Vec<&str> = printed.lines().collect();
    assert!(lines[0].ends_with(" articles found"), "{printed}");
    // Output to a pipe marks the question's words with 【】.
    assert_eq!(lines[2], " 1. 《江城市养犬管理条例》第六条", "{printed}");
    assert!(lines[4].ends_with("regulations/jiangcheng-yangquan-guanli-tiaoli.md#第六条"));
    assert_eq!(lines[5].trim(), "第三章 养犬行为规范");
    assert!(
        lines[6]
            .trim()
            .starts_with("第六条 【携犬出户】的，应当为犬只束【犬链】"),
        "{printed}"
    );

    args.push("--json");
    let response: serde_json::Value = serde_json::from_str(&succeeds(&args)).unwrap();
    let hits = response["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 3);
    assert_eq!(
        hits[0]["id"],
        "regulations/jiangcheng-yangquan-guanli-tiaoli.md#第六条"
    );
    assert_eq!(hits[0]["article"]["number"], "第六条");

    let refused = gongbao(&["search", "--index", index, "--unit", "chapter", "犬链"]);
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains("not one of document, article"),
        "{message}"
    );
}
