//! The frame every page shares: head, the search bar with its suggestion list, main, footer.

use maud::{html, Markup, DOCTYPE};

use super::assets;

/// What a page puts into the frame.
pub(crate) struct Page<'a> {
    /// The page title, before the site name.
    pub(crate) title: &'a str,
    /// The query shown in the search box.
    pub(crate) query: &'a str,
    /// Hidden inputs the search form carries (the filters of the page searched from).
    pub(crate) hidden: Markup,
    /// The main content.
    pub(crate) main: Markup,
}

/// Name of the site, in the title and the header.
pub(crate) const SITE: &str = "公报检索";

/// The whole HTML document of `page`.
pub(crate) fn render(page: Page<'_>) -> Markup {
    html! {
        (DOCTYPE)
        html lang="zh-CN" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (page.title) " · " (SITE) }
                link rel="icon" href="data:,";
                link rel="stylesheet" href=(assets::stylesheet());
                script src=(assets::script()) defer {}
            }
            body {
                a.skip href="#main" { "跳到主要内容" }
                header.site {
                    div.bar {
                        a.brand href="/" {
                            span.seal aria-hidden="true" { "公" }
                            (SITE)
                        }
                        (search_form(page.query, page.hidden))
                    }
                    p.sr-only #suggest-status role="status" aria-live="polite" {}
                }
                main #main tabindex="-1" { (page.main) }
                footer.site { p { (SITE) " · 政府政策文件与公报全文检索" } }
            }
        }
    }
}

/// The search box with its suggestion list (a combobox) and the `hidden` inputs.
fn search_form(query: &str, hidden: Markup) -> Markup {
    html! {
        form.searchbox role="search" action="/" method="get" {
            label.sr-only for="q" { "搜索政策文件" }
            div.combo {
                input #q name="q" type="search" value=(query) placeholder="关键词、标题或文号"
                    autocomplete="off" spellcheck="false" role="combobox"
                    aria-autocomplete="list" aria-expanded="false" aria-controls="suggestions";
                ul.suggestions #suggestions role="listbox" aria-label="搜索建议" hidden {}
            }
            (hidden)
            button type="submit" { "搜索" }
        }
    }
}
