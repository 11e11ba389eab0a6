//! Status tables kept per searcher generation and day, and computed before a new generation is
//! searched: the reader's warmer computes today's table while searches go on against the
//! previous generation, so no search after a commit waits for it (at a million documents it
//! takes about half a second).

use std::sync::{Arc, Mutex};

use gongbao_core::GongbaoIndex;
use tantivy::{IndexReader, ReloadPolicy, Searcher, SearcherGeneration, Warmer};
use time::Date;

use super::table::StatusTable;
use super::today;
use crate::error::Result;

/// Tables kept at most: today's of the live generations (an old one lives while searches on it
/// finish) and a few days asked for with `as_of`.
const KEPT: usize = 6;

/// Status tables by searcher generation and day. As a [`Warmer`] of the reader it computes
/// today's table of each new generation before the generation is searched.
pub(crate) struct StatusCache {
    index: GongbaoIndex,
    /// Tables, oldest first.
    tables: Mutex<Vec<(u64, Date, Arc<StatusTable>)>>,
}

impl StatusCache {
    pub(crate) fn new(index: GongbaoIndex) -> StatusCache {
        StatusCache {
            index,
            tables: Mutex::new(Vec::new()),
        }
    }

    /// A reader of `index` reloading by `policy`, with a cache that warms its generations.
    pub(crate) fn with_reader(
        index: &GongbaoIndex,
        policy: ReloadPolicy,
    ) -> tantivy::Result<(Arc<StatusCache>, IndexReader)> {
        let cache = Arc::new(StatusCache::new(index.clone()));
        let warmer: Arc<dyn Warmer> = cache.clone();
        let reader = index
            .index
            .reader_builder()
            .reload_policy(policy)
            .warmers(vec![Arc::downgrade(&warmer)])
            .try_into()?;
        Ok((cache, reader))
    }

    /// Every document's status on `as_of` through `searcher`: the kept table, else computed now
    /// (without holding the cache, so searches needing another table do not wait) and kept.
    pub(crate) fn get(&self, searcher: &Searcher, as_of: Date) -> Result<Arc<StatusTable>> {
        let generation = searcher.generation().generation_id();
        if let Some(table) = self.kept(generation, as_of) {
            return Ok(table);
        }
        let table = StatusTable::compute(&self.index, searcher, as_of)?;
        self.keep(generation, as_of, Arc::clone(&table));
        Ok(table)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(u64, Date, Arc<StatusTable>)>> {
        self.tables
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn kept(&self, generation: u64, as_of: Date) -> Option<Arc<StatusTable>> {
        self.lock()
            .iter()
            .find(|(at, day, _)| *at == generation && *day == as_of)
            .map(|(_, _, table)| Arc::clone(table))
    }

    fn keep(&self, generation: u64, as_of: Date, table: Arc<StatusTable>) {
        let mut tables = self.lock();
        if tables
            .iter()
            .any(|(at, day, _)| *at == generation && *day == as_of)
        {
            return;
        }
        if tables.len() >= KEPT {
            // Days asked with `as_of` make room first: today's tables serve nearly every search.
            let today = today();
            let oldest = tables
                .iter()
                .position(|(_, day, _)| *day != today)
                .unwrap_or(0);
            tables.remove(oldest);
        }
        tables.push((generation, as_of, table));
    }
}

impl Warmer for StatusCache {
    fn warm(&self, searcher: &Searcher) -> tantivy::Result<()> {
        // A table that cannot be computed now is computed (and its error reported) by the first
        // search that needs it; the new generation is not held back for it.
        if let Err(error) = self.get(searcher, today()) {
            tracing::warn!(%error, "status table not computed ahead of searches");
        }
        Ok(())
    }

    fn garbage_collect(&self, live: &[&SearcherGeneration]) {
        self.lock().retain(|(generation, _, _)| {
            live.iter()
                .any(|searcher| searcher.generation_id() == *generation)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use gongbao_core::{Document, UserDictionary, Validity};

    fn document(id: &str, validity: Validity) -> Document {
        Document {
            id: id.into(),
            title: format!("关于{id}的通知"),
            body: "为进一步做好相关工作，现通知如下。".into(),
            validity,
            ..Document::default()
        }
    }

    fn index_of(documents: &[Document]) -> (tempfile::TempDir, GongbaoIndex) {
        let dir = tempfile::tempdir().unwrap();
        let index = GongbaoIndex::create(dir.path(), UserDictionary::built_in()).unwrap();
        index.add_documents(documents).unwrap();
        (dir, index)
    }

    #[test]
    fn a_new_generation_is_searched_with_the_table_the_warmer_computed() {
        let (_dir, index) = index_of(&[document("a", Validity::InForce)]);
        let (cache, reader) = StatusCache::with_reader(&index, ReloadPolicy::Manual).unwrap();
        let first = reader.searcher();
        let generation = first.generation().generation_id();
        assert!(cache.kept(generation, today()).is_some(), "opening warms");

        index
            .add_documents(&[document("b", Validity::Repealed)])
            .unwrap();
        reader.reload().unwrap();
        let second = reader.searcher();
        let next = second.generation().generation_id();
        let table = cache.kept(next, today()).expect("reloading warms");
        let codes: Vec<Validity> = second
            .segment_readers()
            .iter()
            .flat_map(|segment| {
                let id = segment.segment_id();
                (0..segment.max_doc()).map(move |doc| (id, doc))
            })
            .filter_map(|(id, doc)| table.status(id, doc))
            .collect();
        assert_eq!(codes.len(), 2);
        assert!(codes.contains(&Validity::Repealed));
        assert!(Arc::ptr_eq(&table, &cache.get(&second, today()).unwrap()));

        // What tantivy's collector thread calls once no searcher holds the first generation.
        cache.garbage_collect(&[second.generation()]);
        assert!(cache.kept(generation, today()).is_none());
        assert!(cache.kept(next, today()).is_some());
    }

    #[test]
    fn days_asked_for_are_kept_beside_today() {
        let (_dir, index) = index_of(&[document("a", Validity::InForce)]);
        let cache = StatusCache::new(index.clone());
        let reader = index.index.reader().unwrap();
        let searcher = reader.searcher();
        let past = Date::from_calendar_date(2001, time::Month::January, 1).unwrap();
        let then = cache.get(&searcher, past).unwrap();
        let now = cache.get(&searcher, today()).unwrap();
        assert!(!Arc::ptr_eq(&then, &now));
        assert!(Arc::ptr_eq(&then, &cache.get(&searcher, past).unwrap()));
        // Many days asked after today's never push today's table out.
        for year in 2002..2002 + KEPT as i32 * 2 {
            let day = Date::from_calendar_date(year, time::Month::January, 1).unwrap();
            cache.get(&searcher, day).unwrap();
        }
        assert!(Arc::ptr_eq(&now, &cache.get(&searcher, today()).unwrap()));
        assert_eq!(cache.lock().len(), KEPT);
    }
}
