//! Running extraction where a hostile file cannot take the batch down: an [`Extractor`] either
//! works in this process (tests, trusted input) or re-executes a program in a child process with
//! a time limit and an address-space limit, so a panic, an endless loop, a stack overflow or
//! memory exhaustion becomes a per-file error.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use gongbao_ocr::process::{drain, wait_with_limit};
use serde::{Deserialize, Serialize};

use crate::error::ExtractError;
use crate::extract::{extract_pages, Page};

/// Turns one PDF into pages.
pub trait Extractor: Send + Sync + std::fmt::Debug {
    /// The pages of the PDF at `path`, whose content is `bytes`.
    fn extract(&self, path: &Path, bytes: &[u8]) -> Result<Vec<Page>, ExtractError>;
}

/// Extraction in this process: panics are caught, but endless loops and memory exhaustion are not.
#[derive(Debug, Clone, Copy, Default)]
pub struct InProcess;

impl Extractor for InProcess {
    fn extract(&self, _path: &Path, bytes: &[u8]) -> Result<Vec<Page>, ExtractError> {
        extract_pages(bytes)
    }
}

/// Limits of one child extraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Wall-clock time before the child is killed.
    pub time: Duration,
    /// Address space of the child, in bytes.
    pub memory: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            time: Duration::from_secs(60),
            memory: 2 << 30,
        }
    }
}

/// What the child prints on stdout: the pages, or why there are none.
#[derive(Debug, Serialize, Deserialize)]
enum ChildOutput {
    /// Extraction worked.
    Pages(Vec<Page>),
    /// Extraction failed in an orderly way.
    Failed(String),
}

/// Runs `extract_pages` on `path` and prints the pages, or why there are none, as JSON (a
/// `ChildOutput`): the body of the hidden subcommand a [`ChildProcess`] runs.
pub fn child_main(path: &Path) -> std::io::Result<()> {
    let output = match std::fs::read(path) {
        Ok(bytes) => match extract_pages(&bytes) {
            Ok(pages) => ChildOutput::Pages(pages),
            Err(ExtractError::Unreadable(reason)) => ChildOutput::Failed(reason),
            Err(error) => ChildOutput::Failed(error.to_string()),
        },
        Err(error) => ChildOutput::Failed(format!("cannot read file: {error}")),
    };
    let json = serde_json::to_string(&output).map_err(std::io::Error::other)?;
    println!("{json}");
    Ok(())
}

/// Extraction in a child process: `program args… FILE` under `sh -c 'ulimit -v …'`.
#[derive(Debug, Clone)]
pub struct ChildProcess {
    /// The program, usually the current executable.
    pub program: PathBuf,
    /// Arguments before the file, e.g. the hidden subcommand.
    pub args: Vec<String>,
    /// Time and memory limits.
    pub limits: Limits,
}

impl Extractor for ChildProcess {
    fn extract(&self, path: &Path, _bytes: &[u8]) -> Result<Vec<Page>, ExtractError> {
        let kilobytes = (self.limits.memory / 1024).max(1);
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "ulimit -v {kilobytes} 2>/dev/null; exec \"$0\" \"$@\""
            ))
            .arg(&self.program)
            .args(&self.args)
            .arg(path)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()
            .map_err(|error| ExtractError::Process(Arc::new(error)))?;
        let stdout = drain(child.stdout.take());
        let stderr = drain(child.stderr.take());
        let status = wait_with_limit(&mut child, self.limits.time, |child| {
            // The whole group: a `pdftotext` the child started must not outlive it.
            let _ = Command::new("kill")
                .args(["-KILL", "--"])
                .arg(format!("-{}", child.id()))
                .status();
            let _ = child.kill();
        })
        .map_err(|error| ExtractError::Process(Arc::new(error)))?;
        let stdout = stdout.join().unwrap_or_default();
        let stderr = String::from_utf8_lossy(&stderr.join().unwrap_or_default()).into_owned();
        let Some(status) = status else {
            return Err(ExtractError::TimeLimit {
                seconds: self.limits.time.as_secs(),
            });
        };
        if status.success() {
            return match serde_json::from_slice::<ChildOutput>(&stdout) {
                Ok(ChildOutput::Pages(pages)) => Ok(pages),
                Ok(ChildOutput::Failed(reason)) => Err(ExtractError::Unreadable(reason)),
                Err(error) => Err(ExtractError::BadOutput(Arc::new(error))),
            };
        }
        Err(classify(&stderr, status, self.limits))
    }
}

/// Why a child died, from its stderr and exit status.
fn classify(stderr: &str, status: std::process::ExitStatus, limits: Limits) -> ExtractError {
    let memory = || ExtractError::MemoryLimit {
        megabytes: limits.memory >> 20,
    };
    if stderr.contains("memory allocation of") || stderr.contains("out of memory") {
        return memory();
    }
    if stderr.contains("overflowed its stack") {
        return ExtractError::Crashed("stack overflow".to_owned());
    }
    let last = stderr
        .lines()
        .rev()
        .find(|line| !line.trim().is_empty())
        .unwrap_or("")
        .trim();
    ExtractError::Crashed(if last.is_empty() {
        status.to_string()
    } else {
        format!("{status}: {last}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn child(script: &str, time: Duration) -> ChildProcess {
        ChildProcess {
            program: PathBuf::from("sh"),
            args: vec!["-c".to_owned(), script.to_owned()],
            limits: Limits {
                time,
                memory: 1 << 30,
            },
        }
    }

    #[test]
    fn a_hanging_child_is_stopped_at_the_time_limit() {
        let error = child("sleep 5", Duration::from_millis(200))
            .extract(Path::new("x.pdf"), b"")
            .unwrap_err();
        assert!(
            matches!(error, ExtractError::TimeLimit { seconds: 0 }),
            "{error}"
        );
    }

    #[test]
    fn allocation_failure_is_a_memory_limit_and_a_signal_a_crash() {
        let script = "echo 'memory allocation of 99 bytes failed' >&2; kill -ABRT $$";
        let error = child(script, Duration::from_secs(5))
            .extract(Path::new("x.pdf"), b"")
            .unwrap_err();
        assert!(matches!(error, ExtractError::MemoryLimit { .. }), "{error}");
        let error = child("kill -SEGV $$", Duration::from_secs(5))
            .extract(Path::new("x.pdf"), b"")
            .unwrap_err();
        assert!(matches!(error, ExtractError::Crashed(_)), "{error}");
    }

    #[test]
    fn pages_come_back_as_json() {
        let script = r#"echo '{"Pages":[]}'"#;
        let pages = child(script, Duration::from_secs(5))
            .extract(Path::new("x.pdf"), b"")
            .unwrap();
        assert!(pages.is_empty());
    }
}
