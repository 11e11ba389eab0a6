//! Snippets and highlights on hits.

use gongbao_query::{Highlighted, Hit, SearchRequest, Snippet};

use crate::util::*;

fn hit(query: &str, id: &str) -> Hit {
    let response = search(&SearchRequest::new(query));
    response
        .hits
        .into_iter()
        .find(|hit| hit.id == id)
        .unwrap_or_else(|| panic!("{query} finds {id}"))
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

/// The marked stretches of a hit's title, at its character offsets.
fn title_marks(title: &Highlighted) -> Vec<String> {
    let chars: Vec<char> = title.text.chars().collect();
    title
        .highlights
        .iter()
        .map(|&(start, end)| chars[start..end].iter().collect())
        .collect()
}

#[test]
fn a_phrase_is_marked_as_one_range_at_character_offsets() {
    let found = hit("“桥面上擅自设置”", BRIDGE);
    let snippet = &found.snippets[0];
    assert_eq!(marked(snippet), ["桥面上擅自设置"]);
    assert_eq!(snippet.article.as_deref(), Some("第十三条"));
    assert!(
        snippet.passage.html.contains("<em>桥面上擅自设置</em>"),
        "{}",
        snippet.passage.html
    );
    // The offset locates the passage in the body, in characters.
    let body: Vec<char> = documents()[1].body.chars().collect();
    let start = snippet.offset;
    let passage: String = body[start..start + snippet.passage.text.chars().count()]
        .iter()
        .map(|&c| if c == '\n' { ' ' } else { c })
        .collect();
    assert_eq!(passage, snippet.passage.text);
}

#[test]
fn words_and_bigrams_are_marked_and_the_article_named() {
    let found = hit("养护单位 全面检查", BRIDGE);
    let snippet = &found.snippets[0];
    let marks = marked(snippet);
    assert!(marks.contains(&"养护单位".to_owned()), "{marks:?}");
    assert!(marks.contains(&"全面检查".to_owned()), "{marks:?}");
    assert_eq!(snippet.article.as_deref(), Some("第十二条"));
    // Jieba splits 市长江 unlike the title; the bigrams still mark exactly those characters.
    let title = hit("市长江", BRIDGE).title;
    assert_eq!(title_marks(&title), ["市长江"]);
    assert_eq!(title.html, "南京<em>市长江</em>大桥维修养护管理办法");
}

#[test]
fn passages_are_short_and_every_mark_is_a_query_term() {
    for (query, id) in [
        ("政务公开", DONGYING),
        ("创业担保贷款", LOAN),
        ("疫情防控", RESUME),
    ] {
        let found = hit(query, id);
        assert!(!found.snippets.is_empty(), "{query}");
        for snippet in &found.snippets {
            assert!(snippet.passage.text.chars().count() <= 160, "{query}");
            for mark in marked(snippet) {
                assert!(query.contains(&mark), "{query}: {mark}");
            }
        }
    }
    let html = &hit("政务公开", DONGYING).title.html;
    assert!(html.contains("<em>政务公开</em>"), "{html}");
}

#[test]
fn snippets_can_be_turned_off() {
    let response = search(&SearchRequest {
        snippets: false,
        ..SearchRequest::new("政务公开")
    });
    assert!(response.hits.iter().all(|hit| hit.snippets.is_empty()));
}

#[test]
fn without_highlighting_nothing_is_marked() {
    let mut request = SearchRequest::new("养护单位 市长江");
    request.highlight = false;
    let response = search(&request);
    let found = response
        .hits
        .iter()
        .find(|hit| hit.id == BRIDGE)
        .expect("the bridge regulation is found");
    assert_eq!(found.title.text, "南京市长江大桥维修养护管理办法");
    assert!(found.title.highlights.is_empty());
    assert_eq!(found.title.html, "南京市长江大桥维修养护管理办法");
    assert!(found
        .snippets
        .iter()
        .all(|snippet| snippet.passage.highlights.is_empty()));
}

#[test]
fn a_query_in_traditional_characters_finds_and_marks_the_simplified_text() {
    let found = hit("養護單位 全面檢查", BRIDGE);
    let marks = marked(&found.snippets[0]);
    assert!(marks.contains(&"养护单位".to_owned()), "{marks:?}");
    assert!(marks.contains(&"全面检查".to_owned()), "{marks:?}");
    let marks = title_marks(&hit("長江大橋", BRIDGE).title);
    assert_eq!(marks.concat(), "长江大桥", "{marks:?}");
}
