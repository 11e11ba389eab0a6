//! The user dictionary of government vocabulary, a plain text file a clerk can extend.

use sha2::{Digest, Sha256};

use crate::lines::{content_lines, LineProblem};

/// The dictionary shipped with gongbao (`dict/gongbao.dict`), compiled in as the default.
const BUILT_IN: &str = include_str!("../../../../dict/gongbao.dict");

/// One line of the user dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictionaryEntry {
    /// The word kept in one piece.
    pub word: String,
    /// Its frequency; `None` lets jieba choose the frequency that keeps it whole.
    pub frequency: Option<usize>,
    /// Its part-of-speech tag.
    pub tag: Option<String>,
}

/// A user dictionary: lines of `WORD [FREQUENCY] [TAG]`, `#` comments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserDictionary {
    text: String,
}

impl Default for UserDictionary {
    fn default() -> UserDictionary {
        UserDictionary::built_in()
    }
}

impl UserDictionary {
    /// The dictionary shipped with gongbao.
    pub fn built_in() -> UserDictionary {
        UserDictionary::from_text(BUILT_IN)
    }

    /// A dictionary from the text of a dictionary file.
    pub fn from_text(text: &str) -> UserDictionary {
        UserDictionary {
            text: text.to_owned(),
        }
    }

    /// The file text, as it is copied into an index.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The entries, in file order; malformed lines ([`UserDictionary::problems`]) are skipped.
    pub fn entries(&self) -> impl Iterator<Item = DictionaryEntry> + '_ {
        content_lines(&self.text).filter_map(|(_, line)| entry(line).ok())
    }

    /// The lines skipped as malformed, each with `file` (how the caller names the dictionary)
    /// and its line number.
    pub fn problems(&self, file: &str) -> Vec<LineProblem> {
        content_lines(&self.text)
            .filter_map(|(line, text)| {
                entry(text).err().map(|reason| LineProblem {
                    file: file.to_owned(),
                    line,
                    reason,
                })
            })
            .collect()
    }

    /// A hash of the entries (not of comments or spacing): equal fingerprints segment alike.
    pub fn fingerprint(&self) -> String {
        let mut hasher = Sha256::new();
        for entry in self.entries() {
            hasher.update(entry.word.as_bytes());
            hasher.update([0]);
            hasher.update(entry.frequency.unwrap_or(0).to_le_bytes());
            hasher.update(entry.tag.unwrap_or_default().as_bytes());
            hasher.update([1]);
        }
        format!("{:x}", hasher.finalize())
    }
}

/// One line: `WORD [FREQUENCY] [TAG]`, the frequency digits, the tag letters.
fn entry(line: &str) -> std::result::Result<DictionaryEntry, String> {
    let mut parts = line.split_whitespace();
    let word = parts.next().unwrap_or_default().to_owned();
    let mut frequency = None;
    let mut tag = None;
    for part in parts {
        if tag.is_none() && frequency.is_none() && part.bytes().all(|byte| byte.is_ascii_digit()) {
            let value = part
                .parse()
                .map_err(|_| format!("frequency `{part}` is too large"))?;
            frequency = Some(value);
        } else if tag.is_none() && part.bytes().all(|byte| byte.is_ascii_alphabetic()) {
            tag = Some(part.to_owned());
        } else {
            return Err(format!(
                "`{part}` is not a frequency or a tag: a line is WORD [FREQUENCY] [TAG]"
            ));
        }
    }
    Ok(DictionaryEntry {
        word,
        frequency,
        tag,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_skip_comments_and_read_frequency_and_tag() {
        let dictionary = UserDictionary::from_text("# comment\n\n营改增\n河长制 300 n\n放管服 n\n");
        let entries: Vec<_> = dictionary.entries().collect();
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[0].frequency, None);
        assert_eq!(entries[1].frequency, Some(300));
        assert_eq!(entries[1].tag.as_deref(), Some("n"));
        assert_eq!(entries[2].tag.as_deref(), Some("n"));
    }

    #[test]
    fn malformed_lines_are_reported_with_file_and_line_and_skipped() {
        let dictionary = UserDictionary::from_text(
            "营改增\n河长制 n 300\n放管服 300 n extra\n\n# c\n湖长制 ~\n林长制 5\n",
        );
        let words: Vec<String> = dictionary.entries().map(|entry| entry.word).collect();
        assert_eq!(words, ["营改增", "林长制"]);
        let problems = dictionary.problems("dict/gongbao.dict");
        let lines: Vec<usize> = problems.iter().map(|problem| problem.line).collect();
        assert_eq!(lines, [2, 3, 6]);
        assert!(
            problems[0]
                .to_string()
                .starts_with("dict/gongbao.dict:2: `300`"),
            "{}",
            problems[0]
        );
        assert!(UserDictionary::built_in().problems("built-in").is_empty());
    }

    #[test]
    fn comments_do_not_change_the_fingerprint() {
        let plain = UserDictionary::from_text("营改增\n");
        let commented = UserDictionary::from_text("# new comment\n营改增\n");
        let grown = UserDictionary::from_text("营改增\n河长制\n");
        assert_eq!(plain.fingerprint(), commented.fingerprint());
        assert_ne!(plain.fingerprint(), grown.fingerprint());
    }
}
