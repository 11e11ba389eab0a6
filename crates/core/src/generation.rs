//! Index generations: a root directory holding complete indexes side by side and a pointer file
//! naming the live one, so a rebuild never shows searchers a half-built index.
//!
//! ```text
//! index/                 the root (`--index DIR`)
//!   CURRENT              "gen-000004\ngen-000003\n": the live generation, then the previous one
//!   writer.lock          held (flock) by the one process that builds or switches
//!   gen-000003/          a complete gongbao index (tantivy files, gongbao.json, user.dict, …)
//!   gen-000004/
//! ```
//!
//! The pointer is replaced by writing `CURRENT.tmp`, fsyncing it, renaming it over `CURRENT`
//! and fsyncing the root, so after a crash at any moment `CURRENT` names either the old or the
//! new generation, never something in between. A generation is only named by `CURRENT` after
//! its files were fsynced; directories that `CURRENT` does not name are unfinished builds or
//! pruned leftovers and may be removed by the next writer.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::error::{Error, Result};

/// The pointer file naming the live (and previous) generation.
pub const CURRENT_FILE: &str = "CURRENT";
/// The lock file that writers of a root hold.
pub const LOCK_FILE: &str = "writer.lock";
/// Temporary name of the pointer while it is written.
const CURRENT_TEMP: &str = "CURRENT.tmp";
/// Prefix of generation directories.
const PREFIX: &str = "gen-";

/// Environment variable that makes [`Generations::switch_to`] sleep this many milliseconds
/// before and after the rename, so the crash test can kill a process inside the switch. Read
/// only in builds with the `crash-test` feature, which only the tests of the `gongbao` binary
/// turn on (a dev-dependency feature): a release binary has no such hook.
pub const PAUSE_IN_SWITCH_ENV: &str = "GONGBAO_TEST_PAUSE_IN_SWITCH";

/// The number of a generation: `gen-000003` is generation 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GenerationId(pub u32);

impl fmt::Display for GenerationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{PREFIX}{:06}", self.0)
    }
}

impl FromStr for GenerationId {
    type Err = ();

    fn from_str(text: &str) -> Result<GenerationId, ()> {
        let digits = text.strip_prefix(PREFIX).ok_or(())?;
        if digits.len() < 6 || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
            return Err(());
        }
        digits.parse().map(GenerationId).map_err(|_| ())
    }
}

/// What `CURRENT` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pointer {
    /// The generation searchers use.
    pub live: GenerationId,
    /// The generation before it, kept for rollback.
    pub previous: Option<GenerationId>,
}

impl Pointer {
    fn render(self) -> String {
        match self.previous {
            Some(previous) => format!("{}\n{previous}\n", self.live),
            None => format!("{}\n", self.live),
        }
    }

    fn parse(text: &str) -> Option<Pointer> {
        let mut lines = text.lines().map(str::trim).filter(|line| !line.is_empty());
        let live = lines.next()?.parse().ok()?;
        let previous = match lines.next() {
            Some(line) => Some(line.parse().ok()?),
            None => None,
        };
        Some(Pointer { live, previous })
    }
}

/// The generations of one index root.
#[derive(Debug, Clone)]
pub struct Generations {
    root: PathBuf,
}

/// An exclusive hold on a root's writer lock, released when dropped (or when the process dies).
#[derive(Debug)]
pub struct WriterLock {
    _file: File,
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_owned(),
        source,
    }
}

impl Generations {
    /// The generations under `root`, creating the directory if needed.
    pub fn open(root: &Path) -> Result<Generations> {
        fs::create_dir_all(root).map_err(io_error(root))?;
        Ok(Generations {
            root: root.to_owned(),
        })
    }

    /// Whether `root` is a generations root (it has a `CURRENT` file).
    pub fn is_root(root: &Path) -> bool {
        root.join(CURRENT_FILE).is_file()
    }

    /// The directory of the live generation of `root`, when `root` is a generations root.
    pub fn live_dir(root: &Path) -> Result<Option<PathBuf>> {
        if !Generations::is_root(root) {
            return Ok(None);
        }
        let generations = Generations {
            root: root.to_owned(),
        };
        Ok(generations.live()?.map(|live| generations.path(live)))
    }

    /// The root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The directory of generation `id`.
    pub fn path(&self, id: GenerationId) -> PathBuf {
        self.root.join(id.to_string())
    }

    /// What `CURRENT` says, or `None` when no generation was switched to yet.
    pub fn pointer(&self) -> Result<Option<Pointer>> {
        let path = self.root.join(CURRENT_FILE);
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(io_error(&path)(error)),
        };
        Pointer::parse(&text)
            .map(Some)
            .ok_or(Error::BadPointer { path })
    }

    /// The live generation.
    pub fn live(&self) -> Result<Option<GenerationId>> {
        Ok(self.pointer()?.map(|pointer| pointer.live))
    }

    /// The generation kept for rollback.
    pub fn previous(&self) -> Result<Option<GenerationId>> {
        Ok(self.pointer()?.and_then(|pointer| pointer.previous))
    }

    /// Every generation directory, in order.
    pub fn list(&self) -> Result<Vec<GenerationId>> {
        let mut found: Vec<GenerationId> = fs::read_dir(&self.root)
            .map_err(io_error(&self.root))?
            .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse().ok())
            .collect();
        found.sort();
        Ok(found)
    }

    /// The writer lock of `root` when it is a generations root (`None` for a plain index
    /// directory, which has none): what every writer of a live generation takes, so that a
    /// reindex never misses a change made while it ran.
    pub fn lock_if_root(root: &Path) -> Result<Option<WriterLock>> {
        if !Generations::is_root(root) {
            return Ok(None);
        }
        Generations::open(root)?.try_lock().map(Some)
    }

    /// Takes the writer lock, failing at once when another process holds it.
    pub fn try_lock(&self) -> Result<WriterLock> {
        let path = self.root.join(LOCK_FILE);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io_error(&path))?;
        match file.try_lock() {
            Ok(()) => Ok(WriterLock { _file: file }),
            Err(fs::TryLockError::WouldBlock) => Err(Error::Locked { path }),
            Err(fs::TryLockError::Error(error)) => Err(io_error(&path)(error)),
        }
    }

    /// Makes a fresh, empty directory for the next generation and returns it. Unfinished
    /// builds left by a crash (directories `CURRENT` does not name) are removed first. Call it
    /// holding the writer lock.
    pub fn begin_next(&self) -> Result<(GenerationId, PathBuf)> {
        let existing = self.list()?;
        self.prune(0)?;
        let pointer = self.pointer()?;
        let highest = existing
            .iter()
            .copied()
            .chain(pointer.map(|pointer| pointer.live))
            .max()
            .map_or(0, |id| id.0);
        let id = GenerationId(highest + 1);
        let path = self.path(id);
        fs::create_dir_all(&path).map_err(io_error(&path))?;
        Ok((id, path))
    }

    /// Makes `id` the live generation and the live one the previous: its files are fsynced,
    /// then the pointer is replaced atomically.
    pub fn switch_to(&self, id: GenerationId) -> Result<()> {
        let path = self.path(id);
        if !path.is_dir() {
            return Err(Error::NoGeneration { path });
        }
        sync_tree(&path)?;
        let previous = self.live()?.filter(|live| *live != id);
        self.write_pointer(Pointer { live: id, previous })
    }

    /// Makes the previous generation live again (and the live one the previous, so a second
    /// rollback undoes the first). Returns the generation now live.
    pub fn rollback(&self) -> Result<GenerationId> {
        let pointer = self.pointer()?.ok_or_else(|| Error::NoGeneration {
            path: self.root.join(CURRENT_FILE),
        })?;
        let previous = pointer.previous.ok_or_else(|| Error::NoPrevious {
            root: self.root.clone(),
        })?;
        let path = self.path(previous);
        if !path.is_dir() {
            return Err(Error::NoGeneration { path });
        }
        self.write_pointer(Pointer {
            live: previous,
            previous: Some(pointer.live),
        })?;
        Ok(previous)
    }

    /// Removes generation directories other than the live and the previous one, keeping the
    /// `keep` newest of the others as well. Returns what was removed.
    pub fn prune(&self, keep: usize) -> Result<Vec<GenerationId>> {
        let pointer = self.pointer()?;
        let protected = |id: &GenerationId| {
            pointer.is_some_and(|pointer| pointer.live == *id || pointer.previous == Some(*id))
        };
        let mut others: Vec<GenerationId> = self
            .list()?
            .into_iter()
            .filter(|id| !protected(id))
            .collect();
        others.reverse();
        let mut removed = Vec::new();
        for id in others.into_iter().skip(keep) {
            let path = self.path(id);
            fs::remove_dir_all(&path).map_err(io_error(&path))?;
            removed.push(id);
        }
        let _ = fs::remove_file(self.root.join(CURRENT_TEMP));
        Ok(removed)
    }

    fn write_pointer(&self, pointer: Pointer) -> Result<()> {
        let temp = self.root.join(CURRENT_TEMP);
        let target = self.root.join(CURRENT_FILE);
        {
            let mut file = File::create(&temp).map_err(io_error(&temp))?;
            file.write_all(pointer.render().as_bytes())
                .map_err(io_error(&temp))?;
            file.sync_all().map_err(io_error(&temp))?;
        }
        test_pause();
        fs::rename(&temp, &target).map_err(io_error(&target))?;
        test_pause();
        sync_dir(&self.root)
    }
}

/// Sleeps when the crash test asks for it (see [`PAUSE_IN_SWITCH_ENV`]).
#[cfg(feature = "crash-test")]
fn test_pause() {
    if let Some(millis) = std::env::var(PAUSE_IN_SWITCH_ENV)
        .ok()
        .and_then(|value| value.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(millis));
    }
}

/// Without the `crash-test` feature the switch never pauses.
#[cfg(not(feature = "crash-test"))]
fn test_pause() {}

/// Fsyncs a directory, so renames and new entries in it survive a power loss.
pub fn sync_dir(path: &Path) -> Result<()> {
    File::open(path)
        .and_then(|dir| dir.sync_all())
        .map_err(io_error(path))
}

/// Fsyncs every file under `path` and the directories themselves.
fn sync_tree(path: &Path) -> Result<()> {
    for entry in fs::read_dir(path).map_err(io_error(path))? {
        let entry = entry.map_err(io_error(path))?;
        let child = entry.path();
        let kind = entry.file_type().map_err(io_error(&child))?;
        if kind.is_dir() {
            sync_tree(&child)?;
        } else if kind.is_file() {
            File::open(&child)
                .and_then(|file| file.sync_all())
                .map_err(io_error(&child))?;
        }
    }
    sync_dir(path)
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, fsync, rename, fsync of the
/// directory.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut temp_name = path.file_name().unwrap_or_default().to_owned();
    temp_name.push(".tmp");
    let temp = dir.join(temp_name);
    {
        let mut file = File::create(&temp).map_err(io_error(&temp))?;
        file.write_all(bytes).map_err(io_error(&temp))?;
        file.sync_all().map_err(io_error(&temp))?;
    }
    fs::rename(&temp, path).map_err(io_error(path))?;
    sync_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_print_and_parse() {
        assert_eq!(GenerationId(3).to_string(), "gen-000003");
        assert_eq!("gen-000003".parse(), Ok(GenerationId(3)));
        assert_eq!("gen-1234567".parse(), Ok(GenerationId(1_234_567)));
        assert!("gen-3".parse::<GenerationId>().is_err());
        assert!("gen-00000x".parse::<GenerationId>().is_err());
        assert!("CURRENT".parse::<GenerationId>().is_err());
    }

    #[test]
    fn switch_keeps_the_previous_and_rollback_toggles() {
        let dir = tempfile::tempdir().unwrap();
        let generations = Generations::open(dir.path()).unwrap();
        assert_eq!(generations.live().unwrap(), None);
        let (first, _) = generations.begin_next().unwrap();
        generations.switch_to(first).unwrap();
        let (second, _) = generations.begin_next().unwrap();
        assert_eq!(second, GenerationId(2));
        assert_eq!(generations.live().unwrap(), Some(first));
        generations.switch_to(second).unwrap();
        assert_eq!(
            generations.pointer().unwrap(),
            Some(Pointer {
                live: second,
                previous: Some(first)
            })
        );
        assert_eq!(generations.rollback().unwrap(), first);
        assert_eq!(generations.live().unwrap(), Some(first));
        assert_eq!(generations.previous().unwrap(), Some(second));
        assert_eq!(generations.rollback().unwrap(), second);
        assert!(!dir.path().join(CURRENT_TEMP).exists());
    }

    #[test]
    fn begin_next_removes_unfinished_builds_and_prune_keeps_live_and_previous() {
        let dir = tempfile::tempdir().unwrap();
        let generations = Generations::open(dir.path()).unwrap();
        for _ in 0..3 {
            let (id, _) = generations.begin_next().unwrap();
            generations.switch_to(id).unwrap();
        }
        assert_eq!(generations.list().unwrap().len(), 3);
        assert_eq!(generations.prune(0).unwrap(), vec![GenerationId(1)]);
        let (unfinished, _) = generations.begin_next().unwrap();
        assert_eq!(unfinished, GenerationId(4));
        let (next, _) = generations.begin_next().unwrap();
        assert_eq!(next, GenerationId(5));
        assert_eq!(
            generations.list().unwrap(),
            vec![GenerationId(2), GenerationId(3), GenerationId(5)]
        );
    }

    #[test]
    fn rollback_without_a_previous_generation_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let generations = Generations::open(dir.path()).unwrap();
        let (id, _) = generations.begin_next().unwrap();
        generations.switch_to(id).unwrap();
        assert!(matches!(
            generations.rollback(),
            Err(Error::NoPrevious { .. })
        ));
    }

    #[test]
    fn a_second_writer_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let generations = Generations::open(dir.path()).unwrap();
        let lock = generations.try_lock().unwrap();
        assert!(matches!(generations.try_lock(), Err(Error::Locked { .. })));
        drop(lock);
        generations.try_lock().unwrap();
    }
}
