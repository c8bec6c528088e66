//! The objectives a result maps to, as a set of the six ids in one byte.
//!
//! Every outcome fact names the objectives its measure maps to: as a
//! `Vec<u8>` that was 24 bytes and an allocation per row, a million times
//! over at national scale; as a bit set it is one byte.

/// A set of objective ids (config/objectives.toml has exactly ids 1 to 6).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
pub struct Objectives(u8);

impl Objectives {
    /// The set of `ids`. Ids are 1 to 6 (the config checks it); an id
    /// above 7 could not be held, and is a bug in the caller.
    pub fn of(ids: &[u8]) -> Objectives {
        let mut bits = 0u8;
        for &id in ids {
            debug_assert!(id < 8, "objective ids are 1 to 6, found {id}");
            bits |= 1u8.checked_shl(u32::from(id)).unwrap_or(0);
        }
        Objectives(bits)
    }

    pub fn contains(self, id: u8) -> bool {
        id < 8 && self.0 & (1 << id) != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The ids in ascending order.
    pub fn iter(self) -> impl Iterator<Item = u8> {
        (0..8u8).filter(move |&id| self.contains(id))
    }

    /// Every id of either set.
    pub fn union(self, other: Objectives) -> Objectives {
        Objectives(self.0 | other.0)
    }

    pub fn to_vec(self) -> Vec<u8> {
        self.iter().collect()
    }
}

impl std::fmt::Debug for Objectives {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_holds_its_ids_in_order() {
        let o = Objectives::of(&[5, 1, 2, 1]);
        assert_eq!(o.to_vec(), [1, 2, 5]);
        assert!(o.contains(2) && !o.contains(3) && !o.contains(200));
        assert_eq!(o.union(Objectives::of(&[6])).to_vec(), [1, 2, 5, 6]);
        assert!(Objectives::default().is_empty());
        assert_eq!(format!("{o:?}"), "[1, 2, 5]");
    }
}
