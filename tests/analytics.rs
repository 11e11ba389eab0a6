//! The search log of a real `gongbao serve` process survives a SIGKILL: searches made more than
//! a second and a half before the kill are on disk, the torn last line a crash may leave is
//! skipped (and what follows it is kept), and the report (`gongbao analytics`, the admin API)
//! shows the zero-result query and the reported open.

mod util;

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const KEY: &str = "k3y-for-the-analytics-test";

/// A query of the repository's sample corpus with results.
const FOUND: &str = "城市绿化";
/// A query with none.
const NOTHING: &str = "火星移民补贴申领";

/// The `gongbao serve` process, killed with SIGKILL when dropped.
struct Server {
    child: util::KillOnDrop,
    port: u16,
}

impl Server {
    fn start(index: &Path) -> Server {
        let port = util::free_port();
        let mut command = util::serve_command(index, port, KEY);
        command.stderr(Stdio::null());
        let mut server = Server {
            child: util::KillOnDrop::spawn(&mut command),
            port,
        };
        let deadline = Instant::now() + Duration::from_secs(120);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                server.child.0.try_wait().unwrap().is_none(),
                "gongbao serve exited"
            );
            assert!(Instant::now() < deadline, "gongbao serve never listened");
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    /// One HTTP/1.1 request: the status and the body.
    fn request(&self, method: &str, path: &str, body: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\
             Authorization: Bearer {KEY}\r\nContent-Type: text/plain\r\n\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).unwrap();
        let answer = String::from_utf8_lossy(&answer).into_owned();
        let (head, body) = answer.split_once("\r\n\r\n").unwrap();
        (
            head.split(' ').nth(1).unwrap().parse().unwrap(),
            body.to_owned(),
        )
    }

    /// Searches the API for `query`: the search id and the first hit's id.
    fn search(&self, query: &str) -> (String, Option<String>) {
        let (status, body) = self.request("GET", &format!("/api/search?q={}", encode(query)), "");
        assert_eq!(status, 200, "{body}");
        let answer: Value = serde_json::from_str(&body).unwrap();
        let id = answer["search_id"]
            .as_str()
            .expect("a search id")
            .to_owned();
        (id, answer["hits"][0]["id"].as_str().map(str::to_owned))
    }
}

/// Percent-encodes every byte but ASCII letters and digits.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() {
                (byte as char).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect()
}

/// The ids of the search records in the log.
fn logged_searches(log: &Path) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for entry in std::fs::read_dir(log).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines() {
            if let Ok(record) = serde_json::from_str::<Value>(line) {
                if record["type"] == "search" {
                    ids.insert(record["id"].as_str().unwrap().to_owned());
                }
            }
        }
    }
    ids
}

fn gongbao(args: &[&str], index: &Path) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .args(args)
        .arg("--index")
        .arg(index)
        .env_remove("GONGBAO_INDEX")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "gongbao {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_log_survives_a_kill_and_the_report_shows_it() {
    let work = tempfile::tempdir().unwrap();
    let index = work.path().join("index");
    let corpus = util::repo_root().join("corpus");
    let output = Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .args(["ingest", "--quiet", "--index"])
        .arg(&index)
        .arg(&corpus)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let log = index.join("analytics");

    let server = Server::start(&index);
    // Before the kill by more than 1.5 s: searches of the API and the page, and an open.
    let mut early = BTreeSet::new();
    let (opened, document) = server.search(FOUND);
    let document = document.expect("the sample corpus answers 城市绿化");
    early.insert(opened.clone());
    for _ in 0..3 {
        early.insert(server.search(NOTHING).0);
    }
    let (status, page) = server.request("GET", &format!("/?q={}", encode(FOUND)), "");
    assert_eq!(status, 200);
    let marker = "data-search=\"";
    let at = page
        .find(marker)
        .expect("the page's hits carry the search id")
        + marker.len();
    early.insert(page[at..at + 16].to_owned());
    let body = format!(r#"{{"search_id":"{opened}","document_id":"{document}"}}"#);
    let (status, answer) = server.request("POST", "/api/analytics/open", &body);
    assert_eq!(status, 204, "{answer}");
    std::thread::sleep(Duration::from_millis(1_600));
    // Just before: may or may not be on disk.
    for _ in 0..20 {
        server.search(FOUND);
    }
    drop(server);

    let logged = logged_searches(&log);
    let missing: Vec<&String> = early.difference(&logged).collect();
    assert!(missing.is_empty(), "lost before the kill: {missing:?}");

    // A crash can leave a torn last line: it is skipped, and the next server starts a new line.
    let mut today: Vec<_> = std::fs::read_dir(&log)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    today.sort();
    let newest = today.last().unwrap().clone();
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&newest)
        .unwrap();
    file.write_all(br#"{"type":"search","t":17"#).unwrap();
    drop(file);
    let server = Server::start(&index);
    let (after, _) = server.search(NOTHING);
    std::thread::sleep(Duration::from_millis(1_600));
    let (status, body) = server.request("GET", "/api/admin/analytics?days=2", "");
    assert_eq!(status, 200, "{body}");
    let (status, _) = server.request("GET", "/api/admin/analytics?days=0", "");
    assert_eq!(status, 400);
    drop(server);
    assert!(logged_searches(&log).contains(&after));

    for report in [
        serde_json::from_str::<Value>(&body).unwrap(),
        serde_json::from_str(&gongbao(&["analytics", "--json", "--days", "2"], &index)).unwrap(),
    ] {
        let total = &report["total"];
        let zero = &total["zero_result_queries"][0];
        assert_eq!(zero["query"], NOTHING, "{report}");
        assert!(zero["zero_result"].as_u64().unwrap() >= 3);
        let found = total["top_queries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|stat| stat["query"] == FOUND)
            .expect("the query with results");
        assert!(found["opens"].as_u64().unwrap() >= 1, "{report}");
        assert!(report["problems"]["skipped_lines"].as_u64().unwrap() >= 1);
    }
    let table = gongbao(&["analytics", "--days", "2"], &index);
    assert!(
        table.contains(NOTHING) && table.contains("by week"),
        "{table}"
    );
}
