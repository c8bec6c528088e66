//! sha256 fingerprints, for manifest.json and config provenance: the same
//! bytes always give the same 64 hex digits, so a report can say exactly
//! which files it was made from.

use sha2::{Digest, Sha256};
use std::io::Read;

/// The sha256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// The sha256 of `bytes`, in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The size and sha256 of everything `r` yields, read in pieces (for a
/// file too large to hold in memory).
pub fn sha256_reader(mut r: impl Read) -> std::io::Result<(u64, String)> {
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut n = 0u64;
    loop {
        let k = r.read(&mut buf)?;
        if k == 0 {
            break;
        }
        h.update(&buf[..k]);
        n += k as u64;
    }
    Ok((n, hex(&h.finalize())))
}

/// `bytes` as lower-case hex, two digits a byte: digests, the person key
/// and pseudonyms are all written this way. Through a table, not `format!`
/// per byte: every store entry and every reference goes through it.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(2 * bytes.len());
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digests() {
        // FIPS 180-2 test vector, and the empty input.
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        let (n, h) = sha256_reader(&b"abc"[..]).unwrap();
        assert_eq!((n, h.as_str()), (3, sha256_hex(b"abc").as_str()));
    }
}
