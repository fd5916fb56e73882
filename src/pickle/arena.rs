//! The object arena and the memo.
//!
//! Owns: [`Node`] (every object the pickle makes, referred to by an [`Id`]), the byte each was made at,
//! a lower bound of each container's nesting height (so deep nesting is refused while it is being built),
//! the singletons (None, True, False, the empty tuple, the ints 0-255, as CPython shares them), and the
//! memo mapping PUT indices to ids. Objects are shared by id exactly as Python shares them by reference:
//! BUILD or APPEND through a memoised object changes what every later GET sees.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::array::{ArrayBytes, NdArray};
use super::budget::Budget;
use super::error::{ErrorKind, PickleError};
use super::globals::Global;
use super::keys::Fp;
use super::numpy::DtypeDescr;
use super::value::{Scalar, Text};

/// Index of a node in the arena.
pub(crate) type Id = u32;

/// Deepest container nesting accepted (real files nest 3 deep).
pub(crate) const MAX_DEPTH: usize = 200;

pub(crate) const NONE: Id = 0;
pub(crate) const TRUE: Id = 1;
pub(crate) const FALSE: Id = 2;
pub(crate) const EMPTY_TUPLE: Id = 3;
/// Id of the int 0; the ints 0..=255 (BININT1) follow.
const SMALL_INT_0: Id = 4;
const SMALL_INTS: Id = 256;

/// Heap bytes charged per node (the node, its birth offset and its height).
pub(crate) const NODE_COST: usize = std::mem::size_of::<Node>() + 16;

/// A dict's items in insertion order and its index of key fingerprints (made on the first item).
#[derive(Debug, Default)]
pub(crate) struct DictNode {
    pub(crate) items: Vec<(Id, Id)>,
    pub(crate) index: HashMap<Fp, u32>,
}

/// A set's items in first-insertion order and its index of fingerprints.
#[derive(Debug, Default)]
pub(crate) struct SetNode {
    pub(crate) items: Vec<Id>,
    pub(crate) index: HashSet<Fp>,
}

#[derive(Debug)]
pub(crate) enum Node<'a> {
    None,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(Text<'a>),
    /// A long str from the input whose code points are all below U+0100 (protocol 0-2 array data): valid
    /// UTF-8 by construction, validated as such only if used as text.
    Latin1Str(&'a [u8]),
    Bytes(ArrayBytes<'a>),
    ByteArray(ArrayBytes<'a>),
    /// What READONLY_BUFFER makes of a bytearray: usable as a buffer, not as a value.
    MemoryView(ArrayBytes<'a>),
    List(Vec<Id>),
    Tuple(Box<[Id]>),
    /// `None` until the first item (most empty dicts on the stack never get one).
    Dict(Option<Box<DictNode>>),
    Set(Option<Box<SetNode>>),
    FrozenSet(Box<SetNode>),
    Global(Global),
    Dtype(DtypeDescr),
    /// `_reconstruct(ndarray, shape, b'b')` awaiting its BUILD.
    PendingArray,
    Array(Arc<NdArray<'a>>),
    Scalar(Scalar),
}

impl Node<'_> {
    /// The Python type of the node, for messages.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Node::None => "None",
            Node::Bool(_) => "bool",
            Node::Int(_) => "int",
            Node::Float(_) => "float",
            Node::Str(_) | Node::Latin1Str(_) => "str",
            Node::Bytes(_) => "bytes",
            Node::ByteArray(_) => "bytearray",
            Node::MemoryView(_) => "memoryview",
            Node::List(_) => "list",
            Node::Tuple(_) => "tuple",
            Node::Dict(_) => "dict",
            Node::Set(_) => "set",
            Node::FrozenSet(_) => "frozenset",
            Node::Global(_) => "global",
            Node::Dtype(_) => "numpy dtype",
            Node::PendingArray => "numpy array awaiting BUILD",
            Node::Array(_) => "numpy array",
            Node::Scalar(_) => "numpy scalar",
        }
    }

    /// Child ids of a container, in order (a dict's keys and values alternate); empty for other nodes.
    pub(crate) fn child(&self, i: usize) -> Option<Id> {
        match self {
            Node::List(v) => v.get(i).copied(),
            Node::Tuple(v) => v.get(i).copied(),
            Node::Dict(Some(d)) => d
                .items
                .get(i / 2)
                .map(|&(k, v)| if i % 2 == 0 { k } else { v }),
            Node::Set(Some(s)) | Node::FrozenSet(s) => s.items.get(i).copied(),
            _ => None,
        }
    }

    /// Number of children of a container (a dict's keys and values both count).
    pub(crate) fn child_count(&self) -> usize {
        match self {
            Node::List(v) => v.len(),
            Node::Tuple(v) => v.len(),
            Node::Dict(Some(d)) => 2 * d.items.len(),
            Node::Set(Some(s)) | Node::FrozenSet(s) => s.items.len(),
            _ => 0,
        }
    }

    pub(crate) fn is_container(&self) -> bool {
        matches!(
            self,
            Node::List(_) | Node::Tuple(_) | Node::Dict(_) | Node::Set(_) | Node::FrozenSet(_)
        )
    }
}

pub(crate) struct Arena<'a> {
    nodes: Vec<Node<'a>>,
    born: Vec<usize>,
    /// Nesting height of each node (0 for non-containers), exact for tuples and frozensets, a lower bound
    /// for mutable containers (an object appended later through the memo may deepen it).
    height: Vec<u8>,
}

impl<'a> Arena<'a> {
    pub(crate) fn new() -> Self {
        let mut a = Arena {
            nodes: Vec::new(),
            born: Vec::new(),
            height: Vec::new(),
        };
        for n in [
            Node::None,
            Node::Bool(true),
            Node::Bool(false),
            Node::Tuple(Box::new([])),
        ] {
            a.push_raw(n, 0);
        }
        for i in 0..SMALL_INTS {
            a.push_raw(Node::Int(i.into()), 0);
        }
        a.height[EMPTY_TUPLE as usize] = 1;
        a
    }

    fn push_raw(&mut self, n: Node<'a>, at: usize) {
        self.nodes.push(n);
        self.born.push(at);
        self.height.push(0);
    }

    /// The shared int 0..=255.
    pub(crate) fn small_int(v: u8) -> Id {
        SMALL_INT_0 + Id::from(v)
    }

    pub(crate) fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Adds a node made at byte `at`, charging its cost first.
    pub(crate) fn alloc(
        &mut self,
        n: Node<'a>,
        at: usize,
        budget: &mut Budget,
    ) -> Result<Id, PickleError> {
        budget.items(1, NODE_COST, at)?;
        let id = Id::try_from(self.nodes.len()).map_err(|_| {
            PickleError::new(
                at,
                ErrorKind::Budget {
                    what: "more than 2^32 objects",
                },
            )
        })?;
        self.push_raw(n, at);
        Ok(id)
    }

    pub(crate) fn get(&self, id: Id) -> &Node<'a> {
        // Ids come from `alloc`; `None` is a harmless fallback that is never taken.
        self.nodes.get(id as usize).unwrap_or(&Node::None)
    }

    pub(crate) fn get_mut(&mut self, id: Id) -> Option<&mut Node<'a>> {
        self.nodes.get_mut(id as usize)
    }

    /// Replaces a node in place (BUILD).
    pub(crate) fn set(&mut self, id: Id, n: Node<'a>) {
        if let Some(slot) = self.nodes.get_mut(id as usize) {
            *slot = n;
        }
    }

    pub(crate) fn born(&self, id: Id) -> usize {
        self.born.get(id as usize).copied().unwrap_or(0)
    }

    pub(crate) fn height(&self, id: Id) -> usize {
        self.height.get(id as usize).copied().map_or(0, usize::from)
    }

    /// Raises `id`'s recorded height to one above `child_height` and refuses nesting beyond [`MAX_DEPTH`].
    pub(crate) fn raise_height(
        &mut self,
        id: Id,
        child_height: usize,
        at: usize,
    ) -> Result<(), PickleError> {
        let h = child_height + 1;
        if h > MAX_DEPTH {
            return Err(PickleError::new(
                at,
                ErrorKind::TooDeep {
                    what: "containers",
                    limit: MAX_DEPTH,
                },
            ));
        }
        if let Some(slot) = self.height.get_mut(id as usize) {
            *slot = (*slot).max(h as u8);
        }
        Ok(())
    }

    /// Highest recorded height among `ids`.
    pub(crate) fn max_height(&self, ids: &[Id]) -> usize {
        ids.iter().map(|&i| self.height(i)).max().unwrap_or(0)
    }
}

/// Memo entries at most this far beyond the dense part's end are stored densely (MEMOIZE and BINPUT
/// count up from 0); others go to a map.
const DENSE_GAP: u64 = 16;
const NO_ENTRY: Id = Id::MAX;

/// The memo: PUT index to object id. Dense for the usual counting indices, a map for scattered ones.
#[derive(Default)]
pub(crate) struct Memo {
    dense: Vec<Id>,
    sparse: HashMap<u64, Id>,
    /// Number of distinct indices set: CPython's `memo_len`, the index MEMOIZE uses.
    count: u64,
}

/// Heap bytes charged per memo entry.
const MEMO_COST: usize = 24;

impl Memo {
    pub(crate) fn put(
        &mut self,
        key: u64,
        id: Id,
        at: usize,
        budget: &mut Budget,
    ) -> Result<(), PickleError> {
        let dense_len = self.dense.len() as u64;
        let fresh = if key < dense_len {
            let slot = &mut self.dense[key as usize];
            std::mem::replace(slot, id) == NO_ENTRY
        } else if key <= dense_len + DENSE_GAP {
            let grow = (key - dense_len + 1) as usize;
            budget.items(grow, MEMO_COST, at)?;
            // Entries stored sparsely before move into the dense part they now fall in.
            for k in dense_len..key {
                let v = self.sparse.remove(&k).unwrap_or(NO_ENTRY);
                self.dense.push(v);
            }
            let existed = self.sparse.remove(&key).is_some();
            self.dense.push(id);
            !existed
        } else {
            budget.items(1, MEMO_COST, at)?;
            self.sparse.insert(key, id).is_none()
        };
        self.count += u64::from(fresh);
        Ok(())
    }

    pub(crate) fn get(&self, key: u64) -> Option<Id> {
        match self.dense.get(key as usize) {
            Some(&id) if key < self.dense.len() as u64 && id != NO_ENTRY => Some(id),
            _ => self.sparse.get(&key).copied(),
        }
    }

    pub(crate) fn count(&self) -> u64 {
        self.count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_stay_small() {
        assert!(
            std::mem::size_of::<Node>() <= 32,
            "{}",
            std::mem::size_of::<Node>()
        );
    }

    /// Every container's children as `child` walks them (until the first `None`), with its count.
    fn children(n: &Node<'_>) -> (Vec<Id>, usize, bool) {
        let walked = (0..).map_while(|i| n.child(i)).collect();
        (walked, n.child_count(), n.is_container())
    }

    #[test]
    fn containers_list_their_children_in_order_dict_keys_and_values_alternating() {
        let dict = DictNode {
            // Three pairs: six children (two pairs would not tell 2 * n from 2 + n).
            items: vec![(10, 11), (12, 13), (14, 15)],
            ..DictNode::default()
        };
        let set = || SetNode {
            items: vec![20, 21, 22],
            ..SetNode::default()
        };
        assert_eq!(children(&Node::List(vec![5, 6])), (vec![5, 6], 2, true));
        assert_eq!(
            children(&Node::Tuple(vec![7, 8, 9].into())),
            (vec![7, 8, 9], 3, true)
        );
        assert_eq!(
            children(&Node::Dict(Some(Box::new(dict)))),
            (vec![10, 11, 12, 13, 14, 15], 6, true)
        );
        assert_eq!(
            children(&Node::Set(Some(Box::new(set())))),
            (vec![20, 21, 22], 3, true)
        );
        assert_eq!(
            children(&Node::FrozenSet(Box::new(set()))),
            (vec![20, 21, 22], 3, true)
        );
        // Empty containers are still containers (an empty dict or set has no node yet).
        assert_eq!(children(&Node::Dict(None)), (vec![], 0, true));
        assert_eq!(children(&Node::Set(None)), (vec![], 0, true));
        assert_eq!(children(&Node::Tuple(Box::new([]))), (vec![], 0, true));
        // Scalars and arrays have none.
        for leaf in [
            Node::None,
            Node::Int(3),
            Node::Float(0.5),
            Node::PendingArray,
        ] {
            assert_eq!(children(&leaf), (vec![], 0, false), "{}", leaf.kind());
        }
    }

    #[test]
    fn memo_counts_distinct_indices_like_cpython() {
        let mut b = Budget::for_input(100);
        let mut m = Memo::default();
        m.put(0, 10, 0, &mut b).unwrap();
        m.put(0, 11, 0, &mut b).unwrap();
        m.put(3, 12, 0, &mut b).unwrap();
        m.put(1 << 40, 13, 0, &mut b).unwrap();
        assert_eq!(m.count(), 3);
        assert_eq!(m.get(0), Some(11));
        assert_eq!(m.get(1), None);
        assert_eq!(m.get(3), Some(12));
        assert_eq!(m.get(1 << 40), Some(13));
        m.put(2, 14, 0, &mut b).unwrap();
        assert_eq!((m.get(2), m.count()), (Some(14), 4));
        // a scattered index later reached by the dense part is kept once
        m.put(30, 15, 0, &mut b).unwrap();
        for k in 4..=30 {
            m.put(k, 16, 0, &mut b).unwrap();
        }
        assert_eq!((m.get(30), m.count()), (Some(16), 31));
    }
}
