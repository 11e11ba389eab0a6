//! Following the live generation of an index root: when `CURRENT` names another generation, the
//! engine opens it and swaps it in; searches already running finish on the generation they
//! started with, which stays open until the last of them drops it.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use gongbao_core::{Generations, GongbaoIndex};

use crate::engine::Engine;
use crate::error::Result;

/// How often the pointer file is read, at most.
pub const FOLLOW_INTERVAL: Duration = Duration::from_millis(200);

/// The engine of the live generation and what is needed to notice a new one.
pub(crate) struct Follow {
    root: PathBuf,
    current: RwLock<Arc<Engine>>,
    /// The generation directory `current` searches, and when the pointer was last read.
    checked: Mutex<(PathBuf, Instant)>,
}

impl Follow {
    /// Follows `root`, starting with `engine`, which searches the generation in `dir`.
    pub(crate) fn new(root: PathBuf, engine: Engine, dir: PathBuf) -> Follow {
        Follow {
            root,
            current: RwLock::new(Arc::new(engine)),
            checked: Mutex::new((dir, Instant::now())),
        }
    }

    /// The engine of the live generation, switching first when the pointer changed (read at
    /// most every [`FOLLOW_INTERVAL`]; a search never waits for another one's check).
    pub(crate) fn current(&self) -> Arc<Engine> {
        if let Ok(mut checked) = self.checked.try_lock() {
            if checked.1.elapsed() >= FOLLOW_INTERVAL {
                checked.1 = Instant::now();
                // A generation that cannot be opened yet is tried again at the next interval;
                // meanwhile the one open keeps answering.
                let _ = self.switch_if_changed(&mut checked.0);
            }
        }
        self.engine()
    }

    /// Reads the pointer now and switches when it names another generation. Returns whether
    /// it switched.
    pub(crate) fn refresh(&self) -> Result<bool> {
        let mut checked = self
            .checked
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        checked.1 = Instant::now();
        self.switch_if_changed(&mut checked.0)
    }

    fn engine(&self) -> Arc<Engine> {
        Arc::clone(
            &self
                .current
                .read()
                .unwrap_or_else(|poison| poison.into_inner()),
        )
    }

    fn switch_if_changed(&self, dir: &mut PathBuf) -> Result<bool> {
        let Some(live) = Generations::live_dir(&self.root)? else {
            return Ok(false);
        };
        if live == *dir {
            return Ok(false);
        }
        let (authority, synonyms) = self.engine().sources();
        let engine = Engine::with_sources(GongbaoIndex::open(&live)?, authority, synonyms)?;
        *self
            .current
            .write()
            .unwrap_or_else(|poison| poison.into_inner()) = Arc::new(engine);
        *dir = live;
        Ok(true)
    }
}
