//! JSON sources: JSON Lines documents and the metadata fields shared with sidecar files.

use gongbao_core::date::parse_date;
use gongbao_core::{Document, Relation, Validity};
use serde_json::{Map, Value};

use crate::error::{FileErrorKind, RecordError};
use crate::recognise::recognise;
use crate::text::document_from;

const ID_KEYS: &[&str] = &["id", "docid", "doc_id"];
const TITLE_KEYS: &[&str] = &["title", "标题"];
const TEXT_KEYS: &[&str] = &["text", "body", "content", "正文"];

/// Parses one JSON Lines file: one document per non-blank line. Lines that are not JSON objects
/// with text are reported and skipped; the other lines still yield their documents.
pub fn parse_json_lines(relative_path: &str, text: &str) -> (Vec<Document>, Vec<FileErrorKind>) {
    parse_json_lines_from(relative_path, text, 1)
}

/// As [`parse_json_lines`], for a part of a file whose first line is numbered `first_line`.
pub fn parse_json_lines_from(
    relative_path: &str,
    text: &str,
    first_line: usize,
) -> (Vec<Document>, Vec<FileErrorKind>) {
    let mut documents = Vec::new();
    let mut errors = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let line_number = index + first_line;
        match parse_record(relative_path, line_number, line) {
            Ok(document) => documents.push(document),
            Err(error) => errors.push(FileErrorKind::Json {
                line: line_number,
                error,
            }),
        }
    }
    (documents, errors)
}

fn parse_record(
    relative_path: &str,
    line_number: usize,
    line: &str,
) -> Result<Document, RecordError> {
    let mut record = json_object(line)?;
    // A blank id is no id: the line's place names the document, as when the key is missing.
    let id = take_first(&mut record, ID_KEYS)
        .and_then(|value| scalar_text(&value))
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| format!("{relative_path}#{line_number}"));
    let title = take_first(&mut record, TITLE_KEYS).and_then(|value| scalar_text(&value));
    let body = take_first(&mut record, TEXT_KEYS)
        .and_then(|value| scalar_text(&value))
        .filter(|body| !body.trim().is_empty())
        .ok_or(RecordError::NoText {
            expected: TEXT_KEYS,
        })?;
    let recognised = recognise(title.as_deref(), &body);
    let title = title
        .or_else(|| recognised.title.clone())
        .unwrap_or_else(|| id.clone());
    let mut document = document_from(&id, title, body, recognised, relative_path);
    apply_metadata(&mut document, record);
    Ok(document)
}

/// One line as a JSON object: a JSON Lines record or a sidecar line.
pub(crate) fn json_object(line: &str) -> Result<Map<String, Value>, RecordError> {
    match serde_json::from_str(line)? {
        Value::Object(record) => Ok(record),
        _ => Err(RecordError::NotAnObject),
    }
}

fn take_first(record: &mut Map<String, Value>, keys: &[&str]) -> Option<Value> {
    keys.iter().find_map(|key| record.remove(*key))
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.trim().to_owned()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

fn text_list(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::Array(items) => Some(items.iter().filter_map(scalar_text).collect()),
        Value::String(text) => Some(
            text.split(['、', ';', '；', ','])
                .map(str::trim)
                .filter(|part| !part.is_empty())
                .map(str::to_owned)
                .collect(),
        ),
        _ => None,
    }
}

/// Overrides a document's metadata with the known fields of a JSON object (a JSON Lines
/// record or a sidecar line). Known fields with values that cannot be read, and unknown fields,
/// are kept in [`Document::extra`] unchanged.
pub fn apply_metadata(document: &mut Document, record: Map<String, Value>) {
    for (key, value) in record {
        if !apply_field(document, &key, &value) {
            document.extra.insert(key, value);
        }
    }
}

fn apply_field(document: &mut Document, key: &str, value: &Value) -> bool {
    match key {
        "title" | "标题" => set(&mut document.title, scalar_text(value)),
        "doc_number" | "文号" | "发文字号" => {
            set(&mut document.doc_number, scalar_text(value).map(Some))
        }
        "issuer" | "issuers" | "发文机关" => set(&mut document.issuers, text_list(value)),
        "doc_type" | "文种" => set(&mut document.doc_type, scalar_text(value).map(Some)),
        "departments" | "责任部门" => set(&mut document.departments, text_list(value)),
        "policy_area" | "policy_areas" | "主题分类" => {
            // Category names hold 、 themselves, so a string lists areas split by ; only.
            let areas = match value {
                Value::String(text) => Some(
                    text.split([';', '；'])
                        .map(str::trim)
                        .filter(|part| !part.is_empty())
                        .map(str::to_owned)
                        .collect::<Vec<_>>(),
                ),
                other => text_list(other),
            };
            let areas = areas.map(|areas| {
                areas
                    .iter()
                    .map(|area| area.split('/').map(str::to_owned).collect())
                    .collect()
            });
            set(&mut document.policy_areas, areas)
        }
        "written" | "成文日期" => set_date(&mut document.dates.written, value),
        "published" | "publish" | "发布日期" => set_date(&mut document.dates.published, value),
        "effective" | "valid_from" | "施行日期" => {
            set_date(&mut document.dates.effective, value)
        }
        "expires" | "valid_until" | "有效期至" => set_date(&mut document.expires, value),
        "relations" => set(&mut document.relations, clerk_relations(value)),
        "validity" | "时效性" | "效力" => set(
            &mut document.validity,
            scalar_text(value).and_then(|text| Validity::parse(&text)),
        ),
        "expired" => {
            if let Some(expired) = value.as_bool() {
                document.validity = if expired {
                    Validity::Expired
                } else {
                    Validity::InForce
                };
            }
            // Kept in `extra` too: it is the source's own word.
            false
        }
        "level" | "效力级别" => {
            // The legal rank names the document type of laws and judicial interpretations.
            if let Some(level @ ("法律" | "司法解释")) = value.as_str() {
                document.doc_type = Some(level.to_owned());
            }
            set(&mut document.level, scalar_text(value).map(Some));
            // Kept in `extra` too: it is the source's own word.
            false
        }
        _ => false,
    }
}

/// What the document did to others, as a clerk states it: it replaces what was read from the
/// text ([`crate::stated_relations`]; an empty list says the text states none). A list that
/// cannot be read is not read.
fn clerk_relations(value: &Value) -> Option<Vec<Relation>> {
    crate::corrections::stated_relations(value).ok()
}

/// The sentence of a relation a clerk states without one.
pub const CLERK_SENTENCE: &str = "人工标注";

fn set<T>(slot: &mut T, value: Option<T>) -> bool {
    match value {
        Some(value) => {
            *slot = value;
            true
        }
        None => false,
    }
}

/// A null date is a statement that the source knows none: it clears a recognised one.
fn set_date(slot: &mut Option<time::Date>, value: &Value) -> bool {
    match value {
        Value::Null => {
            *slot = None;
            true
        }
        _ => set(
            slot,
            scalar_text(value)
                .and_then(|text| parse_date(&text))
                .map(Some),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongbao_core::date::format_date;
    use gongbao_core::RelationKind;

    /// Found by the `json_lines` fuzz target: `"docid": ""` gave a document with an empty id.
    #[test]
    fn a_blank_id_is_replaced_by_the_line_s_place() {
        let text = concat!(
            "{\"docid\": \"\", \"正文\": \"某县关于做好秋季防火工作的通知\"}\n",
            "{\"id\": \"  \", \"body\": \"某县关于开展安全生产检查的通知\"}\n",
        );
        let (documents, errors) = parse_json_lines("county.jsonl", text);
        assert!(errors.is_empty(), "{errors:?}");
        let ids: Vec<&str> = documents
            .iter()
            .map(|document| document.id.as_str())
            .collect();
        assert_eq!(ids, ["county.jsonl#1", "county.jsonl#2"]);
    }

    #[test]
    fn records_map_known_fields_and_keep_the_rest() {
        let text = concat!(
            r#"{"id": "n1", "text": "某市卫生健康委员会关于做好复工复产防控工作的通知 各区卫生健康委：现就有关事项通知如下。", "source_site": "卫健委网站", "validity": "已废止", "published": "2020-02-10"}"#,
            "\n\n",
            r#"{"id": 7, "title": "关于延长申报期限的公告", "body": "现将有关事项公告如下。", "issuers": ["某省税务局"]}"#,
            "\n"
        );
        let (documents, errors) = parse_json_lines("notices.jsonl", text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(documents.len(), 2);
        let first = &documents[0];
        assert_eq!(first.id, "n1");
        assert_eq!(first.validity, Validity::Repealed);
        assert_eq!(
            first.dates.published.map(format_date).as_deref(),
            Some("2020-02-10")
        );
        assert_eq!(first.extra["source_site"], "卫健委网站");
        assert_eq!(first.source.path, "notices.jsonl");
        let second = &documents[1];
        assert_eq!(second.id, "7");
        assert_eq!(second.title, "关于延长申报期限的公告");
        assert_eq!(second.issuers, ["某省税务局"]);
    }

    #[test]
    fn bad_lines_are_reported_and_good_lines_kept() {
        let text = "{\"id\": \"a\", \"text\": \"正文内容\"}\nnot json\n[1, 2]\n{\"id\": \"b\"}\n";
        let (documents, errors) = parse_json_lines("x.jsonl", text);
        assert_eq!(documents.len(), 1);
        let lines: Vec<(usize, &RecordError)> = errors
            .iter()
            .map(|error| match error {
                FileErrorKind::Json { line, error } => (*line, error),
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        assert!(
            matches!(
                lines[..],
                [
                    (2, RecordError::Syntax(_)),
                    (3, RecordError::NotAnObject),
                    (4, RecordError::NoText { .. })
                ]
            ),
            "{lines:?}"
        );
    }

    #[test]
    fn a_record_without_id_is_named_by_its_line() {
        let (documents, _) = parse_json_lines("dir/x.jsonl", "{\"text\": \"正文内容\"}");
        assert_eq!(documents[0].id, "dir/x.jsonl#1");
    }

    #[test]
    fn sidecar_fields_override_and_null_dates_clear() {
        let mut document = Document {
            title: "某条例".to_owned(),
            ..Document::default()
        };
        document.dates.effective = parse_date("2001年1月1日");
        let record = serde_json::json!({
            "name": "某条例", "level": "法律", "publish": "1996-10-03",
            "valid_from": null, "expired": true
        });
        let Value::Object(record) = record else {
            unreachable!()
        };
        apply_metadata(&mut document, record);
        assert_eq!(document.validity, Validity::Expired);
        assert_eq!(document.doc_type.as_deref(), Some("法律"));
        assert_eq!(
            document.dates.published.map(format_date).as_deref(),
            Some("1996-10-03")
        );
        assert_eq!(document.dates.effective, None);
        assert_eq!(document.extra["name"], "某条例");
        assert_eq!(document.extra["expired"], true);
    }

    #[test]
    fn a_clerks_relations_replace_those_read_from_the_text() {
        let mut document = Document {
            relations: vec![Relation {
                kind: RelationKind::Repeals,
                title: Some("滨海市出租汽车管理暂行办法".to_owned()),
                doc_number: None,
                sentence: "《滨海市出租汽车管理暂行办法》同时废止".to_owned(),
            }],
            ..Document::default()
        };
        let record = json_object(
            r#"{"relations": [{"kind": "废止", "doc_number": "滨政发〔2010〕5号"}, {"kind": "interprets", "title": "滨海市网约车管理办法", "sentence": "本解读"}], "expires": "2025-12-31"}"#,
        )
        .unwrap();
        apply_metadata(&mut document, record);
        assert_eq!(document.relations.len(), 2);
        assert_eq!(document.relations[0].kind, RelationKind::Repeals);
        assert_eq!(
            document.relations[0].doc_number.as_deref(),
            Some("滨政发〔2010〕5号")
        );
        assert_eq!(document.relations[0].sentence, CLERK_SENTENCE);
        assert_eq!(document.relations[1].kind, RelationKind::Interprets);
        assert_eq!(document.expires, parse_date("2025年12月31日"));
        // An unreadable list is kept as given, and the relations read from the text stay.
        let record =
            json_object(r#"{"relations": [{"kind": "cancels", "title": "某办法"}]}"#).unwrap();
        apply_metadata(&mut document, record);
        assert_eq!(document.relations.len(), 2);
        assert!(document.extra.contains_key("relations"));
        let record = json_object(r#"{"relations": []}"#).unwrap();
        apply_metadata(&mut document, record);
        assert!(document.relations.is_empty());
    }
}
