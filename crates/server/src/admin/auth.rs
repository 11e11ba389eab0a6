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

/// The key a request carries: `Authorization: Bearer KEY`, or `Basic` credentials whose password
/// is the key (the user name is ignored), which is how a browser asks a clerk for it.
pub(crate) fn given_key(authorization: &str) -> Option<String> {
    if let Some(key) = authorization.strip_prefix("Bearer ") {
        return Some(key.to_owned());
    }
    let encoded = authorization.strip_prefix("Basic ")?;
    let decoded = String::from_utf8(decode_base64(encoded.trim())?).ok()?;
    decoded
        .split_once(':')
        .map(|(_, password)| password.to_owned())
}

/// Standard base64 (padding optional); `None` for any other character.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let value = |byte: u8| -> Option<u32> {
        Some(u32::from(match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        }))
    };
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut bits, mut count) = (0u32, 0u32);
    for byte in text.trim_end_matches('=').bytes() {
        bits = (bits << 6) | value(byte)?;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    Some(out)
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

    #[test]
    fn the_key_comes_as_bearer_or_as_a_basic_password() {
        assert_eq!(given_key("Bearer s3cret").as_deref(), Some("s3cret"));
        // base64("clerk:s3cret:key"): a colon in the password is kept.
        assert_eq!(
            given_key("Basic Y2xlcms6czNjcmV0OmtleQ==").as_deref(),
            Some("s3cret:key")
        );
        assert_eq!(given_key("Basic OmFi").as_deref(), Some("ab"));
        assert_eq!(given_key("Basic not*base64"), None);
        assert_eq!(given_key("Digest abc"), None);
    }
}
