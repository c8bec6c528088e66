//! A panic inside a spreadsheet parser refuses that file, not the run.
//!
//! calamine and the zip and compound-file readers are third-party code that
//! fuzzing showed can panic on damaged files (an index past the end of a
//! record, for one). needle runs every parse inside [`parse`], which turns
//! such a panic into [`IngestError::Corrupt`] for that file, so the other
//! returns are still read and the person is told which file to send again.
//! A parser that exhausts memory instead is kept from doing so by the
//! checks made before it runs (see `workbook` and `compound`).

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use super::IngestError;

thread_local! {
    /// Whether this thread is inside [`parse`] right now.
    static INSIDE: Cell<bool> = const { Cell::new(false) };
}

/// Runs a parse; a panic in it becomes a refusal of the file.
pub(super) fn parse<T>(f: impl FnOnce() -> Result<T, IngestError>) -> Result<T, IngestError> {
    let outer = INSIDE.replace(true);
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    INSIDE.set(outer);
    result.unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no detail".into());
        Err(IngestError::Corrupt(format!(
            "the spreadsheet reader stopped at an inconsistency inside it: {what}"
        )))
    })
}

/// Keeps the panic hook quiet for panics that [`parse`] catches, so a
/// damaged file gives one plain sentence in the report instead of a Rust
/// panic message on the terminal. Any other panic still reaches the hook
/// that was installed before (the default one, or a fuzzer's). Call once,
/// at start-up; later calls do nothing.
pub fn quiet_parser_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !INSIDE.get() {
                previous(info);
            }
        }));
    });
}
