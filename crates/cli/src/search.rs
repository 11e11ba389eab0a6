//! `gongbao search`: ranked results with highlighted snippets and facet counts.

use std::io::IsTerminal;

use anyhow::Context;
use gongbao_core::date::format_date;
use gongbao_query::{Engine, FacetCounts, FacetValue, Highlighted, Hit, SearchRequest, Sort, Unit};

use crate::IndexArg;

/// Arguments of `gongbao search`.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// What to search for: words, "quoted phrases", -exclusions, document numbers.
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    #[command(flatten)]
    pub index: IndexArg,
    /// Number of results.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Only documents currently in force.
    #[arg(long)]
    pub current: bool,
    /// Only documents of this type (通知, 条例 …).
    #[arg(long)]
    pub doc_type: Option<String>,
    /// Only documents of this legal force (效力级别: 法律, 行政法规, 地方性法规, 司法解释, 部门规章,
    /// 地方政府规章, 规范性文件).
    #[arg(long)]
    pub level: Option<String>,
    /// Only documents of this issuing body.
    #[arg(long)]
    pub issuer: Option<String>,
    /// Only documents filed under this year.
    #[arg(long)]
    pub year: Option<i32>,
    /// Only documents whose number has this issuing code (机关代字), such as 鲁政办发.
    #[arg(long)]
    pub doc_org: Option<String>,
    /// Only documents whose number has this year (2017 in 鲁政办发〔2017〕39号).
    #[arg(long)]
    pub doc_year: Option<i32>,
    /// Only documents whose number has this serial (39 in 鲁政办发〔2017〕39号).
    #[arg(long)]
    pub doc_serial: Option<u32>,
    /// Newest first instead of by relevance.
    #[arg(long)]
    pub newest: bool,
    /// What is listed: `document`, or `article` (the articles, 第X条, of laws and rules that
    /// answer, each with its text).
    #[arg(long, default_value = "document", value_parser = crate::eval::parse_unit)]
    pub unit: Unit,
    /// Print the response as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs the search and prints the results.
pub fn run(args: SearchArgs) -> anyhow::Result<()> {
    let engine = Engine::open(&args.index.index)
        .with_context(|| format!("cannot open index {}", args.index.index.display()))?;
    crate::clerk_files::warn(&engine);
    let mut request = SearchRequest::new(args.query.join(" "));
    request.page_size = args.limit;
    request.filters.current_only = args.current;
    request.filters.doc_type = args.doc_type;
    request.filters.level = args.level;
    request.filters.issuer = args.issuer;
    request.filters.year = args.year;
    request.filters.doc_org = args.doc_org;
    request.filters.doc_year = args.doc_year;
    request.filters.doc_serial = args.doc_serial;
    if args.newest {
        request.sort = Sort::DateDesc;
    }
    request.unit = args.unit;
    let response = engine.search(&request)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&response)?);
        return Ok(());
    }
    let style = Style::detect();
    let found = match args.unit {
        Unit::Document => "documents",
        Unit::Article => "articles",
    };
    println!("{} {found} found", response.total);
    for (rank, hit) in response.hits.iter().enumerate() {
        println!("\n{:>2}. {}", rank + 1, heading(&style, hit));
        let mut facts = Vec::new();
        facts.extend(hit.doc_number.clone());
        if !hit.issuers.is_empty() {
            facts.push(hit.issuers.join("、"));
        }
        facts.extend(hit.doc_type.clone());
        let date = hit.dates.written.or(hit.dates.published);
        facts.extend(date.map(format_date));
        facts.push(hit.validity.label().to_owned());
        println!("    {}", facts.join(" · "));
        println!("    {}", hit.id);
        if let Some(citation) = hit.source.citation() {
            println!("    {citation}");
        }
        if let Some(ocr) = hit.source.ocr {
            println!(
                "    OCR text from scanned pages, confidence {}%",
                ocr.confidence
            );
        }
        if let Some(article) = &hit.article {
            if !article.path.is_empty() {
                println!("    {}", article.path.join(" › "));
            }
            println!("    {}", style.render(&article.text));
        }
        for snippet in &hit.snippets {
            let article = snippet
                .article
                .as_deref()
                .map(|article| format!("[{article}] "))
                .unwrap_or_default();
            println!("    {article}{}", style.render(&snippet.passage));
        }
    }
    if let Some(facets) = &response.facets {
        print_facets(facets);
    }
    Ok(())
}

/// A hit's first line: its title, or for an article 《title》第X条.
fn heading(style: &Style, hit: &Hit) -> String {
    let title = style.render(&hit.title);
    match &hit.article {
        Some(article) => format!("《{title}》{}", article.number),
        None => title,
    }
}

/// Prints the largest values of every facet.
pub fn print_facets(facets: &FacetCounts) {
    let areas: Vec<FacetValue> = facets
        .policy_areas
        .iter()
        .map(|area| FacetValue::new(area.path.join("/").into(), area.count))
        .collect();
    println!();
    for (name, values) in [
        ("policy area", areas.as_slice()),
        ("department", facets.departments.as_slice()),
        ("document type", facets.doc_types.as_slice()),
        ("legal force", facets.levels.as_slice()),
        ("issuing body", facets.issuers.as_slice()),
        ("year", facets.years.as_slice()),
        ("validity", facets.validity.as_slice()),
    ] {
        if values.is_empty() {
            continue;
        }
        let shown: Vec<String> = values
            .iter()
            .take(8)
            .map(|value| {
                // A body counted under earlier names or aliases too shows them.
                let others: Vec<&str> = value
                    .former_names
                    .iter()
                    .chain(&value.aliases)
                    .map(|name| &**name)
                    .collect();
                match others.as_slice() {
                    [] => format!("{} ({})", value.value, value.count),
                    others => format!("{} [{}] ({})", value.value, others.join("、"), value.count),
                }
            })
            .collect();
        let more = values.len().saturating_sub(8);
        let more = if more > 0 {
            format!(" … {more} more")
        } else {
            String::new()
        };
        println!("{name:<14} {}{more}", shown.join(", "));
    }
}

/// How highlights are shown: colour on a terminal, brackets in a pipe.
struct Style {
    open: &'static str,
    close: &'static str,
}

impl Style {
    fn detect() -> Style {
        if std::io::stdout().is_terminal() {
            Style {
                open: "\x1b[1;31m",
                close: "\x1b[0m",
            }
        } else {
            Style {
                open: "【",
                close: "】",
            }
        }
    }

    fn render(&self, text: &Highlighted) -> String {
        let mut out = String::with_capacity(text.text.len() + 16);
        let mut marks = text.highlights.iter().peekable();
        for (at, c) in text.text.chars().enumerate() {
            if marks.peek().is_some_and(|&&(start, _)| start == at) {
                out.push_str(self.open);
            }
            out.push(c);
            if let Some(&&(_, end)) = marks.peek() {
                if end == at + 1 {
                    out.push_str(self.close);
                    marks.next();
                }
            }
        }
        out
    }
}
