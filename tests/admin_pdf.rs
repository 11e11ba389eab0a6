//! A hostile PDF uploaded by a clerk cannot take the search server down: the real
//! `gongbao serve --admin-key …` process runs an admin ingest over a folder holding a memory bomb
//! and a good document. Searches keep answering while the job runs, the bomb fails alone in the
//! limited child process (a per-file error of the job), and the good document is indexed.

mod util;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use flate2::{Compress, Compression, FlushCompress};
use gongbao_core::{Document, GongbaoIndex, UserDictionary, Validity};
use serde_json::Value;

const KEY: &str = "k3y-for-the-hostile-pdf-test";

/// Address space of one extraction child, in megabytes.
const PDF_MEMORY_MB: u64 = 1024;

/// Megabytes the bomb's page content inflates to: four times the child's address space.
const BOMB_MB: usize = 4096;

/// A zlib stream inflating to `megabytes` MB of spaces in a few kilobytes per megabyte: the
/// compressed form of one megabyte of spaces following spaces is the same block every time
/// (sync-flushed, so byte-aligned), repeated. Its closing checksum is that of the first three
/// megabytes; no reader under the limit gets that far.
fn deflate_bomb(megabytes: usize) -> Vec<u8> {
    let spaces = vec![b' '; 1 << 20];
    let mut compress = Compress::new(Compression::best(), true);
    let mut block = |input: &[u8], flush| {
        let before = compress.total_in();
        let mut out = Vec::with_capacity(1 << 20);
        compress.compress_vec(input, &mut out, flush).unwrap();
        assert_eq!(compress.total_in() - before, input.len() as u64);
        out
    };
    let mut stream = block(&spaces, FlushCompress::Sync);
    let second = block(&spaces, FlushCompress::Sync);
    let third = block(&spaces, FlushCompress::Sync);
    assert_eq!(
        second, third,
        "a megabyte of spaces compresses alike after spaces"
    );
    for _ in 1..megabytes {
        stream.extend_from_slice(&second);
    }
    stream.extend(block(&[], FlushCompress::Finish));
    stream
}

/// A one-page PDF whose content stream is `content`, compressed with FlateDecode.
fn pdf_with_flate_content(content: &[u8]) -> Vec<u8> {
    let mut stream = format!(
        "<< /Length {} /Filter /FlateDecode >>\nstream\n",
        content.len()
    )
    .into_bytes();
    stream.extend_from_slice(content);
    stream.extend_from_slice(b"\nendstream");
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
        stream,
    ];
    util::pdf_of_objects(&objects, None)
}

/// The `gongbao serve` process, killed when dropped.
struct Server {
    child: util::KillOnDrop,
    port: u16,
}

impl Server {
    /// Starts `gongbao serve` on `index` with the admin key and a child PDF memory limit, and
    /// waits until `/healthz` answers.
    fn start(index: &Path, log: &Path) -> Server {
        let port = util::free_port();
        let mut command = util::serve_command(index, port, KEY);
        command
            .args(["--pdf-memory-limit", &PDF_MEMORY_MB.to_string()])
            .args(["--pdf-time-limit", "600"])
            .stderr(std::fs::File::create(log).unwrap());
        let mut server = Server {
            child: util::KillOnDrop::spawn(&mut command),
            port,
        };
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if let Some(status) = server.child.0.try_wait().unwrap() {
                panic!("gongbao serve exited with {status}: {}", read(log));
            }
            if server.try_request("GET", "/healthz", None).is_some() {
                return server;
            }
            assert!(Instant::now() < deadline, "no answer: {}", read(log));
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// One HTTP/1.1 request (`Connection: close`): the status and the JSON body, or `None` when
    /// nothing answers.
    fn try_request(&self, method: &str, path: &str, body: Option<&str>) -> Option<(u16, Value)> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        stream
            .set_read_timeout(Some(Duration::from_secs(120)))
            .unwrap();
        let body = body.unwrap_or("");
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\
             Authorization: Bearer {KEY}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).ok()?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).ok()?;
        let answer = String::from_utf8_lossy(&answer);
        let (head, body) = answer.split_once("\r\n\r\n")?;
        let status = head.split(' ').nth(1)?.parse().ok()?;
        Some((status, serde_json::from_str(body).unwrap_or(Value::Null)))
    }

    fn request(&self, method: &str, path: &str, body: Option<&str>) -> (u16, Value) {
        self.try_request(method, path, body)
            .unwrap_or_else(|| panic!("no answer to {method} {path}"))
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// `/api/search?q=` with `query` percent-encoded.
fn search_path(query: &str) -> String {
    let encoded: String = query.bytes().map(|byte| format!("%{byte:02X}")).collect();
    format!("/api/search?q={encoded}")
}

#[test]
fn a_memory_bomb_fails_alone_in_an_admin_job_while_searches_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let index_dir = dir.path().join("index");
    let index = GongbaoIndex::create(&index_dir, UserDictionary::built_in()).unwrap();
    index
        .add_documents(&[Document {
            id: "规章/供水办法.md".to_owned(),
            title: "东营市城市供水管理办法".to_owned(),
            validity: Validity::InForce,
            body: "为了加强城市供水管理，制定本办法。".to_owned(),
            ..Document::default()
        }])
        .unwrap();
    drop(index);

    let sources = dir.path().join("uploads");
    std::fs::create_dir_all(&sources).unwrap();
    std::fs::write(
        sources.join("bomb.pdf"),
        pdf_with_flate_content(&deflate_bomb(BOMB_MB)),
    )
    .unwrap();
    std::fs::write(
        sources.join("good.md"),
        "# 关于做好二〇二四年防汛抗旱工作的通知\n\n各县人民政府：现将防汛抗旱工作有关事项通知如下。\n",
    )
    .unwrap();

    let log = dir.path().join("serve.log");
    let mut server = Server::start(&index_dir, &log);
    let search = search_path("供水");
    assert_eq!(server.request("GET", &search, None).0, 200);

    let body = serde_json::json!({"kind": "ingest", "paths": [sources]}).to_string();
    let (status, job) = server.request("POST", "/api/admin/jobs", Some(&body));
    assert_eq!(status, 202, "{job}");
    let job_path = format!("/api/admin/jobs/{}", job["id"]);

    // Searches answer while the job runs and after it; the deadline only keeps a broken
    // server from hanging the test.
    let deadline = Instant::now() + Duration::from_secs(900);
    let mut searches = 0;
    let job = loop {
        let (status, answer) = server.request("GET", &search, None);
        assert_eq!(
            status,
            200,
            "search during the job: {answer}; {}",
            read(&log)
        );
        searches += 1;
        let (status, job) = server.request("GET", &job_path, None);
        assert_eq!(status, 200, "{job}");
        if job["status"] != "running" {
            break job;
        }
        assert!(Instant::now() < deadline, "the job never ended: {job}");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(searches >= 1);
    assert_eq!(job["status"], "succeeded", "{job}");
    assert_eq!(job["files_total"], 2, "{job}");
    assert_eq!(job["files_done"], 2, "{job}");
    let errors = job["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{job}");
    assert!(
        errors[0]["path"].as_str().unwrap().ends_with("bomb.pdf"),
        "{job}"
    );
    let reason = errors[0]["reason"].as_str().unwrap();
    assert!(
        reason.contains(&format!("memory limit of {PDF_MEMORY_MB} MB")),
        "{reason}"
    );

    assert!(
        server.child.0.try_wait().unwrap().is_none(),
        "the server died: {}",
        read(&log)
    );
    let (status, answer) = server.request("GET", &search_path("防汛抗旱"), None);
    assert_eq!(status, 200, "{answer}");
    let ids: Vec<&str> = answer["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|hit| hit["id"].as_str())
        .collect();
    assert_eq!(ids, ["good.md"], "{answer}");
    assert_eq!(server.request("GET", &search, None).0, 200);
}
