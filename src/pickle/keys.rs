//! Dict keys and set items: Python's equality as fixed-size fingerprints.
//!
//! Owns: [`Fp`], the fingerprint of a hashable object, equal exactly when Python's `==` says the objects
//! are equal (`1 == 1.0 == True == np.int64(1)`, `-0.0 == 0`, NaN equal only to itself, tuples and
//! frozensets by their items); the interning that gives each distinct str, bytes, tuple and frozenset a
//! class number, so comparing two fingerprints is O(1) however large or shared the objects are; and
//! inserting into dicts (first key, last value) and sets. Each object's fingerprint is computed once.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use super::arena::{Arena, DictNode, Id, Node, SetNode};
use super::array::ArrayBytes;
use super::budget::Budget;
use super::error::{ErrorKind, PickleError};
use super::value::{Scalar, Text};

/// Identity of a hashable object under Python's `==`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Fp {
    None,
    /// Ints, bools, and floats/numpy scalars with an integral value in i128 (`2.0 == 2`), as two halves.
    Int(u64, u64),
    /// Non-integral floats by their bits (`-0.0` is the int 0 above).
    Float(u64),
    Str(u32),
    Bytes(u32),
    Tuple(u32),
    FrozenSet(u32),
    /// Equal only to itself: NaN, and objects Python compares by identity here.
    Ident(Id),
}

/// Heap bytes charged per interned object and per index entry.
const INTERN_COST: usize = 48;
pub(crate) const INDEX_COST: usize = 48;

#[derive(Default)]
pub(crate) struct Keys<'a> {
    strs: HashMap<Text<'a>, u32>,
    bytes: HashMap<ArrayBytes<'a>, u32>,
    tuples: HashMap<Box<[Fp]>, u32>,
    frozensets: HashMap<Box<[Fp]>, u32>,
    classes: u32,
    /// Fingerprints of strs, bytes, tuples and frozensets already computed.
    cache: HashMap<Id, Fp>,
}

fn int_fp(v: i128) -> Fp {
    let u = v as u128;
    Fp::Int((u >> 64) as u64, u as u64)
}

/// A float's fingerprint: integral values in i128 equal that int (Python compares ints and floats
/// exactly), NaN only itself.
fn float_fp(f: f64, id: Id) -> Fp {
    const TWO_127: f64 = 170_141_183_460_469_231_731_687_303_715_884_105_728.0;
    if f.is_nan() {
        Fp::Ident(id)
    } else if f == f.trunc() && (-TWO_127..TWO_127).contains(&f) {
        int_fp(f as i128) // exact: integral and in range
    } else {
        Fp::Float(f.to_bits())
    }
}

fn unhashable(kind: &str, at: usize) -> PickleError {
    PickleError::new(
        at,
        ErrorKind::Malformed {
            what: format!(
                "unhashable {kind} used as a dict key or set item (Python raises TypeError)"
            ),
        },
    )
}

impl<'a> Keys<'a> {
    fn intern<K: std::hash::Hash + Eq>(
        map: &mut HashMap<K, u32>,
        classes: &mut u32,
        key: K,
    ) -> u32 {
        match map.entry(key) {
            Entry::Occupied(e) => *e.get(),
            Entry::Vacant(e) => {
                *classes += 1;
                *e.insert(*classes)
            }
        }
    }

    /// The fingerprint of `id`, or the error Python raises for an unhashable object.
    pub(crate) fn fingerprint(
        &mut self,
        arena: &Arena<'a>,
        id: Id,
        budget: &mut Budget,
        at: usize,
    ) -> Result<Fp, PickleError> {
        budget.work(1, at)?;
        let fp = match arena.get(id) {
            Node::None => return Ok(Fp::None),
            Node::Bool(b) => return Ok(int_fp((*b).into())),
            Node::Int(i) => return Ok(int_fp(*i)),
            Node::Float(f) => return Ok(float_fp(*f, id)),
            Node::Scalar(Scalar::Float { value, .. }) => return Ok(float_fp(*value, id)),
            Node::Scalar(Scalar::Int { value, .. }) => return Ok(int_fp(*value)),
            Node::Scalar(Scalar::Bool(b)) => return Ok(int_fp((*b).into())),
            Node::Global(_) | Node::Dtype(_) | Node::MemoryView(_) => return Ok(Fp::Ident(id)),
            n @ (Node::List(_)
            | Node::Dict(_)
            | Node::Set(_)
            | Node::ByteArray(_)
            | Node::Array(_)
            | Node::PendingArray) => return Err(unhashable(n.kind(), at)),
            Node::Str(_)
            | Node::Latin1Str(_)
            | Node::Bytes(_)
            | Node::Tuple(_)
            | Node::FrozenSet(_) => {
                if let Some(&fp) = self.cache.get(&id) {
                    return Ok(fp);
                }
                budget.mem(INTERN_COST as u64, at)?;
                self.compute(arena, id, budget, at)?
            }
        };
        self.cache.insert(id, fp);
        Ok(fp)
    }

    fn compute(
        &mut self,
        arena: &Arena<'a>,
        id: Id,
        budget: &mut Budget,
        at: usize,
    ) -> Result<Fp, PickleError> {
        Ok(match arena.get(id) {
            Node::Str(t) => {
                budget.work(t.len() as u64 / 8, at)?;
                Fp::Str(Self::intern(&mut self.strs, &mut self.classes, t.clone()))
            }
            Node::Latin1Str(b) => {
                budget.work(b.len() as u64 / 8, at)?;
                let t = latin1_text(b, at)?;
                Fp::Str(Self::intern(&mut self.strs, &mut self.classes, t))
            }
            Node::Bytes(b) => {
                budget.work(b.len() as u64 / 8, at)?;
                Fp::Bytes(Self::intern(&mut self.bytes, &mut self.classes, b.clone()))
            }
            Node::Tuple(items) => {
                // Tuples are at most MAX_DEPTH deep (checked when made), so this recursion is bounded.
                budget.items(items.len(), std::mem::size_of::<Fp>(), at)?;
                let mut fps = Vec::with_capacity(items.len());
                for &i in items.iter() {
                    fps.push(self.fingerprint(arena, i, budget, at)?);
                }
                Fp::Tuple(Self::intern(
                    &mut self.tuples,
                    &mut self.classes,
                    fps.into_boxed_slice(),
                ))
            }
            Node::FrozenSet(s) => {
                budget.items(s.index.len(), std::mem::size_of::<Fp>(), at)?;
                let mut fps: Vec<Fp> = s.index.iter().copied().collect();
                fps.sort_unstable();
                Fp::FrozenSet(Self::intern(
                    &mut self.frozensets,
                    &mut self.classes,
                    fps.into_boxed_slice(),
                ))
            }
            n => return Err(unhashable(n.kind(), at)),
        })
    }

    /// `dict[k] = v` on the dict `dict`: Python keeps the first key object and the last value.
    pub(crate) fn dict_insert(
        &mut self,
        arena: &mut Arena<'a>,
        dict: Id,
        k: Id,
        v: Id,
        budget: &mut Budget,
        at: usize,
    ) -> Result<(), PickleError> {
        let fp = self.fingerprint(arena, k, budget, at)?;
        let Some(Node::Dict(slot)) = arena.get_mut(dict) else {
            return Err(PickleError::new(
                at,
                ErrorKind::Unsupported {
                    what: format!(
                        "SETITEM on a {}, only dicts are filled",
                        arena.get(dict).kind()
                    ),
                },
            ));
        };
        let d = slot.get_or_insert_with(Box::<DictNode>::default);
        match d.index.entry(fp) {
            Entry::Occupied(e) => {
                if let Some(item) = d.items.get_mut(*e.get() as usize) {
                    item.1 = v;
                }
            }
            Entry::Vacant(e) => {
                budget.items(1, INDEX_COST, at)?;
                e.insert(d.items.len() as u32);
                d.items.push((k, v));
            }
        }
        Ok(())
    }

    /// `set.add(item)` on the set or frozenset being made `set`.
    pub(crate) fn set_insert(
        &mut self,
        arena: &mut Arena<'a>,
        set: Id,
        item: Id,
        budget: &mut Budget,
        at: usize,
    ) -> Result<(), PickleError> {
        let fp = self.fingerprint(arena, item, budget, at)?;
        let s: &mut SetNode = match arena.get_mut(set) {
            Some(Node::Set(slot)) => slot.get_or_insert_with(Box::default),
            Some(Node::FrozenSet(s)) => s,
            _ => {
                return Err(PickleError::new(
                    at,
                    ErrorKind::Malformed {
                        what: format!("ADDITEMS on a {}, not a set", arena.get(set).kind()),
                    },
                ))
            }
        };
        if s.index.insert(fp) {
            budget.items(1, INDEX_COST, at)?;
            s.items.push(item);
        }
        Ok(())
    }
}

/// A latin-1-shaped input string as text (valid UTF-8 by construction; checked here once).
pub(crate) fn latin1_text(b: &[u8], at: usize) -> Result<Text<'_>, PickleError> {
    match std::str::from_utf8(b).ok() {
        Some(s) => Ok(Text::Borrowed(s)),
        None => Err(PickleError::new(
            at,
            ErrorKind::InvalidText {
                what: "string",
                detail: "not UTF-8".into(),
            },
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_equality_of_numbers() {
        assert_eq!(float_fp(2.0, 1), int_fp(2));
        assert_eq!(float_fp(-0.0, 1), int_fp(0));
        assert_ne!(float_fp(0.5, 1), int_fp(0));
        assert_eq!(float_fp(f64::NAN, 1), Fp::Ident(1));
        assert_ne!(float_fp(f64::NAN, 1), float_fp(f64::NAN, 2));
        // 1e38 is an integral float equal to the int with the same value
        assert_eq!(float_fp(1e38, 1), int_fp(1e38 as i128));
        assert_eq!(float_fp(-(2f64.powi(127)), 1), int_fp(i128::MIN));
        assert_eq!(
            float_fp(2f64.powi(127), 1),
            Fp::Float(2f64.powi(127).to_bits())
        );
    }
}
