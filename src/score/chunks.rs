//! A list kept as the pieces it was made in: each return's facts, as the
//! thread that scored it made them.
//!
//! Putting a national run's facts into one `Vec` copied every fact (two
//! million outcome rows at 10,000 returns) into a new allocation while the
//! returns' own were still held, and the allocator kept the freed pieces:
//! about 250 MiB more held once the facts were put together
//! (BENCHMARKS.md). The pieces are kept instead, and read in order as one
//! list.

use std::iter::Flatten;

/// One list made of pieces, read in order.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Chunks<T> {
    parts: Vec<Vec<T>>,
    len: usize,
}

impl<T> Default for Chunks<T> {
    fn default() -> Chunks<T> {
        Chunks {
            parts: Vec::new(),
            len: 0,
        }
    }
}

impl<T> Chunks<T> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every item, in order.
    pub fn iter(&self) -> Flatten<std::slice::Iter<'_, Vec<T>>> {
        self.parts.iter().flatten()
    }

    pub fn iter_mut(&mut self) -> Flatten<std::slice::IterMut<'_, Vec<T>>> {
        self.parts.iter_mut().flatten()
    }

    /// Adds a whole piece at the end, without copying it.
    pub fn push_part(&mut self, part: Vec<T>) {
        if !part.is_empty() {
            self.len += part.len();
            self.parts.push(part);
        }
    }

    pub fn push(&mut self, item: T) {
        match self.parts.last_mut() {
            Some(last) => last.push(item),
            None => self.parts.push(vec![item]),
        }
        self.len += 1;
    }

    /// Every item in one `Vec` (a return's, which is one piece: no copy).
    pub fn into_parts(self) -> Vec<T> {
        let mut parts = self.parts;
        match parts.len() {
            0 => Vec::new(),
            1 => parts.pop().unwrap_or_default(),
            _ => parts.into_iter().flatten().collect(),
        }
    }

    /// Each piece, mutably (to sort within a return, say).
    pub fn parts_mut(&mut self) -> impl Iterator<Item = &mut Vec<T>> {
        self.parts.iter_mut()
    }
}

impl<T> From<Vec<T>> for Chunks<T> {
    fn from(v: Vec<T>) -> Chunks<T> {
        let mut c = Chunks::default();
        c.push_part(v);
        c
    }
}

impl<T> FromIterator<T> for Chunks<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Chunks<T> {
        Chunks::from(items.into_iter().collect::<Vec<T>>())
    }
}

impl<T> Extend<T> for Chunks<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, items: I) {
        self.push_part(items.into_iter().collect());
    }
}

impl<'a, T> IntoIterator for &'a Chunks<T> {
    type Item = &'a T;
    type IntoIter = Flatten<std::slice::Iter<'a, Vec<T>>>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T> std::ops::Index<usize> for Chunks<T> {
    type Output = T;
    /// The `i`th item (a walk over the pieces: for tests and the odd
    /// lookup, not for loops).
    fn index(&self, mut i: usize) -> &T {
        for p in &self.parts {
            if i < p.len() {
                return &p[i];
            }
            i -= p.len();
        }
        panic!("index out of bounds: the len is {}", self.len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_read_as_one_list() {
        let mut c: Chunks<u32> = vec![1, 2].into();
        c.push_part(Vec::new());
        c.push_part(vec![3]);
        c.push(4);
        assert_eq!(c.len(), 4);
        assert_eq!(c.iter().copied().collect::<Vec<_>>(), [1, 2, 3, 4]);
        assert_eq!(c[2], 3);
        c.iter_mut().for_each(|x| *x *= 10);
        assert_eq!((&c).into_iter().next_back(), Some(&40));
        assert!(Chunks::<u8>::default().is_empty());
    }
}
