//! `GET /admin/analytics?days=N`: the search report for clerks, behind the admin key (the
//! browser asks for it as a password: HTTP Basic), with the same content as
//! `GET /api/admin/analytics`.

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use gongbao_analytics::{Period, QueryStat, Report, Summary};
use maud::{html, Markup};

use super::layout::{self, Page};
use super::{error_page, page_response, url};
use crate::admin::ANALYTICS_PAGE;
use crate::error::ApiError;
use crate::params::QueryPairs;
use crate::state::AppState;

/// The periods offered, in days.
const CHOICES: [u32; 4] = [1, 7, 30, 90];

/// Renders the report of the last `days` days.
pub(crate) async fn page(
    State(state): State<AppState>,
    pairs: Result<QueryPairs, ApiError>,
) -> Response {
    let report = match pairs {
        Ok(QueryPairs(pairs)) => match crate::analytics::days(&pairs) {
            Ok(days) => crate::analytics::report(&state, days)
                .await
                .map(|report| (days, report)),
            Err(error) => Err(error),
        },
        Err(error) => Err(error),
    };
    match report {
        Ok((days, report)) => {
            let main = render(days, &report, state.analytics.is_some());
            let page = layout::render(Page {
                title: "检索统计",
                query: "",
                hidden: html! {},
                main,
            });
            page_response(StatusCode::OK, page)
        }
        Err(error) => error_page(&error, ""),
    }
}

/// The answer to a clerks' page asked for without the key: the browser then asks for it.
pub(crate) fn key_page() -> Response {
    let main = html! {
        section.notice aria-labelledby="error-title" {
            h1 #error-title { "需要管理密钥" }
            p { "请在浏览器弹出的登录框中输入管理密钥（用户名可任意填写）。" }
        }
    };
    let page = layout::render(Page {
        title: "需要管理密钥",
        query: "",
        hidden: html! {},
        main,
    });
    let mut response = page_response(StatusCode::UNAUTHORIZED, page);
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Basic realm=\"gongbao admin\", charset=\"UTF-8\""),
    );
    response
}

/// The report's content.
fn render(days: u32, report: &Report, logging: bool) -> Markup {
    let total = &report.total;
    html! {
        section.analytics aria-labelledby="analytics-title" {
            h1 #analytics-title { "检索统计" }
            p.period {
                (report.from) " 至 " (report.to) "（按 UTC" (report.utc_offset) " 计日）"
            }
            nav.sort aria-label="统计期间" {
                span { "期间：" }
                @for choice in CHOICES {
                    a aria-current=[(choice == days).then_some("true")]
                        href={ (ANALYTICS_PAGE) "?days=" (choice) } {
                        @if choice == 1 { "今天" } @else { "近" (choice) "天" }
                    }
                }
            }
            @if !logging {
                p.notice { "检索日志已关闭（--no-analytics）：以下只有关闭前记录的数据。" }
            }
            (summary(&total.summary))
            (lists(total, true))
            h2 { "按周" }
            (periods(report.weeks.iter().rev()))
            h2 { "按日" }
            (periods(report.days.iter().rev()))
            @if report.unmatched_opens > 0 {
                p.hint { (report.unmatched_opens) " 次打开属于统计期间以外的检索，未计入。" }
            }
            @if !report.problems.is_empty() {
                section.notice {
                    p {
                        "日志中有 " (report.problems.skipped_lines)
                        " 行无法读取，已跳过（例如服务器异常退出时未写完的最后一行）。"
                    }
                    ul {
                        @for example in &report.problems.examples {
                            li { (example) }
                        }
                        @for file in &report.problems.unreadable_files {
                            li { (file) }
                        }
                    }
                }
            }
            p.hint {
                "同样的数据：" code { "GET /api/admin/analytics?days=" (days) }
                "，或命令 " code { "gongbao analytics --days " (days) }
            }
        }
    }
}

/// A share in percent, one decimal, or a dash when nothing was counted.
fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "—".to_owned();
    }
    format!("{:.1}%", part as f64 * 100.0 / whole as f64)
}

/// The counts of a period.
fn summary(summary: &Summary) -> Markup {
    html! {
        dl.counts {
            div { dt { "检索" } dd { (summary.searches) } }
            div { dt { "无结果" } dd { (summary.zero_result) " (" (percent(summary.zero_result, summary.searches)) ")" } }
            div { dt { "打开结果" } dd { (summary.opens) } }
            div {
                dt { "检索页检索中有打开的" }
                dd { (summary.opened) " / " (summary.web_searches) " (" (percent(summary.opened, summary.web_searches)) ")" }
            }
        }
    }
}

/// The three lists of a period, under headings of the page's level (`h2`) or of a day's or
/// week's (`h3`).
fn lists(period: &Period, top_level: bool) -> Markup {
    let heading = |text: &str| {
        html! {
            @if top_level { h2 { (text) } } @else { h3 { (text) } }
        }
    };
    html! {
        (heading("热门检索词"))
        (queries(&period.top_queries, "检索次数", |stat| stat.searches))
        (heading("无结果的检索词"))
        (queries(&period.zero_result_queries, "无结果次数", |stat| stat.zero_result))
        (heading("有结果但无人打开的检索词"))
        @if top_level {
            p.hint { "只统计检索页上的检索：检索页会报告每次打开，API 的调用方未必报告。" }
        }
        (queries(&period.unopened_queries, "检索次数", |stat| stat.searches))
    }
}

/// A list of queries as a table: each query a link to its search, `counted` its count column.
fn queries(list: &[QueryStat], counted: &str, count: fn(&QueryStat) -> u64) -> Markup {
    if list.is_empty() {
        return html! { p.hint { "没有。" } };
    }
    html! {
        table.queries {
            thead { tr { th { "检索词" } th.n { (counted) } th.n { "最近结果数" } th.n { "打开" } } }
            tbody {
                @for stat in list {
                    tr {
                        td { a href={ "/?q=" (url::component(&stat.query)) } { (stat.query) } }
                        td.n { (count(stat)) }
                        td.n { (stat.hits) }
                        td.n { (stat.opens) }
                    }
                }
            }
        }
    }
}

/// Days or weeks, newest first, each folded with its lists.
fn periods<'a>(periods: impl Iterator<Item = &'a Period>) -> Markup {
    html! {
        @for period in periods {
            details.period {
                summary {
                    strong { (period.period) }
                    " 检索 " (period.summary.searches)
                    " · 无结果 " (period.summary.zero_result)
                    " · 打开 " (period.summary.opens)
                }
                @if period.summary.searches > 0 {
                    (summary(&period.summary))
                    (lists(period, false))
                }
            }
        }
    }
}
