//! End-to-end tests of the search page in headless Chromium: a real server over a fixture index,
//! driven through chromedriver. Without Chromium and chromedriver the tests print SKIPPED, except
//! under `CI=true`, where they fail. Screenshots of the pages at phone and desktop widths go to
//! `target/screenshots/`.

mod driver;
mod fixture;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use gongbao_query::Engine;
use gongbao_server::{serve_with_shutdown, ServerConfig};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use driver::{Browser, Session};

/// Longest a whole browser test may take.
const TEST_LIMIT: Duration = Duration::from_secs(180);
/// Longest wait for an element to appear.
const ELEMENT_WAIT: Duration = Duration::from_secs(10);
/// Phone and desktop viewports, in CSS pixels.
const PHONE: (u32, u32) = (390, 844);
const DESKTOP: (u32, u32) = (1280, 900);

/// The browser, or `None` when the test should be skipped (never under CI).
fn browser() -> Option<Browser> {
    match Browser::find() {
        Some(browser) => Some(browser),
        None if std::env::var("CI").is_ok_and(|ci| ci == "true") => {
            panic!("CI=true but chromium or chromedriver is missing (.ci/run installs them)")
        }
        None => {
            eprintln!("SKIPPED: chromium and chromedriver are not installed");
            None
        }
    }
}

/// The workspace's target directory.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"))
}

/// Where screenshots go.
fn screenshot_dir() -> PathBuf {
    let dir = target_dir().join("screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot dir is created");
    dir
}

/// A server over `engine` on a free local port: its base URL and the switch that stops it.
async fn start_server(engine: Arc<Engine>) -> (String, oneshot::Sender<()>) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("port is bound");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(async move {
        let shutdown = async {
            let _ = stopped.await;
        };
        serve_with_shutdown(engine, ServerConfig::default(), listener, shutdown)
            .await
            .expect("server runs");
    });
    (base, stop)
}

/// The page as the test sees it.
struct Page<'a> {
    client: &'a Client,
    base: &'a str,
}

impl Page<'_> {
    async fn open(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .unwrap_or_else(|error| panic!("{path} opens: {error}"));
    }

    async fn find(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(ELEMENT_WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|error| panic!("`{css}` appears: {error}"))
    }

    async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.expect("text is read")
    }

    async fn count(&self, css: &str) -> usize {
        self.client
            .find_all(Locator::Css(css))
            .await
            .expect("elements are listed")
            .len()
    }

    async fn texts(&self, css: &str) -> Vec<String> {
        let mut texts = Vec::new();
        for element in self
            .client
            .find_all(Locator::Css(css))
            .await
            .expect("elements")
        {
            texts.push(element.text().await.expect("text"));
        }
        texts
    }

    /// Clicks the link `css` and waits for the next page.
    async fn follow(&self, css: &str) {
        let before = self.url().await;
        self.find(css).await.click().await.expect("link is clicked");
        self.wait_for_url_change(&before).await;
    }

    async fn wait_for_url_change(&self, before: &str) {
        let before = before.to_owned();
        let changed = tokio::time::timeout(ELEMENT_WAIT, async {
            loop {
                if self.url().await != before {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
        .await;
        assert!(changed.is_ok(), "the page left {before}");
        self.find("footer.site").await;
    }

    /// The current URL, percent-decoded, without the base.
    async fn url(&self) -> String {
        let url = self.client.current_url().await.expect("url is read");
        let path = format!(
            "{}{}",
            url.path(),
            url.query().map(|q| format!("?{q}")).unwrap_or_default()
        );
        decode(&path)
    }

    async fn back(&self) {
        let before = self.url().await;
        self.client.back().await.expect("back");
        self.wait_for_url_change(&before).await;
    }

    /// The number in "共 N 件文件".
    async fn total(&self) -> u64 {
        self.text(".count strong")
            .await
            .parse()
            .expect("count is a number")
    }

    async fn screenshot(&self, name: &str) {
        // Let fonts settle before the picture.
        let _ = self
            .client
            .execute_async(
                "document.fonts.ready.then(() => arguments[0]());",
                Vec::new(),
            )
            .await;
        let png = self.client.screenshot().await.expect("screenshot is taken");
        let path = screenshot_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).expect("screenshot is written");
        eprintln!("screenshot: {}", path.display());
    }

    async fn js(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, Vec::new())
            .await
            .expect("script runs")
    }
}

/// Percent-decodes `text` (`+` stays, as the page never writes it for a space).
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'%' && at + 2 < bytes.len() {
            if let Ok(byte) = u8::from_str_radix(&text[at + 1..at + 3], 16) {
                out.push(byte);
                at += 3;
                continue;
            }
        }
        out.push(bytes[at]);
        at += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Runs `test` with a server over the fixture and a browser session of `viewport`.
async fn with_browser<F>(name: &str, viewport: (u32, u32), test: F)
where
    F: for<'a> AsyncFnOnce(&'a Page<'a>),
{
    let Some(browser) = browser() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = fixture::engine(dir.path());
    let (base, stop) = start_server(engine).await;
    let log = screenshot_dir().join(format!("chromedriver-{name}.log"));
    let session = Session::start(&browser, &log, viewport.0, viewport.1).await;
    session.resize(viewport.0, viewport.1).await;
    let page = Page {
        client: &session.client,
        base: &base,
    };
    let outcome = tokio::time::timeout(TEST_LIMIT, test(&page)).await;
    session.close().await;
    let _ = stop.send(());
    assert!(outcome.is_ok(), "{name} finished within {TEST_LIMIT:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_citizen_searches_filters_pages_and_reads_a_document() {
    with_browser("desktop", DESKTOP, async |page: &Page<'_>| {
        // The home page lists the newest documents with facets over all of them.
        page.open("/").await;
        assert_eq!(page.text("h1").await, "最新文件");
        assert_eq!(page.total().await, fixture::documents().len() as u64);
        assert_eq!(page.client.title().await.unwrap(), "最新文件 · 公报检索");

        // Suggestions as you type, chosen with the keyboard.
        let input = page.find("#q").await;
        input.send_keys("老旧小区").await.unwrap();
        page.find("#suggestions li[role=option]").await;
        assert_eq!(input.attr("aria-expanded").await.unwrap().as_deref(), Some("true"));
        let options = page.texts("#suggestions li[role=option] .title").await;
        assert!(!options.is_empty() && options.len() <= 8, "{options:?}");
        assert!(options.iter().all(|title| title.contains("老旧小区")), "{options:?}");
        input.send_keys(&Key::Down).await.unwrap();
        assert_eq!(
            input.attr("aria-activedescendant").await.unwrap().as_deref(),
            Some("suggestion-0")
        );
        assert_eq!(
            page.find("#suggestion-0").await.attr("aria-selected").await.unwrap().as_deref(),
            Some("true")
        );
        input.send_keys(&Key::Escape).await.unwrap();
        assert!(page.js("return document.getElementById('suggestions').hidden").await.as_bool().unwrap());
        page.screenshot("search-desktop-typing").await;

        // Enter without a chosen suggestion searches.
        let before = page.url().await;
        input.send_keys("改造").await.unwrap();
        input.send_keys(&Key::Enter).await.unwrap();
        page.wait_for_url_change(&before).await;
        assert_eq!(page.url().await, "/?q=老旧小区改造");
        assert_eq!(page.text("h1").await, "“老旧小区改造”的搜索结果");
        let total = page.total().await;
        assert_eq!(total, fixture::RENOVATION_NOTICES as u64);
        assert_eq!(page.count("ol.hits > li.hit").await, 20);
        assert!(page.count(".hit-title em").await > 0, "titles are highlighted");
        assert!(page.count(".snippet em").await > 0, "snippets are highlighted");
        let first_meta = page.text("ol.hits > li.hit .meta").await;
        assert!(first_meta.contains("江建发〔"), "{first_meta}");
        assert!(first_meta.contains("江城市住房和城乡建设局"), "{first_meta}");
        assert!(page.count(".badge.expired").await + page.count(".badge.in-force").await >= 20);
        page.screenshot("search-desktop").await;

        // A department facet narrows the results; the count shown is the count found.
        let facet = page.find("#facet-department ~ ul a[href*='department=%E5%B8%82%E8%B4%A2%E6%94%BF%E5%B1%80']").await;
        let facet_count: u64 = facet.find(Locator::Css(".n")).await.unwrap().text().await.unwrap().parse().unwrap();
        page.follow("#facet-department ~ ul a[href*='department=%E5%B8%82%E8%B4%A2%E6%94%BF%E5%B1%80']").await;
        assert_eq!(page.url().await, "/?q=老旧小区改造&department=市财政局");
        assert_eq!(page.total().await, facet_count);
        assert!(facet_count > 0 && facet_count < total);
        assert!(page.text(".chips").await.contains("部门：市财政局"));
        let current = page.find("#facet-department ~ ul a[aria-current]").await;
        assert!(current.text().await.unwrap().contains("市财政局"));
        page.back().await;
        assert_eq!(page.url().await, "/?q=老旧小区改造");
        assert_eq!(page.total().await, total);

        // Pages: the second holds the rest, and back returns to the first.
        page.follow(".pages a[rel=next]").await;
        assert_eq!(page.url().await, "/?q=老旧小区改造&page=2");
        assert_eq!(page.count("ol.hits > li.hit").await, fixture::RENOVATION_NOTICES - 20);
        assert_eq!(page.text(".pages [aria-current=page]").await, "2");
        page.back().await;
        assert_eq!(page.count("ol.hits > li.hit").await, 20);

        // Sort by date: newest first.
        page.follow(".sort a[href*='sort=date_desc']").await;
        let dates: Vec<String> = page
            .js("return [...document.querySelectorAll('.hit time')].map(t => t.getAttribute('datetime'))")
            .await
            .as_array()
            .unwrap()
            .iter()
            .map(|date| date.as_str().unwrap().to_owned())
            .collect();
        let mut sorted = dates.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(dates, sorted);

        // Policy areas drill down: a top-level area, then its children with counts.
        page.open("/").await;
        page.follow("#facet-policy_area ~ ul a[href*='policy_area=%E5%9F%8E%E4%B9%A1%E5%BB%BA%E8%AE%BE']").await;
        assert_eq!(page.url().await, "/?policy_area=城乡建设");
        let children = page.texts("#facet-policy_area ~ ul .sub a .label").await;
        assert!(children.contains(&"住房保障".to_owned()), "{children:?}");
        page.follow("#facet-policy_area ~ ul .sub a[href*='%E4%BD%8F%E6%88%BF%E4%BF%9D%E9%9A%9C']").await;
        assert_eq!(page.url().await, "/?policy_area=城乡建设/住房保障");
        assert_eq!(page.total().await, 13);

        // Validity: the repealed rule, with its badge.
        page.open("/?q=供水").await;
        page.follow("#facet-validity ~ ul a[href*='validity=%E5%B7%B2%E5%BA%9F%E6%AD%A2']").await;
        assert_eq!(page.total().await, 1);
        assert_eq!(page.text(".hit .badge").await, "已废止");

        // A date range keeps the query.
        page.open("/?q=老旧小区改造").await;
        // Date inputs take typing field by field in the browser's locale; set the value instead.
        page.js("document.querySelector('input[name=published_from]').value = '2023-01-01'").await;
        let before = page.url().await;
        page.find("form.dates button").await.click().await.unwrap();
        page.wait_for_url_change(&before).await;
        assert!(page.url().await.starts_with("/?q=老旧小区改造&published_from=2023-01-01"), "{}", page.url().await);
        assert_eq!(page.total().await, 5);

        // A document number finds its notice; its page shows metadata and who cites it.
        page.open("/?q=江政办发〔2023〕12号").await;
        let first = page.text("ol.hits > li.hit .hit-title").await;
        assert!(first.contains("促进民营经济高质量发展若干措施"), "{first}");
        page.follow("ol.hits > li.hit .hit-title a").await;
        assert!(page.url().await.starts_with(&format!("/documents/{}", fixture::NOTICE)));
        assert!(page.text("h1").await.contains("促进民营经济高质量发展若干措施"));
        let facts = page.text("dl.facts").await;
        assert!(facts.contains("发文字号") && facts.contains("江政办发〔2023〕12号"), "{facts}");
        assert!(facts.contains("2023年5月25日") && facts.contains("现行有效"), "{facts}");
        let cited_by = page.text("#cited-by ~ ul").await;
        assert!(cited_by.contains("落实民营经济若干措施的实施细则"), "{cited_by}");
        page.back().await;
        assert_eq!(page.url().await, "/?q=江政办发〔2023〕12号");

        // The regulation: articles set apart, query words marked in the full text.
        page.open("/?q=养犬登记").await;
        page.follow("ol.hits > li.hit .hit-title a").await;
        assert!(page.url().await.contains("q=养犬登记"));
        assert!(page.count(".fulltext mark").await >= 2);
        assert!(page.count(".fulltext h2.chapter").await == 4);
        assert!(page.text(".fulltext p .article").await.starts_with("第一条"));
        page.screenshot("document-desktop").await;

        // The gazette notice: issue, pages and a link to the PDF pages; it cites the notice.
        page.open(&format!("/documents/{}", fixture::GAZETTE)).await;
        let facts = page.text("dl.facts").await;
        assert!(facts.contains("《江城市人民政府公报》2023年第5期 第12—15页"), "{facts}");
        let pdf = page.find("dl.facts a.pdf").await.attr("href").await.unwrap().unwrap();
        assert!(pdf.ends_with("2023-05.pdf#page=12"), "{pdf}");
        assert!(page.text("#cites ~ ul").await.contains("促进民营经济高质量发展若干措施"));

        // Hostile text is shown as text.
        page.open("/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E").await;
        assert_eq!(page.find("#q").await.prop("value").await.unwrap().as_deref(), Some("<script>alert(1)</script>"));
        assert!(page.text("h1").await.contains("<script>alert(1)</script>"));
        assert_eq!(page.js("return document.scripts.length").await, 1);
        assert!(page.client.get_alert_text().await.is_err(), "no alert opened");

        // Nothing was loaded from elsewhere.
        let foreign = page
            .js("return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin))")
            .await;
        assert_eq!(foreign, serde_json::json!([]));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pages_read_well_on_a_phone() {
    with_browser("phone", PHONE, async |page: &Page<'_>| {
        let width = page.js("return window.innerWidth").await;
        assert_eq!(width, serde_json::json!(PHONE.0));
        page.open("/?q=老旧小区改造").await;
        // Nothing runs off the side of a phone screen.
        let overflow = page
            .js("return document.documentElement.scrollWidth - window.innerWidth")
            .await;
        assert_eq!(overflow, serde_json::json!(0));
        // The results come before the filters, which a link jumps to.
        let results_top = page
            .js("return document.querySelector('.results').getBoundingClientRect().top")
            .await
            .as_f64()
            .unwrap();
        let facets_top = page
            .js("return document.querySelector('.facets').getBoundingClientRect().top")
            .await
            .as_f64()
            .unwrap();
        assert!(results_top < facets_top);
        assert!(page.find(".to-filters").await.is_displayed().await.unwrap());
        page.screenshot("search-phone").await;

        // The suggestion list fits the screen.
        let input = page.find("#q").await;
        input.clear().await.unwrap();
        input.send_keys("促进民营").await.unwrap();
        page.find("#suggestions li[role=option]").await;
        let options = page.texts("#suggestions li[role=option]").await;
        assert!(options[0].contains("江政办发〔2023〕12号"), "{options:?}");
        let right = page
            .js("return document.getElementById('suggestions').getBoundingClientRect().right")
            .await
            .as_f64()
            .unwrap();
        assert!(right <= f64::from(PHONE.0), "{right}");
        page.screenshot("search-phone-suggestions").await;
        // Enter on a chosen suggestion opens its document.
        input.send_keys(&Key::Down).await.unwrap();
        let before = page.url().await;
        input.send_keys(&Key::Enter).await.unwrap();
        page.wait_for_url_change(&before).await;
        assert!(
            page.url()
                .await
                .starts_with(&format!("/documents/{}", fixture::NOTICE)),
            "{}",
            page.url().await
        );

        page.open(&format!("/documents/{}?q=养犬", fixture::REGULATION))
            .await;
        let overflow = page
            .js("return document.documentElement.scrollWidth - window.innerWidth")
            .await;
        assert_eq!(overflow, serde_json::json!(0));
        assert!(page.count(".fulltext mark").await > 3);
        page.screenshot("document-phone").await;
        page.open(&format!("/documents/{}", fixture::GAZETTE)).await;
        page.screenshot("document-phone-gazette").await;
    })
    .await;
}
