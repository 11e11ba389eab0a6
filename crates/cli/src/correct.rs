//! `gongbao correct`: a clerk's correction of one document's validity or relations, without the
//! server: recorded in the index root's journal (`corrections.jsonl`), written into the live
//! generation at once, and applied again by every later ingest and reindex. `--list` prints the
//! journal.

use std::io::Read;
use std::path::PathBuf;

use anyhow::{bail, Context};
use gongbao_core::date::{format_date, parse_iso_date};
use gongbao_core::{GongbaoIndex, Validity};
use gongbao_ingest::{correct, stated_relations, Correction, Corrections, ValidityCorrection};
use time::Date;

use crate::IndexArg;

/// Arguments of `gongbao correct`.
#[derive(Debug, clap::Args)]
pub struct CorrectArgs {
    #[command(flatten)]
    pub index: IndexArg,
    /// The document's id (as `gongbao search` and `/api/documents/{id}` give it).
    #[arg(required_unless_present = "list")]
    pub id: Option<String>,
    /// The validity it has: 现行有效, 已修改, 已废止, 失效, 尚未生效 or 未知.
    #[arg(long, value_parser = parse_validity)]
    pub validity: Option<Validity>,
    /// The day the validity applies from (YYYY-MM-DD); before it the status is derived.
    #[arg(long, value_parser = parse_day, requires = "validity")]
    pub from: Option<Date>,
    /// The document that decided it, as written (某市人民政府关于废止部分规章的决定).
    #[arg(long, requires = "validity")]
    pub by: Option<String>,
    /// A JSON file (`-`: standard input) of the relations the document states, replacing those
    /// read from its text: `[{"kind": "repeals", "title": "…", "doc_number": "…"}]`.
    #[arg(long)]
    pub relations: Option<PathBuf>,
    /// Print every correction recorded for this index instead.
    #[arg(long, conflicts_with_all = ["id", "validity", "relations"])]
    pub list: bool,
}

fn parse_validity(text: &str) -> Result<Validity, String> {
    Validity::parse(text).ok_or_else(|| {
        let labels: Vec<&str> = Validity::ALL
            .iter()
            .map(|validity| validity.label())
            .collect();
        format!("`{text}` is not one of {}", labels.join(", "))
    })
}

fn parse_day(text: &str) -> Result<Date, String> {
    parse_iso_date(text).ok_or_else(|| format!("`{text}` is not a date written YYYY-MM-DD"))
}

/// Records and applies one correction, or lists them.
pub fn run(args: CorrectArgs) -> anyhow::Result<()> {
    let index = GongbaoIndex::open(&args.index.index)
        .with_context(|| format!("cannot open index {}", args.index.index.display()))?;
    let root = index.root().to_owned();
    if args.list {
        let corrections = Corrections::load(&root)?;
        let mut list: Vec<&Correction> = corrections.iter().collect();
        list.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| a.id.cmp(&b.id)));
        for correction in list {
            println!("{}", serde_json::to_string(correction)?);
        }
        return Ok(());
    }
    let Some(id) = args.id else {
        bail!("name the document to correct, or --list");
    };
    if args.validity.is_none() && args.relations.is_none() {
        bail!("say what to correct: --validity (with --from, --by) and/or --relations FILE");
    }
    let relations = match &args.relations {
        Some(path) => {
            let text = if path.as_os_str() == "-" {
                let mut text = String::new();
                std::io::stdin().read_to_string(&mut text)?;
                text
            } else {
                std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read {}", path.display()))?
            };
            let list: serde_json::Value = serde_json::from_str(&text)
                .with_context(|| format!("{} is not JSON", path.display()))?;
            Some(stated_relations(&list).with_context(|| format!("{}", path.display()))?)
        }
        None => None,
    };
    let correction = Correction {
        validity: args
            .validity
            .map(|validity| ValidityCorrection::stated(validity, args.from, args.by)),
        relations,
        ..Correction::now(&id)
    };
    let Some(document) = correct(&index, &root, &correction)? else {
        bail!("no document has the id `{id}`");
    };
    print!("corrected {}: {}", document.id, document.validity.label());
    if let Some(from) = correction.validity.as_ref().and_then(|stated| stated.from) {
        print!(" from {}", format_date(from));
    }
    println!(", {} relations stated", document.relations.len());
    println!(
        "recorded in {}",
        root.join(gongbao_ingest::CORRECTIONS_FILE).display()
    );
    Ok(())
}
