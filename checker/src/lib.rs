//! checker.html's WebAssembly module: a small C ABI over
//! `needle::checker`, so the page needs no generated JavaScript glue.
//!
//! The page writes one request into memory it got from [`alloc`], calls
//! [`check`] and reads the JSON result at [`result_ptr`] / [`result_len`].
//! A request is little-endian: the config as JSON (`[[file name, text],
//! ...]`) with its length first, then the number of files, then each file's
//! name and bytes, each with its length first. The page runs every file in
//! a fresh instance: on wasm32 a panic aborts, and a new instance is the
//! clean state that catching it would give natively.

use needle::checker::{Upload, check_upload};
use needle::config::Config;

static mut RESULT: Vec<u8> = Vec::new();

/// Memory for a request of `len` bytes (never freed: the instance is
/// thrown away after one check).
#[unsafe(no_mangle)]
pub extern "C" fn alloc(len: usize) -> *mut u8 {
    let mut v = Vec::<u8>::with_capacity(len);
    let p = v.as_mut_ptr();
    std::mem::forget(v);
    p
}

/// Checks the request of `len` bytes at `ptr`; returns the result's length.
///
/// # Safety
/// `ptr` must point at `len` initialised bytes from [`alloc`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn check(ptr: *const u8, len: usize) -> usize {
    // SAFETY: the caller wrote `len` bytes at `ptr`.
    let request = unsafe { std::slice::from_raw_parts(ptr, len) };
    keep(respond(request))
}

/// Keeps `out` as the result [`result_ptr`] points at; returns its length.
fn keep(out: String) -> usize {
    let len = out.len();
    // SAFETY: one thread (wasm32 has none other), and the result is only
    // read between this call and the next.
    unsafe {
        RESULT = out.into_bytes();
    }
    len
}

/// The result for a file that stopped the module (the page calls this in
/// a fresh instance after a trap): `ptr` holds the file's name.
///
/// # Safety
/// `ptr` must point at `len` initialised bytes from [`alloc`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn could_not_read(ptr: *const u8, len: usize) -> usize {
    // SAFETY: the caller wrote `len` bytes at `ptr`.
    let name =
        String::from_utf8_lossy(unsafe { std::slice::from_raw_parts(ptr, len) }).into_owned();
    keep(
        serde_json::to_string(&needle::checker::could_not_read(&name))
            .unwrap_or_else(|e| error(&e.to_string())),
    )
}

/// Where the last result is.
#[unsafe(no_mangle)]
pub extern "C" fn result_ptr() -> *const u8 {
    // SAFETY: see `check`.
    unsafe { (*std::ptr::addr_of!(RESULT)).as_ptr() }
}

/// How long the last result is.
#[unsafe(no_mangle)]
pub extern "C" fn result_len() -> usize {
    // SAFETY: see `check`.
    unsafe { (*std::ptr::addr_of!(RESULT)).len() }
}

/// The JSON answer to a request: the checked return, or `{"error": ...}`
/// when the request or the config it carries cannot be read.
pub fn respond(request: &[u8]) -> String {
    match parse(request) {
        Ok((config, files)) => {
            let uploads: Vec<Upload> = files
                .iter()
                .map(|(name, bytes)| Upload { name, bytes })
                .collect();
            let checked = check_upload(&uploads, &config);
            serde_json::to_string(&checked).unwrap_or_else(|e| error(&e.to_string()))
        }
        Err(e) => error(&e),
    }
}

fn error(message: &str) -> String {
    serde_json::json!({ "error": message }).to_string()
}

/// The files of a request: (name, bytes).
pub type Files<'a> = Vec<(String, &'a [u8])>;

/// Reads a request (see the module's doc).
pub fn parse(request: &[u8]) -> Result<(Config, Files<'_>), String> {
    let mut r = Reader {
        bytes: request,
        at: 0,
    };
    let n = r.number()?;
    let texts: Vec<(String, String)> = serde_json::from_slice(r.take(n)?)
        .map_err(|e| format!("the page's config is not readable: {e}"))?;
    let config = Config::from_texts(&texts).map_err(|e| e.to_string())?;
    let count = r.number()?;
    let mut files = Vec::with_capacity(count.min(64));
    for _ in 0..count {
        let n = r.number()?;
        let name = String::from_utf8_lossy(r.take(n)?).into_owned();
        let n = r.number()?;
        files.push((name, r.take(n)?));
    }
    Ok((config, files))
}

/// A cursor over a request's bytes.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(n).filter(|e| *e <= self.bytes.len());
        let end = end.ok_or("the request is cut short")?;
        let part = &self.bytes[self.at..end];
        self.at = end;
        Ok(part)
    }

    fn number(&mut self) -> Result<usize, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    }
}

/// Builds a request, as the page does (for tests and the page's generator).
pub fn request(config: &[(String, String)], files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut put = |b: &[u8]| {
        out.extend((b.len() as u32).to_le_bytes());
        out.extend(b);
    };
    put(&serde_json::to_vec(config).unwrap_or_default());
    let mut tail = (files.len() as u32).to_le_bytes().to_vec();
    for (name, bytes) in files {
        tail.extend((name.len() as u32).to_le_bytes());
        tail.extend(name.as_bytes());
        tail.extend((bytes.len() as u32).to_le_bytes());
        tail.extend(*bytes);
    }
    out.extend(tail);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_round_trips_and_is_checked() {
        let bytes = std::fs::read("../fixtures/bad/out-of-range.xlsx").unwrap();
        let req = request(&[], &[("out-of-range.xlsx", &bytes)]);
        let out: serde_json::Value = serde_json::from_str(&respond(&req)).unwrap();
        assert_eq!(out["validation"]["returns"][0]["issues"][0]["cell"], "D2");
        assert_eq!(out["read"]["project_id"], "BAD-01");
    }

    #[test]
    fn a_cut_request_or_a_bad_config_is_an_error_not_a_panic() {
        let out: serde_json::Value = serde_json::from_str(&respond(&[1, 0])).unwrap();
        assert_eq!(out["error"], "the request is cut short");
        let cfg = vec![("limits.toml".to_string(), "not = [toml".to_string())];
        let out: serde_json::Value = serde_json::from_str(&respond(&request(&cfg, &[]))).unwrap();
        assert!(
            out["error"].as_str().unwrap().contains("limits.toml"),
            "{out}"
        );
    }
}
