//! What the fuzz targets in `fuzz/` check, here so that `cargo test` replays their corpora
//! (`fuzz/corpus/<target>/`) without libFuzzer: each target is one function of bytes that
//! panics when a property fails.

use std::path::{Path, PathBuf};

use crate::docnum::DocNumber;

/// The committed corpus of a fuzz target.
pub fn corpus_dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target)
}

/// Runs `check` on every file of the committed corpus of `target`, in name order, printing the
/// file before each run so a failure names it. Returns how many files ran; a missing or empty
/// corpus panics.
pub fn replay(target: &str, check: impl Fn(&[u8])) -> usize {
    let dir = corpus_dir(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.expect("corpus entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{}: empty corpus", dir.display());
    for file in &files {
        eprintln!("{}", file.display());
        check(&std::fs::read(file).expect("corpus file"));
    }
    files.len()
}

/// `docnum`: any text parses or not without panicking; a parsed number prints in its standard
/// form and parses back to itself, every bracket form of it has the same key, and the numbers
/// found in any text lie on character boundaries of it.
pub fn docnum(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for found in DocNumber::find_all(&text) {
        assert!(text.get(found.range.clone()).is_some(), "{found:?}");
    }
    let Some(number) = DocNumber::parse(&text) else {
        return;
    };
    assert_eq!(DocNumber::parse(&number.to_string()), Some(number.clone()));
    assert!(
        number.candidate_keys().contains(&number.key()),
        "{number:?}"
    );
    if let Some(year) = number.year {
        for (open, close) in [('[', ']'), ('【', '】'), ('(', ')'), ('（', '）')] {
            let form = format!("{}{open}{year}{close}{}号", number.code, number.serial);
            let parsed = DocNumber::parse(&form).unwrap_or_else(|| panic!("{form}"));
            assert_eq!(parsed.key(), number.key(), "{form}");
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_docnum_fuzz_corpus_replays() {
        assert!(super::replay("docnum", super::docnum) > 0);
    }
}
