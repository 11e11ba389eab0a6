use gongbao_core::{Document, RelationKind};
use time::macros::date;

use super::*;

fn repeal(title: &str) -> Relation {
    Relation {
        kind: RelationKind::Repeals,
        title: Some(title.to_owned()),
        doc_number: None,
        sentence: "人工标注".to_owned(),
    }
}

fn repealed(from: Option<Date>) -> ValidityCorrection {
    ValidityCorrection {
        validity: Validity::Repealed,
        from,
        by: Some("江城市人民政府关于废止部分规章的决定".to_owned()),
    }
}

#[test]
fn the_journal_merges_a_documents_corrections_in_order_and_survives_a_reload() {
    let root = tempfile::tempdir().unwrap();
    let first = Correction {
        validity: Some(repealed(Some(date!(2024 - 03 - 01)))),
        ..Correction::now("规章/养犬办法.md")
    };
    let second = Correction {
        relations: Some(vec![repeal("江城市养犬管理暂行规定")]),
        ..Correction::now("规章/养犬办法.md")
    };
    let third = Correction {
        validity: Some(ValidityCorrection {
            validity: Validity::InForce,
            from: None,
            by: None,
        }),
        ..Correction::now("规章/养犬办法.md")
    };
    let other = Correction {
        relations: Some(Vec::new()),
        ..Correction::now("通知/甲.md")
    };
    for correction in [&first, &second, &third, &other] {
        Corrections::record(root.path(), correction).unwrap();
    }
    let corrections = Corrections::load(root.path()).unwrap();
    assert_eq!(corrections.len(), 2);
    let merged = corrections.get("规章/养犬办法.md").unwrap();
    // The later validity replaced the earlier one; the relations stayed.
    assert_eq!(merged.validity, third.validity);
    assert_eq!(merged.relations, second.relations);

    let mut document = Document {
        id: "规章/养犬办法.md".to_owned(),
        relations: vec![repeal("读出的另一件")],
        ..Document::default()
    };
    document.extra.insert(
        VALIDITY_FROM.to_owned(),
        Value::String("2020-01-01".to_owned()),
    );
    assert!(corrections.apply(&mut document));
    assert_eq!(document.validity, Validity::InForce);
    // A validity without a day clears the one an earlier statement gave.
    assert!(!document.extra.contains_key(VALIDITY_FROM));
    assert_eq!(document.relations, [repeal("江城市养犬管理暂行规定")]);
    let mut untouched = Document {
        id: "通知/乙.md".to_owned(),
        ..Document::default()
    };
    assert!(!corrections.apply(&mut untouched));
}

#[test]
fn a_validity_correction_writes_its_day_and_cause() {
    let mut document = Document::default();
    Correction {
        validity: Some(repealed(Some(date!(2024 - 03 - 01)))),
        ..Correction::now("a.md")
    }
    .apply(&mut document);
    assert_eq!(document.validity, Validity::Repealed);
    assert_eq!(document.extra[VALIDITY_FROM], "2024-03-01");
    assert_eq!(
        document.extra[VALIDITY_BY],
        "江城市人民政府关于废止部分规章的决定"
    );
    assert_eq!(
        gongbao_core::lifecycle::stated_since(&document),
        Some(date!(2024 - 03 - 01))
    );
}

#[test]
fn a_broken_journal_line_is_an_error_naming_it_and_no_journal_is_no_correction() {
    let root = tempfile::tempdir().unwrap();
    assert!(Corrections::load(root.path()).unwrap().is_empty());
    let good = serde_json::to_string(&Correction::now("a.md")).unwrap();
    let text = format!(
        "{good}\n\n{{\"id\": \"b.md\", \"at\": 1, \"validity\": {{\"validity\": \"作废\"}}}}\n"
    );
    std::fs::write(root.path().join(CORRECTIONS_FILE), text).unwrap();
    let error = Corrections::load(root.path()).unwrap_err();
    assert!(
        matches!(error, IngestError::CorrectionsFormat { line: 3, .. }),
        "{error}"
    );
    assert!(error.to_string().contains("line 3"), "{error}");
}
