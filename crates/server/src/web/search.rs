//! `GET /`: the search page. With no query it lists the newest documents; every filter, sort
//! and page is a link carrying the whole search in its URL.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use gongbao_analytics::{SearchId, Via};
use gongbao_query::{AreaCount, FacetCounts, FacetValue, SearchResponse, Sort, Unit};
use maud::{html, Markup};

use super::hit::hit_item;
use super::layout::{self, Page};
use super::link::Link;
use super::{error_page, page_response};
use crate::error::ApiError;
use crate::params::FILTER_PARAMS;
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
    let searched = state
        .run(move |engine| {
            let response = engine.search(&request)?;
            Ok((request, response))
        })
        .await;
    match searched {
        Ok((request, response)) => {
            let search_id =
                crate::analytics::log_search(&state, &pairs, &request, &response, Via::Web);
            let main = results(&link, &response, (sort, unit), window, search_id);
            let title = if query.trim().is_empty() {
                "最新文件".to_owned()
            } else {
                format!("{query} 的搜索结果")
            };
            let page = layout::render(Page {
                title: &title,
                query: &query,
                hidden: link.hidden_inputs(&["q"]),
                main,
            });
            page_response(StatusCode::OK, page)
        }
        Err(error) => error_page(&error, &query),
    }
}

/// The main content: summary, active filters, hits, pages and facets. The list of hits carries
/// the id of the logged search, with which the page's script reports the results opened.
fn results(
    link: &Link,
    response: &SearchResponse,
    (sort, unit): (Sort, Unit),
    window: usize,
    search_id: Option<SearchId>,
) -> Markup {
    let query = link.get("q").unwrap_or_default();
    let counted = match unit {
        Unit::Document => "件文件",
        Unit::Article => "条条文",
    };
    html! {
        div.layout {
            div.results {
                div.summary {
                    h1 {
                        @if query.trim().is_empty() {
                            "最新文件"
                        } @else {
                            "“" (query) "”的搜索结果"
                        }
                    }
                    p.count role="status" {
                        @if response.total_is_exact { "共 " } @else { "约 " }
                        strong { (response.total) } " " (counted)
                    }
                    (understood(response))
                }
                div.tools {
                    (units(link, unit))
                    (sorts(link, sort))
                    a.to-filters href="#filters" { "筛选" }
                }
                (chips(link))
                @if response.hits.is_empty() {
                    (nothing_found(link))
                } @else {
                    ol.hits data-search=[search_id.map(|id| id.to_string())] {
                        @for hit in &response.hits {
                            (hit_item(hit, query))
                        }
                    }
                    (pages(link, response, window))
                }
            }
            (facets(link, response.facets.as_ref()))
        }
    }
}

/// What the engine made of the query, when it did more than search the words: the laws it
/// put first and the equivalents it also searched.
fn understood(response: &SearchResponse) -> Markup {
    let understood = &response.understood;
    html! {
        @if !understood.laws.is_empty() {
            p.understood {
                "优先显示："
                @for (at, law) in understood.laws.iter().enumerate() {
                    @if at > 0 { "、" }
                    "《" (law) "》"
                }
            }
        }
        @if !understood.synonyms.is_empty() {
            p.understood {
                "同时搜索："
                @for (at, expansion) in understood.synonyms.iter().enumerate() {
                    @if at > 0 { "；" }
                    (expansion.typed) " → " (expansion.equivalents.join("、"))
                }
            }
        }
    }
}

/// `aria-current="true"` on the link to the page shown, none on the others.
fn current(is: bool) -> Option<&'static str> {
    is.then_some("true")
}

/// The links between searching documents and searching articles (条文), the current one marked.
fn units(link: &Link, shown: Unit) -> Markup {
    html! {
        nav.unit aria-label="检索单位" {
            span { "检索：" }
            @for (unit, label) in [(Unit::Document, "文件"), (Unit::Article, "条文")] {
                a aria-current=[current(unit == shown)]
                    href=(link.with("unit", unit.name()).without("sort").without("page").href())
                    { (label) }
            }
        }
    }
}

/// The sort links, the current one marked.
fn sorts(link: &Link, shown: Sort) -> Markup {
    html! {
        nav.sort aria-label="排序" {
            span { "排序：" }
            @for sort in Sort::ALL {
                a aria-current=[current(sort == shown)]
                    href=(link.with("sort", sort.name()).href()) {
                    (sort_label(sort))
                }
            }
        }
    }
}

/// What the page calls an order.
fn sort_label(sort: Sort) -> &'static str {
    match sort {
        Sort::Relevance => "相关度",
        Sort::DateDesc => "最新",
        Sort::DateAsc => "最早",
    }
}

/// The filters in force, each a link that removes it, and one that removes them all.
fn chips(link: &Link) -> Markup {
    if !link.has_filters() {
        return html! {};
    }
    let mut clear = Link::default();
    for name in ["q", "sort"] {
        if let Some(value) = link.get(name) {
            clear = clear.with(name, value);
        }
    }
    html! {
        ul.chips aria-label="已选条件" {
            @for (name, label) in FILTER_PARAMS {
                @if let Some(value) = link.get(name) {
                    li {
                        a href=(link.without(name).href())
                            aria-label={ "移除条件 " (label) "：" (value) } {
                            (label) "：" (value)
                            span aria-hidden="true" { " ×" }
                        }
                    }
                }
            }
            li { a.clear href=(clear.href()) { "清除全部条件" } }
        }
    }
}

/// The page when nothing matched.
fn nothing_found(link: &Link) -> Markup {
    let wider = link
        .get("q")
        .map_or_else(Link::default, |query| Link::default().with("q", query));
    html! {
        div.empty {
            p { "没有找到符合条件的文件。" }
            ul {
                li { "检查搜索词是否有错别字，或换用更常见的说法。" }
                li { "文号可以只输入一部分，例如“江政办发〔2023〕”。" }
                @if link.has_filters() {
                    li { a href=(wider.href()) { "去掉筛选条件再搜索" } }
                }
            }
        }
    }
}

/// Previous, numbered and next page links.
fn pages(link: &Link, response: &SearchResponse, window: usize) -> Markup {
    let size = response.page_size.max(1);
    let total = usize::try_from(response.total).unwrap_or(usize::MAX);
    let last = total.div_ceil(size).min(window / size).max(1);
    let current = response.page;
    if last <= 1 && current <= 1 {
        return html! {};
    }
    let item = |page: usize, text: &str, label: &str, rel: Option<&str>| {
        html! { li { a href=(link.page(page).href()) rel=[rel] aria-label=(label) { (text) } } }
    };
    let numbered = |page: usize| item(page, &page.to_string(), &format!("第{page}页"), None);
    let gap = html! { li.gap aria-hidden="true" { "…" } };
    let from = current.saturating_sub(PAGE_SPREAD).max(1);
    let to = (current + PAGE_SPREAD).min(last);
    html! {
        nav.pages aria-label="分页" {
            ul {
                @if current > 1 {
                    (item(current - 1, "上一页", "上一页", Some("prev")))
                }
                @if from > 1 {
                    (numbered(1))
                    @if from > 2 {
                        (gap)
                    }
                }
                @for page in from..=to {
                    @if page == current {
                        li {
                            span.current aria-current="page" aria-label={ "第" (page) "页，当前页" } {
                                (page)
                            }
                        }
                    } @else {
                        (numbered(page))
                    }
                }
                @if to < last {
                    @if to + 1 < last {
                        (gap)
                    }
                    (numbered(last))
                }
                @if current < last {
                    (item(current + 1, "下一页", "下一页", Some("next")))
                }
            }
        }
    }
}

/// The facet panels and the date range.
fn facets(link: &Link, counts: Option<&FacetCounts>) -> Markup {
    html! {
        aside.facets #filters aria-labelledby="filters-title" {
            h2 #filters-title { "筛选" }
            @if let Some(counts) = counts {
                @if !counts.exact {
                    p.estimated { "数量为抽样估计" }
                }
                (areas(link, counts))
                (values(link, "department", "责任部门", &counts.departments))
                (values(link, "doc_type", "文种", &counts.doc_types))
                (values(link, "level", "效力级别", &counts.levels))
                (values(link, "year", "年份", &counts.years))
                (values(link, "validity", "效力", &counts.validity))
            }
            (dates(link))
        }
    }
}

/// A facet link to `href`, marked when `selected`, labelled `label`, with `count` when given.
fn facet_link(href: &Link, selected: bool, label: &str, count: Option<u64>) -> Markup {
    html! {
        a href=(href.href()) aria-current=[current(selected)] {
            span.label { (label) }
            @if let Some(count) = count {
                span.n aria-label={ (count) "件" } { (count) }
            }
        }
    }
}

/// A panel of plain values, the first few shown and the rest folded.
fn values(link: &Link, name: &str, title: &str, values: &[FacetValue]) -> Markup {
    if values.is_empty() {
        return html! {};
    }
    let id = format!("facet-{name}");
    let selected_at = values
        .iter()
        .position(|value| link.get(name) == Some(&*value.value));
    let shown = SHOWN_VALUES
        .max(selected_at.map_or(0, |at| at + 1))
        .min(values.len());
    // One value as a link that sets it, or, when set, removes it.
    let item = |value: &FacetValue| {
        let selected = link.get(name) == Some(&*value.value);
        let href = if selected {
            link.without(name)
        } else {
            link.with(name, &value.value)
        };
        html! { li { (facet_link(&href, selected, &value.value, Some(value.count))) } }
    };
    html! {
        section.facet aria-labelledby=(id) {
            h3 id=(id) { (title) }
            ul {
                @for value in &values[..shown] {
                    (item(value))
                }
            }
            @if shown < values.len() {
                details {
                    summary { "更多（" (values.len() - shown) "）" }
                    ul {
                        @for value in &values[shown..] {
                            (item(value))
                        }
                    }
                }
            }
        }
    }
}

/// The policy-area panel: top-level areas, and under the selected one its path and children.
fn areas(link: &Link, counts: &FacetCounts) -> Markup {
    if counts.policy_areas.is_empty() {
        return html! {};
    }
    let selected: Vec<&str> = link
        .get("policy_area")
        .map(|path| path.split('/').map(str::trim).collect())
        .unwrap_or_default();
    html! {
        section.facet aria-labelledby="facet-policy_area" {
            h3 #facet-policy_area { "主题分类" }
            ul {
                @for area in &counts.policy_areas {
                    li {
                        @if selected.first().copied() == area.path.first().map(String::as_str) {
                            // The selected top-level area: a link back to all areas, then the
                            // way down.
                            (area_link(link, None, area_label(area), area.count, true))
                            (area_branch(link, &selected, 1, counts))
                        } @else {
                            (area_link(link, Some(&area.path.join("/")), area_label(area), area.count, false))
                        }
                    }
                }
            }
        }
    }
}

/// The last level of an area's path, which names it in the panel.
fn area_label(area: &AreaCount) -> &str {
    area.path.last().map_or("", String::as_str)
}

/// The levels of a selected area from `level` down: each deeper level of the `selected` path (a
/// link up to its parent) holding the next, and under the last the children of the selected
/// area.
fn area_branch(link: &Link, selected: &[&str], level: usize, counts: &FacetCounts) -> Markup {
    html! {
        @if level < selected.len() {
            ul.sub {
                li {
                    (area_link(link, Some(&selected[..level].join("/")), selected[level], 0, true))
                    (area_branch(link, selected, level + 1, counts))
                }
            }
        } @else if !counts.policy_area_children.is_empty() {
            ul.sub {
                @for child in &counts.policy_area_children {
                    li {
                        (area_link(link, Some(&child.path.join("/")), area_label(child), child.count, false))
                    }
                }
            }
        }
    }
}

/// A link to the policy area `target` (`None`: no area) labelled `label`, with `count` when
/// above zero.
fn area_link(link: &Link, target: Option<&str>, label: &str, count: u64, selected: bool) -> Markup {
    let href = match target {
        Some(path) => link.with("policy_area", path),
        None => link.without("policy_area"),
    };
    facet_link(&href, selected, label, (count > 0).then_some(count))
}

/// The published-date range form, carrying the rest of the search in hidden inputs.
fn dates(link: &Link) -> Markup {
    html! {
        section.facet aria-labelledby="facet-dates" {
            h3 #facet-dates { "发布日期" }
            form.dates action="/" method="get" {
                (link.hidden_inputs(&["published_from", "published_to"]))
                div.range {
                    label {
                        "从"
                        input type="date" name="published_from"
                            value=(link.get("published_from").unwrap_or_default());
                    }
                    label {
                        "至"
                        input type="date" name="published_to"
                            value=(link.get("published_to").unwrap_or_default());
                    }
                }
                button type="submit" { "应用日期" }
            }
        }
    }
}
