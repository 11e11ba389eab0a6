//! The API keeps its own contract: schemathesis (`st`, from PyPI; `.ci/run` installs it) runs
//! every check it has (`--checks all`) against `/api/openapi.json` of a server over the
//! quickstart index built from `corpus/`, and the test fails on any finding. Under `CI=true` a
//! missing `st` fails the test; elsewhere the test says it skipped.
//!
//! `tests/schemathesis/gongbao_hooks.py` tells the generator the one rule OpenAPI cannot
//! express (a date range may not end before it starts). The admin API is served with a key
//! and tested with it, except `POST /api/admin/jobs`, whose generated paths would be read from
//! this machine's disk.

mod util;

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The admin key the server is started with.
const ADMIN_KEY: &str = "contract-test-key";

/// Kills the server when the test ends, whatever its outcome.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The schemathesis command, if installed.
fn schemathesis() -> Option<String> {
    let program = std::env::var("GONGBAO_SCHEMATHESIS").unwrap_or_else(|_| "st".to_owned());
    let found = Command::new(&program)
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success());
    if found {
        return Some(program);
    }
    if std::env::var("CI").is_ok_and(|value| value == "true") {
        panic!("schemathesis (`{program}`) is not installed: pip install schemathesis");
    }
    eprintln!("SKIPPED: schemathesis (`{program}`) is not installed: pip install schemathesis");
    None
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Waits until the server accepts connections on `addr`.
fn wait_until_up(addr: &str, server: &mut Server) {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        assert!(
            server.0.try_wait().unwrap().is_none(),
            "the server exited before answering"
        );
        if TcpStream::connect(addr).is_ok() {
            return;
        }
        assert!(Instant::now() < deadline, "the server never answered");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_served_api_keeps_its_openapi_contract() {
    let Some(st) = schemathesis() else {
        return;
    };
    let gongbao = env!("CARGO_BIN_EXE_gongbao");
    let work = tempfile::tempdir().unwrap();
    let index = work.path().join("index");
    let root = util::repo_root();
    let ingest = Command::new(gongbao)
        .args(["ingest", "--quiet", "--index"])
        .arg(&index)
        .arg(root.join("corpus"))
        .status()
        .unwrap();
    assert!(ingest.success(), "the quickstart ingest failed");

    let addr = format!("127.0.0.1:{}", free_port());
    let base = format!("http://{addr}");
    let child = Command::new(gongbao)
        .args(["serve", "--addr", &addr, "--index"])
        .arg(&index)
        .env("GONGBAO_ADMIN_KEY", ADMIN_KEY)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut server = Server(child);
    wait_until_up(&addr, &mut server);

    let hooks = root.join("tests/schemathesis");
    let output = Command::new(&st)
        .arg("run")
        .arg(format!("{base}/api/openapi.json"))
        .args(["--checks", "all", "--generation-deterministic"])
        .args(["--exclude-operation-id", "startJob"])
        .args(["--header", &format!("Authorization: Bearer {ADMIN_KEY}")])
        .args(["--report-dir"])
        .arg(work.path().join("report"))
        .env("SCHEMATHESIS_HOOKS", "gongbao_hooks")
        .env("PYTHONPATH", pythonpath(&hooks))
        .env("NO_COLOR", "1")
        .current_dir(work.path())
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "schemathesis found contract failures:\n{printed}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        !printed.contains("Unmatched filters"),
        "an excluded operation is not in the spec any more:\n{printed}"
    );
}

/// `PYTHONPATH` with the hooks' folder first.
fn pythonpath(hooks: &Path) -> String {
    match std::env::var("PYTHONPATH") {
        Ok(existing) if !existing.is_empty() => format!("{}:{existing}", hooks.display()),
        _ => hooks.display().to_string(),
    }
}
