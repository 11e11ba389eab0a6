//! `gongbao`: ingest, search and inspect an index of Chinese government documents.

mod analytics;
mod clerk_files;
mod correct;
mod dictionary;
mod eval;
mod ingest;
mod lifecycle;
mod memory;
mod ocr;
mod pdf;
mod reindex;
mod search;
mod serve;
mod stats;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Search engine for Chinese government policy documents and gazettes.
#[derive(Debug, Parser)]
#[command(name = "gongbao", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Index documents from files and folders (Markdown, text, JSON Lines, PDF).
    Ingest(ingest::IngestArgs),
    /// Relevance (nDCG@10, Recall@10, MRR@10) and latency on a judged query set.
    Eval(eval::EvalArgs),
    /// Build a new index generation from the whole collection, check it and switch to it.
    Reindex(reindex::ReindexArgs),
    /// Make the previous index generation live again.
    Rollback(reindex::RollbackArgs),
    /// Search the index: ranked results, highlighted snippets, facet counts.
    Search(search::SearchArgs),
    /// Serve the HTTP API (search, documents, facets, health, metrics).
    Serve(serve::ServeArgs),
    /// Search analytics: top queries, queries without results, results nobody opened.
    Analytics(analytics::AnalyticsArgs),
    /// Show how many documents the index holds, by facet value.
    Stats(stats::StatsArgs),
    /// Whether a document is in force on a day, why, its versions and its relations.
    Lifecycle(lifecycle::LifecycleArgs),
    /// Correct a document's validity or relations (kept through every reindex), or list the
    /// corrections.
    Correct(correct::CorrectArgs),
    /// Gazette PDFs against ground truth: character accuracy (beside pdftotext), boundaries.
    EvalPdf(pdf::EvalPdfArgs),
    /// Scanned PDFs against ground truth: OCR character accuracy per file and page, time per page.
    EvalOcr(ocr::EvalOcrArgs),
    /// Extract one PDF's pages as JSON (run by ingest in a limited child process).
    #[command(hide = true)]
    ExtractPdf(pdf::ExtractPdfArgs),
}

/// Where the index lives unless `--index` says otherwise.
pub const DEFAULT_INDEX: &str = "index";

/// The `--index DIR` option shared by every command.
#[derive(Debug, clap::Args)]
pub struct IndexArg {
    /// Index directory.
    #[arg(long, default_value = DEFAULT_INDEX, env = "GONGBAO_INDEX")]
    pub index: PathBuf,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Serve(_)) {
        // `gongbao search … | head` ends quietly when the reader goes away. The server keeps
        // Rust's default (SIGPIPE ignored) so a client hanging up is an error, not a death.
        sigpipe::reset();
    }
    let outcome = match cli.command {
        Command::Ingest(args) => ingest::run(args),
        Command::Eval(args) => eval::run(args).map(|()| ExitCode::SUCCESS),
        Command::Reindex(args) => reindex::run(args),
        Command::Rollback(args) => reindex::rollback(args).map(|()| ExitCode::SUCCESS),
        Command::Search(args) => search::run(args).map(|()| ExitCode::SUCCESS),
        Command::Serve(args) => serve::run(args).map(|()| ExitCode::SUCCESS),
        Command::Stats(args) => stats::run(args).map(|()| ExitCode::SUCCESS),
        Command::Lifecycle(args) => lifecycle::run(args).map(|()| ExitCode::SUCCESS),
        Command::Correct(args) => correct::run(args).map(|()| ExitCode::SUCCESS),
        Command::Analytics(args) => analytics::run(args).map(|()| ExitCode::SUCCESS),
        Command::EvalPdf(args) => pdf::eval(args).map(|()| ExitCode::SUCCESS),
        Command::EvalOcr(args) => ocr::eval(args).map(|()| ExitCode::SUCCESS),
        Command::ExtractPdf(args) => pdf::extract(args).map(|()| ExitCode::SUCCESS),
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}
