//! The pickle virtual machine's dispatch loop.
//!
//! Owns: running opcodes (protocols 0-5) over the stack and its MARKs, as CPython's C unpickler runs
//! them: the same underflow rules (nothing is taken from below the last MARK), CPython's empty
//! APPENDS/SETITEMS/ADDITEMS being no-ops, PROTO/FRAME handling, and the refusal of every opcode that
//! would run code or fetch data from outside the file. Objects live in the [`Arena`], calls to
//! allow-listed globals are in `globals`, dict/set keys in `keys`, text arguments in `text`.
//!
//! Every step is charged to the [`Budget`] before it allocates; the stack and the marks grow by at most
//! one entry per opcode, and MARKs nest at most [`MAX_MARKS`] deep.

use std::collections::HashMap;
use std::sync::Arc;

use super::arena::{self, Arena, Id, Memo, Node, MAX_DEPTH};
use super::array::ArrayBytes;
use super::budget::Budget;
use super::error::{ErrorKind, FileText, PickleError};
use super::globals::Global;
use super::keys::Keys;
use super::opcodes::*;
use super::reader::Reader;
use super::text::{self, EscapeRefusal, FloatRefusal, IntText, PyInt, StrBytes, Utf8Refusal};
use super::value::Text;

/// Deepest MARK nesting accepted (real files open 1-2 at a time).
pub(crate) const MAX_MARKS: usize = 4 * MAX_DEPTH;

/// Heap bytes charged per item added to a list or tuple.
const ITEM_COST: usize = std::mem::size_of::<Id>();

pub(crate) type R<T> = Result<T, PickleError>;

pub(crate) fn malformed(at: usize, what: impl Into<String>) -> PickleError {
    PickleError::new(at, ErrorKind::Malformed { what: what.into() })
}

pub(crate) fn unsupported(at: usize, what: impl Into<String>) -> PickleError {
    PickleError::new(at, ErrorKind::Unsupported { what: what.into() })
}

fn refused(at: usize, opcode: &'static str, why: &'static str) -> PickleError {
    PickleError::new(at, ErrorKind::RefusedOpcode { opcode, why })
}

fn bad_number(at: usize, opcode: &'static str, line: &[u8], expected: &'static str) -> PickleError {
    PickleError::new(
        at,
        ErrorKind::BadNumber {
            opcode,
            text: FileText::new(line),
            expected,
        },
    )
}

pub(crate) struct Machine<'a> {
    pub(crate) rd: Reader<'a>,
    pub(crate) arena: Arena<'a>,
    pub(crate) stack: Vec<Id>,
    pub(crate) marks: Vec<usize>,
    pub(crate) memo: Memo,
    pub(crate) keys: Keys<'a>,
    pub(crate) budget: Budget,
    /// The last PROTO seen (0 without one): below 3, Python 2 module names (`__builtin__`) are mapped.
    pub(crate) proto: u8,
    /// Latin-1 encodings of str nodes already made (`_codecs.encode` of one text is decoded once).
    pub(crate) latin1: HashMap<Id, Arc<[u8]>>,
}

impl<'a> Machine<'a> {
    pub(crate) fn new(input: &'a [u8]) -> Self {
        Machine {
            rd: Reader::new(input),
            arena: Arena::new(),
            stack: Vec::new(),
            marks: Vec::new(),
            memo: Memo::default(),
            keys: Keys::default(),
            budget: Budget::for_input(input.len()),
            proto: 0,
            latin1: HashMap::new(),
        }
    }

    // ---- stack and marks ----

    fn floor(&self) -> usize {
        self.marks.last().copied().unwrap_or(0)
    }

    fn underflow(at: usize, op: &str) -> PickleError {
        malformed(at, format!("{op} on an empty stack (or below its MARK)"))
    }

    pub(crate) fn pop(&mut self, at: usize, op: &str) -> R<Id> {
        if self.stack.len() <= self.floor() {
            return Err(Self::underflow(at, op));
        }
        self.stack.pop().ok_or_else(|| Self::underflow(at, op))
    }

    pub(crate) fn top(&self, at: usize, op: &str) -> R<Id> {
        if self.stack.len() <= self.floor() {
            return Err(Self::underflow(at, op));
        }
        self.stack
            .last()
            .copied()
            .ok_or_else(|| Self::underflow(at, op))
    }

    /// Pops the last MARK and everything above it.
    fn pop_mark(&mut self, at: usize, op: &str) -> R<Vec<Id>> {
        let m = self
            .marks
            .pop()
            .ok_or_else(|| malformed(at, format!("{op} without a MARK")))?;
        Ok(self.stack.split_off(m.min(self.stack.len())))
    }

    /// Allocates a node and pushes it.
    pub(crate) fn push(&mut self, n: Node<'a>, at: usize) -> R<Id> {
        let id = self.arena.alloc(n, at, &mut self.budget)?;
        self.stack.push(id);
        Ok(id)
    }

    fn push_int(&mut self, v: i128, at: usize) -> R<()> {
        match u8::try_from(v) {
            Ok(small) => self.stack.push(Arena::small_int(small)),
            Err(_) => {
                self.push(Node::Int(v), at)?;
            }
        }
        Ok(())
    }

    /// A container made from `items`, pushed; its height is one above its highest item.
    fn push_container(&mut self, n: Node<'a>, items_height: usize, at: usize) -> R<Id> {
        let id = self.push(n, at)?;
        self.arena.raise_height(id, items_height, at)?;
        Ok(id)
    }

    // ---- strings ----

    fn push_str(&mut self, b: &'a [u8], at: usize) -> R<()> {
        self.budget.work(b.len() as u64 / 8, at)?;
        let node = match text::check_utf8(b) {
            Ok(StrBytes::Utf8(s)) => Node::Str(Text::Borrowed(s)),
            Ok(StrBytes::Latin1(b)) => Node::Latin1Str(b),
            Err(Utf8Refusal::Surrogate) => {
                return Err(PickleError::new(at, ErrorKind::Surrogate));
            }
            Err(Utf8Refusal::Invalid(i)) => {
                return Err(PickleError::new(
                    at,
                    ErrorKind::InvalidText {
                        what: "string",
                        detail: format!("not UTF-8 at its byte {i}"),
                    },
                ));
            }
        };
        self.push(node, at).map(drop)
    }

    /// LONG1/LONG4: little-endian two's complement of any length, refused beyond i128.
    fn push_long(&mut self, b: &[u8], at: usize) -> R<()> {
        let Some(&last) = b.last() else {
            return self.push_int(0, at);
        };
        let negative = last & 0x80 != 0;
        let fill = if negative { 0xFF } else { 0 };
        if b.len() > 16 && (b[16..].iter().any(|&x| x != fill) || ((b[15] & 0x80 != 0) != negative))
        {
            return Err(PickleError::new(at, ErrorKind::IntTooLarge));
        }
        let mut a = [fill; 16];
        let n = b.len().min(16);
        a[..n].copy_from_slice(&b[..n]);
        self.push_int(i128::from_le_bytes(a), at)
    }

    fn push_py_int(&mut self, v: PyInt, at: usize) -> R<()> {
        match v {
            PyInt::Value(v) => self.push_int(v, at),
            PyInt::TooLarge => Err(PickleError::new(at, ErrorKind::IntTooLarge)),
        }
    }

    // ---- containers ----

    fn append(&mut self, list: Id, items: Vec<Id>, at: usize) -> R<()> {
        self.budget.items(items.len(), ITEM_COST, at)?;
        let h = self.arena.max_height(&items);
        match self.arena.get_mut(list) {
            Some(Node::List(l)) => l.extend(items),
            _ => {
                return Err(unsupported(
                    at,
                    format!(
                        "APPEND to a {}, only lists are appended to",
                        self.arena.get(list).kind()
                    ),
                ))
            }
        }
        self.arena.raise_height(list, h, at)
    }

    fn set_items(&mut self, dict: Id, items: &[Id], at: usize) -> R<()> {
        if items.len() % 2 != 0 {
            return Err(malformed(at, "odd number of items for SETITEMS"));
        }
        for kv in items.chunks_exact(2) {
            self.keys
                .dict_insert(&mut self.arena, dict, kv[0], kv[1], &mut self.budget, at)?;
        }
        let h = self.arena.max_height(items);
        self.arena.raise_height(dict, h, at)
    }

    pub(crate) fn add_items(&mut self, set: Id, items: &[Id], at: usize) -> R<()> {
        for &i in items {
            self.keys
                .set_insert(&mut self.arena, set, i, &mut self.budget, at)?;
        }
        let h = self.arena.max_height(items);
        self.arena.raise_height(set, h, at)
    }

    /// A new set or frozenset holding `items` (deduplicated).
    pub(crate) fn new_set(&mut self, items: &[Id], frozen: bool, at: usize) -> R<Id> {
        let node = if frozen {
            Node::FrozenSet(Box::default())
        } else {
            Node::Set(None)
        };
        let id = self.push(node, at)?;
        self.arena.raise_height(id, 0, at)?;
        self.add_items(id, items, at)?;
        Ok(id)
    }

    // ---- memo ----

    fn memo_put(&mut self, key: u64, at: usize) -> R<()> {
        let id = self.top(at, "PUT")?;
        self.memo.put(key, id, at, &mut self.budget)
    }

    fn memo_get(&mut self, key: u64, at: usize) -> R<()> {
        let id = self.memo.get(key).ok_or_else(|| {
            malformed(
                at,
                format!("GET of memo entry {key}, which was never stored"),
            )
        })?;
        self.stack.push(id);
        Ok(())
    }

    // ---- globals ----

    fn global(&mut self, module: &[u8], name: &[u8], at: usize) -> R<()> {
        let g = std::str::from_utf8(module)
            .ok()
            .zip(std::str::from_utf8(name).ok())
            .and_then(|(m, n)| Global::lookup(m, n, self.proto));
        match g {
            Some(g) => self.push(Node::Global(g), at).map(drop),
            None => Err(PickleError::new(
                at,
                ErrorKind::RefusedGlobal {
                    name: FileText::new(&[module, b".", name].concat()),
                },
            )),
        }
    }

    /// The text of a str node, if it is one.
    pub(crate) fn str_of(&self, id: Id) -> Option<&str> {
        match self.arena.get(id) {
            Node::Str(t) => Some(t),
            Node::Latin1Str(b) => std::str::from_utf8(b).ok(),
            _ => None,
        }
    }

    /// Whether `id` is a str equal to `s` (any str node form).
    pub(crate) fn str_is(&self, id: Id, s: &str) -> bool {
        match self.arena.get(id) {
            Node::Str(t) => **t == *s,
            Node::Latin1Str(b) => *b == s.as_bytes(),
            _ => false,
        }
    }

    /// Bytes of a str node for STACK_GLOBAL names (raw, for the refusal message).
    fn str_bytes(&self, id: Id) -> Option<Vec<u8>> {
        match self.arena.get(id) {
            Node::Str(t) => Some(t.as_bytes().to_vec()),
            Node::Latin1Str(b) => Some(b.to_vec()),
            _ => None,
        }
    }

    // ---- the loop ----

    /// Checks the first bytes: empty files, zip archives (`torch.save`), `.npy` files and bytes no pickle
    /// starts with are named as such.
    fn check_start(&self) -> R<()> {
        const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
        const NPY_MAGIC: &[u8] = b"\x93NUMPY";
        let input = self.rd.input();
        let Some(&first) = input.first() else {
            return Err(PickleError::new(0, ErrorKind::Empty));
        };
        if input.starts_with(ZIP_MAGIC) {
            return Err(PickleError::new(0, ErrorKind::ZipArchive));
        }
        if input.starts_with(NPY_MAGIC) {
            return Err(PickleError::new(0, ErrorKind::NpyFile));
        }
        if name(first).is_none() {
            return Err(PickleError::new(
                0,
                ErrorKind::NotAPickle { first_byte: first },
            ));
        }
        Ok(())
    }

    /// Runs the pickle up to STOP and returns the id of the result.
    pub(crate) fn run(&mut self) -> R<Id> {
        self.check_start()?;
        loop {
            let Some((at, op)) = self.rd.next_opcode() else {
                return Err(PickleError::new(
                    self.rd.input().len(),
                    ErrorKind::Truncated {
                        what: "the pickle ends without its STOP opcode".into(),
                    },
                ));
            };
            self.budget.work(1, at)?;
            if op == STOP {
                return self.pop(at, "STOP");
            }
            self.step(op, at)?;
        }
    }

    fn step(&mut self, op: u8, at: usize) -> R<()> {
        match op {
            PROTO => {
                let p = self.rd.u8("PROTO")?;
                if p > HIGHEST_PROTOCOL {
                    return Err(PickleError::new(at, ErrorKind::UnsupportedProtocol { protocol: p }));
                }
                self.proto = p;
            }
            FRAME => {
                let n = self.rd.u64("FRAME")?;
                self.rd.ensure(n, "FRAME")?;
            }
            MARK => {
                if self.marks.len() >= MAX_MARKS {
                    return Err(PickleError::new(
                        at,
                        ErrorKind::TooDeep {
                            what: "MARKs",
                            limit: MAX_MARKS,
                        },
                    ));
                }
                self.marks.push(self.stack.len());
            }
            POP => {
                if self.marks.last() == Some(&self.stack.len()) {
                    self.marks.pop();
                } else {
                    self.pop(at, "POP")?;
                }
            }
            POP_MARK => {
                self.pop_mark(at, "POP_MARK")?;
            }
            DUP => {
                let id = self.top(at, "DUP")?;
                self.stack.push(id);
            }
            // ---- scalars ----
            NONE => self.stack.push(arena::NONE),
            NEWTRUE => self.stack.push(arena::TRUE),
            NEWFALSE => self.stack.push(arena::FALSE),
            INT => {
                let line = self.rd.line("INT")?;
                match text::int_line(line) {
                    Some(IntText::Bool(b)) => self.stack.push(if b { arena::TRUE } else { arena::FALSE }),
                    Some(IntText::Int(v)) => self.push_py_int(v, at)?,
                    None => return Err(bad_number(at, "INT", line, "an integer")),
                }
            }
            LONG => {
                let line = self.rd.line("LONG")?;
                let v = text::long_line(line).ok_or_else(|| bad_number(at, "LONG", line, "an integer"))?;
                self.push_py_int(v, at)?;
            }
            BININT => {
                let v = i32::from_le_bytes(self.rd.array("BININT")?);
                self.push_int(v.into(), at)?;
            }
            BININT1 => {
                let v = self.rd.u8("BININT1")?;
                self.stack.push(Arena::small_int(v));
            }
            BININT2 => {
                let v = self.rd.u16("BININT2")?;
                self.push_int(v.into(), at)?;
            }
            LONG1 => {
                let n = self.rd.u8("LONG1")?;
                let b = self.rd.take(n.into(), "LONG1")?;
                self.push_long(b, at)?;
            }
            LONG4 => {
                let n = i32::from_le_bytes(self.rd.array("LONG4")?);
                let n = usize::try_from(n)
                    .map_err(|_| malformed(at, "LONG4 with a negative byte count"))?;
                let b = self.rd.take(n, "LONG4")?;
                self.push_long(b, at)?;
            }
            FLOAT => {
                let line = self.rd.line("FLOAT")?;
                let f = text::float_line(line).map_err(|r| {
                    let expected = match r {
                        FloatRefusal::NotAFloat => "a float",
                        FloatRefusal::Overflow => "a float in range (Python raises OverflowError)",
                    };
                    bad_number(at, "FLOAT", line, expected)
                })?;
                self.push(Node::Float(f), at)?;
            }
            BINFLOAT => {
                let f = f64::from_be_bytes(self.rd.array("BINFLOAT")?);
                self.push(Node::Float(f), at)?;
            }
            // ---- strings and bytes ----
            BINUNICODE => {
                let n = self.rd.u32("BINUNICODE")?;
                let b = self.rd.take_len(n.into(), "BINUNICODE")?;
                self.push_str(b, at)?;
            }
            SHORT_BINUNICODE => {
                let n = self.rd.u8("SHORT_BINUNICODE")?;
                let b = self.rd.take(n.into(), "SHORT_BINUNICODE")?;
                self.push_str(b, at)?;
            }
            BINUNICODE8 => {
                let n = self.rd.u64("BINUNICODE8")?;
                let b = self.rd.take_len(n, "BINUNICODE8")?;
                self.push_str(b, at)?;
            }
            UNICODE => {
                let line = self.rd.line("UNICODE")?;
                self.budget.items(line.len(), 4, at)?;
                let s = text::raw_unicode_escape(line).map_err(|r| match r {
                    EscapeRefusal::Surrogate => PickleError::new(at, ErrorKind::Surrogate),
                    EscapeRefusal::BadEscape => PickleError::new(
                        at,
                        ErrorKind::InvalidText {
                            what: "UNICODE text",
                            detail: "a \\u or \\U escape is truncated, not hex, or beyond U+10FFFF".into(),
                        },
                    ),
                })?;
                self.push(Node::Str(Text::Shared(s.into())), at)?;
            }
            BINSTRING | SHORT_BINSTRING => {
                let b = if op == BINSTRING {
                    let n = self.rd.u32("BINSTRING")?;
                    self.rd.take_len(n.into(), "BINSTRING")?
                } else {
                    let n = self.rd.u8("SHORT_BINSTRING")?;
                    self.rd.take(n.into(), "SHORT_BINSTRING")?
                };
                // Python 3 reads Python 2 strings as ASCII (the default `encoding`).
                match std::str::from_utf8(b) {
                    Ok(s) if s.is_ascii() => {
                        self.push(Node::Str(Text::Borrowed(s)), at)?;
                    }
                    _ => {
                        return Err(PickleError::new(
                            at,
                            ErrorKind::InvalidText {
                                what: "Python 2 string",
                                detail: "non-ASCII bytes (Python 3 reads these strings as ASCII)".into(),
                            },
                        ))
                    }
                }
            }
            STRING => {
                return Err(refused(
                    at,
                    "STRING",
                    "Python 2 quoted strings are not read; save the data from Python 3",
                ))
            }
            SHORT_BINBYTES => {
                let n = self.rd.u8("SHORT_BINBYTES")?;
                let b = self.rd.take(n.into(), "SHORT_BINBYTES")?;
                self.push(Node::Bytes(ArrayBytes::Borrowed(b)), at)?;
            }
            BINBYTES => {
                let n = self.rd.u32("BINBYTES")?;
                let b = self.rd.take_len(n.into(), "BINBYTES")?;
                self.push(Node::Bytes(ArrayBytes::Borrowed(b)), at)?;
            }
            BINBYTES8 => {
                let n = self.rd.u64("BINBYTES8")?;
                let b = self.rd.take_len(n, "BINBYTES8")?;
                self.push(Node::Bytes(ArrayBytes::Borrowed(b)), at)?;
            }
            BYTEARRAY8 => {
                let n = self.rd.u64("BYTEARRAY8")?;
                let b = self.rd.take_len(n, "BYTEARRAY8")?;
                self.push(Node::ByteArray(ArrayBytes::Borrowed(b)), at)?;
            }
            NEXT_BUFFER => {
                return Err(refused(
                    at,
                    "NEXT_BUFFER",
                    "out-of-band buffers live outside this file; pickle the data without buffer_callback",
                ))
            }
            READONLY_BUFFER => {
                let id = self.top(at, "READONLY_BUFFER")?;
                match self.arena.get(id) {
                    Node::Bytes(_) | Node::MemoryView(_) => {} // already read-only: CPython keeps it
                    Node::ByteArray(b) => {
                        let view = Node::MemoryView(b.clone());
                        self.stack.pop();
                        self.push(view, at)?;
                    }
                    n => {
                        return Err(unsupported(
                            at,
                            format!("READONLY_BUFFER on a {}, not an in-band buffer", n.kind()),
                        ))
                    }
                }
            }
            // ---- containers ----
            EMPTY_DICT => {
                self.push_container(Node::Dict(None), 0, at)?;
            }
            EMPTY_LIST => {
                self.push_container(Node::List(Vec::new()), 0, at)?;
            }
            EMPTY_SET => {
                self.push_container(Node::Set(None), 0, at)?;
            }
            EMPTY_TUPLE => self.stack.push(arena::EMPTY_TUPLE),
            TUPLE1 | TUPLE2 | TUPLE3 => {
                let n = usize::from(op - TUPLE1) + 1;
                if self.stack.len() < self.floor() + n {
                    return Err(Self::underflow(at, name(op).unwrap_or("TUPLE")));
                }
                let items = self.stack.split_off(self.stack.len() - n);
                self.budget.items(n, ITEM_COST, at)?;
                let h = self.arena.max_height(&items);
                self.push_container(Node::Tuple(items.into_boxed_slice()), h, at)?;
            }
            TUPLE => {
                let items = self.pop_mark(at, "TUPLE")?;
                if items.is_empty() {
                    self.stack.push(arena::EMPTY_TUPLE);
                } else {
                    self.budget.items(items.len(), ITEM_COST, at)?;
                    let h = self.arena.max_height(&items);
                    self.push_container(Node::Tuple(items.into_boxed_slice()), h, at)?;
                }
            }
            LIST => {
                let items = self.pop_mark(at, "LIST")?;
                self.budget.items(items.len(), ITEM_COST, at)?;
                let h = self.arena.max_height(&items);
                self.push_container(Node::List(items), h, at)?;
            }
            DICT => {
                let items = self.pop_mark(at, "DICT")?;
                if items.len() % 2 != 0 {
                    return Err(malformed(at, "odd number of items for DICT"));
                }
                let id = self.push_container(Node::Dict(None), 0, at)?;
                self.set_items(id, &items, at)?;
            }
            FROZENSET => {
                let items = self.pop_mark(at, "FROZENSET")?;
                self.new_set(&items, true, at)?;
            }
            APPEND => {
                let v = self.pop(at, "APPEND")?;
                let l = self.top(at, "APPEND")?;
                self.append(l, vec![v], at)?;
            }
            APPENDS => {
                let items = self.pop_mark(at, "APPENDS")?;
                let l = self.top(at, "APPENDS")?;
                if !items.is_empty() {
                    self.append(l, items, at)?;
                }
            }
            SETITEM => {
                let v = self.pop(at, "SETITEM")?;
                let k = self.pop(at, "SETITEM")?;
                let d = self.top(at, "SETITEM")?;
                self.set_items(d, &[k, v], at)?;
            }
            SETITEMS => {
                let items = self.pop_mark(at, "SETITEMS")?;
                let d = self.top(at, "SETITEMS")?;
                if !items.is_empty() {
                    self.set_items(d, &items, at)?;
                }
            }
            ADDITEMS => {
                let items = self.pop_mark(at, "ADDITEMS")?;
                let s = self.top(at, "ADDITEMS")?;
                if !items.is_empty() {
                    // CPython adds through `set.update`; a frozenset has no `add` and raises.
                    if !matches!(self.arena.get(s), Node::Set(_)) {
                        return Err(malformed(
                            at,
                            format!(
                                "ADDITEMS on a {}: only a set can be added to (Python raises AttributeError)",
                                self.arena.get(s).kind()
                            ),
                        ));
                    }
                    self.add_items(s, &items, at)?;
                }
            }
            // ---- memo ----
            PUT => {
                let line = self.rd.line("PUT")?;
                let k = text::memo_index_line(line)
                    .ok_or_else(|| bad_number(at, "PUT", line, "a memo index"))?;
                self.memo_put(k, at)?;
            }
            BINPUT => {
                let k = self.rd.u8("BINPUT")?;
                self.memo_put(k.into(), at)?;
            }
            LONG_BINPUT => {
                let k = self.rd.u32("LONG_BINPUT")?;
                self.memo_put(k.into(), at)?;
            }
            MEMOIZE => {
                let k = self.memo.count();
                self.memo_put(k, at)?;
            }
            GET => {
                let line = self.rd.line("GET")?;
                let k = text::memo_index_line(line)
                    .ok_or_else(|| bad_number(at, "GET", line, "a memo index"))?;
                self.memo_get(k, at)?;
            }
            BINGET => {
                let k = self.rd.u8("BINGET")?;
                self.memo_get(k.into(), at)?;
            }
            LONG_BINGET => {
                let k = self.rd.u32("LONG_BINGET")?;
                self.memo_get(k.into(), at)?;
            }
            // ---- globals and calls ----
            GLOBAL => {
                let m = self.rd.line("GLOBAL module")?;
                let n = self.rd.line("GLOBAL name")?;
                if m.is_empty() || n.is_empty() {
                    return Err(malformed(at, "GLOBAL with an empty module or name"));
                }
                self.global(m, n, at)?;
            }
            STACK_GLOBAL => {
                let n = self.pop(at, "STACK_GLOBAL")?;
                let m = self.pop(at, "STACK_GLOBAL")?;
                let (Some(m), Some(n)) = (self.str_bytes(m), self.str_bytes(n)) else {
                    return Err(malformed(at, "STACK_GLOBAL requires two str"));
                };
                self.global(&m, &n, at)?;
            }
            REDUCE => self.reduce(at)?,
            BUILD => self.build(at)?,
            INST => {
                let m = self.rd.line("INST module")?;
                let n = self.rd.line("INST name")?;
                let allowed = std::str::from_utf8(m)
                    .ok()
                    .zip(std::str::from_utf8(n).ok())
                    .and_then(|(m, n)| Global::lookup(m, n, self.proto))
                    .is_some();
                return Err(if allowed {
                    refused(at, "INST", "class instances are not read; only numpy arrays and plain data")
                } else {
                    PickleError::new(
                        at,
                        ErrorKind::RefusedGlobal {
                            name: FileText::new(&[m, b".", n].concat()),
                        },
                    )
                });
            }
            OBJ | NEWOBJ | NEWOBJ_EX => {
                return Err(refused(
                    at,
                    name(op).unwrap_or("OBJ"),
                    "class instances are not read; only numpy arrays and plain data",
                ))
            }
            PERSID | BINPERSID => {
                return Err(refused(
                    at,
                    name(op).unwrap_or("PERSID"),
                    "persistent ids refer to data outside this file",
                ))
            }
            EXT1 | EXT2 | EXT4 => {
                return Err(refused(
                    at,
                    name(op).unwrap_or("EXT"),
                    "extension registry codes name classes outside this file",
                ))
            }
            _ => return Err(PickleError::new(at, ErrorKind::UnknownOpcode { opcode: op })),
        }
        Ok(())
    }
}
