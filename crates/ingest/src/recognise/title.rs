//! The title of a notice, from its first lines (text from a PDF or a file) or from the leading
//! segment of a one-line text (a JSON "text" field).

use gongbao_core::DocNumber;

use super::doc_type::doc_type_of_title;
use super::text::{
    char_len, ends_like_organisation, fold_width, is_space, squeeze_spaces, truncate_chars,
};

/// Longest title accepted, in characters.
const MAX_TITLE: usize = 100;
/// Length a first sentence is cut to when it stands in for a missing title.
const SENTENCE_TITLE: usize = 30;
/// How far into the text the header (masthead, number, title, salutation) may reach, in characters.
const HEADER_CHARS: usize = 400;

/// How a title was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TitleSource {
    /// A title line, or the leading segment(s) of a one-line text ending in a document type.
    Heading,
    /// The leading segment of a one-line text that looks like a headline.
    Segment,
    /// No title: the first sentence, shortened.
    Sentence,
}

/// A title found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FoundTitle {
    /// The title with the spaces between Chinese characters removed.
    pub title: String,
    /// The title as written, spaces kept (they separate joint issuers).
    pub raw: String,
    /// How it was found.
    pub source: TitleSource,
}

/// Finds the title of a notice-like text.
pub(crate) fn find_title(text: &str) -> Option<FoundTitle> {
    let text = text.trim_matches(is_space);
    let first_line = text.lines().next().unwrap_or_default();
    if text.contains('\n') && char_len(first_line) <= MAX_TITLE {
        if let Some(found) = title_from_lines(text) {
            return Some(found);
        }
    } else if let Some(found) = title_from_segments(text) {
        return Some(found);
    }
    first_sentence(text)
}

/// Byte offset where the header of a text ends: at the first colon (the salutation) or full
/// stop, and no further than [`HEADER_CHARS`] characters.
pub(crate) fn header_end(text: &str) -> usize {
    let cap = truncate_chars(text, HEADER_CHARS).len();
    text[..cap].find(['：', ':', '。']).map_or(cap, |at| at)
}

fn is_masthead(line: &str) -> bool {
    line.ends_with("文件") && char_len(line) <= 30 && !line.contains("关于")
}

fn is_doc_number_line(line: &str) -> bool {
    let folded = fold_width(line);
    DocNumber::parse(&folded).is_some()
        || (char_len(line) <= 30
            && !line.contains("关于")
            && !DocNumber::find_all(&folded).is_empty())
}

fn is_noise_line(line: &str) -> bool {
    char_len(line) <= 4
        || line.starts_with("签发人")
        || line.starts_with('（') && line.ends_with('）') && char_len(line) <= 12
}

fn ends_with_colon(text: &str) -> bool {
    text.ends_with('：') || text.ends_with(':')
}

fn title_from_lines(text: &str) -> Option<FoundTitle> {
    let lines: Vec<&str> = text
        .lines()
        .map(|line| line.trim_matches(is_space))
        .filter(|line| !line.is_empty())
        .take(12)
        .collect();
    for (index, line) in lines.iter().enumerate() {
        let squeezed = squeeze_spaces(line);
        if is_masthead(&squeezed) || is_doc_number_line(&squeezed) || is_noise_line(&squeezed) {
            continue;
        }
        if ends_with_colon(&squeezed) || char_len(&squeezed) > MAX_TITLE {
            return None;
        }
        // A title may run over up to three lines.
        let mut raw = (*line).to_owned();
        for extra in 0..3 {
            if doc_type_of_title(&squeeze_spaces(&raw)).is_some() {
                break;
            }
            let Some(next) = lines.get(index + 1 + extra) else {
                break;
            };
            let joined = format!("{raw} {next}");
            let squeezed = squeeze_spaces(&joined);
            // A line with a full stop is the text, not the rest of the title.
            if ends_with_colon(next) || next.contains('。') || char_len(&squeezed) > MAX_TITLE {
                break;
            }
            if doc_type_of_title(&squeezed).is_some() {
                raw = joined;
                break;
            }
        }
        let title = squeeze_spaces(&raw);
        return (!title.contains('。')).then_some(FoundTitle {
            title,
            raw,
            source: TitleSource::Heading,
        });
    }
    None
}

fn segments(text: &str) -> Vec<&str> {
    text.split(is_space)
        .filter(|segment| !segment.is_empty())
        .take(12)
        .collect()
}

fn title_from_segments(text: &str) -> Option<FoundTitle> {
    let segments = segments(text);
    let first = *segments.first()?;
    // The shortest run of leading segments that ends with a document type: joint issuers are
    // written apart ("财政部 海关总署 税务总局关于…的公告"), and so are broken titles.
    let mut joined = String::new();
    for (index, segment) in segments.iter().enumerate() {
        if segment.contains('。') || ends_with_colon(&joined) {
            break;
        }
        joined.push_str(segment);
        if char_len(&joined) > MAX_TITLE {
            break;
        }
        let leading_are_issuers = segments[..index]
            .iter()
            .all(|segment| ends_like_organisation(segment));
        if doc_type_of_title(&joined).is_some() && (leading_are_issuers || joined.contains("关于"))
        {
            return Some(FoundTitle {
                title: joined,
                raw: segments[..=index].join(" "),
                source: TitleSource::Heading,
            });
        }
    }
    looks_like_headline(first).then(|| FoundTitle {
        title: first.to_owned(),
        raw: first.to_owned(),
        source: TitleSource::Segment,
    })
}

/// Whether a leading segment reads as a headline rather than a salutation, a sentence or the
/// name of the issuing body alone.
fn looks_like_headline(segment: &str) -> bool {
    let length = char_len(segment);
    let is_salutation = segment.starts_with('各') || segment.contains('，');
    let is_issuer_alone =
        ends_like_organisation(segment) && !segment.contains("关于") && length <= 25;
    (4..=60).contains(&length)
        && !ends_with_colon(segment)
        && !segment.ends_with('，')
        && !segment.contains('。')
        && !is_salutation
        && !is_issuer_alone
}

/// The first sentence of the body, shortened, for texts that have no title: the issuing body
/// and the salutation in front of it are skipped.
fn first_sentence(text: &str) -> Option<FoundTitle> {
    let mut body = text;
    if let Some(first) = segments(text).first() {
        if ends_like_organisation(first) && char_len(first) <= 25 {
            body = body[first.len()..].trim_start_matches(is_space);
        }
    }
    let near = truncate_chars(body, 150);
    if let Some(colon) = near.find(['：', ':']) {
        let before = &near[..colon];
        if before.starts_with('各') || before.contains('、') || before.contains('，') {
            let colon_len = near[colon..].chars().next().map_or(1, char::len_utf8);
            body = &body[colon + colon_len..];
        }
    }
    let end = body.find(['。', '！', '？', '；']).unwrap_or(body.len());
    let sentence = squeeze_spaces(&body[..end]);
    if char_len(&sentence) < 4 {
        return None;
    }
    let title = if char_len(&sentence) > SENTENCE_TITLE {
        format!("{}…", truncate_chars(&sentence, SENTENCE_TITLE))
    } else {
        sentence
    };
    Some(FoundTitle {
        raw: title.clone(),
        title,
        source: TitleSource::Sentence,
    })
}
