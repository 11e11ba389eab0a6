use gongbao_core::{Analyzer, UserDictionary};

use super::*;
use crate::parse::parse;
use crate::plan::Plan;

fn snippets(query: &str, body: &str) -> Vec<Snippet> {
    let analyzer = Analyzer::new(UserDictionary::built_in());
    let plan = Plan::new(&analyzer, &parse(query), &[]);
    let terms = plan.highlight_terms();
    let structure = Structure::recognise(body, None);
    Highlighter::new(&analyzer, &terms).passages(body, &structure)
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

/// Query bigrams marked as the first implementation did: every bigram of the whole text
/// collected, then each query bigram kept when it is a whole run or overlaps a query bigram
/// next to it.
fn gram_matches_by_list(highlighter: &Highlighter, text: &str) -> Vec<Range<usize>> {
    let mut grams: Vec<(Range<usize>, bool, bool)> = Vec::new();
    highlighter.analyzer.for_each_gram(text, |from, to, gram| {
        let hit = highlighter.terms.grams.contains(gram);
        let whole = hit && highlighter.terms.whole_grams.contains(gram);
        grams.push((from..to, hit, whole));
    });
    let chained =
        |a: usize, b: usize| grams[a].1 && grams[b].1 && grams[a].0.end > grams[b].0.start;
    (0..grams.len())
        .filter(|&at| {
            let before = at > 0 && chained(at - 1, at);
            let after = at + 1 < grams.len() && chained(at, at + 1);
            grams[at].1 && (grams[at].2 || before || after)
        })
        .map(|at| grams[at].0.clone())
        .collect()
}

#[test]
fn bigrams_are_marked_as_a_list_of_every_bigram_would_mark_them() {
    let analyzer = Analyzer::new(UserDictionary::built_in());
    let body = "各县区人民政府：现将《2017年东营市政务公开工作要点》印发给你们，请认真贯彻落实。\
                一、推进决策公开。完善重大行政决策预公开制度（市发展改革委牵头落实）。\
                政务服务、政务公开，公开政务；信息公开 公开。";
    for query in [
        "政务公开",
        "公开",
        "决策公开 落实",
        "政务 信息",
        "市发展改革委",
        "东营 要点",
    ] {
        let plan = Plan::new(&analyzer, &parse(query), &[]);
        let terms = plan.highlight_terms();
        let highlighter = Highlighter::new(&analyzer, &terms);
        let found = highlighter.gram_matches(body);
        assert_eq!(found, gram_matches_by_list(&highlighter, body), "{query}");
        assert!(!found.is_empty(), "{query}");
    }
}

#[test]
fn character_indices_and_byte_offsets_convert_both_ways() {
    // Chinese, ASCII and a four-byte character, longer than several checkpoints.
    let text = "第一条 为了规范政务公开工作，制定本办法。Article 2 𠀀 公开为常态。".repeat(5);
    let chars = Chars::new(&text);
    let starts: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
    assert_eq!(chars.len(), starts.len());
    for (index, &at) in starts.iter().enumerate() {
        assert_eq!(chars.byte(index), at);
        assert_eq!(chars.index(at), index);
    }
    assert_eq!(chars.byte(starts.len()), text.len());
    assert_eq!(chars.index(text.len()), starts.len());
    // Inside a character: the characters starting before it.
    assert_eq!(chars.index(starts[2] + 1), 3);
    assert_eq!(chars.slice(4..8), "为了规范");
    let empty = Chars::new("");
    assert_eq!((empty.len(), empty.index(0), empty.byte(0)), (0, 0, 0));
}
