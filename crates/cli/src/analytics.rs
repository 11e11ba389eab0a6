//! `gongbao analytics`: the search report of the log a server keeps under the index root, as
//! the clerks' page `/admin/analytics` shows it.

use anyhow::Context;
use gongbao_analytics::{
    log_dir, parse_offset, report, Period, QueryStat, Report, ReportOptions, Summary, MAX_DAYS,
};

use crate::IndexArg;

/// Arguments of `gongbao analytics`.
#[derive(Debug, clap::Args)]
pub struct AnalyticsArgs {
    #[command(flatten)]
    pub index: IndexArg,
    /// Days covered, ending today.
    #[arg(long, default_value_t = 7, value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_DAYS)))]
    pub days: u32,
    /// The UTC offset whose calendar days are counted (the server's default is China's).
    #[arg(long, default_value = "+08:00", value_parser = offset)]
    pub utc_offset: time::UtcOffset,
    /// Also print the lists of each week and each day.
    #[arg(long)]
    pub detail: bool,
    /// Print the report as JSON (as `GET /api/admin/analytics` answers).
    #[arg(long)]
    pub json: bool,
}

fn offset(text: &str) -> Result<time::UtcOffset, String> {
    parse_offset(text).ok_or_else(|| format!("`{text}` is not an offset such as +08:00"))
}

/// Prints the report.
pub fn run(args: AnalyticsArgs) -> anyhow::Result<()> {
    let dir = log_dir(&args.index.index);
    let options = ReportOptions::last_days(args.days, args.utc_offset);
    let report = report(&dir, &options)
        .with_context(|| format!("cannot read the search log {}", dir.display()))?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    println!(
        "search analytics {} to {} (days of UTC{}), from {}",
        report.from,
        report.to,
        report.utc_offset,
        dir.display()
    );
    if !dir.exists() {
        println!("no search log yet: `gongbao serve` keeps one unless --no-analytics");
    }
    print_summary("", &report.total.summary);
    print_lists(&report.total, "");
    print_periods("week", &report.weeks);
    print_periods("day", &report.days);
    if args.detail {
        for period in report.weeks.iter().chain(&report.days) {
            if period.summary.searches > 0 {
                println!("\n{}", period.period);
                print_summary("  ", &period.summary);
                print_lists(period, "  ");
            }
        }
    }
    print_problems(&report);
    Ok(())
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "-".to_owned();
    }
    format!("{:.1}%", part as f64 * 100.0 / whole as f64)
}

fn print_summary(indent: &str, summary: &Summary) {
    println!(
        "{indent}{} searches, {} without results ({}), {} results opened; searches of the page with a result opened: {}/{} ({})",
        summary.searches,
        summary.zero_result,
        percent(summary.zero_result, summary.searches),
        summary.opens,
        summary.opened,
        summary.web_searches,
        percent(summary.opened, summary.web_searches),
    );
}

fn print_lists(period: &Period, indent: &str) {
    let lists: [(&str, &[QueryStat]); 3] = [
        ("top queries", &period.top_queries),
        ("queries without results", &period.zero_result_queries),
        (
            "queries whose results nobody opened (search page only)",
            &period.unopened_queries,
        ),
    ];
    for (title, list) in lists {
        println!("\n{indent}{title}");
        if list.is_empty() {
            println!("{indent}  (none)");
            continue;
        }
        println!(
            "{indent}  {:>8} {:>8} {:>8} {:>6}  query",
            "searches", "no hits", "hits", "opens"
        );
        for stat in list {
            println!(
                "{indent}  {:>8} {:>8} {:>8} {:>6}  {}",
                stat.searches, stat.zero_result, stat.hits, stat.opens, stat.query
            );
        }
    }
}

fn print_periods(name: &str, periods: &[Period]) {
    println!("\nby {name}");
    println!(
        "  {:<10} {:>8} {:>8} {:>6} {:>9}  top query",
        name, "searches", "no hits", "opens", "opened"
    );
    for period in periods {
        let top = period
            .top_queries
            .first()
            .map_or("", |stat| stat.query.as_str());
        println!(
            "  {:<10} {:>8} {:>8} {:>6} {:>9}  {top}",
            period.period,
            period.summary.searches,
            period.summary.zero_result,
            period.summary.opens,
            percent(period.summary.opened, period.summary.web_searches),
        );
    }
}

fn print_problems(report: &Report) {
    if report.unmatched_opens > 0 {
        println!(
            "\n{} opens of searches before the period are not counted",
            report.unmatched_opens
        );
    }
    let problems = &report.problems;
    if problems.is_empty() {
        return;
    }
    eprintln!(
        "\n{} log lines skipped (not records, e.g. a line cut short by a crash)",
        problems.skipped_lines
    );
    for line in problems.examples.iter().chain(&problems.unreadable_files) {
        eprintln!("  {line}");
    }
}
