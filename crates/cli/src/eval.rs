//! `gongbao eval`: relevance and latency on a judged query set, in the Lucene peer's format.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use gongbao_query::{Engine, SearchRequest, Unit, Versions};
use serde::Deserialize;

use crate::IndexArg;

/// Results that count, as in the peer.
const CUTOFF: usize = 10;

/// Arguments of `gongbao eval`.
#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// JSON Lines of `{qid, query, relevant: [ids]}` (the format of ../shared/eval).
    #[arg(long)]
    pub queries: PathBuf,
    #[command(flatten)]
    pub index: IndexArg,
    /// Timed runs of every query after one warm-up pass.
    #[arg(long, default_value_t = 5)]
    pub repeats: usize,
    /// Count facets on every search, as the HTTP API does.
    #[arg(long)]
    pub facets: bool,
    /// Time searches as `/api/search` serves them, without HTTP: a page of the API's default
    /// size, with highlighted passages and marked titles (relevance still counts the top 10).
    #[arg(long)]
    pub passages: bool,
    /// What is ranked: `document`, or `article` (hit ids `DOC_ID#第X条`, as
    /// ../shared/eval/stard-articles-public.jsonl labels them).
    #[arg(long, default_value = "document", value_parser = parse_unit)]
    pub unit: Unit,
    /// Also write every query's ranked ids, relevant ids, nDCG@10, Recall@10 and latency (median
    /// and slowest of its timed runs, µs) to this file (JSON Lines), for error and tail analysis.
    #[arg(long)]
    pub per_query: Option<PathBuf>,
    /// Which versions of a document are ranked: `newest` (one hit per chain on a page, as the
    /// API does by default) or `all`.
    #[arg(long, default_value = "newest", value_parser = parse_versions)]
    pub versions: Versions,
}

fn parse_versions(name: &str) -> anyhow::Result<Versions> {
    Versions::parse(name).ok_or_else(|| {
        let names: Vec<&str> = Versions::ALL.iter().map(|choice| choice.name()).collect();
        anyhow::anyhow!("not one of {}", names.join(", "))
    })
}

/// A unit by its name, for `--unit` (of `eval` and `search`).
pub(crate) fn parse_unit(name: &str) -> anyhow::Result<Unit> {
    Unit::parse(name).ok_or_else(|| {
        let names: Vec<&str> = Unit::ALL.iter().map(|unit| unit.name()).collect();
        anyhow::anyhow!("not one of {}", names.join(", "))
    })
}

#[derive(Debug, Deserialize)]
struct Judged {
    query: String,
    relevant: Vec<String>,
}

fn request(query: &str, args: &EvalArgs) -> SearchRequest {
    let mut request = SearchRequest::new(query);
    request.facets = args.facets;
    request.unit = args.unit;
    request.versions = args.versions;
    if !args.passages {
        // What the peer times: the ranked documents, loaded, without passages or marked titles.
        request.page_size = CUTOFF;
        request.snippets = false;
        request.highlight = false;
    }
    request
}

/// nDCG, recall and reciprocal rank of one ranking with binary judgements.
fn scores(ranked: &[String], relevant: &[String]) -> (f64, f64, f64) {
    let is_relevant = |id: &String| relevant.contains(id);
    let dcg: f64 = ranked
        .iter()
        .take(CUTOFF)
        .enumerate()
        .filter(|(_, id)| is_relevant(id))
        .map(|(rank, _)| 1.0 / (rank as f64 + 2.0).log2())
        .sum();
    let ideal: f64 = (0..relevant.len().min(CUTOFF))
        .map(|rank| 1.0 / (rank as f64 + 2.0).log2())
        .sum();
    let found = ranked
        .iter()
        .take(CUTOFF)
        .filter(|id| is_relevant(id))
        .count();
    let reciprocal_rank = ranked
        .iter()
        .take(CUTOFF)
        .position(is_relevant)
        .map_or(0.0, |rank| 1.0 / (rank as f64 + 1.0));
    let ndcg = if ideal > 0.0 { dcg / ideal } else { 0.0 };
    let recall = if relevant.is_empty() {
        0.0
    } else {
        found as f64 / relevant.len() as f64
    };
    (ndcg, recall, reciprocal_rank)
}

fn percentile(sorted: &[u128], fraction: f64) -> u128 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((sorted.len() as f64 * fraction).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// Writes one JSON line per query: its relevance figures and ranking (`rows`) with the median
/// and the slowest of its timed runs (`latency_us`, `latency_max_us`), to find the tail.
fn write_per_query(
    path: &std::path::Path,
    rows: Vec<serde_json::Value>,
    by_query: Vec<Vec<u128>>,
) -> anyhow::Result<()> {
    let mut text = String::new();
    for (mut row, mut times) in rows.into_iter().zip(by_query) {
        times.sort_unstable();
        row["latency_us"] = serde_json::json!(percentile(&times, 0.50) as u64);
        row["latency_max_us"] = serde_json::json!(times.last().copied().unwrap_or(0) as u64);
        text.push_str(&row.to_string());
        text.push('\n');
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Runs the query set and prints the two lines the peer prints.
pub fn run(args: EvalArgs) -> anyhow::Result<()> {
    let engine = Engine::open(&args.index.index)
        .with_context(|| format!("cannot open index {}", args.index.index.display()))?;
    let text = std::fs::read_to_string(&args.queries)
        .with_context(|| format!("cannot read {}", args.queries.display()))?;
    let judged: Vec<Judged> = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .enumerate()
        .map(|(index, line)| {
            serde_json::from_str(line).with_context(|| format!("line {}", index + 1))
        })
        .collect::<anyhow::Result<_>>()?;
    anyhow::ensure!(
        !judged.is_empty(),
        "no queries in {}",
        args.queries.display()
    );
    let (mut ndcg, mut recall, mut mrr) = (0.0, 0.0, 0.0);
    let mut rows = Vec::new();
    for query in &judged {
        let response = engine.search(&request(&query.query, &args))?;
        let ranked: Vec<String> = response.hits.into_iter().map(|hit| hit.id).collect();
        let (n, r, m) = scores(&ranked, &query.relevant);
        ndcg += n;
        recall += r;
        mrr += m;
        if args.per_query.is_some() {
            rows.push(serde_json::json!({
                "query": query.query,
                "ndcg": n,
                "recall": r,
                "relevant": query.relevant,
                "ranked": ranked,
            }));
        }
    }
    let mut latencies = Vec::with_capacity(judged.len() * args.repeats);
    let mut by_query = vec![Vec::with_capacity(args.repeats); judged.len()];
    for _ in 0..args.repeats {
        for (query, times) in judged.iter().zip(&mut by_query) {
            let started = Instant::now();
            let response = engine.search(&request(&query.query, &args))?;
            std::hint::black_box(response.hits.len());
            let micros = started.elapsed().as_micros();
            latencies.push(micros);
            times.push(micros);
        }
    }
    if let Some(path) = &args.per_query {
        write_per_query(path, rows, by_query)?;
    }
    latencies.sort_unstable();
    let count = judged.len() as f64;
    println!(
        "queries {}  nDCG@10 {:.4}  Recall@10 {:.4}  MRR@10 {:.4}",
        judged.len(),
        ndcg / count,
        recall / count,
        mrr / count
    );
    let facets = if args.facets { ", with facets" } else { "" };
    let timed = if args.passages {
        let page = SearchRequest::new("").page_size;
        format!("pages of {page} with passages and marked titles")
    } else {
        "top-10 with stored ids".to_owned()
    };
    println!(
        "latency_us p50 {}  p95 {}  p99 {}  (single thread, {} timed runs, {timed}{facets})",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.95),
        percentile(&latencies, 0.99),
        args.repeats
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|id| (*id).to_owned()).collect()
    }

    #[test]
    fn a_perfect_ranking_scores_one() {
        let (ndcg, recall, mrr) = scores(&ids(&["a", "b", "c"]), &ids(&["a", "b"]));
        assert!((ndcg - 1.0).abs() < 1e-9);
        assert!((recall - 1.0).abs() < 1e-9);
        assert!((mrr - 1.0).abs() < 1e-9);
    }

    #[test]
    fn a_relevant_document_second_scores_by_rank() {
        let (ndcg, recall, mrr) = scores(&ids(&["x", "a"]), &ids(&["a"]));
        assert!((ndcg - 1.0 / 3f64.log2()).abs() < 1e-9);
        assert!((recall - 1.0).abs() < 1e-9);
        assert!((mrr - 0.5).abs() < 1e-9);
        assert_eq!(scores(&ids(&["x"]), &ids(&["a"])), (0.0, 0.0, 0.0));
    }

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let sorted: Vec<u128> = (1..=100).collect();
        assert_eq!(percentile(&sorted, 0.50), 50);
        assert_eq!(percentile(&sorted, 0.99), 99);
        assert_eq!(percentile(&[], 0.5), 0);
    }
}
