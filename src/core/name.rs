//! Interned names: a project, area, activity, measure or supplier name as
//! a 4-byte id.
//!
//! A national run holds millions of facts, and every one of them names its
//! project, area, activity, activity type and measure. As `String`s those
//! names were copied into every fact (about 1.4 KB of memory per outcome
//! row at 10,000 returns, BENCHMARKS.md); as [`Name`]s each distinct name
//! is kept once, in one table for the whole process, and a fact holds
//! four bytes per name.
//!
//! A name reads as the text it stands for everywhere a reader could see
//! it: it orders, prints and serialises by its text, so sorted tables come
//! out in the order they did when facts held strings, and nothing written
//! depends on the order in which names were first met (which differs from
//! run to run on more than one thread). Only equality and hashing use the
//! id, since two equal texts always have the same id.
//!
//! The table only grows: names are few (projects, areas, activities and
//! the config's measures, thousands at national scale), not one per row,
//! and each is kept for the life of the process. Reading a name takes no
//! lock (`boxcar`'s append-only vector); only adding a new one does.

use std::fmt;
use std::sync::{LazyLock, Mutex};

use super::FastMap;

/// Every name interned so far, by id.
static NAMES: boxcar::Vec<&'static str> = boxcar::Vec::new();

/// The id of every name interned so far (only [`Name::new`] writes here,
/// and it pushes to [`NAMES`] under this lock, so ids are dense).
static IDS: LazyLock<Mutex<FastMap<&'static str, u32>>> =
    LazyLock::new(|| Mutex::new(FastMap::default()));

/// A name kept once per process: see the module's documentation.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Name(u32);

impl Name {
    /// The name for `text`, added to the table when it is new.
    pub fn new(text: &str) -> Name {
        // A poisoned lock only means another thread panicked while adding a
        // name; the map is still whole (insert is the last step).
        let mut ids = IDS.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&id) = ids.get(text) {
            return Name(id);
        }
        let kept: &'static str = Box::leak(text.to_owned().into_boxed_str());
        let id = NAMES.push(kept);
        let id = u32::try_from(id).expect("fewer than 4 billion distinct names");
        ids.insert(kept, id);
        Name(id)
    }

    /// The text this name stands for.
    pub fn as_str(self) -> &'static str {
        // Every id came from `new`, which pushed its text first; a thread
        // that holds the id got it after that push.
        NAMES.get(self.0 as usize).copied().unwrap_or_default()
    }

    /// The id: what a frame's column of names holds (`aggregate`). Ids
    /// order names by when they were first met, never by text: sort by
    /// the name, not the id.
    pub fn id(self) -> u32 {
        self.0
    }

    /// The name with this id, if there is one.
    pub fn from_id(id: u32) -> Option<Name> {
        NAMES.get(id as usize).map(|_| Name(id))
    }

    /// The empty name.
    pub fn empty() -> Name {
        static EMPTY: LazyLock<Name> = LazyLock::new(|| Name::new(""));
        *EMPTY
    }
}

impl Default for Name {
    fn default() -> Name {
        Name::empty()
    }
}

impl std::ops::Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Name {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl Ord for Name {
    fn cmp(&self, other: &Name) -> std::cmp::Ordering {
        if self.0 == other.0 {
            return std::cmp::Ordering::Equal;
        }
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Name) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        self == other.as_str()
    }
}

impl From<&str> for Name {
    fn from(text: &str) -> Name {
        Name::new(text)
    }
}

impl From<&String> for Name {
    fn from(text: &String) -> Name {
        Name::new(text)
    }
}

impl From<String> for Name {
    fn from(text: String) -> Name {
        Name::new(&text)
    }
}

impl From<Name> for String {
    fn from(name: Name) -> String {
        name.as_str().to_string()
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl serde::Serialize for Name {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Name {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Name, D::Error> {
        // Through a visitor that takes the text where it lies: a store
        // entry's names are borrowed from its bytes, with no `String` made
        // per fact (a `Cow` would always own its text here).
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = Name;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a name")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Name, E> {
                Ok(Name::memo(text))
            }
        }
        d.deserialize_str(Text)
    }
}

impl Name {
    /// [`Name::new`] through a table kept by each thread: reading a store
    /// entry meets the same few names on every fact (its project, area,
    /// activities, measures), and [`Name::new`] takes the process's lock
    /// each time, which both threads then wait on.
    fn memo(text: &str) -> Name {
        use std::cell::RefCell;
        thread_local! {
            static SEEN: RefCell<FastMap<Box<str>, Name>> = RefCell::new(FastMap::default());
        }
        SEEN.with(|seen| {
            if let Some(&n) = seen.borrow().get(text) {
                return n;
            }
            let n = Name::new(text);
            seen.borrow_mut().insert(text.into(), n);
            n
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_text_is_the_same_name() {
        let a = Name::new("Salford");
        let b = Name::from(String::from("Salford"));
        assert_eq!(a, b);
        assert_eq!(a.as_str(), "Salford");
        assert_ne!(a, Name::new("salford"));
        assert_eq!(Name::default().as_str(), "");
    }

    #[test]
    #[cfg(feature = "report")]
    fn a_name_reads_back_from_json_with_escapes_and_from_borrowed_bytes() {
        // JSON with an escape hands the visitor a decoded copy; postcard
        // hands it the text where it lies in the entry. Both are the name.
        let cafe = Name::new("Café (serde test)");
        let json: Name = serde_json::from_str("\"Caf\\u00e9 (serde test)\"").unwrap();
        assert_eq!(json, cafe);
        let bytes = postcard::to_stdvec(&cafe).unwrap();
        let back: Name = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back, cafe);
        assert!(serde_json::from_str::<Name>("12").is_err());
    }

    #[test]
    fn names_sort_by_their_text_not_by_when_they_were_met() {
        // "Zed" is met first, so its id is the smaller; it still sorts last.
        let z = Name::new("Zed (sort test)");
        let a = Name::new("Abbey (sort test)");
        let mut v = vec![z, a];
        v.sort();
        assert_eq!(v, [a, z]);
        assert_eq!(format!("{z}"), "Zed (sort test)");
        assert_eq!(format!("{z:?}"), "\"Zed (sort test)\"");
    }

    #[test]
    fn an_id_gives_its_name_back() {
        let n = Name::new("by id");
        assert_eq!(Name::from_id(n.id()), Some(n));
        assert_eq!(Name::from_id(u32::MAX), None);
    }

    #[test]
    fn names_are_shared_between_threads() {
        let ids: Vec<Name> = std::thread::scope(|s| {
            let h: Vec<_> = (0..4)
                .map(|_| s.spawn(|| Name::new("shared between threads")))
                .collect();
            h.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(ids.windows(2).all(|w| w[0] == w[1]));
        assert_eq!(ids[0].as_str(), "shared between threads");
    }
}
