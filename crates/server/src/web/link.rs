//! The search page's state as a URL: the same parameters as `GET /api/search`, so a search can
//! be shared, bookmarked and walked back through with the browser's back button.

use std::fmt::Write;

use maud::{html, Markup};

use super::url;
use crate::params::{is_filter_param, is_search_param};

/// Parameters the page keeps in its links (the API's, less its response switches).
fn kept(name: &str) -> bool {
    is_search_param(name) && !matches!(name, "facets" | "snippets")
}

/// A search page URL: its parameters in the order they were given, empty values dropped.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Link {
    pairs: Vec<(String, String)>,
}

impl Link {
    /// The link of the page the query-string `pairs` ask for.
    pub(crate) fn new(pairs: &[(String, String)]) -> Link {
        Link {
            pairs: pairs
                .iter()
                .filter(|(name, value)| kept(name) && !value.trim().is_empty())
                .cloned()
                .collect(),
        }
    }

    /// The first value of `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// This search with `name` set to `value` alone, from its first page.
    pub(crate) fn with(&self, name: &str, value: &str) -> Link {
        let mut link = self.without(name);
        link.pairs.push((name.to_owned(), value.to_owned()));
        link
    }

    /// This search without `name`, from its first page.
    pub(crate) fn without(&self, name: &str) -> Link {
        let mut link = self.clone();
        link.pairs.retain(|(key, _)| key != name && key != "page");
        link
    }

    /// Page `page` of this search.
    pub(crate) fn page(&self, page: usize) -> Link {
        let mut link = self.clone();
        link.pairs.retain(|(key, _)| key != "page");
        if page > 1 {
            link.pairs.push(("page".to_owned(), page.to_string()));
        }
        link
    }

    /// Whether the link names a filter (anything but the query, the unit, the sort and the page).
    pub(crate) fn has_filters(&self) -> bool {
        self.pairs.iter().any(|(name, _)| is_filter_param(name))
    }

    /// The URL, percent-encoded (a page renders it as any text, escaped: `&` becomes `&amp;`).
    pub(crate) fn href(&self) -> String {
        let mut href = String::from("/");
        for (at, (name, value)) in self.pairs.iter().enumerate() {
            href.push(if at == 0 { '?' } else { '&' });
            let _ = write!(href, "{}={}", url::component(name), url::component(value));
        }
        href
    }

    /// Hidden form inputs carrying every parameter but those in `except` and the page.
    pub(crate) fn hidden_inputs(&self, except: &[&str]) -> Markup {
        html! {
            @for (name, value) in &self.pairs {
                @if name != "page" && !except.contains(&name.as_str()) {
                    input type="hidden" name=(name) value=(value);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(pairs: &[(&str, &str)]) -> Link {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        Link::new(&pairs)
    }

    #[test]
    fn keeps_known_parameters_in_order() {
        let link = link(&[("q", "养犬"), ("x", "1"), ("facets", "false"), ("page", "")]);
        assert_eq!(link.href(), "/?q=%E5%85%BB%E7%8A%AC");
        assert_eq!(Link::default().href(), "/");
    }

    #[test]
    fn a_new_filter_starts_from_the_first_page() {
        let link = link(&[("q", "a"), ("page", "3"), ("year", "2020")]);
        assert_eq!(link.with("year", "2021").href(), "/?q=a&year=2021");
        assert_eq!(link.without("year").href(), "/?q=a");
        assert_eq!(link.page(2).href(), "/?q=a&year=2020&page=2");
        assert_eq!(link.page(1).href(), "/?q=a&year=2020");
        assert!(link.has_filters() && !link.without("year").has_filters());
    }

    #[test]
    fn hidden_inputs_are_escaped() {
        let link = link(&[("q", "\"><script>"), ("sort", "date_desc"), ("page", "2")]);
        assert_eq!(
            link.hidden_inputs(&["sort"]).into_string(),
            r#"<input type="hidden" name="q" value="&quot;&gt;&lt;script&gt;">"#
        );
    }
}
