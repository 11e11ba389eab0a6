//! `gongbao stats`: what an index holds.

use anyhow::Context;
use gongbao_query::Engine;

use crate::search::print_facets;
use crate::IndexArg;

/// Arguments of `gongbao stats`.
#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub index: IndexArg,
    /// Print every facet value as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Prints the document count, the counts per facet value (statuses as computed today) and the
/// relations the texts state.
pub fn run(args: StatsArgs) -> anyhow::Result<()> {
    let engine = Engine::open(&args.index.index)
        .with_context(|| format!("cannot open index {}", args.index.index.display()))?;
    crate::clerk_files::warn(&engine);
    let facets = engine.facets()?;
    let relations = engine.relation_counts()?;
    if args.json {
        let stats = serde_json::json!({
            "documents": engine.num_docs(),
            "schema_version": engine.index().meta.schema_version,
            "facets": facets,
            "relations": relations,
        });
        println!("{}", serde_json::to_string_pretty(&stats)?);
        return Ok(());
    }
    println!(
        "{} documents in {} (schema version {})",
        engine.num_docs(),
        args.index.index.display(),
        engine.index().meta.schema_version
    );
    print_facets(&facets);
    println!(
        "relations      {} stated by {} documents, {} naming a document not in the index",
        relations.relations, relations.acting_documents, relations.unresolved
    );
    Ok(())
}
