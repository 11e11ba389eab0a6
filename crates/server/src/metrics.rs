//! Prometheus metrics, written by hand: requests by route template and status, a latency
//! histogram per route template, and the admission of searches (free slots, searches in line,
//! a histogram of their waits, refusals by reason). Requests that match no route count under
//! `unmatched`, so a client cannot grow the label set.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::limits::{Occupancy, Rejection};
use crate::state::AppState;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Route label of requests that match no route.
const UNMATCHED: &str = "unmatched";

/// Durations in seconds: a route's latencies, or the waits of searches for a slot.
#[derive(Debug, Default)]
struct Histogram {
    /// Observations at or under each bucket's bound (not cumulative; summed when written).
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl Histogram {
    /// Counts one observation of `seconds`.
    fn observe(&mut self, seconds: f64) {
        if let Some(bucket) = BUCKETS.iter().position(|&bound| seconds <= bound) {
            self.buckets[bucket] += 1;
        }
        self.count += 1;
        self.sum += seconds;
    }

    /// Writes the series of `name` with `labels` (`route="..."`, or empty for none).
    fn write(&self, out: &mut String, name: &str, labels: &str) {
        let (braced, before_le) = if labels.is_empty() {
            (String::new(), String::new())
        } else {
            (format!("{{{labels}}}"), format!("{labels},"))
        };
        let mut cumulative = 0;
        for (bound, count) in BUCKETS.iter().zip(self.buckets) {
            cumulative += count;
            let _ = writeln!(
                out,
                "{name}_bucket{{{before_le}le=\"{bound}\"}} {cumulative}"
            );
        }
        let _ = writeln!(
            out,
            "{name}_bucket{{{before_le}le=\"+Inf\"}} {}",
            self.count
        );
        let _ = writeln!(out, "{name}_sum{braced} {}", self.sum);
        let _ = writeln!(out, "{name}_count{braced} {}", self.count);
    }
}

#[derive(Debug, Default)]
struct Recorded {
    requests: BTreeMap<(String, u16), u64>,
    latency: BTreeMap<String, Histogram>,
    /// Time admitted searches waited for a slot (0 when one was free).
    queue_wait: Histogram,
    /// Searches refused, by reason.
    rejections: BTreeMap<Rejection, u64>,
}

/// Counters and histograms of the server.
#[derive(Debug, Default)]
pub(crate) struct Metrics {
    recorded: Mutex<Recorded>,
}

impl Metrics {
    /// The recorded values, even when a panic left the lock poisoned.
    fn recorded(&self) -> std::sync::MutexGuard<'_, Recorded> {
        self.recorded
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    /// Records one answered request.
    pub(crate) fn record(&self, route: &str, status: u16, seconds: f64) {
        let mut recorded = self.recorded();
        *recorded
            .requests
            .entry((route.to_owned(), status))
            .or_default() += 1;
        recorded
            .latency
            .entry(route.to_owned())
            .or_default()
            .observe(seconds);
    }

    /// Records how long an admitted search waited for its slot.
    pub(crate) fn record_wait(&self, seconds: f64) {
        self.recorded().queue_wait.observe(seconds);
    }

    /// Records a refused search.
    pub(crate) fn record_rejection(&self, reason: Rejection) {
        *self.recorded().rejections.entry(reason).or_default() += 1;
    }

    /// The metrics in Prometheus text format, with the gauges passed in.
    pub(crate) fn render(&self, documents: u64, occupancy: Occupancy) -> String {
        let recorded = self.recorded();
        let mut out = String::new();
        describe(
            &mut out,
            "gongbao_http_requests_total",
            "counter",
            "HTTP requests answered, by route template and status.",
        );
        for ((route, status), count) in &recorded.requests {
            let _ = writeln!(
                out,
                "gongbao_http_requests_total{{route=\"{}\",status=\"{status}\"}} {count}",
                escape(route)
            );
        }
        describe(
            &mut out,
            "gongbao_http_request_duration_seconds",
            "histogram",
            "Time to answer HTTP requests, by route template.",
        );
        for (route, histogram) in &recorded.latency {
            let labels = format!("route=\"{}\"", escape(route));
            histogram.write(&mut out, "gongbao_http_request_duration_seconds", &labels);
        }
        describe(
            &mut out,
            "gongbao_index_documents",
            "gauge",
            "Documents in the index searched.",
        );
        let _ = writeln!(out, "gongbao_index_documents {documents}");
        describe(
            &mut out,
            "gongbao_search_slots_available",
            "gauge",
            "Search slots free now.",
        );
        let _ = writeln!(
            out,
            "gongbao_search_slots_available {}",
            occupancy.free_slots
        );
        describe(
            &mut out,
            "gongbao_search_queue_length",
            "gauge",
            "Searches waiting for a slot now.",
        );
        let _ = writeln!(out, "gongbao_search_queue_length {}", occupancy.queued);
        describe(
            &mut out,
            "gongbao_search_queue_wait_seconds",
            "histogram",
            "Time admitted searches waited for a slot.",
        );
        recorded
            .queue_wait
            .write(&mut out, "gongbao_search_queue_wait_seconds", "");
        describe(
            &mut out,
            "gongbao_search_rejections_total",
            "counter",
            "Searches refused with too_many_requests, by reason.",
        );
        for reason in Rejection::ALL {
            let count = recorded.rejections.get(&reason).copied().unwrap_or(0);
            let _ = writeln!(
                out,
                "gongbao_search_rejections_total{{reason=\"{}\"}} {count}",
                reason.label()
            );
        }
        out
    }
}

/// Writes what became of the search log's records (nothing when logging is off).
pub(crate) fn write_analytics(out: &mut String, counts: Option<gongbao_analytics::Counts>) {
    let Some(counts) = counts else { return };
    describe(
        out,
        "gongbao_analytics_records_total",
        "counter",
        "Search log records, by outcome: written, dropped (queue full or size bound reached) or failed.",
    );
    for (outcome, count) in [
        ("written", counts.written),
        ("dropped_busy", counts.dropped_busy),
        ("dropped_full", counts.dropped_full),
        ("failed", counts.failed),
    ] {
        let _ = writeln!(
            out,
            "gongbao_analytics_records_total{{outcome=\"{outcome}\"}} {count}"
        );
    }
}

/// Writes the `HELP` and `TYPE` lines of metric `name`.
fn describe(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
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
        let text = metrics.render(
            7,
            Occupancy {
                free_slots: 4,
                queued: 0,
            },
        );
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
    fn admission_is_shown() {
        let metrics = Metrics::default();
        metrics.record_wait(0.0);
        metrics.record_wait(0.3);
        metrics.record_rejection(Rejection::QueueFull);
        let occupancy = Occupancy {
            free_slots: 0,
            queued: 12,
        };
        let text = metrics.render(7, occupancy);
        for line in [
            "gongbao_search_slots_available 0",
            "gongbao_search_queue_length 12",
            "gongbao_search_queue_wait_seconds_bucket{le=\"0.001\"} 1",
            "gongbao_search_queue_wait_seconds_bucket{le=\"0.5\"} 2",
            "gongbao_search_queue_wait_seconds_sum 0.3",
            "gongbao_search_queue_wait_seconds_count 2",
            "gongbao_search_rejections_total{reason=\"queue_full\"} 1",
            "gongbao_search_rejections_total{reason=\"deadline\"} 0",
        ] {
            assert!(text.contains(line), "{line} missing from\n{text}");
        }
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
