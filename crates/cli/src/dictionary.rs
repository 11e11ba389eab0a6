//! Choosing the user dictionary for a new index, and seeding an index's synonyms.

use std::path::{Path, PathBuf};

use anyhow::Context;
use gongbao_core::generation::write_atomically;
use gongbao_core::UserDictionary;
use gongbao_query::{Synonyms, BUILT_IN_SYNONYMS, SYNONYMS_FILE};

/// The dictionary file a clerk edits, looked for in the working directory.
const LOCAL_DICTIONARY: &str = "dict/gongbao.dict";

/// The user dictionary: `--dict FILE` (or `GONGBAO_DICT`), else `dict/gongbao.dict` in the
/// working directory, else the copy compiled into gongbao. Malformed lines are printed as
/// warnings with their file and line, and skipped.
pub fn resolve(explicit: Option<&Path>) -> anyhow::Result<(UserDictionary, String)> {
    let path: Option<PathBuf> = explicit
        .map(Path::to_path_buf)
        .or_else(|| Some(PathBuf::from(LOCAL_DICTIONARY)).filter(|path| path.is_file()));
    match path {
        Some(path) => {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read dictionary {}", path.display()))?;
            let dictionary = UserDictionary::from_text(&text);
            for problem in dictionary.problems(&path.display().to_string()) {
                eprintln!("warning: {problem}");
            }
            Ok((dictionary, path.display().to_string()))
        }
        None => Ok((UserDictionary::built_in(), "built-in".to_owned())),
    }
}

/// The synonyms file a clerk edits before an index exists, looked for in the working directory.
const LOCAL_SYNONYMS: &str = "dict/synonyms.txt";

/// Gives the index root its synonyms file ([`SYNONYMS_FILE`]) when it has none: a copy of
/// `dict/synonyms.txt` in the working directory, else of the built-in synonyms. An existing file
/// is the clerk's and is left alone. Lines that cannot be read are reported and skipped.
/// `quiet` leaves out the note saying where the copy is (skipped lines are always reported).
pub fn seed_synonyms(root: &Path, quiet: bool) -> anyhow::Result<()> {
    let target = root.join(SYNONYMS_FILE);
    if target.exists() {
        return Ok(());
    }
    let local = Path::new(LOCAL_SYNONYMS);
    let (text, source) = if local.is_file() {
        let text = std::fs::read_to_string(local)
            .with_context(|| format!("cannot read synonyms {}", local.display()))?;
        (text, local.display().to_string())
    } else {
        (
            Synonyms::built_in_text().to_owned(),
            BUILT_IN_SYNONYMS.to_owned(),
        )
    };
    let synonyms = Synonyms::parse(&text, &source);
    for problem in synonyms.problems() {
        eprintln!("warning: {problem}");
    }
    write_atomically(&target, text.as_bytes())
        .with_context(|| format!("cannot write {}", target.display()))?;
    if !quiet {
        eprintln!(
            "synonyms: {} groups from {source} copied to {}; edit that file, a running server \
             reads it again",
            synonyms.len(),
            target.display()
        );
    }
    Ok(())
}
