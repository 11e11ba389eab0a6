//! Helpers shared by the integration tests: finding ../shared and building indexes from it.

#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// Runs the `gongbao` binary of this build with `args`.
pub fn gongbao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .args(args)
        .output()
        .expect("gongbao runs")
}

/// Runs `gongbao` with `args`, asserts it succeeded and returns what it printed.
pub fn succeeds(args: &[&str]) -> String {
    let output = gongbao(args);
    assert!(
        output.status.success(),
        "gongbao {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// A fresh index of the sample corpus (`corpus/`) built by `gongbao ingest`: the directory
/// holding it (removed when dropped) and the index's path.
pub fn sample_index() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index").to_str().unwrap().to_owned();
    succeeds(&["ingest", "--quiet", "--index", &index, &sample_corpus()]);
    (dir, index)
}

/// The sample corpus (`corpus/`) the quickstart indexes.
pub fn sample_corpus() -> String {
    repo_root().join("corpus").to_str().unwrap().to_owned()
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The shared test data: `$GONGBAO_SHARED`, else `../shared` beside the repository. When it is
/// missing, tests fail under `CI=true` and say they skipped otherwise.
pub fn shared_dir() -> Option<PathBuf> {
    let candidate = std::env::var_os("GONGBAO_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared"));
    if candidate.join("corpus/laws/metadata.jsonl").is_file() {
        return Some(candidate);
    }
    if std::env::var("CI").is_ok_and(|value| value == "true") {
        panic!(
            "shared test data not found at {} (set GONGBAO_SHARED)",
            candidate.display()
        );
    }
    eprintln!(
        "SKIPPED: shared test data not found at {}; set GONGBAO_SHARED",
        candidate.display()
    );
    None
}

/// The JSON objects of a JSON Lines file, one a line.
pub fn json_lines(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// The PDFs in `folder`, sorted.
pub fn pdfs(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "pdf"))
        .collect();
    files.sort();
    files
}

/// A PDF of `objects` (numbered from 1; the first is the catalog) at the offsets its xref table
/// gives, so damage in them reaches the parsers instead of being refused at the trailer.
/// `claimed` is the entry count the xref table and trailer claim (the real count when `None`).
pub fn pdf_of_objects(objects: &[Vec<u8>], claimed: Option<u64>) -> Vec<u8> {
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (number, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n", number + 1).into_bytes());
        pdf.extend(object);
        pdf.extend(b"\nendobj\n");
    }
    let xref = pdf.len();
    let count = claimed.unwrap_or(objects.len() as u64 + 1);
    pdf.extend(format!("xref\n0 {count}\n0000000000 65535 f \n").into_bytes());
    for offset in offsets {
        pdf.extend(format!("{offset:010} 00000 n \n").into_bytes());
    }
    pdf.extend(
        format!("trailer\n<< /Size {count} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n")
            .into_bytes(),
    );
    pdf
}

/// A port of 127.0.0.1 free a moment ago, for a server the test starts.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A child process (a `gongbao serve`) killed with SIGKILL and reaped when dropped.
pub struct KillOnDrop(pub Child);

impl KillOnDrop {
    /// Starts `command`.
    pub fn spawn(command: &mut Command) -> KillOnDrop {
        KillOnDrop(command.spawn().unwrap())
    }
}

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `gongbao serve --index INDEX --addr 127.0.0.1:PORT --admin-key KEY` (the key of the
/// environment ignored), with no input and its output dropped.
pub fn serve_command(index: &Path, port: u16, key: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gongbao"));
    command
        .arg("serve")
        .arg("--index")
        .arg(index)
        .args(["--addr", &format!("127.0.0.1:{port}")])
        .args(["--admin-key", key])
        .env_remove("GONGBAO_ADMIN_KEY")
        .stdin(Stdio::null())
        .stdout(Stdio::null());
    command
}
