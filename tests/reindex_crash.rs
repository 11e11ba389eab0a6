//! A crash at any moment of a reindex loses nothing: `gongbao reindex` runs in a child process
//! that is killed with SIGKILL at random moments, including inside the switch of the pointer;
//! after every kill the index opens on exactly the old or the new generation, tantivy's
//! checksums pass and the document count equals that generation's manifest.

mod util;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use gongbao_core::generation::PAUSE_IN_SWITCH_ENV;
use gongbao_core::{GenerationId, Generations, GongbaoIndex};
use gongbao_ingest::Manifest;

/// Kills in all.
const ITERATIONS: usize = 24;
/// Every how many iterations the kill is timed inside the switch.
const SWITCH_EVERY: usize = 3;
/// How long the child sleeps before and after the rename when the kill aims at the switch.
const PAUSE_MS: u64 = 150;
/// The whole test must finish within this.
const BUDGET: Duration = Duration::from_secs(90);

/// A small xorshift generator: random delays without a dependency.
struct Random(u64);

impl Random {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound.max(1)
    }
}

/// Two collections with different document counts: the repository's corpus alone, and the
/// corpus with generated notices.
fn collections(dir: &Path) -> [(PathBuf, u64); 2] {
    let small = dir.join("small");
    let large = dir.join("large");
    for target in [&small, &large] {
        copy_tree(&util::repo_root().join("corpus"), target);
    }
    let generated = large.join("generated");
    std::fs::create_dir_all(&generated).unwrap();
    for number in 0..40 {
        std::fs::write(
            generated.join(format!("notice-{number:03}.md")),
            format!(
                "# 关于做好第{number}批城乡供水工程建设的通知\n\n各县（市、区）人民政府：\
                 现将第{number}批城乡供水工程建设任务下达给你们，请按期完成。\n"
            ),
        )
        .unwrap();
    }
    let count = |path: &Path| {
        let status = Command::new(env!("CARGO_BIN_EXE_gongbao"))
            .args(["reindex", "--quiet", "--threads", "1"])
            .arg(path)
            .arg("--index")
            .arg(dir.join("probe"))
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
        let index = GongbaoIndex::open(&dir.join("probe")).unwrap();
        index.index.reader().unwrap().searcher().num_docs()
    };
    let counts = [count(&small), count(&large)];
    assert_ne!(counts[0], counts[1]);
    [(small, counts[0]), (large, counts[1])]
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// What the root serves after a kill: its live generation and document count, after checking
/// that the index opens, its checksums pass and it holds what its manifest names.
fn served(root: &Path) -> (GenerationId, u64) {
    let generations = Generations::open(root).unwrap();
    let live = generations.live().unwrap().expect("a live generation");
    let index = GongbaoIndex::open(root).unwrap();
    assert_eq!(index.path(), generations.path(live));
    let corrupted = index.index.validate_checksum().unwrap();
    assert!(corrupted.is_empty(), "{live}: corrupted {corrupted:?}");
    let documents = index.index.reader().unwrap().searcher().num_docs();
    let manifest = Manifest::load(index.path()).unwrap();
    assert_eq!(documents, manifest.document_count() as u64, "{live}");
    (live, documents)
}

#[test]
fn a_reindex_killed_at_any_moment_leaves_the_old_or_the_new_generation() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let collections = collections(dir.path());
    let root = dir.path().join("index");
    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    eprintln!("seed {seed}");
    let mut random = Random(seed | 1);

    let first = Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .args(["reindex", "--quiet", "--threads", "1"])
        .arg(&collections[0].0)
        .arg("--index")
        .arg(&root)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(first.success());
    let (mut live, mut documents) = served(&root);
    assert_eq!(documents, collections[0].1);

    let mut typical = Duration::from_millis(800);
    let (mut old_kept, mut new_taken, mut in_switch, mut finished) = (0, 0, 0, 0);
    for iteration in 0..ITERATIONS {
        let (source, expected) = &collections[(iteration + 1) % 2];
        let aim_at_switch = iteration % SWITCH_EVERY == 0;
        let mut command = Command::new(env!("CARGO_BIN_EXE_gongbao"));
        command
            .args(["reindex", "--quiet", "--threads", "1"])
            .arg(source)
            .arg("--index")
            .arg(&root)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if aim_at_switch {
            command.env(PAUSE_IN_SWITCH_ENV, PAUSE_MS.to_string());
        }
        let began = Instant::now();
        let mut child = command.spawn().unwrap();
        let stderr = child.stderr.take().unwrap();
        let (sender, switching) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if line.starts_with("switching to") {
                    let _ = sender.send(());
                }
            }
        });
        if aim_at_switch {
            // The child now sleeps before the rename and again after it: kill inside either.
            let reached = switching.recv_timeout(Duration::from_secs(30)).is_ok();
            assert!(reached, "the child never reached the switch");
            std::thread::sleep(Duration::from_millis(random.below(2 * PAUSE_MS + 20)));
            in_switch += 1;
        } else {
            let delay = random.below(typical.as_millis() as u64 * 5 / 4);
            std::thread::sleep(Duration::from_millis(delay));
        }
        let exited = child.try_wait().unwrap();
        let _ = child.kill();
        let status = child.wait().unwrap();
        if exited.is_some() {
            assert!(status.success(), "reindex failed: {status}");
            finished += 1;
            typical = began.elapsed();
        }

        let (now_live, now_documents) = served(&root);
        if now_live == live {
            assert_eq!(now_documents, documents, "the old generation changed");
            old_kept += 1;
        } else {
            assert!(now_live > live, "{now_live} is not newer than {live}");
            assert_eq!(now_documents, *expected, "the new generation is incomplete");
            assert_eq!(
                Generations::open(&root).unwrap().previous().unwrap(),
                Some(live)
            );
            new_taken += 1;
        }
        (live, documents) = (now_live, now_documents);
    }
    eprintln!(
        "{ITERATIONS} kills ({in_switch} inside the switch, {finished} after the child finished): \
         old generation kept {old_kept} times, new one taken {new_taken} times, in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(in_switch >= ITERATIONS / SWITCH_EVERY);
    assert!(old_kept > 0 && new_taken > 0);

    // A reindex that is left alone afterwards still succeeds and cleans up unfinished builds.
    let last = Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .args(["reindex", "--quiet", "--threads", "1"])
        .arg(&collections[1].0)
        .arg("--index")
        .arg(&root)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(last.success());
    assert_eq!(served(&root).1, collections[1].1);
    assert!(Generations::open(&root).unwrap().list().unwrap().len() <= 2);
    assert!(
        started.elapsed() < BUDGET,
        "took {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
