//! Files a clerk edits in an index root that apply at query time (the authority file, the
//! synonyms): read when an engine opens, and again when they change, with no reindex.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Instant, SystemTime};

use gongbao_core::lines::LineProblem;

use crate::live::FOLLOW_INTERVAL;

/// What a clerk-edited file holds once read.
pub(crate) trait ClerkFile: Send + Sync + 'static {
    /// Its name in an index root.
    const FILE: &'static str;
    /// What it is, for messages.
    const WHAT: &'static str;
    /// The one compiled into gongbao, used when the root has none.
    fn built_in() -> Arc<Self>;
    /// Reads the file's text; `file` names it in the problems of the lines skipped.
    fn parse(text: &str, file: &str) -> Self;
    /// The lines skipped as malformed.
    fn problems(&self) -> &[LineProblem];
}

/// What tells a changed file: its modification time and length.
type Stamp = (SystemTime, u64);

/// A clerk-edited file of an index root, read again when it changes.
pub(crate) struct Watched<T> {
    path: PathBuf,
    loaded: Mutex<Loaded<T>>,
}

struct Loaded<T> {
    value: Arc<T>,
    stamp: Option<Stamp>,
    checked: Instant,
}

impl<T: ClerkFile> Watched<T> {
    /// The file of the index root (or plain index directory) `root`, read now.
    pub(crate) fn of_root(root: &Path) -> Watched<T> {
        let path = root.join(T::FILE);
        let (value, stamp) = load::<T>(&path);
        Watched {
            path,
            loaded: Mutex::new(Loaded {
                value,
                stamp,
                checked: Instant::now(),
            }),
        }
    }

    /// What the file holds now, read again first when it changed (looked at, at most every
    /// [`FOLLOW_INTERVAL`]; a search never waits for another one's check).
    pub(crate) fn current(&self) -> Arc<T> {
        let Ok(mut loaded) = self.loaded.try_lock() else {
            return Arc::clone(&self.locked().value);
        };
        if loaded.checked.elapsed() >= FOLLOW_INTERVAL {
            loaded.checked = Instant::now();
            if stamp(&self.path) != loaded.stamp {
                let (value, stamp) = load::<T>(&self.path);
                loaded.value = value;
                loaded.stamp = stamp;
            }
        }
        Arc::clone(&loaded.value)
    }

    /// Reads the file again now.
    pub(crate) fn reload(&self) {
        let (value, stamp) = load::<T>(&self.path);
        *self.locked() = Loaded {
            value,
            stamp,
            checked: Instant::now(),
        };
    }

    fn locked(&self) -> MutexGuard<'_, Loaded<T>> {
        self.loaded
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }
}

fn stamp(path: &Path) -> Option<Stamp> {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.modified().ok()?, metadata.len()))
}

/// The file at `path`, else the built-in one; each malformed line is logged.
fn load<T: ClerkFile>(path: &Path) -> (Arc<T>, Option<Stamp>) {
    let stamp = stamp(path);
    let value = match stamp.map(|_| std::fs::read_to_string(path)) {
        None => T::built_in(),
        Some(Ok(text)) => Arc::new(T::parse(&text, &path.display().to_string())),
        Some(Err(error)) => {
            tracing::warn!(file = %path.display(), %error, "{} unreadable, the built-in one is used", T::WHAT);
            T::built_in()
        }
    };
    for problem in value.problems() {
        tracing::warn!(
            file = %problem.file,
            line = problem.line,
            reason = %problem.reason,
            "{} line skipped",
            T::WHAT
        );
    }
    (value, stamp)
}
