//! `gongbao lifecycle ID`: whether a document is in force on a day, why, its versions and its
//! relations.

use anyhow::{bail, Context};
use gongbao_core::date::{format_date, parse_iso_date};
use gongbao_query::{Engine, Related};
use time::Date;

use crate::IndexArg;

/// Arguments of `gongbao lifecycle`.
#[derive(Debug, clap::Args)]
pub struct LifecycleArgs {
    #[command(flatten)]
    pub index: IndexArg,
    /// The document's id.
    pub id: String,
    /// The day to answer for (YYYY-MM-DD): what was in force then. Today by default.
    #[arg(long, value_parser = parse_day)]
    pub as_of: Option<Date>,
    /// Print the lifecycle as JSON (as `/api/documents/{id}` gives it).
    #[arg(long)]
    pub json: bool,
}

fn parse_day(text: &str) -> Result<Date, String> {
    parse_iso_date(text).ok_or_else(|| format!("`{text}` is not a date written YYYY-MM-DD"))
}

/// Prints the status, its reason, the versions and the relations of one document.
pub fn run(args: LifecycleArgs) -> anyhow::Result<()> {
    let engine = Engine::open(&args.index.index)
        .with_context(|| format!("cannot open index {}", args.index.index.display()))?;
    let as_of = args.as_of.unwrap_or_else(gongbao_query::today);
    let Some(view) = engine.document(&args.id, as_of)? else {
        bail!("no document has the id `{}`", args.id);
    };
    let lifecycle = &view.lifecycle;
    if args.json {
        println!("{}", serde_json::to_string_pretty(lifecycle)?);
        return Ok(());
    }
    let status = &lifecycle.status;
    println!("{}", view.document.title);
    print!("{} on {}", status.validity.label(), format_date(as_of));
    if let Some(since) = status.since {
        print!(", since {}", format_date(since));
    }
    println!();
    println!("  {}", status.reason);
    if let Some(by) = &status.by {
        println!("  by: {} [{}]", by.title, by.id);
    }
    if lifecycle.versions.len() > 1 {
        println!("versions:");
        for version in &lifecycle.versions {
            let date = version
                .published
                .map(format_date)
                .unwrap_or_else(|| "undated".to_owned());
            let marker = if version.id == view.document.id {
                "*"
            } else {
                " "
            };
            println!(
                "  {marker} {date}  {}  [{}]",
                version.validity.label(),
                version.id
            );
        }
    }
    let relations = &lifecycle.relations;
    let lists: [(&str, &[Related]); 8] = [
        ("repeals", &relations.repeals),
        ("repealed by", &relations.repealed_by),
        ("amends", &relations.amends),
        ("amended by", &relations.amended_by),
        ("supersedes", &relations.supersedes),
        ("superseded by", &relations.superseded_by),
        ("interprets", &relations.interprets),
        ("interpreted by", &relations.interpreted_by),
    ];
    for (name, list) in lists {
        for related in list {
            let title = related
                .title
                .as_deref()
                .or(related.doc_number.as_deref())
                .unwrap_or("?");
            let id = related.id.as_deref().unwrap_or("not in the index");
            println!("{name}: {title} [{id}]");
            if let Some(sentence) = &related.sentence {
                println!("    “{sentence}”");
            }
        }
    }
    Ok(())
}
