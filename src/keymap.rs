//! Small maps and sets keyed by a sweep's name: [`KeyMap`] and [`KeySet`], sorted vectors searched by
//! binary search.
//!
//! Owns: the per-sweep collections of the settings, the figure options and the shared bundles' folders
//! (`Settings::highlight`, `names`, `removed`, `FigureOptions::panels`, `DataLayout::folders`). They hold a
//! handful of entries (one per sweep), so a sorted `Vec` is as fast as a `BTreeMap` and far smaller in the
//! page's wasm: the four `BTreeMap`/`BTreeSet` instantiations they replace were ~23,000 B of B-tree code
//! (node splitting, merging, stealing, clone and drop of each node type, for each value type).
//!
//! The keys and the values are two parallel vectors rather than one `Vec<(String, V)>`: the search and the
//! key handling (insert, remove, clone, drop of the `Vec<String>`) are then compiled once for every value
//! type, and only the plain `Vec<V>` operations per value type. (`litemap`, ICU4X's map on one sorted
//! `Vec<(K, V)>`, measured in the same place: page wasm 210,674 B gzip against this module's 210,165 B.)
//!
//! Iteration is in key order, `String`'s `Ord` (bytewise), exactly the order the `BTreeMap`s gave: the
//! settings hash, the wire format and the outputs depend on it.

use std::fmt;
use std::ops::Index;

/// Where `key` is in the sorted `keys`: `Ok(index)`, or `Err(index it would be inserted at)`.
fn find(keys: &[String], key: &str) -> Result<usize, usize> {
    keys.binary_search_by(|k| k.as_str().cmp(key))
}

/// A map from `String` keys to `V`, iterated in key order (see the module doc).
#[derive(Clone, PartialEq, Eq)]
pub struct KeyMap<V> {
    /// Sorted, no duplicates.
    keys: Vec<String>,
    /// `values[i]` belongs to `keys[i]`.
    values: Vec<V>,
}

impl<V> Default for KeyMap<V> {
    fn default() -> Self {
        KeyMap {
            keys: Vec::new(),
            values: Vec::new(),
        }
    }
}

impl<V> KeyMap<V> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether there is no entry.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        find(&self.keys, key).ok().map(|i| &self.values[i])
    }

    /// Whether `key` has a value.
    pub fn contains_key(&self, key: &str) -> bool {
        find(&self.keys, key).is_ok()
    }

    /// Sets the value of `key`; the value it replaces, if any.
    pub fn insert(&mut self, key: String, value: V) -> Option<V> {
        match find(&self.keys, &key) {
            Ok(i) => Some(std::mem::replace(&mut self.values[i], value)),
            Err(i) => {
                self.keys.insert(i, key);
                self.values.insert(i, value);
                None
            }
        }
    }

    /// Removes `key`; its value, if it had one.
    pub fn remove(&mut self, key: &str) -> Option<V> {
        let i = find(&self.keys, key).ok()?;
        self.keys.remove(i);
        Some(self.values.remove(i))
    }

    /// The value of `key`, inserting `V::default()` first when it has none (`BTreeMap`'s
    /// `entry(key).or_default()`).
    pub fn get_or_insert_default(&mut self, key: &str) -> &mut V
    where
        V: Default,
    {
        let i = match find(&self.keys, key) {
            Ok(i) => i,
            Err(i) => {
                self.keys.insert(i, key.to_string());
                self.values.insert(i, V::default());
                i
            }
        };
        &mut self.values[i]
    }

    /// The entries in key order.
    pub fn iter(&self) -> Iter<'_, V> {
        self.keys.iter().zip(self.values.iter())
    }
}

/// The entries of a [`KeyMap`] in key order.
pub type Iter<'a, V> = std::iter::Zip<std::slice::Iter<'a, String>, std::slice::Iter<'a, V>>;

impl<'a, V> IntoIterator for &'a KeyMap<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = Iter<'a, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// Later entries replace earlier ones with the same key, as in `BTreeMap`'s `collect`.
impl<V> FromIterator<(String, V)> for KeyMap<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(iter: I) -> Self {
        let mut m = KeyMap::new();
        for (k, v) in iter {
            m.insert(k, v);
        }
        m
    }
}

/// `map["key"]`: the value of a key known to be there.
///
/// # Panics
/// When `key` has no value (as `BTreeMap`'s indexing).
impl<V> Index<&str> for KeyMap<V> {
    type Output = V;
    fn index(&self, key: &str) -> &V {
        match self.get(key) {
            Some(v) => v,
            None => panic!("no entry for key {key:?}"),
        }
    }
}

impl<V: fmt::Debug> fmt::Debug for KeyMap<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// A set of `String`s, iterated in order (see the module doc).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct KeySet {
    /// Sorted, no duplicates.
    keys: Vec<String>,
}

impl KeySet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether there is no key.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Whether `key` is in the set.
    pub fn contains(&self, key: &str) -> bool {
        find(&self.keys, key).is_ok()
    }

    /// Adds `key`; `false` when it was already there.
    pub fn insert(&mut self, key: String) -> bool {
        match find(&self.keys, &key) {
            Ok(_) => false,
            Err(i) => {
                self.keys.insert(i, key);
                true
            }
        }
    }

    /// Removes every key.
    pub fn clear(&mut self) {
        self.keys.clear();
    }

    /// The keys in order.
    pub fn iter(&self) -> std::slice::Iter<'_, String> {
        self.keys.iter()
    }
}

impl<'a> IntoIterator for &'a KeySet {
    type Item = &'a String;
    type IntoIter = std::slice::Iter<'a, String>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl IntoIterator for KeySet {
    type Item = String;
    type IntoIter = std::vec::IntoIter<String>;
    fn into_iter(self) -> Self::IntoIter {
        self.keys.into_iter()
    }
}

impl fmt::Debug for KeySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// Keys whose bytewise order differs from a case-insensitive or char-count order.
    const KEYS: [&str; 8] = ["lrate", "I2E", "a&b=c", "", "Z", "delay_max", "é", "a"];

    fn entries(m: &KeyMap<usize>) -> Vec<(String, usize)> {
        m.iter().map(|(k, v)| (k.clone(), *v)).collect()
    }

    #[test]
    fn iterates_in_the_key_order_a_btreemap_gives() {
        let mut m = KeyMap::new();
        let mut b = BTreeMap::new();
        for (i, k) in KEYS.iter().enumerate() {
            m.insert(k.to_string(), i);
            b.insert(k.to_string(), i);
        }
        let want: Vec<(String, usize)> = b.into_iter().collect();
        assert_eq!(entries(&m), want);
        assert_eq!(m.len(), KEYS.len());
        assert_eq!(want[0].0, "", "the empty key sorts first");
        assert_eq!(want[1].0, "I2E", "upper case sorts before lower case");
    }

    #[test]
    fn insert_replaces_the_value_of_a_key_and_returns_the_old_one() {
        let mut m = KeyMap::new();
        assert_eq!(m.insert("lrate".to_string(), 1), None);
        assert_eq!(m.insert("lrate".to_string(), 2), Some(1));
        assert_eq!(m.len(), 1);
        assert_eq!(m.get("lrate"), Some(&2));
        assert_eq!(m["lrate"], 2);
    }

    #[test]
    fn remove_takes_out_the_key_and_keeps_the_others_in_order() {
        let mut m: KeyMap<usize> = KEYS
            .iter()
            .enumerate()
            .map(|(i, k)| (k.to_string(), i))
            .collect();
        assert_eq!(m.remove("delay_max"), Some(5));
        assert_eq!(m.remove("delay_max"), None);
        assert_eq!(m.remove("absent"), None);
        assert!(!m.contains_key("delay_max"));
        assert_eq!(m.get("delay_max"), None);
        let keys: Vec<String> = m.iter().map(|(k, _)| k.clone()).collect();
        assert_eq!(keys, ["", "I2E", "Z", "a", "a&b=c", "lrate", "é"]);
        for k in &keys {
            assert!(m.remove(k).is_some());
        }
        assert!(m.is_empty());
    }

    #[test]
    fn get_or_insert_default_inserts_once_then_returns_the_same_value() {
        let mut m: KeyMap<Vec<u8>> = KeyMap::new();
        m.get_or_insert_default("b").push(1);
        m.get_or_insert_default("a").push(2);
        m.get_or_insert_default("b").push(3);
        assert_eq!(m.get("a"), Some(&vec![2]));
        assert_eq!(m.get("b"), Some(&vec![1, 3]));
        assert_eq!(m.len(), 2);
    }

    #[test]
    fn collect_keeps_the_last_of_duplicate_keys_like_a_btreemap() {
        let pairs = [("b", 1), ("a", 2), ("b", 3), ("a", 4), ("c", 5)];
        let m: KeyMap<usize> = pairs.iter().map(|&(k, v)| (k.to_string(), v)).collect();
        let b: BTreeMap<String, usize> = pairs.iter().map(|&(k, v)| (k.to_string(), v)).collect();
        assert_eq!(entries(&m), b.into_iter().collect::<Vec<_>>());
        assert_eq!(m["a"], 4);
    }

    #[test]
    fn maps_with_the_same_entries_are_equal_whatever_the_insertion_order() {
        let m1: KeyMap<usize> = [("x".to_string(), 1), ("y".to_string(), 2)]
            .into_iter()
            .collect();
        let mut m2 = KeyMap::new();
        m2.insert("y".to_string(), 2);
        m2.insert("x".to_string(), 1);
        assert_eq!(m1, m2);
        m2.insert("x".to_string(), 9);
        assert_ne!(m1, m2);
        assert_eq!(format!("{m1:?}"), r#"{"x": 1, "y": 2}"#);
    }

    #[test]
    #[should_panic(expected = "no entry for key \"absent\"")]
    fn indexing_a_missing_key_panics() {
        let m: KeyMap<usize> = KeyMap::new();
        let _ = m["absent"];
    }

    #[test]
    fn a_keyset_holds_each_key_once_in_the_order_a_btreeset_gives() {
        let mut s = KeySet::new();
        let mut b = BTreeSet::new();
        for k in KEYS.iter().chain(&KEYS) {
            assert_eq!(s.insert(k.to_string()), b.insert(k.to_string()));
        }
        assert_eq!(s.len(), KEYS.len());
        assert!(s.contains("I2E") && !s.contains("i2e"));
        assert_eq!(format!("{s:?}"), format!("{b:?}"));
        let want: Vec<String> = b.into_iter().collect();
        assert_eq!(s.iter().cloned().collect::<Vec<_>>(), want);
        assert_eq!(s.clone().into_iter().collect::<Vec<_>>(), want);
        s.clear();
        assert!(s.is_empty() && !s.contains("lrate"));
    }
}
