//! The issuing-body authority file an index is searched with: its malformed lines shown.

use gongbao_query::Engine;

/// Prints each line the engine's authority file skipped as malformed, with its file and line.
pub fn warn(engine: &Engine) {
    for problem in engine.authority().problems() {
        eprintln!("warning: {problem}");
    }
}
