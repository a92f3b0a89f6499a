//! Per-stage and per-rule timings for `ZWGK_TIMING=1` (as ESLint's
//! `TIMING=1`): where a run spends its time, printed to stderr at the end.
//! Off by default; when off, timing a section costs one relaxed load.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

static ENABLED: OnceLock<bool> = OnceLock::new();
static TOTALS: Mutex<Option<HashMap<String, (Duration, u64)>>> = Mutex::new(None);

/// Whether `ZWGK_TIMING` is set to something other than `0` or empty.
pub fn enabled() -> bool {
    *ENABLED.get_or_init(|| std::env::var("ZWGK_TIMING").is_ok_and(|v| !v.is_empty() && v != "0"))
}

/// Runs `f`, adding its duration to `label`'s total when timing is on.
pub fn time<T>(label: impl FnOnce() -> String, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let start = Instant::now();
    let value = f();
    add(label(), start.elapsed());
    value
}

/// The start of a section that [`stop`] ends (`None` when timing is off).
pub fn start() -> Option<Instant> {
    enabled().then(Instant::now)
}

/// Adds the time since `started` to `label`'s total.
pub fn stop(label: &str, started: Option<Instant>) {
    if let Some(started) = started {
        add(label.to_string(), started.elapsed());
    }
}

fn add(label: String, elapsed: Duration) {
    let mut totals = TOTALS.lock().unwrap_or_else(|e| e.into_inner());
    let entry = totals
        .get_or_insert_with(HashMap::new)
        .entry(label)
        .or_default();
    entry.0 += elapsed;
    entry.1 += 1;
}

/// The table of totals, slowest first (empty when nothing was timed).
/// Shares are of the sum of the stages; a rule's time is part of `rules`.
pub fn report() -> String {
    let totals = TOTALS.lock().unwrap_or_else(|e| e.into_inner());
    let Some(totals) = totals.as_ref() else {
        return String::new();
    };
    let mut rows: Vec<_> = totals.iter().collect();
    rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
    let sum: Duration = rows
        .iter()
        .filter(|(label, _)| !label.starts_with("rule "))
        .map(|(_, (d, _))| *d)
        .sum();
    let mut out = format!(
        "{:<48} {:>10} {:>7} {:>8}\n",
        "section", "ms", "share", "calls"
    );
    for (label, (duration, calls)) in rows {
        let share = duration.as_secs_f64() / sum.as_secs_f64().max(1e-9) * 100.0;
        out.push_str(&format!(
            "{label:<48} {:>10.1} {share:>6.1}% {calls:>8}\n",
            duration.as_secs_f64() * 1e3
        ));
    }
    out
}
