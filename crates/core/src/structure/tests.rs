use super::*;

/// A regulation as the body is stored: heading marks removed, articles one per line.
const BODY: &str = "第一章　总则\n\n第一条　为了规范养犬行为，制定本条例。\n\n第二条 本条例适用于本市行政区域。\n\n第二章 养犬管理\n\n第一节 登记\n\n第三条　养犬人应当办理登记。\n有下列情形之一的，不予登记：\n（一）未满十八周岁的；\n（二）无固定住所的。\n\n第三条之一 登记证遗失的，应当补办。\n\n第二节 免疫\n\n第四条 犬只应当免疫。依照第三条规定登记。\n第五条规定的事项，另行规定。\n";

fn structure() -> Structure {
    Structure::recognise(BODY, None)
}

#[test]
fn articles_and_headings_are_found_in_order_with_byte_ranges() {
    let structure = structure();
    let numbers: Vec<&str> = structure
        .articles
        .iter()
        .map(|a| a.number.as_str())
        .collect();
    assert_eq!(
        numbers,
        ["第一条", "第二条", "第三条", "第三条之一", "第四条"]
    );
    let headings: Vec<(&str, Level)> = structure
        .headings
        .iter()
        .map(|h| (h.text.as_str(), h.level))
        .collect();
    assert_eq!(
        headings,
        [
            ("第一章　总则", Level::Chapter),
            ("第二章 养犬管理", Level::Chapter),
            ("第一节 登记", Level::Section),
            ("第二节 免疫", Level::Section),
        ]
    );
    let first = &structure.articles[0];
    // "第一章　总则\n\n" is 6 characters of 3 bytes, a full-width space of 3, and 2 newlines.
    assert_eq!(first.start, 20);
    assert_eq!(first.text(BODY), "第一条　为了规范养犬行为，制定本条例。");
    assert_eq!(first.end as usize, 20 + first.text(BODY).len());
    // An article runs over several lines to the next article or heading, trailing blanks cut.
    assert_eq!(
        structure.articles[2].text(BODY),
        "第三条　养犬人应当办理登记。\n有下列情形之一的，不予登记：\n（一）未满十八周岁的；\n（二）无固定住所的。"
    );
    // 第五条规定的 opens a line but is prose, not an article: it stays in 第四条.
    assert!(structure.articles[4].text(BODY).ends_with("另行规定。"));
}

#[test]
fn heading_paths_go_from_the_outermost_heading_in() {
    let structure = structure();
    let path = |number: &str| structure.path(structure.find(number).unwrap());
    assert_eq!(path("第一条"), ["第一章　总则"]);
    assert_eq!(path("第三条"), ["第二章 养犬管理", "第一节 登记"]);
    assert_eq!(path("第四条"), ["第二章 养犬管理", "第二节 免疫"]);
}

#[test]
fn numbers_are_found_however_written() {
    let structure = structure();
    for written in ["第三条之一", "三之一", "3之1", "3-1"] {
        assert_eq!(
            structure.find(written).map(|a| a.number.as_str()),
            Some("第三条之一"),
            "{written}"
        );
    }
    assert_eq!(structure.find("二").unwrap().number, "第二条");
    assert!(structure.find("第九条").is_none());
    assert!(structure.find("条").is_none());
    assert_eq!(numeral_value("一千二百六十"), Some(1260));
    assert_eq!(numeral_value("十七"), Some(17));
    assert_eq!(numeral_value("一百零五"), Some(105));
    assert_eq!(numeral_value("二十"), Some(20));
}

#[test]
fn clauses_are_paragraphs_and_items() {
    let structure = structure();
    let article = structure.find("第三条").unwrap();
    let clauses: Vec<(ClauseKind, &str)> = article
        .clauses(BODY)
        .iter()
        .map(|c| (c.kind, &BODY[c.start as usize..c.end as usize]))
        .collect();
    assert_eq!(
        clauses,
        [
            (ClauseKind::Paragraph, "第三条　养犬人应当办理登记。"),
            (ClauseKind::Paragraph, "有下列情形之一的，不予登记："),
            (ClauseKind::Item, "（一）未满十八周岁的；"),
            (ClauseKind::Item, "（二）无固定住所的。"),
        ]
    );
}

#[test]
fn the_article_at_an_offset_is_the_one_whose_range_holds_it() {
    let structure = structure();
    let at = BODY.find("免疫。").unwrap();
    assert_eq!(structure.article_at(at).unwrap().number, "第四条");
    // A heading between articles belongs to none.
    assert!(structure.article_at(BODY.find("第二节").unwrap()).is_none());
    assert!(structure.article_at(0).is_none());
}

#[test]
fn quoted_articles_and_long_chapter_sentences_are_not_structure() {
    let body = "第一条 将第十条修改为：\n“第十条 本法自公布之日起施行。”\n第二章规定的程序，适用于本决定所列全部事项，直至有关机关另行作出规定为止，其他事项依照本法执行。\n第二条 本决定自公布之日起施行。";
    let structure = Structure::recognise(body, None);
    let numbers: Vec<&str> = structure
        .articles
        .iter()
        .map(|a| a.number.as_str())
        .collect();
    assert_eq!(numbers, ["第一条", "第二条"]);
    assert!(structure.headings.is_empty());
    assert!(structure.articles[0].text(body).contains("“第十条"));
}

#[test]
fn marked_lines_are_headings_and_end_articles() {
    let body = "第一条 总的规定。\n一、一般规定\n第二条 具体规定。";
    let marked = body.find("一、").unwrap();
    let structure = Structure::recognise(body, Some(&[marked]));
    assert_eq!(structure.headings[0].level, Level::Other);
    assert_eq!(structure.articles[0].text(body), "第一条 总的规定。");
    assert_eq!(structure.path(&structure.articles[1]), ["一、一般规定"]);
    // Without the mark the line is part of the first article.
    let unmarked = Structure::recognise(body, None);
    assert!(unmarked.articles[0].text(body).ends_with("一般规定"));
}

#[test]
fn a_number_written_twice_keeps_both_and_finds_the_first() {
    let body = "第一条 甲。\n第一条 乙。";
    let structure = Structure::recognise(body, None);
    assert_eq!(structure.articles.len(), 2);
    assert_eq!(structure.find("第一条").unwrap().text(body), "第一条 甲。");
}

#[test]
fn a_body_without_articles_has_an_empty_structure() {
    let structure = Structure::recognise("各区县人民政府：\n现将有关事项通知如下。", None);
    assert!(structure.is_empty());
}
