//! Legal force (效力级别) in ranking: a local regulation or rule answers after the national law
//! that matches a question as well, as legal databases order 法律 before 地方性法规, unless the
//! question names its place.

use std::sync::Arc;

use gongbao_core::model::{LOCAL_REGULATION, LOCAL_RULE};
use gongbao_core::schema::names;
use gongbao_core::StoredDocuments;
use tantivy::{DocId, Searcher, SegmentOrdinal};

use crate::columns::{column_table, ColumnTable};
use crate::error::Result;
use crate::rescore::{best_first, Scored};

/// Factor of the score of a rescored hit that is a local regulation or rule (地方性法规,
/// 地方政府规章) whose place the query does not name (0.8, 0.6, 0.5, 0.4 and 0.25 measured on
/// the public sets, `benches/RELEVANCE.md`).
pub const LOCAL_FORCE: f32 = 0.5;

/// Multiplies the scores of the local regulations and rules among `hits` by `factor`, except
/// pinned hits and those whose place `query` names, and orders the hits again. A hit's level is
/// compared by its ordinal in the segment's column; only a local hit's title is read.
pub(crate) fn lower_local(
    searcher: &Searcher,
    stored: &StoredDocuments,
    query: &str,
    factor: f32,
    hits: &mut [Scored],
) -> Result<()> {
    let mut segment_levels: Vec<Option<LocalLevels>> = Vec::new();
    for hit in hits.iter_mut() {
        let (key, address) = (&mut hit.0, hit.1);
        if key.0 {
            continue;
        }
        let ordinal = address.segment_ord as usize;
        if segment_levels.len() <= ordinal {
            segment_levels.resize_with(ordinal + 1, || None);
        }
        let levels = match &mut segment_levels[ordinal] {
            Some(levels) => levels,
            empty => empty.insert(LocalLevels::of(searcher, address.segment_ord)?),
        };
        if levels.is_local(address.doc_id) && !names_place_of(query, &stored.title(address)?) {
            key.1 *= factor;
        }
    }
    hits.sort_by(best_first);
    Ok(())
}

/// A segment's level table and the ordinals of the local levels in it.
struct LocalLevels {
    table: Arc<ColumnTable>,
    local: Vec<u32>,
}

impl LocalLevels {
    fn of(searcher: &Searcher, segment: SegmentOrdinal) -> Result<LocalLevels> {
        let table = column_table(searcher.segment_reader(segment), names::LEVEL)?;
        let local = (0..)
            .zip(&table.terms)
            .filter(|(_, level)| *level == LOCAL_REGULATION || *level == LOCAL_RULE)
            .map(|(ord, _)| ord)
            .collect();
        Ok(LocalLevels { table, local })
    }

    fn is_local(&self, doc: DocId) -> bool {
        self.table
            .ords(doc)
            .iter()
            .any(|ord| self.local.contains(ord))
    }
}

/// Whether `query` names the place of a local regulation or rule titled `title`: the first two
/// characters of such a title are its place (上海市…, 上海口岸服务条例, 黑龙江省…, 内蒙古自治区…).
fn names_place_of(query: &str, title: &str) -> bool {
    let title = title.trim_start_matches(|c: char| !c.is_alphanumeric());
    let Some((end, _)) = title.char_indices().nth(2) else {
        return false;
    };
    query.contains(&title[..end])
}

#[cfg(test)]
mod tests {
    use gongbao_core::{Document, GongbaoIndex, UserDictionary};

    use super::*;
    use crate::engine::Engine;
    use crate::request::SearchRequest;

    /// A national law and a Shanghai regulation saying the same about dogs, the regulation's
    /// text the shorter (so it scores higher by its words alone).
    fn engine() -> (tempfile::TempDir, Engine) {
        let document = |id: &str, title: &str, level: &str, body: &str| Document {
            id: id.to_owned(),
            title: title.to_owned(),
            level: Some(level.to_owned()),
            body: body.to_owned(),
            ..Document::default()
        };
        let dir = tempfile::tempdir().unwrap();
        let index = GongbaoIndex::create(dir.path(), UserDictionary::built_in()).unwrap();
        index
            .add_documents(&[
                document(
                    "law.md",
                    "中华人民共和国动物防疫法",
                    "法律",
                    "第一条 饲养犬只应当按照规定定期免疫接种狂犬病疫苗，凭动物诊疗机构出具的免疫证明向所在地养犬登记机关申请登记。各级人民政府应当加强动物防疫工作。",
                ),
                document(
                    "shanghai.md",
                    "上海市养犬管理条例",
                    LOCAL_REGULATION,
                    "第一条 饲养犬只应当定期免疫接种狂犬病疫苗，办理养犬登记。",
                ),
            ])
            .unwrap();
        (dir, Engine::new(index).unwrap())
    }

    fn first(engine: &Engine, query: &str) -> String {
        let response = engine.search(&SearchRequest::new(query)).unwrap();
        assert_eq!(response.hits.len(), 2, "{query}");
        response.hits[0].id.clone()
    }

    #[test]
    fn the_national_law_answers_first_unless_the_place_is_named() {
        let (_dir, engine) = engine();
        assert_eq!(first(&engine, "犬只免疫接种狂犬病疫苗 养犬登记"), "law.md");
        assert_eq!(
            first(&engine, "上海犬只免疫接种狂犬病疫苗 养犬登记"),
            "shanghai.md"
        );
    }

    #[test]
    fn a_query_naming_the_place_of_a_title_is_told() {
        assert!(names_place_of("上海市养犬规定", "上海市养犬管理条例"));
        assert!(names_place_of("上海 口岸", "上海口岸服务条例"));
        assert!(names_place_of(
            "黑龙江的湿地保护",
            "《黑龙江省湿地保护条例》"
        ));
        assert!(!names_place_of("养犬登记", "上海市养犬管理条例"));
        assert!(!names_place_of("养犬", "上"));
    }
}
