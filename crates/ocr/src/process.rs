//! Running an external program (`pdftoppm`, `tesseract`) with its input on stdin and a time
//! limit, so a page that makes it hang costs that page, not the batch.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::error::OcrError;

/// Runs `command` with `input` on stdin, killing it after `limit`. `program` names it in errors.
pub fn run(
    mut command: Command,
    program: &Path,
    input: &[u8],
    limit: Duration,
) -> Result<Output, OcrError> {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| OcrError::Missing {
            program: program.to_owned(),
            source: Arc::new(error),
        })?;
    let stdin = child.stdin.take();
    let input = input.to_vec();
    // A program that dies early closes the pipe; its exit status says why.
    let writer = std::thread::spawn(move || {
        if let Some(mut stdin) = stdin {
            let _ = stdin.write_all(&input);
        }
    });
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let status = wait_with_limit(&mut child, limit, |child| {
        let _ = child.kill();
    })
    .map_err(|error| OcrError::Wait {
        program: program.to_owned(),
        source: Arc::new(error),
    })?;
    let Some(status) = status else {
        let _ = writer.join();
        return Err(OcrError::TimeLimit {
            program: program.display().to_string(),
            seconds: limit.as_secs(),
        });
    };
    let _ = writer.join();
    Ok(Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    })
}

/// Waits for `child` at most `limit`: its exit status, or `None` when the limit passed, after
/// `stop` was called to end it (kill the child, or its whole process group) and the child was
/// reaped. The one polling loop of every child run under a time limit.
pub fn wait_with_limit(
    child: &mut Child,
    limit: Duration,
    stop: impl FnOnce(&mut Child),
) -> std::io::Result<Option<ExitStatus>> {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if started.elapsed() >= limit {
            stop(child);
            let _ = child.wait();
            return Ok(None);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Reads `source` to its end on a thread of its own, so a child filling one pipe never blocks
/// on the other.
pub fn drain<R: Read + Send + 'static>(source: Option<R>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buffer = Vec::new();
        if let Some(mut source) = source {
            let _ = source.read_to_end(&mut buffer);
        }
        buffer
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_comes_back_and_a_hang_is_stopped() {
        let mut cat = Command::new("cat");
        cat.arg("-");
        let output = run(
            cat,
            Path::new("cat"),
            b"P5 1 1 255 x",
            Duration::from_secs(5),
        )
        .unwrap();
        assert_eq!(output.stdout, b"P5 1 1 255 x");
        let mut sleep = Command::new("sleep");
        sleep.arg("5");
        let started = Instant::now();
        let error = run(sleep, Path::new("sleep"), b"", Duration::from_millis(200)).unwrap_err();
        assert!(matches!(error, OcrError::TimeLimit { .. }), "{error}");
        assert!(started.elapsed() < Duration::from_secs(3));
    }
}
