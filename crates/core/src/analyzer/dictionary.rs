//! The user dictionary of government vocabulary, a plain text file a clerk can extend.

use sha2::{Digest, Sha256};

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

    /// The entries, in file order.
    pub fn entries(&self) -> impl Iterator<Item = DictionaryEntry> + '_ {
        self.text.lines().filter_map(|line| {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                return None;
            }
            let mut parts = line.split_whitespace();
            let word = parts.next()?.to_owned();
            let mut frequency = None;
            let mut tag = None;
            for part in parts {
                match part.parse() {
                    Ok(value) if frequency.is_none() && tag.is_none() => frequency = Some(value),
                    _ => tag = Some(part.to_owned()),
                }
            }
            Some(DictionaryEntry {
                word,
                frequency,
                tag,
            })
        })
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
    fn comments_do_not_change_the_fingerprint() {
        let plain = UserDictionary::from_text("营改增\n");
        let commented = UserDictionary::from_text("# new comment\n营改增\n");
        let grown = UserDictionary::from_text("营改增\n河长制\n");
        assert_eq!(plain.fingerprint(), commented.fingerprint());
        assert_ne!(plain.fingerprint(), grown.fingerprint());
    }
}
