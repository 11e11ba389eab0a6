//! A crash at any moment of a reindex loses nothing: `gongbao reindex` runs in a child process
//! that is killed with SIGKILL, in turn just before the rename of the pointer (the old
//! generation must stay live), just after it (the new one must be live) and at a moment drawn
//! from a seed; after every kill the index opens on exactly the old or the new generation,
//! tantivy's checksums pass and the document count equals that generation's manifest. The seed
//! is printed and `GONGBAO_CRASH_SEED` replays it (the delays, not the machine's speed).

mod util;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use gongbao_core::generation::PAUSE_IN_SWITCH_ENV;
use gongbao_core::{GenerationId, Generations, GongbaoIndex};
use gongbao_ingest::Manifest;

/// Kills in all.
const ITERATIONS: usize = 24;
/// How long the child sleeps before and after the rename when the kill aims at the switch: the
/// kill lands inside the sleep, so which side of the rename it hits is known.
const PAUSE_MS: u64 = 1_000;
/// Overrides the seed of the drawn kill delays.
const SEED_ENV: &str = "GONGBAO_CRASH_SEED";
/// The seed when none is given.
const DEFAULT_SEED: u64 = 0x9e37_79b9_7f4a_7c15;

/// Where an iteration's kill lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Aim {
    /// Inside the child's sleep before the rename of `CURRENT`: the old generation stays live.
    BeforeRename,
    /// Inside its sleep after the rename: the new generation is live.
    AfterRename,
    /// After a delay drawn from the seed: either, never a broken one.
    Drawn,
}

fn aim(iteration: usize) -> Aim {
    match iteration % 4 {
        0 => Aim::BeforeRename,
        1 => Aim::AfterRename,
        _ => Aim::Drawn,
    }
}

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
    let dir = tempfile::tempdir().unwrap();
    let collections = collections(dir.path());
    let root = dir.path().join("index");
    let seed = std::env::var(SEED_ENV).map_or(DEFAULT_SEED, |value| {
        value
            .parse()
            .unwrap_or_else(|_| panic!("{SEED_ENV}={value:?}"))
    });
    eprintln!("seed {seed} (replay with {SEED_ENV}={seed})");
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
    let (mut old_kept, mut new_taken, mut finished) = (0, 0, 0);
    for iteration in 0..ITERATIONS {
        let (source, expected) = &collections[(iteration + 1) % 2];
        let aim = aim(iteration);
        let mut command = Command::new(env!("CARGO_BIN_EXE_gongbao"));
        command
            .args(["reindex", "--quiet", "--threads", "1"])
            .arg(source)
            .arg("--index")
            .arg(&root)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if aim != Aim::Drawn {
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
        match aim {
            // The child now sleeps before the rename: kill it in that sleep.
            Aim::BeforeRename => {
                let reached = switching.recv_timeout(Duration::from_secs(120)).is_ok();
                assert!(reached, "the child never reached the switch");
            }
            // Wait until the pointer names a newer generation; the child then sleeps again.
            Aim::AfterRename => {
                let reached = switching.recv_timeout(Duration::from_secs(120)).is_ok();
                assert!(reached, "the child never reached the switch");
                let generations = Generations::open(&root).unwrap();
                while generations.live().unwrap() == Some(live) {
                    assert!(child.try_wait().unwrap().is_none(), "the child ended early");
                    std::thread::sleep(Duration::from_millis(5));
                }
            }
            Aim::Drawn => {
                let delay = random.below(typical.as_millis() as u64 * 5 / 4);
                std::thread::sleep(Duration::from_millis(delay));
            }
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
        match aim {
            Aim::BeforeRename => assert_eq!(now_live, live, "killed before the rename"),
            Aim::AfterRename => assert_ne!(now_live, live, "killed after the rename"),
            Aim::Drawn => {}
        }
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
        "{ITERATIONS} kills ({finished} after the child finished): old generation kept \
         {old_kept} times, new one taken {new_taken} times"
    );
    let aimed = |at: Aim| {
        (0..ITERATIONS)
            .filter(|&iteration| aim(iteration) == at)
            .count()
    };
    assert!(old_kept >= aimed(Aim::BeforeRename) && new_taken >= aimed(Aim::AfterRename));

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
}
