//! From the arena to a [`Value`].
//!
//! Owns: the conversion of the object reached from the pickle's result into a [`Value`] DAG, visiting
//! each node once. A first, iterative pass checks what is reachable (no recursive container, no nesting
//! deeper than [`MAX_DEPTH`] along any path, no dtype/global/unfinished array used as a value), counts
//! references and charges the whole output to the budget before anything is built; the second pass builds
//! each container once (shared ones are memoised by id) so a value shared a million times costs one `Arc`
//! clone per reference and sharing can never blow up.

use std::collections::HashMap;
use std::sync::Arc;

use super::arena::{Arena, Id, Node, MAX_DEPTH};
use super::budget::Budget;
use super::error::{ErrorKind, PickleError};
use super::value::{Text, Value};

type R<T> = Result<T, PickleError>;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Seen {
    Not,
    OnPath,
    Done,
}

/// Heap bytes charged per container built (its `Arc` header and allocator rounding) and per memoised one.
const CONTAINER_COST: u64 = 32;
const MEMO_COST: u64 = 64;

struct Frame {
    id: Id,
    next: usize,
    max_child: usize,
}

/// Checks everything reachable from `root` and returns the reference counts, or the first problem.
fn check(arena: &Arena<'_>, root: Id, budget: &mut Budget) -> R<Vec<u32>> {
    let n = arena.len();
    budget.mem(6 * n as u64, arena.born(root))?;
    let mut seen = vec![Seen::Not; n];
    let mut height = vec![0u8; n];
    let mut refs = vec![0u32; n];
    let mut slots = 0u64;
    let mut containers = 0u64;
    let mut path: Vec<Frame> = Vec::new();

    // Enters a node: containers go on the path, leaves are checked and done.
    let mut enter =
        |id: Id, path: &mut Vec<Frame>, seen: &mut Vec<Seen>, budget: &mut Budget| -> R<()> {
            let node = arena.get(id);
            let at = arena.born(id);
            let refuse = |kind: ErrorKind| Err(PickleError::new(at, kind));
            match node {
                Node::Global(g) => {
                    return refuse(ErrorKind::Unsupported {
                        what: format!("global {} used as a value rather than called", g.name()),
                    })
                }
                Node::Dtype(_) => {
                    return refuse(ErrorKind::Unsupported {
                        what: "numpy dtype used as a value outside an array".into(),
                    })
                }
                Node::PendingArray => {
                    return refuse(ErrorKind::Malformed {
                        what: "numpy array made by _reconstruct never received its BUILD state"
                            .into(),
                    })
                }
                Node::MemoryView(_) => {
                    return refuse(ErrorKind::Unsupported {
                        what: "memoryview (READONLY_BUFFER of a bytearray) used as a value".into(),
                    })
                }
                Node::Latin1Str(b) => {
                    budget.work(b.len() as u64 / 8, at)?;
                    if std::str::from_utf8(b).is_err() {
                        return refuse(ErrorKind::InvalidText {
                            what: "string",
                            detail: "not UTF-8".into(),
                        });
                    }
                }
                _ => {}
            }
            if node.is_container() {
                seen[id as usize] = Seen::OnPath;
                // A dict's pairs hold two values each: its child count is its value count too.
                slots += node.child_count() as u64;
                containers += 1;
                path.push(Frame {
                    id,
                    next: 0,
                    max_child: 0,
                });
            } else {
                seen[id as usize] = Seen::Done;
            }
            Ok(())
        };

    refs[root as usize] = 1;
    enter(root, &mut path, &mut seen, budget)?;
    while let Some(f) = path.last_mut() {
        let node = arena.get(f.id);
        match node.child(f.next) {
            Some(c) => {
                f.next += 1;
                budget.work(1, arena.born(f.id))?;
                let r = &mut refs[c as usize];
                *r = r.saturating_add(1);
                match seen[c as usize] {
                    Seen::OnPath => {
                        return Err(PickleError::new(
                            arena.born(c),
                            ErrorKind::Recursive {
                                what: arena.get(c).kind(),
                            },
                        ))
                    }
                    Seen::Done => f.max_child = f.max_child.max(usize::from(height[c as usize])),
                    Seen::Not => enter(c, &mut path, &mut seen, budget)?,
                }
            }
            None => {
                let (id, h) = (f.id, f.max_child + 1);
                path.pop();
                if h > MAX_DEPTH {
                    return Err(PickleError::new(
                        arena.born(id),
                        ErrorKind::TooDeep {
                            what: "containers",
                            limit: MAX_DEPTH,
                        },
                    ));
                }
                height[id as usize] = h as u8;
                seen[id as usize] = Seen::Done;
                if let Some(parent) = path.last_mut() {
                    parent.max_child = parent.max_child.max(h);
                }
            }
        }
    }
    let shared = refs.iter().filter(|&&r| r > 1).count() as u64;
    let value = std::mem::size_of::<Value>() as u64;
    budget.mem(
        slots * value + containers * CONTAINER_COST + shared * MEMO_COST,
        arena.born(root),
    )?;
    Ok(refs)
}

struct Builder<'r, 'a> {
    arena: &'r Arena<'a>,
    refs: Vec<u32>,
    memo: HashMap<Id, Value<'a>>,
    empty: Arc<[Value<'a>]>,
    empty_dict: Arc<[(Value<'a>, Value<'a>)]>,
}

impl<'a> Builder<'_, 'a> {
    /// Builds the value of `id`; recursion is bounded by the checked height.
    fn build(&mut self, id: Id) -> Value<'a> {
        let node = self.arena.get(id);
        match node {
            Node::None => return Value::None,
            Node::Bool(b) => return Value::Bool(*b),
            Node::Int(i) => return Value::Int(*i),
            Node::Float(f) => return Value::Float(*f),
            Node::Str(t) => return Value::Str(t.clone()),
            // Checked to be UTF-8 by `check`.
            Node::Latin1Str(b) => {
                return Value::Str(Text::Borrowed(std::str::from_utf8(b).unwrap_or_default()))
            }
            Node::Bytes(b) | Node::ByteArray(b) => return Value::Bytes(b.clone()),
            Node::Array(a) => return Value::Array(a.clone()),
            Node::Scalar(s) => return Value::Scalar(s.clone()),
            _ => {}
        }
        if let Some(v) = self.memo.get(&id) {
            return v.clone();
        }
        let seq = |b: &mut Self, items: &[Id]| -> Arc<[Value<'a>]> {
            if items.is_empty() {
                b.empty.clone()
            } else {
                items.iter().map(|&c| b.build(c)).collect()
            }
        };
        let v = match node {
            Node::List(items) => Value::List(seq(self, items)),
            Node::Tuple(items) => Value::Tuple(seq(self, items)),
            Node::Set(s) => Value::Set(seq(self, s.as_ref().map_or(&[][..], |s| &s.items))),
            Node::FrozenSet(s) => Value::FrozenSet(seq(self, &s.items)),
            Node::Dict(d) => Value::Dict(match d {
                Some(d) if !d.items.is_empty() => d
                    .items
                    .iter()
                    .map(|&(k, v)| (self.build(k), self.build(v)))
                    .collect(),
                _ => self.empty_dict.clone(),
            }),
            // Refused by `check`.
            _ => Value::None,
        };
        if self.refs.get(id as usize).is_some_and(|&r| r > 1) {
            self.memo.insert(id, v.clone());
        }
        v
    }
}

/// The value of `root`: checked, charged, then built once per node.
pub(crate) fn to_value<'a>(arena: &Arena<'a>, root: Id, budget: &mut Budget) -> R<Value<'a>> {
    let refs = check(arena, root, budget)?;
    let mut b = Builder {
        arena,
        refs,
        memo: HashMap::new(),
        empty: Arc::from(Vec::new()),
        empty_dict: Arc::from(Vec::new()),
    };
    Ok(b.build(root))
}
