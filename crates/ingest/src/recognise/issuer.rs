//! 发文机关: the issuing bodies, from the signature block, the masthead or the title.

use gongbao_core::date::{find_dates, DateMatch};

use super::text::{char_len, ends_like_organisation, fold_width, is_space, squeeze_spaces};

/// Longest name of one issuing body, in characters.
const MAX_NAME: usize = 40;
/// Longest piece of a name that a line break or a space cut off ("广西壮族自治区…疫情 防控工作领导小组指挥部").
const MAX_NAME_PIECE: usize = 24;
/// Most bodies in one signature block.
const MAX_ISSUERS: usize = 10;

/// What a web page may glue right after the date of a signature.
const AFTER_SIGNATURE: &[&str] = &["责任编辑", "来源", "扫一扫", "分享", "抄送"];

/// A signature block: the issuing bodies and the date under them (成文日期).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Signature {
    /// The bodies, in the order they sign.
    pub issuers: Vec<String>,
    /// The date of the signature, with its byte range in the width-folded text.
    pub date: DateMatch,
}

/// The last signature block of a text: one or more body names standing alone right before a
/// date that stands alone ("国家卫生健康委办公厅 2020年1月28日"). A date followed by 印发 is the
/// publication line, not a signature.
pub(crate) fn signature(text: &str) -> Option<Signature> {
    let folded = fold_width(text);
    let dates = find_dates(&folded);
    dates.iter().enumerate().rev().find_map(|(index, found)| {
        let previous_end = index
            .checked_sub(1)
            .and_then(|previous| dates.get(previous))
            .map_or(0, |previous| previous.range.end);
        signature_at(&folded, found, previous_end)
    })
}

fn signature_at(folded: &str, found: &DateMatch, previous_end: usize) -> Option<Signature> {
    let after = &folded[found.range.end..];
    let stands_alone = after
        .chars()
        .next()
        .is_none_or(|c| is_space(c) || "(（【[".contains(c))
        || AFTER_SIGNATURE.iter().any(|word| after.starts_with(word));
    if !stands_alone {
        return None;
    }
    let before = &folded[previous_end..found.range.start];
    let block_start = before
        .rfind(['。', '！', '？', '；', '：', ':', '）', ')', '”', '」'])
        .map_or(0, |at| {
            at + before[at..].chars().next().map_or(1, char::len_utf8)
        });
    let issuers = names_before(&before[block_start..]);
    (!issuers.is_empty()).then_some(Signature {
        issuers,
        date: found.clone(),
    })
}

/// Body names at the end of a block, read backwards: a piece ending like an organisation starts
/// a name, a short piece before it is the first part of the same name.
fn names_before(block: &str) -> Vec<String> {
    let pieces: Vec<&str> = block.split(is_space).filter(|p| !p.is_empty()).collect();
    let mut names: Vec<String> = Vec::new();
    let mut extended = false;
    for piece in pieces.iter().rev() {
        // An e-mail address or a telephone number glued to a name is not part of it.
        let piece = piece
            .rfind(|c: char| c.is_ascii())
            .map_or(*piece, |at| &piece[at + 1..]);
        if piece.is_empty() {
            break;
        }
        if ends_like_organisation(piece) && char_len(piece) <= MAX_NAME {
            names.push(piece.to_owned());
            extended = false;
        } else if let Some(last) = names.last_mut() {
            if extended
                || char_len(piece) > MAX_NAME_PIECE
                || char_len(piece) + char_len(last) > MAX_NAME
            {
                break;
            }
            *last = format!("{piece}{last}");
            extended = true;
        } else {
            break;
        }
        if names.len() > MAX_ISSUERS {
            return Vec::new();
        }
    }
    names.reverse();
    names
}

/// The body named by a masthead line "…文件" among the first lines.
pub(crate) fn masthead(text: &str) -> Option<String> {
    text.lines()
        .map(squeeze_spaces)
        .filter(|line| !line.is_empty())
        .take(5)
        .find_map(|line| {
            let body = line.strip_suffix("文件")?;
            (ends_like_organisation(body) && char_len(body) <= MAX_NAME && !body.contains("关于"))
                .then(|| body.to_owned())
        })
}

/// The bodies named before 关于 in a title, split where the title separates them by spaces or
/// 、 ("财政部 海关总署 税务总局关于…").
pub(crate) fn from_title(raw_title: &str) -> Vec<String> {
    let Some(at) = raw_title.find("关于") else {
        return Vec::new();
    };
    let prefix = raw_title[..at].trim_matches(is_space);
    if prefix.is_empty() {
        return Vec::new();
    }
    let pieces: Vec<String> = prefix
        .split(|c: char| is_space(c) || c == '、')
        .filter(|piece| !piece.is_empty())
        .map(squeeze_spaces)
        .collect();
    if pieces
        .iter()
        .all(|piece| ends_like_organisation(piece) && char_len(piece) <= MAX_NAME)
    {
        return pieces;
    }
    let whole = squeeze_spaces(prefix);
    if ends_like_organisation(&whole) && char_len(&whole) <= MAX_NAME {
        vec![whole]
    } else {
        Vec::new()
    }
}
