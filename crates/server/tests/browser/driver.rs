//! A headless Chromium driven over WebDriver: chromedriver started on a free port (killed when
//! dropped), a fresh profile, no network beyond the test server.

use std::net::{Ipv4Addr, SocketAddr, TcpListener as StdListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::{Capabilities, TimeoutConfiguration};
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use tempfile::TempDir;

/// Longest wait for chromedriver to listen.
const DRIVER_START: Duration = Duration::from_secs(15);

/// Where Chromium and its driver are, when both are installed.
pub struct Browser {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

/// An executable named `name` on the PATH.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

impl Browser {
    /// Chromium and chromedriver from `$GONGBAO_CHROMIUM` / `$GONGBAO_CHROMEDRIVER` or the PATH.
    pub fn find() -> Option<Browser> {
        let pick = |variable: &str, names: &[&str]| {
            std::env::var_os(variable)
                .map(PathBuf::from)
                .or_else(|| names.iter().find_map(|name| on_path(name)))
        };
        Some(Browser {
            chromium: pick("GONGBAO_CHROMIUM", &["chromium", "chromium-browser"])?,
            chromedriver: pick("GONGBAO_CHROMEDRIVER", &["chromedriver"])?,
        })
    }
}

/// A running chromedriver and one browser session; both end when dropped.
pub struct Session {
    pub client: Client,
    driver: Child,
    _profile: TempDir,
}

fn free_port() -> u16 {
    StdListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free port")
}

impl Session {
    /// Starts chromedriver and a headless Chromium of `width` × `height` CSS pixels.
    pub async fn start(browser: &Browser, log: &Path, width: u32, height: u32) -> Session {
        let port = free_port();
        let log_file = std::fs::File::create(log).expect("driver log is created");
        let mut driver = Command::new(&browser.chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().expect("log handle"))
            .stderr(log_file)
            .spawn()
            .expect("chromedriver starts");
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let started = Instant::now();
        while tokio::net::TcpStream::connect(addr).await.is_err() {
            if let Ok(Some(status)) = driver.try_wait() {
                panic!("chromedriver exited with {status}; see {}", log.display());
            }
            if started.elapsed() > DRIVER_START {
                let _ = driver.kill();
                panic!("chromedriver did not listen within {DRIVER_START:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let profile = tempfile::tempdir().expect("profile dir");
        let args = [
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--disable-extensions".to_owned(),
            "--hide-scrollbars".to_owned(),
            "--force-color-profile=srgb".to_owned(),
            "--lang=zh-CN".to_owned(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let mut capabilities = Capabilities::new();
        capabilities.insert("browserName".to_owned(), json!("chrome"));
        capabilities.insert(
            "goog:chromeOptions".to_owned(),
            json!({
                "binary": browser.chromium.to_string_lossy(),
                "args": args,
            }),
        );
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://{addr}"))
            .await;
        let client = match client {
            Ok(client) => client,
            Err(error) => {
                let _ = driver.kill();
                let _ = driver.wait();
                panic!("no browser session: {error}; see {}", log.display());
            }
        };
        client
            .update_timeouts(TimeoutConfiguration::new(
                Some(Duration::from_secs(10)),
                Some(Duration::from_secs(20)),
                Some(Duration::ZERO),
            ))
            .await
            .expect("timeouts are set");
        Session {
            client,
            driver,
            _profile: profile,
        }
    }

    /// Resizes the viewport to `width` × `height` CSS pixels.
    pub async fn resize(&self, width: u32, height: u32) {
        self.client
            .set_window_size(width, height)
            .await
            .expect("window resizes");
        // The window includes no chrome in headless mode; check the viewport anyway.
        let inner = self
            .client
            .execute(
                "return [window.innerWidth, window.innerHeight];",
                Vec::new(),
            )
            .await
            .expect("viewport is read");
        let width_now = inner[0].as_u64().unwrap_or_default();
        if width_now != u64::from(width) {
            let grow = u64::from(width) - width_now.min(u64::from(width));
            let height_extra = u64::from(height)
                - inner[1]
                    .as_u64()
                    .unwrap_or(u64::from(height))
                    .min(u64::from(height));
            self.client
                .set_window_size(width + grow as u32, height + height_extra as u32)
                .await
                .expect("window resizes");
        }
    }

    /// Ends the session, then the driver.
    pub async fn close(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(10), self.client.clone().close()).await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
