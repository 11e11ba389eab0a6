//! Limits on the whole server: how many searches run at once, how many wait for their turn and
//! for how long, and how long a request may take.
//!
//! Admission works as Elasticsearch's search thread pool does: a search takes a free slot, or
//! waits in a bounded first-in-first-out line, and is refused only when the line is full or
//! its wait reaches the deadline. Waiting is an `await` on a tokio semaphore, so it holds no
//! thread; the semaphore hands a freed slot to the longest waiter before anyone may take it
//! directly, and a request dropped while waiting (client gone, request timeout) leaves the line
//! at once.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::config::ServerConfig;
use crate::error::{ApiError, ErrorCode};
use crate::metrics::Metrics;

/// Why a search was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Rejection {
    /// Every place in the line was taken.
    QueueFull,
    /// No slot came free before the deadline.
    Deadline,
}

impl Rejection {
    /// Every reason, so that metrics show each from the start.
    pub(crate) const ALL: [Rejection; 2] = [Rejection::QueueFull, Rejection::Deadline];

    /// The metrics label.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Rejection::QueueFull => "queue_full",
            Rejection::Deadline => "deadline",
        }
    }
}

/// How full admission is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Occupancy {
    /// Slots free.
    pub(crate) free_slots: usize,
    /// Searches waiting for a slot.
    pub(crate) queued: usize,
}

/// Slots for running searches, and a bounded line of searches waiting for one.
#[derive(Debug, Clone)]
pub(crate) struct Admission {
    /// One permit per search running at once.
    slots: Arc<Semaphore>,
    /// One permit per place in the line.
    places: Arc<Semaphore>,
    /// Places in the line, all told.
    capacity: usize,
    /// Longest wait for a slot.
    deadline: Duration,
    /// Where waits and refusals are recorded.
    metrics: Arc<Metrics>,
}

impl Admission {
    /// `config.max_concurrent_searches` slots (0 runs no search), a line of
    /// `config.max_queued_searches` places (0 refuses whenever every slot is taken) and waits of
    /// at most `config.max_queue_wait`.
    pub(crate) fn new(config: &ServerConfig, metrics: Arc<Metrics>) -> Admission {
        let capacity = config.max_queued_searches.min(Semaphore::MAX_PERMITS);
        Admission {
            slots: Arc::new(Semaphore::new(
                config.max_concurrent_searches.min(Semaphore::MAX_PERMITS),
            )),
            places: Arc::new(Semaphore::new(capacity)),
            capacity,
            deadline: config.max_queue_wait,
            metrics,
        }
    }

    /// A slot, held until the permit is dropped: at once when one is free, else after waiting
    /// in line. `too_many_requests` when the line is full or the wait reaches the deadline.
    pub(crate) async fn admit(&self) -> Result<OwnedSemaphorePermit, ApiError> {
        let started = Instant::now();
        let permit = match Arc::clone(&self.slots).try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => self.wait().await?,
        };
        self.metrics.record_wait(started.elapsed().as_secs_f64());
        Ok(permit)
    }

    /// Takes a place in line and waits there for a slot until the deadline.
    async fn wait(&self) -> Result<OwnedSemaphorePermit, ApiError> {
        let Ok(_place) = Arc::clone(&self.places).try_acquire_owned() else {
            return Err(self.refuse(
                Rejection::QueueFull,
                "the server is busy with other searches; try again shortly".to_owned(),
            ));
        };
        let slot = Arc::clone(&self.slots).acquire_owned();
        match tokio::time::timeout(self.deadline, slot).await {
            Ok(Ok(permit)) => Ok(permit),
            Ok(Err(closed)) => Err(ApiError::internal("search slots", &closed)),
            Err(_) => Err(self.refuse(
                Rejection::Deadline,
                format!(
                    "no search slot came free within {} ms; try again shortly",
                    self.deadline.as_millis()
                ),
            )),
        }
    }

    /// Records a refusal and makes its error.
    fn refuse(&self, reason: Rejection, message: String) -> ApiError {
        self.metrics.record_rejection(reason);
        ApiError::new(ErrorCode::TooManyRequests, message)
    }

    /// Free slots and searches in line now.
    pub(crate) fn occupancy(&self) -> Occupancy {
        Occupancy {
            free_slots: self.slots.available_permits(),
            queued: self.capacity - self.places.available_permits(),
        }
    }
}

/// Answers `timeout` when the inner service takes longer than `limit`. Work already handed to a
/// blocking thread finishes there, still holding its search slot.
pub(crate) async fn timeout(
    State(limit): State<Duration>,
    request: Request,
    next: Next,
) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::new(
            ErrorCode::Timeout,
            format!("the request took longer than {} ms", limit.as_millis()),
        )
        .into_response(),
    }
}

#[cfg(test)]
mod tests;
