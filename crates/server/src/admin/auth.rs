//! The admin key and its constant-time check.

use std::fmt;

use sha2::{Digest, Sha256};

/// The key admin requests must carry (`Authorization: Bearer KEY`). Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct AdminKey(String);

impl AdminKey {
    /// A key; `None` when `key` is empty or blank (the admin API then stays off).
    pub fn new(key: &str) -> Option<AdminKey> {
        let key = key.trim();
        (!key.is_empty()).then(|| AdminKey(key.to_owned()))
    }

    /// Whether `given` is the key. Both are hashed first and the digests compared with a fold
    /// over every byte, so the time taken says nothing about how much of the key matched, nor
    /// about its length; a prefix of the key or an empty string never matches.
    pub fn matches(&self, given: &str) -> bool {
        let expected = Sha256::digest(self.0.as_bytes());
        let given = Sha256::digest(given.as_bytes());
        let difference = expected
            .iter()
            .zip(given.iter())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b));
        difference == 0 && !self.0.is_empty()
    }
}

impl fmt::Debug for AdminKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AdminKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_whole_key_matches() {
        let key = AdminKey::new("s3cret-key").unwrap();
        assert!(key.matches("s3cret-key"));
        for wrong in ["", "s3cret", "s3cret-key ", "s3cret-kez", "S3CRET-KEY"] {
            assert!(!key.matches(wrong), "{wrong:?}");
        }
        assert!(AdminKey::new("  ").is_none());
        assert_eq!(format!("{key:?}"), "AdminKey(<redacted>)");
    }
}
