//! Reading the query string of `GET /api/search` into a [`SearchRequest`], naming the parameter
//! at fault when one is malformed. Unknown parameters are ignored; an empty value counts as
//! absent.

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use gongbao_core::date::parse_iso_date;
use gongbao_core::Validity;
use gongbao_query::{DateRange, SearchRequest, Sort, Unit, Versions};
use time::Date;

use crate::config::ServerConfig;
use crate::error::{ApiError, ErrorCode};

/// The filter parameters of `GET /api/search`, with what the search page calls each, in the
/// order the page shows the filters in force: the one list of their names.
pub(crate) const FILTER_PARAMS: [(&str, &str); 17] = [
    ("department", "部门"),
    ("policy_area", "主题"),
    ("doc_type", "文种"),
    ("level", "效力级别"),
    ("issuer", "发文机关"),
    ("validity", "效力"),
    ("year", "年份"),
    ("doc_org", "机关代字"),
    ("doc_year", "文号年份"),
    ("doc_serial", "文号序号"),
    ("current", "仅现行有效"),
    ("published_from", "发布日期起"),
    ("published_to", "发布日期止"),
    ("written_from", "成文日期起"),
    ("written_to", "成文日期止"),
    ("effective_from", "施行日期起"),
    ("effective_to", "施行日期止"),
];

/// The other parameters of `GET /api/search`: the query, the response switches, the order and
/// the page.
const OTHER_PARAMS: [&str; 10] = [
    "q",
    "as_of",
    "versions",
    "facets",
    "snippets",
    "highlight",
    "sort",
    "unit",
    "page",
    "page_size",
];

/// The day `as_of` in the query string names (what was in force then), today when absent.
pub(crate) fn as_of(pairs: &[(String, String)]) -> Result<Date, ApiError> {
    Ok(Params::new(pairs)?
        .date("as_of")?
        .unwrap_or_else(gongbao_query::today))
}

/// Whether `GET /api/search` reads the parameter `name` (the OpenAPI document lists the same).
pub(crate) fn is_search_param(name: &str) -> bool {
    is_filter_param(name) || OTHER_PARAMS.contains(&name)
}

/// Whether `name` is one of [`FILTER_PARAMS`].
pub(crate) fn is_filter_param(name: &str) -> bool {
    FILTER_PARAMS.iter().any(|(filter, _)| *filter == name)
}

/// Every parameter `GET /api/search` reads.
#[cfg(test)]
pub(crate) fn search_params() -> impl Iterator<Item = &'static str> {
    OTHER_PARAMS
        .into_iter()
        .chain(FILTER_PARAMS.iter().map(|(name, _)| *name))
}

/// Parameters that may be given more than once.
const REPEATABLE: [&str; 1] = ["validity"];

/// The percent-decoded name–value pairs of a query string, in order. Its rejection is an
/// [`ApiError`], so a query string that cannot be read gets the same JSON as any other error.
pub(crate) struct QueryPairs(pub(crate) Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for QueryPairs {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<QueryPairs, ApiError> {
        Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
            .map(|Query(pairs)| QueryPairs(pairs))
            .map_err(|rejection| {
                tracing::debug!(%rejection, "query string refused");
                ApiError::new(ErrorCode::BadRequest, "the query string cannot be read")
            })
    }
}

/// Builds the search request the query-string `pairs` describe, within the limits of `config`.
pub(crate) fn search_request(
    pairs: &[(String, String)],
    config: &ServerConfig,
) -> Result<SearchRequest, ApiError> {
    let params = Params::new(pairs)?;
    let mut request = SearchRequest {
        as_of: params.date("as_of")?,
        ..SearchRequest::default()
    };
    if let Some(query) = params.one("q") {
        let chars = query.chars().count();
        if chars > config.max_query_chars {
            return Err(ApiError::new(
                ErrorCode::QueryTooLong,
                format!(
                    "the query has {chars} characters; at most {} are accepted",
                    config.max_query_chars
                ),
            ));
        }
        request.query = query.to_owned();
    }
    let filters = &mut request.filters;
    filters.department = params.one("department").map(str::to_owned);
    filters.doc_type = params.one("doc_type").map(str::to_owned);
    filters.level = params.one("level").map(str::to_owned);
    filters.issuer = params.one("issuer").map(str::to_owned);
    if let Some(path) = params.one("policy_area") {
        filters.policy_area = policy_area(path)?;
    }
    filters.validity = params
        .all("validity")
        .flat_map(|value| value.split([',', '，', '、']))
        .map(str::trim)
        .filter(|label| !label.is_empty())
        .map(|label| {
            Validity::parse(label).ok_or_else(|| {
                ApiError::invalid("validity", format!("`{label}` is not a validity label"))
            })
        })
        .collect::<Result<_, _>>()?;
    filters.current_only = params.flag("current")?.unwrap_or(false);
    filters.written = params.range("written_from", "written_to")?;
    filters.published = params.range("published_from", "published_to")?;
    filters.effective = params.range("effective_from", "effective_to")?;
    filters.year = params.year("year")?;
    filters.doc_org = params.one("doc_org").map(|code| code.trim().to_owned());
    filters.doc_year = params.year("doc_year")?;
    if let Some(serial) = params.one("doc_serial") {
        filters.doc_serial = Some(
            number(serial)
                .and_then(|serial| u32::try_from(serial).ok())
                .ok_or_else(|| {
                    ApiError::invalid(
                        "doc_serial",
                        format!("`{serial}` is not a serial number (digits, from 0)"),
                    )
                })?,
        );
    }
    request.facets = params.flag("facets")?.unwrap_or(true);
    request.snippets = params.flag("snippets")?.unwrap_or(true);
    request.highlight = params.flag("highlight")?.unwrap_or(true);
    if let Some(sort) = params.one("sort") {
        request.sort = Sort::parse(sort).ok_or_else(|| {
            let names: Vec<&str> = Sort::ALL.iter().map(|sort| sort.name()).collect();
            ApiError::invalid(
                "sort",
                format!("`{sort}` is not one of {}", names.join(", ")),
            )
        })?;
    }
    if let Some(unit) = params.one("unit") {
        request.unit = Unit::parse(unit).ok_or_else(|| {
            let names: Vec<&str> = Unit::ALL.iter().map(|unit| unit.name()).collect();
            ApiError::invalid(
                "unit",
                format!("`{unit}` is not one of {}", names.join(", ")),
            )
        })?;
    }
    if let Some(versions) = params.one("versions") {
        request.versions = Versions::parse(versions).ok_or_else(|| {
            let names: Vec<&str> = Versions::ALL.iter().map(|choice| choice.name()).collect();
            ApiError::invalid(
                "versions",
                format!("`{versions}` is not one of {}", names.join(", ")),
            )
        })?;
    }
    let page_size_limit = config.page_size_limit();
    if let Some(page) = params.one("page") {
        request.page = number(page).filter(|&page| page >= 1).ok_or_else(|| {
            ApiError::invalid("page", format!("`{page}` is not a page number from 1"))
        })?;
    }
    if let Some(size) = params.one("page_size") {
        request.page_size = number(size)
            .filter(|size| (1..=page_size_limit).contains(size))
            .ok_or_else(|| {
                ApiError::invalid(
                    "page_size",
                    format!("`{size}` is not a page size from 1 to {page_size_limit}"),
                )
            })?;
    } else {
        request.page_size = request.page_size.min(page_size_limit);
    }
    let window = config.window_limit();
    if request
        .page
        .checked_mul(request.page_size)
        .is_none_or(|depth| depth > window)
    {
        return Err(ApiError::invalid(
            "page",
            format!(
                "results beyond the first {window} are not served (page {} of {} hits each); narrow the search",
                request.page, request.page_size
            ),
        ));
    }
    Ok(request)
}

/// The query-string pairs by name, with duplicates of single-valued parameters refused.
struct Params<'a> {
    pairs: Vec<(&'a str, &'a str)>,
}

impl<'a> Params<'a> {
    fn new(pairs: &'a [(String, String)]) -> Result<Params<'a>, ApiError> {
        let pairs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .filter(|(name, value)| is_search_param(name) && !value.trim().is_empty())
            .collect();
        for (at, (name, _)) in pairs.iter().enumerate() {
            if !REPEATABLE.contains(name) && pairs[..at].iter().any(|(seen, _)| seen == name) {
                return Err(ApiError::invalid(name, "given more than once"));
            }
        }
        Ok(Params { pairs })
    }

    fn one(&self, name: &str) -> Option<&'a str> {
        self.all(name).next()
    }

    fn all<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'a str> + 's {
        self.pairs
            .iter()
            .filter(move |(key, _)| *key == name)
            .map(|(_, value)| *value)
    }

    fn flag(&self, name: &'static str) -> Result<Option<bool>, ApiError> {
        self.one(name)
            .map(|value| match value.trim() {
                "true" | "1" => Ok(true),
                "false" | "0" => Ok(false),
                other => Err(ApiError::invalid(
                    name,
                    format!("`{other}` is not true or false"),
                )),
            })
            .transpose()
    }

    fn year(&self, name: &'static str) -> Result<Option<i32>, ApiError> {
        self.one(name)
            .map(|year| {
                year.trim()
                    .parse::<i32>()
                    .ok()
                    .filter(|year| (0..=9999).contains(year))
                    .ok_or_else(|| {
                        ApiError::invalid(name, format!("`{year}` is not a year from 0 to 9999"))
                    })
            })
            .transpose()
    }

    fn date(&self, name: &'static str) -> Result<Option<Date>, ApiError> {
        self.one(name)
            .map(|value| {
                parse_iso_date(value.trim()).ok_or_else(|| {
                    ApiError::invalid(name, format!("`{value}` is not a date written YYYY-MM-DD"))
                })
            })
            .transpose()
    }

    fn range(&self, from: &'static str, to: &'static str) -> Result<DateRange, ApiError> {
        let range = DateRange {
            from: self.date(from)?,
            to: self.date(to)?,
        };
        if let (Some(start), Some(end)) = (range.from, range.to) {
            if start > end {
                return Err(ApiError::invalid(
                    from,
                    format!("the range starts after it ends ({to} is earlier)"),
                ));
            }
        }
        Ok(range)
    }
}

/// A page number or size: ASCII digits only.
fn number(text: &str) -> Option<usize> {
    let text = text.trim();
    if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A policy-area path such as `政务公开/政府信息公开`.
fn policy_area(path: &str) -> Result<Vec<String>, ApiError> {
    let parts: Vec<String> = path.split('/').map(|part| part.trim().to_owned()).collect();
    if parts.iter().any(String::is_empty) {
        return Err(ApiError::invalid(
            "policy_area",
            "a policy-area path has an empty level (levels are separated by `/`)",
        ));
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &[(&str, &str)]) -> Result<SearchRequest, ApiError> {
        let pairs: Vec<(String, String)> = query
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        search_request(&pairs, &ServerConfig::default())
    }

    fn fault(query: &[(&str, &str)]) -> String {
        parse(query).expect_err("parameters are refused").message
    }

    /// Each name of [`FILTER_PARAMS`] is read into the filters: given alone, it makes them
    /// differ from no filter at all.
    #[test]
    fn every_filter_parameter_filters() {
        for (name, _) in FILTER_PARAMS {
            let value = match name {
                "validity" => "已废止",
                "current" => "true",
                "year" | "doc_year" => "2017",
                "doc_serial" => "39",
                name if name.ends_with("_from") || name.ends_with("_to") => "2017-01-01",
                _ => "市财政局",
            };
            let request = parse(&[(name, value)]).expect("a filter is read");
            assert!(!request.filters.is_empty(), "{name} is not read");
        }
    }

    #[test]
    fn sorts_are_read_by_their_names() {
        for sort in Sort::ALL {
            assert_eq!(parse(&[("sort", sort.name())]).unwrap().sort, sort);
            let json = serde_json::to_value(sort).unwrap();
            assert_eq!(json, sort.name(), "the JSON request writes it the same");
        }
        assert!(fault(&[("sort", "newest")]).contains("relevance, date_desc, date_asc"));
    }

    #[test]
    fn reads_every_parameter() {
        let request = parse(&[
            ("q", "政务公开"),
            ("department", "市财政局"),
            ("policy_area", "政务公开/政府信息公开"),
            ("doc_type", "通知"),
            ("issuer", "东营市人民政府办公室"),
            ("validity", "现行有效,已修改"),
            ("validity", "失效"),
            ("current", "true"),
            ("written_from", "2017-01-01"),
            ("written_to", "2017-12-31"),
            ("year", "2017"),
            ("doc_org", "鲁政办发"),
            ("doc_year", "2017"),
            ("doc_serial", "39"),
            ("facets", "false"),
            ("snippets", "0"),
            ("highlight", "false"),
            ("sort", "date_desc"),
            ("page", "2"),
            ("page_size", "10"),
            ("unknown", "ignored"),
        ])
        .expect("parameters are read");
        assert_eq!(request.query, "政务公开");
        assert_eq!(request.filters.policy_area, ["政务公开", "政府信息公开"]);
        assert_eq!(
            request.filters.validity,
            [Validity::InForce, Validity::Amended, Validity::Expired]
        );
        assert!(request.filters.current_only);
        assert_eq!(request.filters.written.from, parse_iso_date("2017-01-01"));
        assert_eq!(request.filters.year, Some(2017));
        assert_eq!(request.filters.doc_org.as_deref(), Some("鲁政办发"));
        assert_eq!(request.filters.doc_year, Some(2017));
        assert_eq!(request.filters.doc_serial, Some(39));
        assert!(!request.facets && !request.snippets && !request.highlight);
        assert_eq!(request.sort, Sort::DateDesc);
        assert_eq!((request.page, request.page_size), (2, 10));
    }

    #[test]
    fn names_the_parameter_at_fault() {
        assert!(fault(&[("page", "abc")]).contains("`page`"));
        assert!(fault(&[("page", "0")]).contains("`page`"));
        assert!(fault(&[("page_size", "0")]).contains("`page_size`"));
        assert!(fault(&[("page_size", "1000")]).contains("`page_size`"));
        assert!(fault(&[("page", "60"), ("page_size", "20")]).contains("`page`"));
        assert!(fault(&[("page", "99999999999999999999999")]).contains("`page`"));
        assert!(fault(&[("sort", "foo")]).contains("`sort`"));
        assert!(fault(&[("written_from", "2017-13-01")]).contains("`written_from`"));
        assert!(fault(&[("published_to", "2017/01/01")]).contains("`published_to`"));
        assert!(fault(&[
            ("effective_from", "2020-01-01"),
            ("effective_to", "2019-01-01")
        ])
        .contains("`effective_from`"));
        assert!(fault(&[("year", "二〇一七")]).contains("`year`"));
        assert!(fault(&[("doc_year", "abc")]).contains("`doc_year`"));
        assert!(fault(&[("doc_year", "-1")]).contains("`doc_year`"));
        assert!(fault(&[("doc_serial", "-1")]).contains("`doc_serial`"));
        assert!(fault(&[("doc_serial", "1.5")]).contains("`doc_serial`"));
        assert!(fault(&[("doc_serial", "99999999999")]).contains("`doc_serial`"));
        assert!(fault(&[("validity", "永远有效")]).contains("`validity`"));
        assert!(fault(&[("current", "yes")]).contains("`current`"));
        assert!(fault(&[("policy_area", "政务公开//")]).contains("`policy_area`"));
        assert!(fault(&[("q", "a"), ("q", "b")]).contains("`q`"));
    }

    #[test]
    fn refuses_long_queries_by_characters() {
        let limit = ServerConfig::default().max_query_chars;
        assert!(parse(&[("q", &"税".repeat(limit))]).is_ok());
        let error = parse(&[("q", &"税".repeat(limit + 1))]).expect_err("too long");
        assert_eq!(error.code, ErrorCode::QueryTooLong);
    }

    #[test]
    fn empty_values_are_absent() {
        let request = parse(&[("page", ""), ("sort", " "), ("q", "")]).expect("read");
        assert_eq!(request, SearchRequest::default());
    }
}
