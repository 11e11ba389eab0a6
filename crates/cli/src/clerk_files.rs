//! The files a clerk edits that an index is searched with (the issuing-body authority file and
//! the synonyms): their malformed lines shown.

use gongbao_query::Engine;

/// Prints each line the engine's authority file and synonyms skipped as malformed, with its
/// file and line.
pub fn warn(engine: &Engine) {
    for problem in engine.authority().problems() {
        eprintln!("warning: {problem}");
    }
    for problem in engine.synonyms().problems() {
        eprintln!("warning: {problem}");
    }
}
