//! Limits on the whole server: how many searches run at once, and how long a request may take.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::{ApiError, ErrorCode};

/// Slots for searches: a request takes one or is refused at once, never queued.
#[derive(Debug, Clone)]
pub(crate) struct SearchSlots {
    semaphore: Arc<Semaphore>,
}

impl SearchSlots {
    /// `limit` slots (0 refuses every search).
    pub(crate) fn new(limit: usize) -> SearchSlots {
        SearchSlots {
            semaphore: Arc::new(Semaphore::new(limit.min(Semaphore::MAX_PERMITS))),
        }
    }

    /// A slot, held until the permit is dropped, or `too_many_requests` when all are taken.
    pub(crate) fn take(&self) -> Result<OwnedSemaphorePermit, ApiError> {
        Arc::clone(&self.semaphore)
            .try_acquire_owned()
            .map_err(|_| {
                ApiError::new(
                    ErrorCode::TooManyRequests,
                    "the server is busy with other searches; try again shortly",
                )
            })
    }

    /// Slots free now.
    pub(crate) fn available(&self) -> usize {
        self.semaphore.available_permits()
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
mod tests {
    use super::*;

    #[test]
    fn slots_refuse_when_exhausted_and_free_on_drop() {
        let slots = SearchSlots::new(1);
        let held = slots.take().expect("a slot is free");
        let refused = slots.take().expect_err("no slot is free");
        assert_eq!(refused.code, ErrorCode::TooManyRequests);
        assert_eq!(slots.available(), 0);
        drop(held);
        assert!(slots.take().is_ok());
    }
}
