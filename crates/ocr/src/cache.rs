//! Recognised pages cached by the hash of the page image (and of everything else that decides
//! the result), so that a reindex never recognises the same page twice. One JSON file per page
//! under `<dir>/<first two hex digits>/<hash>.json`, written by rename so a crash leaves no
//! half-written entry.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::page::OcrPage;

/// A cache directory.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

/// The cache key of a page image: SHA-256 of the settings that shape the result and the pixels.
pub fn key(settings: &str, width: usize, height: usize, pixels: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(settings.as_bytes());
    hasher.update([0]);
    hasher.update((width as u64).to_le_bytes());
    hasher.update((height as u64).to_le_bytes());
    hasher.update(pixels);
    format!("{:x}", hasher.finalize())
}

impl Cache {
    /// The cache in `dir` (created on first write).
    pub fn new(dir: impl Into<PathBuf>) -> Cache {
        Cache { dir: dir.into() }
    }

    /// Where the cache lives.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir
            .join(&key[..2.min(key.len())])
            .join(format!("{key}.json"))
    }

    /// The page cached under `key`; a missing or unreadable entry is a miss.
    pub fn get(&self, key: &str) -> Option<OcrPage> {
        let bytes = std::fs::read(self.path(key)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Stores `page` under `key`. A cache that cannot be written only costs time later, so
    /// failures are returned for the caller to log, never fatal.
    pub fn put(&self, key: &str, page: &OcrPage) -> std::io::Result<()> {
        let path = self.path(key);
        let folder = path.parent().unwrap_or(&self.dir);
        std::fs::create_dir_all(folder)?;
        let temporary = folder.join(format!(".{key}.{}.tmp", std::process::id()));
        std::fs::write(
            &temporary,
            serde_json::to_vec(page).map_err(std::io::Error::other)?,
        )?;
        std::fs::rename(&temporary, &path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_found_again_by_its_pixels_and_settings() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().join("ocr-cache"));
        let pixels = [0u8, 255, 255, 0];
        let first = key("chi_sim 300", 2, 2, &pixels);
        assert_eq!(first, key("chi_sim 300", 2, 2, &pixels));
        assert_ne!(first, key("chi_sim 150", 2, 2, &pixels));
        assert_ne!(first, key("chi_sim 300", 4, 1, &pixels));
        assert!(cache.get(&first).is_none());
        let page = OcrPage {
            width: 595.0,
            height: 842.0,
            ..OcrPage::default()
        };
        cache.put(&first, &page).unwrap();
        assert_eq!(cache.get(&first), Some(page));
        std::fs::write(cache.path(&first), b"{broken").unwrap();
        assert!(cache.get(&first).is_none(), "a damaged entry is a miss");
    }
}
