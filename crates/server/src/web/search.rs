//! `GET /`: the search page. With no query it lists the newest documents; every filter, sort
//! and page is a link carrying the whole search in its URL.

use std::fmt::Write;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use gongbao_query::{AreaCount, FacetCounts, FacetValue, SearchResponse, Sort, Unit};

use super::escape::Html;
use super::hit::hit_item;
use super::layout::{self, Page};
use super::link::Link;
use super::{error_page, html};
use crate::error::ApiError;
use crate::params::{search_request, QueryPairs};
use crate::state::AppState;

/// Values of a facet shown before the rest fold under "更多".
const SHOWN_VALUES: usize = 8;
/// Page links shown on each side of the current page.
const PAGE_SPREAD: usize = 2;

/// Renders the search the query string describes.
pub(crate) async fn page(
    State(state): State<AppState>,
    pairs: Result<QueryPairs, ApiError>,
) -> Response {
    let pairs = match pairs {
        Ok(QueryPairs(pairs)) => pairs,
        Err(error) => return error_page(&error, ""),
    };
    let link = Link::new(&pairs);
    let query = link.get("q").unwrap_or_default().to_owned();
    let mut request = match search_request(&pairs, &state.config) {
        Ok(request) => request,
        Err(error) => return error_page(&error, &query),
    };
    // Without words, relevance orders nothing: the newest documents come first.
    if request.query.trim().is_empty()
        && link.get("sort").is_none()
        && request.unit == Unit::Document
    {
        request.sort = Sort::DateDesc;
    }
    let (sort, unit) = (request.sort, request.unit);
    let window = state.config.window_limit();
    match state.run(move |engine| Ok(engine.search(&request)?)).await {
        Ok(response) => {
            let main = results(&link, &response, (sort, unit), window);
            let title = if query.trim().is_empty() {
                "最新文件".to_owned()
            } else {
                format!("{query} 的搜索结果")
            };
            let hidden = link.hidden_inputs(&["q"]);
            let page = layout::render(&Page {
                title: &title,
                query: &query,
                hidden: &hidden,
                main: &main,
            });
            html(StatusCode::OK, page)
        }
        Err(error) => error_page(&error, &query),
    }
}

/// The main content: summary, active filters, hits, pages and facets.
fn results(
    link: &Link,
    response: &SearchResponse,
    (sort, unit): (Sort, Unit),
    window: usize,
) -> String {
    let query = link.get("q").unwrap_or_default();
    let mut html = String::from(r#"<div class="layout"><div class="results">"#);
    let heading = if query.trim().is_empty() {
        "最新文件".to_owned()
    } else {
        format!("“{}”的搜索结果", Html(query))
    };
    let _ = write!(
        html,
        r##"<div class="summary"><h1>{heading}</h1><p class="count" role="status">共 <strong>{total}</strong> {counted}</p></div>
<div class="tools">{units}{sorts}<a class="to-filters" href="#filters">筛选</a></div>"##,
        total = response.total,
        counted = match unit {
            Unit::Document => "件文件",
            Unit::Article => "条条文",
        },
        units = units(link, unit),
        sorts = sorts(link, sort),
    );
    html.push_str(&chips(link));
    if response.hits.is_empty() {
        html.push_str(&nothing_found(link));
    } else {
        html.push_str(r#"<ol class="hits">"#);
        for hit in &response.hits {
            html.push_str(&hit_item(hit, query));
        }
        html.push_str("</ol>");
        html.push_str(&pages(link, response, window));
    }
    html.push_str("</div>");
    html.push_str(&facets(link, response.facets.as_ref()));
    html.push_str("</div>");
    html
}

/// The links between searching documents and searching articles (条文), the current one marked.
fn units(link: &Link, current: Unit) -> String {
    let mut html = String::from(r#"<nav class="unit" aria-label="检索单位"><span>检索：</span>"#);
    for (unit, label) in [(Unit::Document, "文件"), (Unit::Article, "条文")] {
        let target = link
            .with("unit", unit.name())
            .without("sort")
            .without("page");
        let current = if unit == current {
            r#" aria-current="true""#
        } else {
            ""
        };
        let _ = write!(
            html,
            r#"<a{current} href="{}">{label}</a>"#,
            Html(&target.href())
        );
    }
    html.push_str("</nav>");
    html
}

/// The sort links, the current one marked.
fn sorts(link: &Link, current: Sort) -> String {
    let mut html = String::from(r#"<nav class="sort" aria-label="排序"><span>排序：</span>"#);
    for (sort, value, label) in [
        (Sort::Relevance, "relevance", "相关度"),
        (Sort::DateDesc, "date_desc", "最新"),
        (Sort::DateAsc, "date_asc", "最早"),
    ] {
        if sort == current {
            let _ = write!(
                html,
                r#"<a aria-current="true" href="{}">{label}</a>"#,
                Html(&link.with("sort", value).href())
            );
        } else {
            let _ = write!(
                html,
                r#"<a href="{}">{label}</a>"#,
                Html(&link.with("sort", value).href())
            );
        }
    }
    html.push_str("</nav>");
    html
}

/// What a filter parameter is called on the page.
fn filter_name(name: &str) -> &str {
    match name {
        "department" => "部门",
        "policy_area" => "主题",
        "doc_type" => "文种",
        "issuer" => "发文机关",
        "validity" => "效力",
        "year" => "年份",
        "current" => "仅现行有效",
        "published_from" => "发布日期起",
        "published_to" => "发布日期止",
        "written_from" => "成文日期起",
        "written_to" => "成文日期止",
        "effective_from" => "施行日期起",
        "effective_to" => "施行日期止",
        other => other,
    }
}

/// The filters in force, each a link that removes it, and one that removes them all.
fn chips(link: &Link) -> String {
    if !link.has_filters() {
        return String::new();
    }
    let mut html = String::from(r#"<ul class="chips" aria-label="已选条件">"#);
    for name in [
        "department",
        "policy_area",
        "doc_type",
        "issuer",
        "validity",
        "year",
        "current",
        "published_from",
        "published_to",
        "written_from",
        "written_to",
        "effective_from",
        "effective_to",
    ] {
        if let Some(value) = link.get(name) {
            let _ = write!(
                html,
                r#"<li><a href="{href}" aria-label="移除条件 {label}：{value}">{label}：{value}<span aria-hidden="true"> ×</span></a></li>"#,
                href = Html(&link.without(name).href()),
                label = filter_name(name),
                value = Html(value),
            );
        }
    }
    let mut clear = Link::default();
    for name in ["q", "sort"] {
        if let Some(value) = link.get(name) {
            clear = clear.with(name, value);
        }
    }
    let _ = write!(
        html,
        r#"<li><a class="clear" href="{}">清除全部条件</a></li></ul>"#,
        Html(&clear.href())
    );
    html
}

/// The page when nothing matched.
fn nothing_found(link: &Link) -> String {
    let mut html = String::from(
        r#"<div class="empty"><p>没有找到符合条件的文件。</p><ul><li>检查搜索词是否有错别字，或换用更常见的说法。</li><li>文号可以只输入一部分，例如“江政办发〔2023〕”。</li>"#,
    );
    if link.has_filters() {
        let mut wider = Link::default();
        if let Some(query) = link.get("q") {
            wider = wider.with("q", query);
        }
        let _ = write!(
            html,
            r#"<li><a href="{}">去掉筛选条件再搜索</a></li>"#,
            Html(&wider.href())
        );
    }
    html.push_str("</ul></div>");
    html
}

/// Previous, numbered and next page links.
fn pages(link: &Link, response: &SearchResponse, window: usize) -> String {
    let size = response.page_size.max(1);
    let total = usize::try_from(response.total).unwrap_or(usize::MAX);
    let last = total.div_ceil(size).min(window / size).max(1);
    let current = response.page;
    if last <= 1 && current <= 1 {
        return String::new();
    }
    let mut html = String::from(r#"<nav class="pages" aria-label="分页"><ul>"#);
    let item = |html: &mut String, page: usize, text: &str, label: &str, rel: &str| {
        let _ = write!(
            html,
            r#"<li><a href="{}"{rel} aria-label="{label}">{text}</a></li>"#,
            Html(&link.page(page).href())
        );
    };
    if current > 1 {
        item(&mut html, current - 1, "上一页", "上一页", r#" rel="prev""#);
    }
    let from = current.saturating_sub(PAGE_SPREAD).max(1);
    let to = (current + PAGE_SPREAD).min(last);
    if from > 1 {
        item(&mut html, 1, "1", "第1页", "");
        if from > 2 {
            html.push_str(r#"<li class="gap" aria-hidden="true">…</li>"#);
        }
    }
    for page in from..=to {
        if page == current {
            let _ = write!(
                html,
                r#"<li><span class="current" aria-current="page" aria-label="第{page}页，当前页">{page}</span></li>"#
            );
        } else {
            item(
                &mut html,
                page,
                &page.to_string(),
                &format!("第{page}页"),
                "",
            );
        }
    }
    if to < last {
        if to + 1 < last {
            html.push_str(r#"<li class="gap" aria-hidden="true">…</li>"#);
        }
        item(
            &mut html,
            last,
            &last.to_string(),
            &format!("第{last}页"),
            "",
        );
    }
    if current < last {
        item(&mut html, current + 1, "下一页", "下一页", r#" rel="next""#);
    }
    html.push_str("</ul></nav>");
    html
}

/// The facet panels and the date range.
fn facets(link: &Link, counts: Option<&FacetCounts>) -> String {
    let mut html = String::from(
        r#"<aside id="filters" class="facets" aria-labelledby="filters-title"><h2 id="filters-title">筛选</h2>"#,
    );
    if let Some(counts) = counts {
        html.push_str(&areas(link, counts));
        html.push_str(&values(link, "department", "责任部门", &counts.departments));
        html.push_str(&values(link, "doc_type", "文种", &counts.doc_types));
        html.push_str(&values(link, "year", "年份", &counts.years));
        html.push_str(&values(link, "validity", "效力", &counts.validity));
    }
    html.push_str(&dates(link));
    html.push_str("</aside>");
    html
}

/// One facet value as a link that sets it, or, when set, removes it.
fn value_link(link: &Link, name: &str, value: &str, label: &str, count: u64) -> String {
    let selected = link.get(name) == Some(value);
    let href = if selected {
        link.without(name)
    } else {
        link.with(name, value)
    };
    format!(
        r#"<a href="{href}"{current}><span class="label">{label}</span><span class="n" aria-label="{count}件">{count}</span></a>"#,
        href = Html(&href.href()),
        current = if selected {
            r#" aria-current="true""#
        } else {
            ""
        },
        label = Html(label),
    )
}

/// A panel of plain values, the first few shown and the rest folded.
fn values(link: &Link, name: &str, title: &str, values: &[FacetValue]) -> String {
    if values.is_empty() {
        return String::new();
    }
    let id = format!("facet-{name}");
    let mut html =
        format!(r#"<section class="facet" aria-labelledby="{id}"><h3 id="{id}">{title}</h3><ul>"#);
    let selected_at = values
        .iter()
        .position(|value| link.get(name) == Some(&*value.value));
    let shown = SHOWN_VALUES.max(selected_at.map_or(0, |at| at + 1));
    for (at, value) in values.iter().enumerate() {
        if at == shown {
            let _ = write!(
                html,
                r#"</ul><details><summary>更多（{}）</summary><ul>"#,
                values.len() - shown
            );
        }
        let _ = write!(
            html,
            "<li>{}</li>",
            value_link(link, name, &value.value, &value.value, value.count)
        );
    }
    if values.len() > shown {
        html.push_str("</ul></details>");
    } else {
        html.push_str("</ul>");
    }
    html.push_str("</section>");
    html
}

/// The policy-area panel: top-level areas, and under the selected one its path and children.
fn areas(link: &Link, counts: &FacetCounts) -> String {
    if counts.policy_areas.is_empty() {
        return String::new();
    }
    let selected: Vec<&str> = link
        .get("policy_area")
        .map(|path| path.split('/').map(str::trim).collect())
        .unwrap_or_default();
    let mut html = String::from(
        r#"<section class="facet" aria-labelledby="facet-policy_area"><h3 id="facet-policy_area">主题分类</h3><ul>"#,
    );
    for area in &counts.policy_areas {
        let top = area.path.join("/");
        html.push_str("<li>");
        let in_area = selected.first().copied() == area.path.first().map(String::as_str);
        if in_area {
            // The selected top-level area: a link back to all areas, then the way down.
            html.push_str(&area_link(link, None, area, true));
            html.push_str(&area_branch(link, &selected, counts));
        } else {
            html.push_str(&area_link(link, Some(&top), area, false));
        }
        html.push_str("</li>");
    }
    html.push_str("</ul></section>");
    html
}

/// The levels below a selected top-level area: the selected path's deeper levels (each a link
/// up to its parent) and the children of the selected area.
fn area_branch(link: &Link, selected: &[&str], counts: &FacetCounts) -> String {
    let mut html = String::new();
    let mut depth = 0;
    for level in 1..selected.len() {
        let parent = selected[..level].join("/");
        let here = AreaCount {
            path: selected[..=level]
                .iter()
                .map(|part| (*part).to_owned())
                .collect(),
            count: 0,
        };
        let _ = write!(
            html,
            r#"<ul class="sub"><li>{}"#,
            area_link(link, Some(&parent), &here, true)
        );
        depth += 1;
    }
    if !counts.policy_area_children.is_empty() {
        html.push_str(r#"<ul class="sub">"#);
        for child in &counts.policy_area_children {
            let _ = write!(
                html,
                "<li>{}</li>",
                area_link(link, Some(&child.path.join("/")), child, false)
            );
        }
        html.push_str("</ul>");
    }
    for _ in 0..depth {
        html.push_str("</li></ul>");
    }
    html
}

/// A link to the policy area `target` (`None`: no area), labelled with `area`'s last level.
fn area_link(link: &Link, target: Option<&str>, area: &AreaCount, selected: bool) -> String {
    let href = match target {
        Some(path) => link.with("policy_area", path),
        None => link.without("policy_area"),
    };
    let label = area.path.last().map_or("", String::as_str);
    let count = if area.count > 0 {
        format!(
            r#"<span class="n" aria-label="{0}件">{0}</span>"#,
            area.count
        )
    } else {
        String::new()
    };
    format!(
        r#"<a href="{href}"{current}><span class="label">{label}</span>{count}</a>"#,
        href = Html(&href.href()),
        current = if selected {
            r#" aria-current="true""#
        } else {
            ""
        },
        label = Html(label),
    )
}

/// The published-date range form, carrying the rest of the search in hidden inputs.
fn dates(link: &Link) -> String {
    format!(
        r#"<section class="facet" aria-labelledby="facet-dates"><h3 id="facet-dates">发布日期</h3>
<form class="dates" action="/" method="get">{hidden}<div class="range"><label>从<input type="date" name="published_from" value="{from}"></label><label>至<input type="date" name="published_to" value="{to}"></label></div><button type="submit">应用日期</button></form></section>"#,
        hidden = link.hidden_inputs(&["published_from", "published_to"]),
        from = Html(link.get("published_from").unwrap_or_default()),
        to = Html(link.get("published_to").unwrap_or_default()),
    )
}
