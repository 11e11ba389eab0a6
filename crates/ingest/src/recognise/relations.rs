//! What a document's text says about other documents' lives and its own end: the documents it
//! repeals ("《X》同时废止", "废止《X》", a decision's list of repealed documents, "X（文号）自…
//! 起废止"), amends ("关于修改〈X〉的决定", "对《X》作如下修改") or interprets ("关于《X》的解读",
//! "解读《X》", "…答记者问"), and the day it stops being in force ("有效期至…", "有效期五年",
//! "试行二年", "本办法自…起废止"). Every relation keeps the sentence it was read from.

use std::sync::OnceLock;

use gongbao_core::date::find_dates;
use gongbao_core::{Dates, DocNumber, Relation, RelationKind};
use regex::Regex;
use time::{Date, Duration};

use super::text::fold_width;

/// What comes right before the last day of a document's term: 有效期至2022年12月31日.
const UNTIL: [&str; 6] = [
    "有效期至",
    "有效期到",
    "有效期截至",
    "执行至",
    "实施至",
    "施行至",
];
/// Longest sentence kept with a relation, in characters; a longer one is cut around the title.
const MAX_SENTENCE_CHARS: usize = 160;
/// Relations kept per document, at most (a decision repealing hundreds of rules keeps them all
/// up to this bound).
pub(crate) const MAX_RELATIONS: usize = 500;

/// The relations a document's title and body state, and the last day it is in force.
pub(crate) fn lifecycle(title: &str, body: &str, dates: &Dates) -> (Vec<Relation>, Option<Date>) {
    let title = fold_width(title);
    let mut relations = Vec::new();
    interpretation(&title, &mut relations);
    amendment_in_title(&title, &mut relations);
    // A body without any of the words every pattern needs is not read further (nor copied).
    const NEEDED: [&str; 8] = [
        "废止",
        "停止执行",
        "不再执行",
        "失效",
        "修",
        "有效期",
        "试行",
        "止",
    ];
    if !NEEDED.iter().any(|word| body.contains(word)) {
        return (relations, None);
    }
    let body = fold_width(body);
    // Most texts state no relation: a sentence is read by the patterns only when it holds
    // one of their verbs, found by a plain substring search.
    for sentence in sentences(&body) {
        if REPEAL_VERBS.iter().any(|verb| sentence.contains(verb)) {
            repeals(sentence, &mut relations);
            repeals_by_number(sentence, &mut relations);
        }
        if sentence.contains("修") {
            amendments(sentence, &mut relations);
        }
    }
    if body.contains("废止") {
        repeal_lists(&body, &mut relations);
    }
    let mut seen = std::collections::HashSet::new();
    relations.retain(|relation: &Relation| {
        seen.insert((
            relation.kind,
            relation.title.clone(),
            relation.doc_number.clone(),
        ))
    });
    relations.truncate(MAX_RELATIONS);
    (relations, expiry(&body, dates))
}

/// The sentences of a text: cut at 。！？； and line ends.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split(['。', '！', '？', '；', '\n'])
        .map(str::trim)
        .filter(|sentence| !sentence.is_empty())
}

fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("relation pattern is valid"))
}

/// 《X》 or 〈X〉, the title inside.
fn quoted_title() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(&CELL, r"[《〈]([^《》〈〉\n]{2,120})[》〉]")
}

/// The sentence as kept: whole when short, else the stretch around `at`.
fn kept_sentence(sentence: &str, at: usize) -> String {
    let chars: Vec<(usize, char)> = sentence.char_indices().collect();
    if chars.len() <= MAX_SENTENCE_CHARS {
        return sentence.to_owned();
    }
    let centre = chars.partition_point(|(offset, _)| *offset < at);
    let start = centre.saturating_sub(MAX_SENTENCE_CHARS / 2);
    let end = (start + MAX_SENTENCE_CHARS).min(chars.len());
    let start_byte = chars[start].0;
    let end_byte = chars.get(end).map_or(sentence.len(), |(offset, _)| *offset);
    format!(
        "{}{}{}",
        if start > 0 { "…" } else { "" },
        &sentence[start_byte..end_byte],
        if end < chars.len() { "…" } else { "" }
    )
}

fn relation(
    kind: RelationKind,
    title: Option<&str>,
    number: Option<String>,
    sentence: String,
) -> Relation {
    Relation {
        kind,
        title: title.map(|title| title.trim().to_owned()),
        doc_number: number,
        sentence,
    }
}

/// The first document number in a text, as written.
fn number_in(text: &str) -> Option<String> {
    DocNumber::find_all(text)
        .into_iter()
        .next()
        .map(|found| text[found.range].to_owned())
}

/// A 解读 of another document: the title names it in 《》, or is "关于X的(政策)解读" / "X解读".
fn interpretation(title: &str, relations: &mut Vec<Relation>) {
    static MARKS: OnceLock<Regex> = OnceLock::new();
    let marks = regex(&MARKS, r"解读|答记者问|图解|读懂|问答");
    if !marks.is_match(title) {
        return;
    }
    static UNQUOTED: OnceLock<Regex> = OnceLock::new();
    let unquoted = regex(
        &UNQUOTED,
        r"^(?:.{0,30}?[|｜:：]\s*)?(关于.{4,100}?)(?:的)?(?:政策|文件)?(?:解读|问答)$",
    );
    // The title in 《》 when it quotes one, else the 关于… it reads.
    let captures = quoted_title()
        .captures(title)
        .or_else(|| unquoted.captures(title));
    if let Some(captures) = captures {
        let target = captures.get(1).map(|found| found.as_str());
        relations.push(relation(
            RelationKind::Interprets,
            target,
            None,
            title.to_owned(),
        ));
    }
}

/// "关于修改〈X〉的决定", "关于修改《X》等五件地方性法规的决定": the decision amends X.
fn amendment_in_title(title: &str, relations: &mut Vec<Relation>) {
    static CELL: OnceLock<Regex> = OnceLock::new();
    let pattern = regex(&CELL, r"修改[《〈]([^《》〈〉]{2,120})[》〉]");
    for captures in pattern.captures_iter(title) {
        let target = captures.get(1).map(|found| found.as_str());
        relations.push(relation(
            RelationKind::Amends,
            target,
            None,
            title.to_owned(),
        ));
    }
}

/// "对《X》作如下修改", "对《X》作出修改", "将《X》第十条修改为": this document amends X.
fn amendments(sentence: &str, relations: &mut Vec<Relation>) {
    static CELL: OnceLock<Regex> = OnceLock::new();
    let pattern = regex(
        &CELL,
        r"(?:对|将)《([^《》]{2,120})》(?:[(（][^()（）]{0,40}[)）])?(?:作如下修改|作出如下修改|作出修改|作如下修正|进行如下修改|第[^，,]{1,30}修改为)",
    );
    for captures in pattern.captures_iter(sentence) {
        let Some(whole) = captures.get(0) else {
            continue;
        };
        let target = captures.get(1).map(|found| found.as_str());
        let kept = kept_sentence(sentence, whole.start());
        relations.push(relation(RelationKind::Amends, target, None, kept));
    }
}

/// The verbs of a repeal: a sentence without one states none.
const REPEAL_VERBS: [&str; 4] = ["废止", "停止执行", "不再执行", "失效"];

/// Words that may stand between a repealed title (or its number) and the verb that repeals it.
const BEFORE_VERB: &str = r"(?:同时|一并|相应|均|也|即行|予以|自行|宣布|停止执行并)*";

/// Repeals in one sentence: titles (with their numbers) right before 废止 / 停止执行 / 失效, or
/// right after 废止.
fn repeals(sentence: &str, relations: &mut Vec<Relation>) {
    static BACKWARD: OnceLock<Regex> = OnceLock::new();
    let backward = regex(
        &BACKWARD,
        &format!(
            r"(?:《[^《》]{{2,120}}》\s*(?:[(（][^()（）]{{0,60}}[)）])?\s*(?:、|，|,|和|及|以及|与)?\s*)+(?:自[^，,。《》]{{2,30}}起)?{BEFORE_VERB}(?:废止|停止执行|不再执行|失效)"
        ),
    );
    static FORWARD: OnceLock<Regex> = OnceLock::new();
    let forward = regex(
        &FORWARD,
        r"废止(?:了|下列|以下)?\s*(?:《[^《》]{2,120}》\s*(?:[(（][^()（）]{0,60}[)）])?\s*(?:、|，|,|和|及|以及|与)?\s*)+",
    );
    for found in backward
        .find_iter(sentence)
        .chain(forward.find_iter(sentence))
    {
        let stretch = found.as_str();
        // "依照《X》规定…予以废止" names the authority, not the target: the title must be the
        // subject of the verb, which the pattern holds; a self-repeal (本办法) has no title.
        for captures in title_with_number().captures_iter(stretch) {
            let Some(title) = captures.get(1) else {
                continue;
            };
            let number = captures.get(2).and_then(|found| number_in(found.as_str()));
            let kept = kept_sentence(sentence, found.start() + title.start());
            relations.push(relation(
                RelationKind::Repeals,
                Some(title.as_str()),
                number,
                kept,
            ));
        }
    }
}

/// Repeals that name a document by its number alone: "滨住建发〔2016〕3号文件同时废止",
/// "原通知（滨住建发〔2016〕3号）自2020年7月1日起废止". A number already given with a title in
/// 《》 is not repeated.
fn repeals_by_number(sentence: &str, relations: &mut Vec<Relation>) {
    static AFTER: OnceLock<Regex> = OnceLock::new();
    let after = regex(
        &AFTER,
        &format!(
            r"^[)）]?\s*(?:文件|号文|文)?\s*(?:自[^，,。《》]{{2,30}}起)?{BEFORE_VERB}(?:废止|停止执行|不再执行|失效)"
        ),
    );
    for found in DocNumber::find_all(sentence) {
        if !after.is_match(&sentence[found.range.end..]) {
            continue;
        }
        let written = &sentence[found.range.clone()];
        let key = found.number.key();
        let known = relations.iter().any(|relation| {
            relation.kind == RelationKind::Repeals
                && relation
                    .doc_number
                    .as_deref()
                    .and_then(DocNumber::parse)
                    .is_some_and(|number| number.key() == key)
        });
        if !known {
            let kept = kept_sentence(sentence, found.range.start);
            relations.push(relation(
                RelationKind::Repeals,
                None,
                Some(written.to_owned()),
                kept,
            ));
        }
    }
}

/// 《X》 and the bracket after it, if any (where its document number is written).
fn title_with_number() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"《([^《》]{2,120})》\s*([(（][^()（）]{0,60}[)）])?",
    )
}

/// A decision's list of what it repeals: a line announcing it ("决定废止下列规章：", "以下文件
/// 予以废止：") and the numbered or quoted items after it, one per line.
fn repeal_lists(body: &str, relations: &mut Vec<Relation>) {
    static HEAD: OnceLock<Regex> = OnceLock::new();
    let head = regex(
        &HEAD,
        r"(?:废止(?:下列|以下|如下|的)?[^，,。]{0,20}(?:[:：]|如下)\s*$)|(?:(?:下列|以下)[^，,。]{0,20}(?:予以|宣布|决定)?废止\s*[:：]\s*$)",
    );
    static ITEM: OnceLock<Regex> = OnceLock::new();
    let item = regex(
        &ITEM,
        r"^\s*(?:[0-9]+[.、．]|[一二三四五六七八九十百]+、|[(（][0-9一二三四五六七八九十]+[)）])?\s*(?:《([^《》]{2,120})》|([^《》（(]{4,120}?))\s*([(（][^()（）]{0,80}[)）])?\s*[。；;]?\s*$",
    );
    let lines: Vec<&str> = body.lines().map(str::trim).collect();
    let mut at = 0;
    while at < lines.len() {
        if !head.is_match(lines[at]) {
            at += 1;
            continue;
        }
        let announcement = lines[at];
        at += 1;
        while at < lines.len() && lines[at].is_empty() {
            at += 1;
        }
        while at < lines.len() {
            let line = lines[at];
            if line.is_empty() {
                at += 1;
                continue;
            }
            let Some(captures) = item.captures(line) else {
                break;
            };
            let number = captures.get(3).and_then(|found| number_in(found.as_str()));
            let title = captures
                .get(1)
                .or(captures.get(2))
                .map(|found| found.as_str());
            // An unquoted line is an item only when it looks like a title or carries a number.
            let is_item = captures.get(1).is_some()
                || number.is_some()
                || title.is_some_and(looks_like_title);
            if !is_item {
                break;
            }
            let sentence = kept_sentence(&format!("{announcement}{line}"), 0);
            relations.push(relation(RelationKind::Repeals, title, number, sentence));
            at += 1;
        }
    }
}

/// Whether an unquoted list item reads like a document's title (ends with a document type).
fn looks_like_title(text: &str) -> bool {
    const ENDINGS: [&str; 14] = [
        "通知", "意见", "办法", "规定", "条例", "细则", "决定", "规则", "方案", "通告", "公告",
        "措施", "规划", "批复",
    ];
    ENDINGS
        .iter()
        .any(|ending| text.trim_end().ends_with(ending))
}

/// The last day the document is in force, from a sentence about the document itself (本办法,
/// 本通知, 以上政策 …): "有效期至2022年12月31日", "有效期为5年" / "试行二年" (counted from its
/// in-force date, else its publication, else its signature), "自2025年12月31日起废止"
/// (in force until the day before), "至2022年12月31日止".
fn expiry(body: &str, dates: &Dates) -> Option<Date> {
    static ITSELF: OnceLock<Regex> = OnceLock::new();
    let itself = regex(
        &ITSELF,
        r"(?:本|此)(?:通知|意见|实施意见|办法|暂行办法|实施办法|规定|暂行规定|细则|实施细则|决定|通告|公告|措施|方案|实施方案|政策|规则|指引|条例|文件|若干措施|政策措施)|(?:以上|上述|各项)(?:政策|措施|政策措施)",
    );
    static YEARS: OnceLock<Regex> = OnceLock::new();
    let years = regex(
        &YEARS,
        r"(?:有效期|试行期|试行)(?:为|暂定为?|限)?\s*([0-9]{1,2}|[一二两三四五六七八九十])\s*年",
    );
    static ENDS: OnceLock<Regex> = OnceLock::new();
    let ends = regex(&ENDS, r"^起?(?:废止|失效|停止执行)");
    const TERM_WORDS: [&str; 6] = ["有效期", "试行", "废止", "失效", "停止执行", "至"];
    for sentence in sentences(body) {
        if !TERM_WORDS.iter().any(|word| sentence.contains(word)) {
            continue;
        }
        // The document must be what the sentence speaks of: "本办法自…起施行，有效期5年", not
        // "护士执业注册有效期为5年" in a sentence that later cites "本条例规定条件".
        let Some(subject) = itself.find(sentence) else {
            continue;
        };
        let opening = strip_article_number(sentence);
        if !opening.starts_with(subject.as_str()) || opening[subject.len()..].starts_with('第') {
            continue;
        }
        for (at, clause) in sentence.split(['，', ',', '；', ';']).enumerate() {
            // After the first clause, a term is the document's own only when the clause opens
            // with it ("…施行，有效期5年"), not when another subject holds it ("证件有效期五年").
            let trimmed = clause.trim_start();
            if at > 0 && !TERM_WORDS.iter().any(|word| trimmed.starts_with(word)) {
                continue;
            }
            for found in find_dates(clause) {
                let before = clause[..found.range.start].trim_end();
                let after = clause[found.range.end..].trim_start();
                let until = UNTIL.iter().any(|word| before.ends_with(word))
                    || (before.ends_with('至') && after.starts_with('止'));
                if until {
                    return Some(found.date);
                }
                // "本办法自…起废止" ends this document; "原通知（…）自…起废止", another one.
                if before.ends_with('自') && ends.is_match(after) && itself.is_match(clause) {
                    return found.date.previous_day();
                }
            }
            if let Some(captures) = years.captures(clause) {
                let count = captures
                    .get(1)
                    .and_then(|found| parse_small_number(found.as_str()))?;
                let start = dates.effective.or(dates.published).or(dates.written)?;
                return add_years(start, count).previous_day();
            }
        }
    }
    None
}

/// A sentence without its leading article number ("第十二条 本办法…" → "本办法…").
fn strip_article_number(sentence: &str) -> &str {
    let sentence = sentence.trim_start();
    if let Some(rest) = sentence.strip_prefix('第') {
        if let Some(end) = rest.find('条') {
            let number = &rest[..end];
            if !number.is_empty()
                && number
                    .chars()
                    .all(|c| "零〇一二三四五六七八九十百千0123456789".contains(c))
            {
                return rest[end + '条'.len_utf8()..].trim_start();
            }
        }
    }
    sentence
}

fn parse_small_number(text: &str) -> Option<i32> {
    text.parse().ok().or_else(|| {
        "一二三四五六七八九十"
            .chars()
            .position(|c| text == c.to_string())
            .map(|at| at as i32 + 1)
            .or((text == "两").then_some(2))
    })
}

/// `date` moved `years` years on (29 February falls to 28 February).
fn add_years(date: Date, years: i32) -> Date {
    let year = date.year() + years;
    date.replace_year(year)
        .or_else(|_| (date - Duration::days(1)).replace_year(year))
        .unwrap_or(date)
}

#[cfg(test)]
mod tests;
