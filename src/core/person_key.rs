//! The keyed hash that stands for a participant reference once a return is
//! checked.
//!
//! A reference such as `P001` is pseudonymous only inside its project; a
//! plain hash of it could be reversed by hashing every likely reference.
//! HMAC-SHA256 with a secret key (RFC 2104) cannot be, without the key. The
//! key is made at random on first use and kept by the store, readable by
//! its owner only (`crate::store`), and never written to any output, so the
//! same person gets the same pseudonym in every quarter and every run that
//! uses the store, and nobody without the key can link a pseudonym back.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// The secret key behind every pseudonym of a run.
#[derive(Clone, PartialEq, Eq)]
pub struct PersonKey([u8; 32]);

impl std::fmt::Debug for PersonKey {
    /// Never prints the key.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PersonKey(..)")
    }
}

impl PersonKey {
    pub fn new(bytes: [u8; 32]) -> PersonKey {
        PersonKey(bytes)
    }

    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The pseudonym of `reference` in `project_id`: the first 128 bits of
    /// HMAC-SHA256(key, project id, NUL, the reference trimmed and in lower
    /// case), as 32 hex digits. References that the contract treats as one
    /// person (the same apart from case and surrounding spaces) get one
    /// pseudonym; the same reference in two projects gets two.
    pub fn pseudonym(&self, project_id: &str, reference: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(project_id.as_bytes());
        mac.update(&[0]);
        mac.update(reference.trim().to_lowercase().as_bytes());
        let tag = mac.finalize().into_bytes();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&tag[..16]);
        Pseudonym(bytes).to_string()
    }
}

/// A pseudonym as the facts keep it: its 128 bits, not 32 hex digits in a
/// string of their own (a national run holds a million of them).
#[derive(
    Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, serde::Serialize, serde::Deserialize,
)]
pub struct Pseudonym(pub [u8; 16]);

impl Pseudonym {
    /// The pseudonym a checked return's reference stands for. Runs
    /// pseudonymise every reference before scoring
    /// ([`PersonKey::pseudonym`]: 32 hex digits), which this reads back in
    /// any case. Anything else (a return built by hand in a test) is
    /// digested, trimmed and in lower case as the contract compares
    /// references, so it too is 128 bits, and one person stays one.
    pub fn of(reference: &str) -> Pseudonym {
        let r = reference.trim();
        let hex = |c: u8| match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        };
        let mut bytes = [0u8; 16];
        if r.len() == 32 {
            let parsed = r
                .as_bytes()
                .chunks(2)
                .zip(bytes.iter_mut())
                .all(|(pair, b)| match (hex(pair[0]), hex(pair[1])) {
                    (Some(h), Some(l)) => {
                        *b = h << 4 | l;
                        true
                    }
                    _ => false,
                });
            if parsed {
                return Pseudonym(bytes);
            }
        }
        let digest = crate::core::hash::sha256(r.to_lowercase().as_bytes());
        bytes.copy_from_slice(&digest[..16]);
        Pseudonym(bytes)
    }
}

impl std::fmt::Display for Pseudonym {
    /// 32 lower-case hex digits, as [`PersonKey::pseudonym`] writes them.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::core::hash::hex(&self.0))
    }
}

impl std::fmt::Debug for Pseudonym {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pseudonym({self})")
    }
}

/// HMAC-SHA256 of `message` under `key`, in full (for the RFC 4231 check).
#[cfg(test)]
fn hmac_hex(key: &[u8], message: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(message);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_4231_vectors() {
        // Test case 1: key 0x0b × 20, "Hi There".
        assert_eq!(
            hmac_hex(&[0x0b; 20], b"Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
        // Test case 2: key "Jefe", "what do ya want for nothing?".
        assert_eq!(
            hmac_hex(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn one_pseudonym_per_person_and_project() {
        let k = PersonKey::new([7; 32]);
        let p = k.pseudonym("MAN", "P001");
        assert_eq!(p.len(), 32);
        // The contract's person: case and surrounding spaces do not matter.
        assert_eq!(p, k.pseudonym("MAN", "  p001 "));
        // Another project, another reference or another key: another pseudonym.
        assert_ne!(p, k.pseudonym("SAL", "P001"));
        assert_ne!(p, k.pseudonym("MAN", "P002"));
        assert_ne!(p, PersonKey::new([8; 32]).pseudonym("MAN", "P001"));
        // It is the HMAC of "MAN\0p001", cut to 128 bits.
        assert_eq!(p, hmac_hex(&[7; 32], b"MAN\0p001")[..32]);
        assert_eq!(format!("{k:?}"), "PersonKey(..)");
    }
}
