//! Svix's retry schedule as data, and French renderings of its delays.

use std::time::Duration;

/// Total attempts Svix makes for one message and one endpoint (1 + 7 retries).
pub const ATTEMPTS: usize = 8;

/// How long Svix waits for a response before counting the attempt as failed.
pub const RESPONSE_TIMEOUT: Duration = Duration::from_secs(15);

/// The wait before each attempt, counted from the failure of the previous one:
/// immediately → 5 s → 5 min → 30 min → 2 h → 5 h → 10 h → 10 h (docs.svix.com/retries).
/// Index 0 is the first attempt.
pub const RETRY_SCHEDULE: [Duration; ATTEMPTS] = [
    Duration::ZERO,
    Duration::from_secs(5),
    Duration::from_secs(5 * 60),
    Duration::from_secs(30 * 60),
    Duration::from_secs(2 * 3600),
    Duration::from_secs(5 * 3600),
    Duration::from_secs(10 * 3600),
    Duration::from_secs(10 * 3600),
];

/// The wait before attempt `attempt` (1-based), or `None` past the last attempt.
pub fn delay_before(attempt: usize) -> Option<Duration> {
    attempt
        .checked_sub(1)
        .and_then(|i| RETRY_SCHEDULE.get(i))
        .copied()
}

/// Scheduled time of attempt `attempt` (1-based) after the first one, ignoring the time the
/// attempts themselves take, or `None` past the last attempt.
pub fn elapsed_at(attempt: usize) -> Option<Duration> {
    if attempt == 0 || attempt > ATTEMPTS {
        return None;
    }
    Some(RETRY_SCHEDULE.iter().take(attempt).sum())
}

/// From the first attempt to the last one: 27 h 35 min 5 s.
pub fn total_span() -> Duration {
    RETRY_SCHEDULE.iter().sum()
}

/// « immédiatement » for the first attempt, else « +5 s », « +5 min »… (the wait after the
/// previous failure). Empty past the last attempt.
pub fn schedule_label(attempt: usize) -> String {
    match delay_before(attempt) {
        Some(Duration::ZERO) => "immédiatement".to_owned(),
        Some(delay) => format!("+{}", format_duration(delay)),
        None => String::new(),
    }
}

/// A delay in French units, largest first, zero parts left out: « 5 s », « 2 h »,
/// « 27 h 35 min 5 s », « 0 s ». Sub-second parts are dropped.
pub fn format_duration(duration: Duration) -> String {
    let total = duration.as_secs();
    let (h, m, s) = (total / 3600, total % 3600 / 60, total % 60);
    let mut parts = Vec::with_capacity(3);
    if h > 0 {
        parts.push(format!("{h} h"));
    }
    if m > 0 {
        parts.push(format!("{m} min"));
    }
    if s > 0 || parts.is_empty() {
        parts.push(format!("{s} s"));
    }
    parts.join(" ")
}
