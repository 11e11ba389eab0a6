//! Admission: slots, the line, its deadline and cancellation. Each test runs on one thread, so a
//! spawned waiter has queued once `queued` says so.

use tokio::task::JoinHandle;

use super::*;

/// Admission with `slots` slots, `places` places in line and `deadline`.
fn admission(slots: usize, places: usize, deadline: Duration) -> Admission {
    let config = ServerConfig {
        max_concurrent_searches: slots,
        max_queued_searches: places,
        max_queue_wait: deadline,
        ..ServerConfig::default()
    };
    Admission::new(&config, Arc::new(Metrics::default()))
}

/// A deadline no test reaches.
const NEVER: Duration = Duration::from_secs(3600);

/// Yields until `queued` searches are in line.
async fn until_queued(admission: &Admission, queued: usize) {
    while admission.occupancy().queued != queued {
        tokio::task::yield_now().await;
    }
}

/// A search waiting for a slot in a task of its own.
fn waiter(admission: &Admission) -> JoinHandle<Result<OwnedSemaphorePermit, ApiError>> {
    let admission = admission.clone();
    tokio::spawn(async move { admission.admit().await })
}

/// The rejection counts of `admission`'s metrics, by reason label.
fn rejections(admission: &Admission) -> String {
    let text = admission.metrics.render(0, admission.occupancy());
    text.lines()
        .filter(|line| line.starts_with("gongbao_search_rejections_total{"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn a_free_slot_is_taken_without_queueing() {
    let admission = admission(2, 0, NEVER);
    let _first = admission.admit().await.expect("a slot is free");
    let _second = admission.admit().await.expect("a slot is free");
    assert_eq!(
        admission.occupancy(),
        Occupancy {
            free_slots: 0,
            queued: 0
        }
    );
}

#[tokio::test]
async fn a_queued_search_is_served_when_a_slot_frees() {
    let admission = admission(1, 10, NEVER);
    let held = admission.admit().await.expect("a slot is free");
    let queued = waiter(&admission);
    until_queued(&admission, 1).await;
    assert!(!queued.is_finished());
    drop(held);
    let permit = queued.await.unwrap().expect("served after the slot freed");
    assert_eq!(admission.occupancy().queued, 0);
    drop(permit);
    assert_eq!(admission.occupancy().free_slots, 1);
}

#[tokio::test]
async fn waiters_are_served_first_come_first_served() {
    let admission = admission(1, 10, NEVER);
    let held = admission.admit().await.expect("a slot is free");
    let (served, mut order) = tokio::sync::mpsc::unbounded_channel();
    for number in 0..4 {
        let (waiting, served) = (admission.clone(), served.clone());
        tokio::spawn(async move {
            let _permit = waiting.admit().await.expect("served in turn");
            served.send(number).unwrap();
        });
        until_queued(&admission, number + 1).await;
    }
    drop(served);
    drop(held);
    let mut numbers = Vec::new();
    while let Some(number) = order.recv().await {
        numbers.push(number);
    }
    assert_eq!(numbers, [0, 1, 2, 3]);
}

#[tokio::test]
async fn a_full_queue_refuses_at_once() {
    let admission = admission(1, 1, NEVER);
    let _held = admission.admit().await.expect("a slot is free");
    let _queued = waiter(&admission);
    until_queued(&admission, 1).await;
    // Refused on its first poll: it never waits for the hour-long deadline.
    let refused = tokio::select! {
        biased;
        answer = admission.admit() => answer.expect_err("the line is full"),
        () = std::future::ready(()) => panic!("a search waited although the line was full"),
    };
    assert_eq!(refused.code, ErrorCode::TooManyRequests);
    let response = refused.into_response();
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["retry-after"], "1");
    assert!(rejections(&admission).contains("reason=\"queue_full\"} 1"));
    assert_eq!(admission.occupancy().queued, 1);
}

#[tokio::test]
async fn a_wait_reaching_the_deadline_is_refused() {
    let admission = admission(1, 10, Duration::from_millis(20));
    let _held = admission.admit().await.expect("a slot is free");
    let refused = admission.admit().await.expect_err("no slot frees");
    assert_eq!(refused.code, ErrorCode::TooManyRequests);
    assert!(refused.message.contains("20 ms"), "{}", refused.message);
    assert_eq!(
        refused.into_response().headers()["retry-after"],
        "1",
        "a deadline refusal says when to retry"
    );
    assert!(rejections(&admission).contains("reason=\"deadline\"} 1"));
    assert_eq!(admission.occupancy().queued, 0, "the place is given back");
}

#[tokio::test]
async fn a_cancelled_wait_gives_its_place_and_turn_back() {
    let admission = admission(1, 1, NEVER);
    let held = admission.admit().await.expect("a slot is free");
    let cancelled = waiter(&admission);
    until_queued(&admission, 1).await;
    cancelled.abort();
    assert!(cancelled.await.unwrap_err().is_cancelled());
    assert_eq!(admission.occupancy().queued, 0);
    // The one place is free again, and the freed slot goes to the next waiter.
    let next = waiter(&admission);
    until_queued(&admission, 1).await;
    drop(held);
    let permit = next.await.unwrap().expect("the next waiter is served");
    drop(permit);
    assert_eq!(
        admission.occupancy(),
        Occupancy {
            free_slots: 1,
            queued: 0
        }
    );
    assert!(rejections(&admission).contains("reason=\"queue_full\"} 0"));
}
