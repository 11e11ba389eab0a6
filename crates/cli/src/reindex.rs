//! `gongbao reindex` and `gongbao rollback`: build a new index generation beside the live one
//! and switch to it, or switch back.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use gongbao_core::{Generations, GongbaoIndex};
use gongbao_ingest::{discover, reindex, DictionaryChange, IngestOptions};
use gongbao_server::EngineTitles;

use crate::ingest::{print_summary, progress_bar, total_bytes, Bar};
use crate::{dictionary, IndexArg};

/// Documents listed by name when the dictionary change touches more.
const LISTED: usize = 20;

/// Arguments of `gongbao reindex`.
#[derive(Debug, clap::Args)]
pub struct ReindexArgs {
    /// Files or folders holding the whole collection (folders are read recursively).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub index: IndexArg,
    /// User dictionary of the new generation (default: dict/gongbao.dict if present, else built in).
    #[arg(long, env = "GONGBAO_DICT")]
    pub dict: Option<PathBuf>,
    /// Indexing threads (default: one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub ocr: crate::ocr::OcrArgs,
}

/// Arguments of `gongbao rollback`.
#[derive(Debug, clap::Args)]
pub struct RollbackArgs {
    #[command(flatten)]
    pub index: IndexArg,
}

/// Builds, checks and switches to a new generation; the exit code is 1 when any file failed.
pub fn run(args: ReindexArgs) -> anyhow::Result<ExitCode> {
    let (dictionary, dictionary_source) = dictionary::resolve(args.dict.as_deref())?;
    let files = discover(&args.paths)?;
    let bar = progress_bar(total_bytes(&files), args.quiet);
    let root = &args.index.index;
    // The cache under the root is shared with the live generation: pages it recognised are not
    // recognised again.
    let recognizer = args.ocr.recognizer(Some(root.join(crate::ocr::CACHE_DIR)));
    let options = IngestOptions {
        threads: args.threads,
        pdf: crate::ocr::with_ocr(
            IngestOptions::default().pdf,
            recognizer.as_ref(),
            std::sync::Arc::new(crate::ocr::PageProgress { bar: bar.clone() }),
        ),
        ..IngestOptions::default()
    };
    let report = reindex(
        root,
        &files,
        dictionary,
        &options,
        &Bar::new(bar.clone()),
        &EngineTitles,
    )
    .with_context(|| {
        format!(
            "reindex of {} failed; the live index is unchanged",
            root.display()
        )
    })?;
    bar.finish_and_clear();
    let index = GongbaoIndex::open(root)?;
    print_summary(&report.ingest, &index);
    if let Some(line) = recognizer.and_then(|recognizer| crate::ocr::summary(recognizer.stats())) {
        println!("{line}");
    }
    match report.previous {
        Some(previous) => println!(
            "{} is live with {} documents; {previous} is kept for `gongbao rollback`",
            report.generation, report.documents
        ),
        None => println!(
            "{} is live with {} documents",
            report.generation, report.documents
        ),
    }
    for pruned in &report.pruned {
        println!("removed old generation {pruned}");
    }
    if let Some(change) = &report.dictionary {
        print_dictionary_change(change, &dictionary_source);
    }
    Ok(if report.ingest.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_dictionary_change(change: &DictionaryChange, source: &str) {
    println!(
        "the user dictionary ({source}) changed: {} words added or changed, {} removed",
        change.added.len(),
        change.removed.len()
    );
    for (sign, words) in [("+", &change.added), ("-", &change.removed)] {
        if !words.is_empty() {
            let shown: Vec<&str> = words.iter().take(LISTED).map(String::as_str).collect();
            println!("  {sign} {}", shown.join(" "));
        }
    }
    println!(
        "{} documents are segmented differently now:",
        change.changed_documents.len()
    );
    for id in change.changed_documents.iter().take(LISTED) {
        println!("  {id}");
    }
    if change.changed_documents.len() > LISTED {
        println!("  … and {} more", change.changed_documents.len() - LISTED);
    }
}

/// Makes the previous generation live again.
pub fn rollback(args: RollbackArgs) -> anyhow::Result<()> {
    let root = &args.index.index;
    anyhow::ensure!(
        Generations::is_root(root),
        "{} has no generations to roll back (it was never reindexed)",
        root.display()
    );
    let generations = Generations::open(root)?;
    let _lock = generations.try_lock()?;
    let live = generations.rollback()?;
    let previous = generations.previous()?;
    match previous {
        Some(previous) => {
            println!("{live} is live again; {previous} is kept (roll back again to return to it)")
        }
        None => println!("{live} is live again"),
    }
    Ok(())
}
