//! Article structure over the whole of ../shared/corpus/laws: for every law, the articles
//! recognised are the 第X条 lines after its header, in order, each running to the next article
//! or heading as ../shared/peers/lucene/articles.py cuts them (the units of
//! stard-articles-public.jsonl), with byte ranges into the stored body and one bigram span each.
//!
//! Numbering oddities, as the corpus has them: 第X条之一 articles (the Criminal Law's amendments)
//! are articles of their own; an amending decision's quoted articles (lines opening with “第…条)
//! are the text of the article quoting them, as the peer cuts them; a number written twice would
//! keep both articles under one id (the corpus has none, and the test says so).

mod util;

use std::collections::HashSet;

use gongbao_core::structure::ArticleSpans;
use gongbao_ingest::parse_text_document;

const NUMERALS: &str = "一二三四五六七八九十百千零〇两";

/// The article number a line of the source opens with, by the peer's rule:
/// `^\s*(第[一…两]+条(?:之[一…两]+)?)(?=[\s\u3000]|$)`.
fn peer_number(line: &str) -> Option<String> {
    let trimmed = line.trim_start();
    let rest = trimmed.strip_prefix('第')?;
    let numeral = |text: &str| text.chars().take_while(|c| NUMERALS.contains(*c)).count();
    let main = numeral(rest);
    if main == 0 {
        return None;
    }
    let mut taken: String = rest.chars().take(main).collect();
    let mut rest: String = rest.chars().skip(main).collect();
    rest = rest.strip_prefix('条')?.to_owned();
    taken.push('条');
    if let Some(sub) = rest.strip_prefix('之') {
        let count = numeral(sub);
        if count > 0 {
            taken.push('之');
            taken.extend(sub.chars().take(count));
            rest = sub.chars().skip(count).collect();
        }
    }
    rest.chars()
        .next()
        .is_none_or(char::is_whitespace)
        .then(|| format!("第{taken}"))
}

/// The peer's units of one law file: (number, lines of its text, trimmed).
fn peer_articles(text: &str) -> Vec<(String, Vec<String>)> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|line| line.trim().starts_with("<!-- INFO END"))
        .map_or(0, |at| at + 1);
    let mut articles: Vec<(String, Vec<String>)> = Vec::new();
    let mut open = false;
    for line in &lines[start..] {
        if let Some(number) = peer_number(line) {
            articles.push((number, vec![line.trim().to_owned()]));
            open = true;
        } else if line.starts_with('#') {
            open = false;
        } else if open && !line.trim().is_empty() {
            articles.last_mut().unwrap().1.push(line.trim().to_owned());
        }
    }
    articles
}

#[test]
fn every_law_has_its_articles_in_order_as_the_peer_cuts_them() {
    let Some(shared) = util::shared_dir() else {
        return;
    };
    let laws = shared.join("corpus/laws");
    let (mut files, mut articles, mut with_sub, mut quoting) = (0, 0, 0, 0);
    let mut twins = 0;
    for record in util::json_lines(&laws.join("metadata.jsonl")) {
        let path = record["path"].as_str().unwrap();
        let text = std::fs::read_to_string(laws.join(path)).unwrap();
        let document = parse_text_document(path, path, &text);
        let expected = peer_articles(&text);
        let found = &document.structure.articles;
        let numbers: Vec<&str> = found.iter().map(|a| a.number.as_str()).collect();
        let wanted: Vec<&str> = expected.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(numbers, wanted, "{path}");
        for (article, (number, lines)) in found.iter().zip(&expected) {
            let text = article.text(&document.body);
            assert!(text.starts_with(number.as_str()), "{path} {number}");
            let ours: Vec<&str> = text
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .collect();
            assert_eq!(ours, *lines, "{path} {number}");
        }
        with_sub += usize::from(numbers.iter().any(|number| number.contains('之')));
        // Quoted articles (“第十条 …) are lines of the source that no peer unit and no article
        // of ours starts with: the equality above holds them inside whatever they stand in.
        quoting += text
            .lines()
            .filter(|line| {
                line.trim_start()
                    .strip_prefix('“')
                    .and_then(peer_number)
                    .is_some()
            })
            .count();
        let distinct: HashSet<&str> = numbers.iter().copied().collect();
        twins += numbers.len() - distinct.len();
        // Every article has one bigram span, in order, each after the one before.
        if let Some(packed) = document_spans(&document) {
            let spans: Vec<_> = ArticleSpans::new(&packed).collect();
            assert_eq!(spans.len(), found.len(), "{path}");
            assert!(spans.iter().all(|span| span.start < span.end), "{path}");
            assert!(
                spans.windows(2).all(|pair| pair[0].end <= pair[1].start),
                "{path}"
            );
        } else {
            assert!(found.is_empty(), "{path}");
        }
        files += 1;
        articles += found.len();
    }
    println!(
        "{files} laws, {articles} articles; {with_sub} with 第X条之Y articles, {quoting} quoted article lines kept as text, {twins} numbers written twice"
    );
    assert_eq!(files, 3475);
    assert!(articles > 140_000, "{articles}");
    assert!(
        with_sub >= 1 && quoting >= 1,
        "the oddities the corpus holds are seen"
    );
    assert_eq!(twins, 0, "the corpus numbers no article twice");
}

fn document_spans(document: &gongbao_core::Document) -> Option<Vec<u8>> {
    ArticleSpans::pack(&document.body, &document.structure)
}
