//! The progress bar on stderr (indicatif). It appears only when stderr is a
//! terminal and only once a run has taken more than a second, so quick
//! runs, pipes, scripts and CI logs stay exactly as they were; it is
//! cleared when the run ends, leaving just the summary lines.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use needle::runs::Progress;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

/// How long a run goes before the bar is drawn.
const SHOW_AFTER: Duration = Duration::from_secs(1);

pub struct Bar {
    pb: ProgressBar,
    terminal: bool,
    shown: AtomicBool,
    /// Returns taken from the store so far, and read and checked so far.
    reused: AtomicU64,
    read: AtomicU64,
    /// NEEDLE_TIMINGS=1: print each stage's start time to stderr, for
    /// profiling (bench/ and BENCHMARKS.md use it).
    timings: bool,
}

impl Bar {
    pub fn new() -> Bar {
        let pb = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        pb.set_style(
            ProgressStyle::with_template("{msg:>16} [{bar:30}] {pos}/{len} returns, {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        Bar {
            pb,
            terminal: std::io::stderr().is_terminal(),
            shown: AtomicBool::new(false),
            reused: AtomicU64::new(0),
            read: AtomicU64::new(0),
            timings: std::env::var_os("NEEDLE_TIMINGS").is_some_and(|v| v == "1"),
        }
    }

    fn mark(&self, what: &str) {
        if self.timings {
            eprintln!(
                "needle timings: {:>8.3} s  {:>6} MiB now  {:>6} MiB peak  {what}",
                self.pb.elapsed().as_secs_f64(),
                status_mib("VmRSS:"),
                status_mib("VmHWM:"),
            );
        }
    }

    /// Draws the bar from now on if the run has been going over a second.
    fn show_if_slow(&self) {
        if self.terminal
            && self.pb.elapsed() >= SHOW_AFTER
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            self.pb.set_draw_target(ProgressDrawTarget::stderr());
            // Keeps the elapsed time moving through long stages.
            self.pb.enable_steady_tick(Duration::from_millis(200));
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.mark("done");
        self.pb.finish_and_clear();
    }
}

impl Progress for Bar {
    fn reading(&self, total: u64) {
        self.mark("reading returns");
        self.pb.set_length(total);
        self.pb.set_message("reading returns");
    }

    fn read_one(&self) {
        let read = self.read.fetch_add(1, Ordering::Relaxed) + 1;
        let reused = self.reused.load(Ordering::Relaxed);
        if reused > 0 {
            self.pb
                .set_message(format!("{reused} from the store, {read} read"));
        }
        self.pb.inc(1);
        self.show_if_slow();
    }

    fn reused_one(&self) {
        let reused = self.reused.fetch_add(1, Ordering::Relaxed) + 1;
        let read = self.read.load(Ordering::Relaxed);
        self.pb
            .set_message(format!("{reused} from the store, {read} read"));
        self.pb.inc(1);
        self.show_if_slow();
    }

    fn stage(&self, name: &str) {
        // The first stage after reading says how much of it the store saved.
        let reused = self.reused.swap(0, Ordering::Relaxed);
        let read = self.read.swap(0, Ordering::Relaxed);
        if reused > 0 {
            self.mark(&format!(
                "{name} (reading: {reused} returns from the store, {read} read)"
            ));
        } else {
            self.mark(name);
        }
        self.pb.set_message(name.to_string());
        self.show_if_slow();
    }
}

/// A memory figure of this process from /proc/self/status, in MiB ("?"
/// where there is no /proc).
fn status_mib(field: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(field))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or_else(|| "?".to_string(), |kb| (kb / 1024).to_string())
}
