//! Choosing the user dictionary for a new index.

use std::path::{Path, PathBuf};

use anyhow::Context;
use gongbao_core::UserDictionary;

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
