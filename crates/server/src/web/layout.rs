//! The frame every page shares: head, the search bar with its suggestion list, main, footer.

use std::fmt::Write;

use super::assets;
use super::escape::Html;

/// What a page puts into the frame.
pub(crate) struct Page<'a> {
    /// The page title, before the site name.
    pub(crate) title: &'a str,
    /// The query shown in the search box.
    pub(crate) query: &'a str,
    /// Hidden inputs the search form carries (the filters of the page searched from).
    pub(crate) hidden: &'a str,
    /// The main content, already HTML.
    pub(crate) main: &'a str,
}

/// Name of the site, in the title and the header.
pub(crate) const SITE: &str = "公报检索";

/// The whole HTML document of `page`.
pub(crate) fn render(page: &Page<'_>) -> String {
    let mut html = String::with_capacity(page.main.len() + 2048);
    let _ = write!(
        html,
        r##"<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · {SITE}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{css}">
<script src="{js}" defer></script>
</head>
<body>
<a class="skip" href="#main">跳到主要内容</a>
<header class="site">
<div class="bar">
<a class="brand" href="/"><span class="seal" aria-hidden="true">公</span>{SITE}</a>
<form class="searchbox" role="search" action="/" method="get">
<label class="sr-only" for="q">搜索政策文件</label>
<div class="combo">
<input id="q" name="q" type="search" value="{query}" placeholder="关键词、标题或文号" autocomplete="off" spellcheck="false" role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="suggestions">
<ul id="suggestions" class="suggestions" role="listbox" aria-label="搜索建议" hidden></ul>
</div>
{hidden}<button type="submit">搜索</button>
</form>
</div>
<p id="suggest-status" class="sr-only" role="status" aria-live="polite"></p>
</header>
<main id="main" tabindex="-1">
{main}
</main>
<footer class="site"><p>{SITE} · 政府政策文件与公报全文检索</p></footer>
</body>
</html>
"##,
        title = Html(page.title),
        css = assets::stylesheet(),
        js = assets::script(),
        query = Html(page.query),
        hidden = page.hidden,
        main = page.main,
    );
    html
}
