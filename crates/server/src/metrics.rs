//! Prometheus metrics, written by hand: requests by route template and status, and a latency
//! histogram per route template. Requests that match no route count under `unmatched`, so a
//! client cannot grow the label set.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Route label of requests that match no route.
const UNMATCHED: &str = "unmatched";

/// Latencies of one route.
#[derive(Debug, Default)]
struct Histogram {
    /// Requests at or under each bucket's bound (not cumulative; summed when written).
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Debug, Default)]
struct Recorded {
    requests: BTreeMap<(String, u16), u64>,
    latency: BTreeMap<String, Histogram>,
}

/// Counters and histograms of the server.
#[derive(Debug, Default)]
pub(crate) struct Metrics {
    recorded: Mutex<Recorded>,
}

impl Metrics {
    /// Records one answered request.
    pub(crate) fn record(&self, route: &str, status: u16, seconds: f64) {
        let mut recorded = self
            .recorded
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        *recorded
            .requests
            .entry((route.to_owned(), status))
            .or_default() += 1;
        let histogram = recorded.latency.entry(route.to_owned()).or_default();
        if let Some(bucket) = BUCKETS.iter().position(|&bound| seconds <= bound) {
            histogram.buckets[bucket] += 1;
        }
        histogram.count += 1;
        histogram.sum += seconds;
    }

    /// The metrics in Prometheus text format, with the gauges passed in.
    pub(crate) fn render(&self, documents: u64, free_slots: usize) -> String {
        let recorded = self
            .recorded
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        let mut out = String::new();
        out.push_str("# HELP gongbao_http_requests_total HTTP requests answered, by route template and status.\n");
        out.push_str("# TYPE gongbao_http_requests_total counter\n");
        for ((route, status), count) in &recorded.requests {
            let _ = writeln!(
                out,
                "gongbao_http_requests_total{{route=\"{}\",status=\"{status}\"}} {count}",
                escape(route)
            );
        }
        out.push_str("# HELP gongbao_http_request_duration_seconds Time to answer HTTP requests, by route template.\n");
        out.push_str("# TYPE gongbao_http_request_duration_seconds histogram\n");
        for (route, histogram) in &recorded.latency {
            let route = escape(route);
            let mut cumulative = 0;
            for (bound, count) in BUCKETS.iter().zip(histogram.buckets) {
                cumulative += count;
                let _ = writeln!(
                    out,
                    "gongbao_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "gongbao_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                histogram.count
            );
            let _ = writeln!(
                out,
                "gongbao_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                histogram.sum
            );
            let _ = writeln!(
                out,
                "gongbao_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                histogram.count
            );
        }
        out.push_str("# HELP gongbao_index_documents Documents in the index searched.\n");
        out.push_str("# TYPE gongbao_index_documents gauge\n");
        let _ = writeln!(out, "gongbao_index_documents {documents}");
        out.push_str("# HELP gongbao_search_slots_available Search slots free now.\n");
        out.push_str("# TYPE gongbao_search_slots_available gauge\n");
        let _ = writeln!(out, "gongbao_search_slots_available {free_slots}");
        out
    }
}

/// Escapes a label value.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Middleware recording every request under its matched route template.
pub(crate) async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or(UNMATCHED, MatchedPath::as_str)
        .to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    state.metrics.record(
        &route,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_is_cumulative() {
        let metrics = Metrics::default();
        metrics.record("/api/search", 200, 0.003);
        metrics.record("/api/search", 200, 0.2);
        metrics.record("/api/search", 400, 20.0);
        let text = metrics.render(7, 4);
        assert!(
            text.contains("gongbao_http_requests_total{route=\"/api/search\",status=\"200\"} 2")
        );
        assert!(
            text.contains("gongbao_http_requests_total{route=\"/api/search\",status=\"400\"} 1")
        );
        assert!(text.contains("_bucket{route=\"/api/search\",le=\"0.005\"} 1"));
        assert!(text.contains("_bucket{route=\"/api/search\",le=\"0.25\"} 2"));
        assert!(text.contains("_bucket{route=\"/api/search\",le=\"10\"} 2"));
        assert!(text.contains("_bucket{route=\"/api/search\",le=\"+Inf\"} 3"));
        assert!(text.contains("_count{route=\"/api/search\"} 3"));
        assert!(text.contains("gongbao_index_documents 7"));
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
