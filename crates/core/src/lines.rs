//! Problems found in the lines of files a clerk edits (the user dictionary, the authority file):
//! each names its file and line, and the line is skipped while the rest loads.

use std::fmt;

/// A line that was skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProblem {
    /// The file, as its reader names it (a path, or `built-in authority.tsv`).
    pub file: String,
    /// The line number, from 1.
    pub line: usize,
    /// What is wrong with it.
    pub reason: String,
}

impl fmt::Display for LineProblem {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "{}:{}: {} (line skipped)",
            self.file, self.line, self.reason
        )
    }
}

/// The lines of a text that hold something: numbered from 1, trimmed, blank lines and `#`
/// comments left out.
pub(crate) fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(at, line)| (at + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
}
