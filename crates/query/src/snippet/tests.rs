use gongbao_core::{Analyzer, UserDictionary};

use super::*;
use crate::parse::parse;
use crate::plan::Plan;

fn snippets(query: &str, body: &str) -> Vec<Snippet> {
    let analyzer = Analyzer::new(UserDictionary::built_in());
    let plan = Plan::new(&analyzer, &parse(query), &[]);
    let terms = plan.highlight_terms();
    Highlighter::new(&analyzer, &terms).passages(body)
}

fn marked(snippet: &Snippet) -> Vec<String> {
    let chars: Vec<char> = snippet.passage.text.chars().collect();
    snippet
        .passage
        .highlights
        .iter()
        .map(|&(start, end)| chars[start..end].iter().collect())
        .collect()
}

#[test]
fn adjacent_marks_merge_into_one() {
    assert_eq!(merge(vec![0..3, 3..6, 8..9, 2..4]), [0..6, 8..9]);
}

#[test]
fn a_long_body_gives_a_short_passage_around_the_match() {
    let filler = "本市各级行政机关应当依法履行职责。".repeat(30);
    let body = format!("{filler}\n第二十条 企业申请创业担保贷款的，应当提交营业执照。{filler}");
    let found = snippets("创业担保贷款", &body);
    assert_eq!(found.len(), 1);
    let snippet = &found[0];
    assert_eq!(marked(snippet), ["创业担保贷款"]);
    assert!(snippet.passage.text.chars().count() <= PASSAGE_CHARS + 20);
    assert_eq!(snippet.article.as_deref(), Some("第二十条"));
    assert!(snippet.passage.html.starts_with('…') && snippet.passage.html.ends_with('…'));
}

#[test]
fn a_second_passage_covers_other_terms() {
    let filler = "本市各级行政机关应当依法履行职责。".repeat(20);
    let body = format!("关于河长制的规定。{filler}关于营改增的规定。");
    let found = snippets("河长制 营改增", &body);
    assert_eq!(found.len(), 2);
    assert_eq!(marked(&found[0]), ["河长制"]);
    assert_eq!(marked(&found[1]), ["营改增"]);
}

#[test]
fn html_is_escaped_and_offsets_count_characters() {
    let found = snippets("GDP", "<b>全市ＧＤＰ增长</b> & more");
    let snippet = &found[0];
    assert_eq!(marked(snippet), ["ＧＤＰ"]);
    assert_eq!(snippet.passage.highlights, [(5, 8)]);
    assert_eq!(
        snippet.passage.html,
        "&lt;b&gt;全市<em>ＧＤＰ</em>增长&lt;/b&gt; &amp; more"
    );
}

#[test]
fn no_match_gives_the_opening_of_the_body() {
    let found = snippets("河长制", "\n  第一条 为了规范管理，制定本办法。");
    assert_eq!(found[0].passage.text, "第一条 为了规范管理，制定本办法。");
    assert!(found[0].passage.highlights.is_empty());
    assert!(snippets("河长制", "").is_empty());
}

#[test]
fn a_whole_text_with_or_without_marks_is_shown_and_escaped_alike() {
    let analyzer = Analyzer::new(UserDictionary::built_in());
    let title = "关于<政务公开>\n工作的通知";
    let plan = Plan::new(&analyzer, &parse("政务公开"), &[]);
    let terms = plan.highlight_terms();
    let marked = Highlighter::new(&analyzer, &terms).whole(title);
    assert_eq!(marked.text, "关于<政务公开> 工作的通知");
    assert_eq!(marked.highlights, [(3, 7)]);
    assert_eq!(marked.html, "关于&lt;<em>政务公开</em>&gt; 工作的通知");
    let none = HighlightTerms::default();
    let plain = Highlighter::new(&analyzer, &none).whole(title);
    assert_eq!(plain.text, marked.text);
    assert!(plain.highlights.is_empty());
    assert_eq!(plain.html, "关于&lt;政务公开&gt; 工作的通知");
}
