//! The pickle virtual machine: opcode reading (protocols 0-5), the stack, marks and memo over an arena of
//! shared nodes, the allow-list of globals and what REDUCE/BUILD may do with them, and the final conversion
//! of the arena into a [`Value`] tree.
//!
//! Objects live in an arena and are referred to by index, so the memo shares them exactly as Python does:
//! BUILD on a memoised dtype or array changes the object every later GET returns. Limits (nesting depth,
//! arena size, a work budget proportional to the input length) keep hostile inputs short-lived; the stack
//! and memo grow by at most one entry per opcode, so by at most the input length.

use std::collections::{HashMap, HashSet};

use super::numpy::{self, ByteOrder, Dtype, MAX_DIMS};
use super::{NdArray, PickleError, Scalar, Value};

/// Deepest container nesting accepted (real files nest 3 deep).
pub(crate) const MAX_DEPTH: usize = 200;
/// Most objects one pickle may create.
pub(crate) const MAX_NODES: usize = 1 << 22;
/// Work units (about one object or 8 bytes copied) granted per input byte, plus a fixed allowance.
const WORK_PER_BYTE: u64 = 32;
const WORK_BASE: u64 = 1 << 20;

type Id = u32;

/// Bytes either borrowed from the input (by range) or owned.
#[derive(Debug)]
enum Buf {
    In(usize, usize),
    Own(Vec<u8>),
}

/// A global from the allow-list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Global {
    Reconstruct,
    FromBuffer,
    ScalarFn,
    Ndarray,
    DtypeType,
    CodecsEncode,
    Bytes,
    ByteArray,
    Set,
    FrozenSet,
}

impl Global {
    fn lookup(module: &str, name: &str) -> Option<Global> {
        let np_core = |m: &str, sub: &str| {
            m.strip_prefix("numpy.core.")
                .or_else(|| m.strip_prefix("numpy._core."))
                == Some(sub)
        };
        let builtins = module == "builtins" || module == "__builtin__";
        Some(match name {
            "_reconstruct" if np_core(module, "multiarray") => Global::Reconstruct,
            "_frombuffer" if np_core(module, "numeric") => Global::FromBuffer,
            "scalar" if np_core(module, "multiarray") => Global::ScalarFn,
            "ndarray" if module == "numpy" => Global::Ndarray,
            "dtype" if module == "numpy" => Global::DtypeType,
            "encode" if module == "_codecs" => Global::CodecsEncode,
            "bytes" if builtins => Global::Bytes,
            "bytearray" if builtins => Global::ByteArray,
            "set" if builtins => Global::Set,
            "frozenset" if builtins => Global::FrozenSet,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Global::Reconstruct => "numpy.core.multiarray._reconstruct",
            Global::FromBuffer => "numpy.core.numeric._frombuffer",
            Global::ScalarFn => "numpy.core.multiarray.scalar",
            Global::Ndarray => "numpy.ndarray",
            Global::DtypeType => "numpy.dtype",
            Global::CodecsEncode => "_codecs.encode",
            Global::Bytes => "builtins.bytes",
            Global::ByteArray => "builtins.bytearray",
            Global::Set => "builtins.set",
            Global::FrozenSet => "builtins.frozenset",
        }
    }
}

/// Identity of a hashable key, for Python's dict/set de-duplication (`1 == 1.0 == True`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Fp {
    None,
    Int(i128),
    Float(u64),
    Str(String),
    Bytes(Vec<u8>),
    Tuple(Vec<Fp>),
    Ident(Id),
}

#[derive(Debug, Default)]
struct DictNode {
    items: Vec<(Id, Id)>,
    index: HashMap<Fp, usize>,
}

#[derive(Debug, Default)]
struct SetNode {
    items: Vec<Id>,
    index: HashSet<Fp>,
}

#[derive(Debug)]
enum Node {
    None,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    /// A long str still in the input (UTF-8 range) whose code points are all below 0x100, checked branch-free:
    /// protocol 0-2 array data, which `_codecs.encode` turns into bytes without a full UTF-8 validation.
    Latin1(usize, usize),
    Bytes(Buf),
    ByteArray(Buf),
    List(Vec<Id>),
    Tuple(Vec<Id>),
    Dict(Box<DictNode>),
    Set(Box<SetNode>),
    FrozenSet(Box<SetNode>),
    Global(Global),
    Dtype(Dtype),
    /// `_reconstruct(ndarray, (0,), b'b')` awaiting its BUILD.
    PendingArray,
    Array(Box<NdArray>),
    Scalar(Scalar),
}

impl Node {
    fn kind(&self) -> &'static str {
        match self {
            Node::None => "None",
            Node::Bool(_) => "bool",
            Node::Int(_) => "int",
            Node::Float(_) => "float",
            Node::Str(_) | Node::Latin1(..) => "str",
            Node::Bytes(_) => "bytes",
            Node::ByteArray(_) => "bytearray",
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
}

fn trunc(offset: usize, what: impl Into<String>) -> PickleError {
    PickleError::Truncated {
        offset,
        what: what.into(),
    }
}
fn malformed(offset: usize, what: impl Into<String>) -> PickleError {
    PickleError::Malformed {
        offset,
        what: what.into(),
    }
}
fn unsupported(offset: usize, what: impl Into<String>) -> PickleError {
    PickleError::Unsupported {
        offset,
        what: what.into(),
    }
}

pub(crate) struct Machine<'a> {
    input: &'a [u8],
    pos: usize,
    /// Offset of the opcode being run (truncation errors name it).
    op_at: usize,
    nodes: Vec<Node>,
    born: Vec<usize>,
    stack: Vec<Id>,
    marks: Vec<usize>,
    memo: HashMap<u64, Id>,
    work: u64,
    work_limit: u64,
}

type R<T> = Result<T, PickleError>;

impl<'a> Machine<'a> {
    pub(crate) fn new(input: &'a [u8]) -> Self {
        Machine {
            input,
            pos: 0,
            op_at: 0,
            nodes: Vec::new(),
            born: Vec::new(),
            stack: Vec::new(),
            marks: Vec::new(),
            memo: HashMap::new(),
            work: 0,
            work_limit: WORK_BASE.saturating_add(WORK_PER_BYTE.saturating_mul(input.len() as u64)),
        }
    }

    // ---- budget and input ----

    fn charge(&mut self, units: u64, at: usize) -> R<()> {
        self.work = self.work.saturating_add(units);
        if self.work > self.work_limit {
            return Err(unsupported(
                at,
                "pickle needs too much work for its size (huge shared or repeated objects); it is not a plain data file",
            ));
        }
        Ok(())
    }

    fn take(&mut self, n: usize, what: &str) -> R<&'a [u8]> {
        let start = self.pos;
        let end = start.checked_add(n).filter(|&e| e <= self.input.len());
        match end {
            Some(e) => {
                self.pos = e;
                Ok(&self.input[start..e])
            }
            None => Err(trunc(
                self.op_at,
                format!(
                    "{what} needs {n} bytes, only {} remain",
                    self.input.len() - start
                ),
            )),
        }
    }

    fn take_range(&mut self, n: u64, what: &str) -> R<(usize, usize)> {
        let n = usize::try_from(n)
            .map_err(|_| trunc(self.op_at, format!("{what} claims {n} bytes")))?;
        let start = self.pos;
        self.take(n, what)?;
        Ok((start, start + n))
    }

    fn u8(&mut self, what: &str) -> R<u8> {
        Ok(self.take(1, what)?[0])
    }
    fn u16(&mut self, what: &str) -> R<u16> {
        let b = self.take(2, what)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&mut self, what: &str) -> R<u32> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self, what: &str) -> R<u64> {
        let b = self.take(8, what)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }

    /// A text argument up to (not including) `\n`.
    fn line(&mut self, what: &str) -> R<&'a [u8]> {
        let rest = &self.input[self.pos..];
        match rest.iter().position(|&b| b == b'\n') {
            Some(i) => {
                self.pos += i + 1;
                Ok(&rest[..i])
            }
            None => Err(trunc(
                self.op_at,
                format!("{what} has no terminating newline"),
            )),
        }
    }

    /// The decimal memo index of a protocol-0 PUT/GET line.
    fn memo_index_line(&mut self, op: &str, at: usize) -> R<u64> {
        self.ascii_line(op, at)?
            .parse::<u64>()
            .map_err(|_| malformed(at, format!("{op} index is not a number")))
    }

    fn ascii_line(&mut self, what: &str, at: usize) -> R<&'a str> {
        let l = self.line(what)?;
        std::str::from_utf8(l)
            .ok()
            .filter(|s| s.is_ascii())
            .ok_or_else(|| malformed(at, format!("{what} is not ASCII text")))
    }

    // ---- arena and stack ----

    fn alloc(&mut self, n: Node, at: usize) -> R<Id> {
        if self.nodes.len() >= MAX_NODES {
            return Err(unsupported(
                at,
                format!("more than {MAX_NODES} objects in one pickle"),
            ));
        }
        self.nodes.push(n);
        self.born.push(at);
        Ok((self.nodes.len() - 1) as Id)
    }

    fn push(&mut self, n: Node, at: usize) -> R<()> {
        let id = self.alloc(n, at)?;
        self.stack.push(id);
        Ok(())
    }

    fn floor(&self) -> usize {
        self.marks.last().copied().unwrap_or(0)
    }

    fn pop(&mut self, at: usize, op: &str) -> R<Id> {
        if self.stack.len() <= self.floor() {
            return Err(malformed(at, format!("{op} on an empty stack")));
        }
        self.stack
            .pop()
            .ok_or_else(|| malformed(at, format!("{op} on an empty stack")))
    }

    fn top(&self, at: usize, op: &str) -> R<Id> {
        if self.stack.len() <= self.floor() {
            return Err(malformed(at, format!("{op} on an empty stack")));
        }
        self.stack
            .last()
            .copied()
            .ok_or_else(|| malformed(at, format!("{op} on an empty stack")))
    }

    fn pop_mark(&mut self, at: usize, op: &str) -> R<Vec<Id>> {
        let m = self
            .marks
            .pop()
            .ok_or_else(|| malformed(at, format!("{op} without a MARK")))?;
        Ok(self.stack.split_off(m.min(self.stack.len())))
    }

    fn node(&self, id: Id) -> &Node {
        // ids come from `alloc`, always in range; `None` is a harmless fallback.
        self.nodes.get(id as usize).unwrap_or(&Node::None)
    }

    fn memo_put(&mut self, key: u64, at: usize) -> R<()> {
        let id = self.top(at, "PUT")?;
        self.memo.insert(key, id);
        Ok(())
    }

    fn memo_get(&mut self, key: u64, at: usize) -> R<()> {
        let id = *self.memo.get(&key).ok_or_else(|| {
            malformed(
                at,
                format!("GET of memo entry {key}, which was never stored"),
            )
        })?;
        self.stack.push(id);
        Ok(())
    }

    /// Raw bytes of a bytes/bytearray node, copied out (owned) only when needed by the caller.
    fn raw(&self, id: Id) -> Option<&[u8]> {
        match self.node(id) {
            Node::Bytes(b) | Node::ByteArray(b) => Some(match b {
                Buf::In(s, e) => self.input.get(*s..*e).unwrap_or(&[]),
                Buf::Own(v) => v.as_slice(),
            }),
            _ => None,
        }
    }

    fn str_of(&self, id: Id) -> Option<&str> {
        match self.node(id) {
            Node::Str(s) => Some(s),
            Node::Latin1(s, e) => self
                .input
                .get(*s..*e)
                .and_then(|b| std::str::from_utf8(b).ok()),
            _ => None,
        }
    }

    fn int_of(&self, id: Id) -> Option<i128> {
        match self.node(id) {
            Node::Int(i) => Some(*i),
            Node::Bool(b) => Some(*b as i128),
            _ => None,
        }
    }

    // ---- hashing keys ----

    fn fingerprint(&mut self, id: Id, depth: usize, at: usize) -> R<Fp> {
        if depth > MAX_DEPTH {
            return Err(unsupported(
                at,
                format!("key nested deeper than {MAX_DEPTH}"),
            ));
        }
        self.charge(4, at)?; // a key's fingerprint allocates: weigh it more than a copy
        let fp = match self.node(id) {
            Node::None => Fp::None,
            Node::Bool(b) => Fp::Int(*b as i128),
            Node::Int(i) => Fp::Int(*i),
            Node::Float(f) => float_fp(*f, id),
            Node::Scalar(Scalar::Float { value, .. }) => float_fp(*value, id),
            Node::Scalar(Scalar::Int { value, .. }) => Fp::Int(*value),
            Node::Scalar(Scalar::Bool(b)) => Fp::Int(*b as i128),
            Node::Str(_) | Node::Latin1(..) => {
                let s = self.str_of(id).unwrap_or_default().to_string();
                self.charge(s.len() as u64 / 8, at)?;
                Fp::Str(s)
            }
            Node::Bytes(_) => {
                let v = self.raw(id).unwrap_or(&[]).to_vec();
                self.charge(v.len() as u64 / 8, at)?;
                Fp::Bytes(v)
            }
            Node::Tuple(items) => {
                let items = items.clone();
                let mut fps = Vec::with_capacity(items.len());
                for i in items {
                    fps.push(self.fingerprint(i, depth + 1, at)?);
                }
                Fp::Tuple(fps)
            }
            Node::FrozenSet(_) | Node::Global(_) | Node::Dtype(_) => Fp::Ident(id),
            n => {
                return Err(malformed(
                    at,
                    format!("unhashable {} used as a dict key or set item", n.kind()),
                ))
            }
        };
        Ok(fp)
    }

    fn dict_insert(&mut self, dict: Id, k: Id, v: Id, at: usize) -> R<()> {
        let fp = self.fingerprint(k, 0, at)?;
        match self.nodes.get_mut(dict as usize) {
            Some(Node::Dict(d)) => {
                match d.index.get(&fp) {
                    Some(&i) => {
                        if let Some(slot) = d.items.get_mut(i) {
                            slot.1 = v; // Python keeps the first key and the last value
                        }
                    }
                    None => {
                        d.index.insert(fp, d.items.len());
                        d.items.push((k, v));
                    }
                }
                Ok(())
            }
            Some(n) => Err(malformed(
                at,
                format!("SETITEM on a {}, not a dict", n.kind()),
            )),
            None => Err(malformed(at, "SETITEM on nothing")),
        }
    }

    fn set_insert(&mut self, set: Id, item: Id, at: usize) -> R<()> {
        let fp = self.fingerprint(item, 0, at)?;
        match self.nodes.get_mut(set as usize) {
            Some(Node::Set(s)) | Some(Node::FrozenSet(s)) => {
                if s.index.insert(fp) {
                    s.items.push(item);
                }
                Ok(())
            }
            Some(n) => Err(malformed(
                at,
                format!("ADDITEMS on a {}, not a set", n.kind()),
            )),
            None => Err(malformed(at, "ADDITEMS on nothing")),
        }
    }

    fn new_set(&mut self, items: Vec<Id>, frozen: bool, at: usize) -> R<Id> {
        let node = SetNode::default();
        let id = self.alloc(
            if frozen {
                Node::FrozenSet(Box::new(node))
            } else {
                Node::Set(Box::new(node))
            },
            at,
        )?;
        for i in items {
            self.set_insert(id, i, at)?;
        }
        Ok(id)
    }

    fn list_append(&mut self, list: Id, items: Vec<Id>, at: usize) -> R<()> {
        match self.nodes.get_mut(list as usize) {
            Some(Node::List(l)) => {
                l.extend(items);
                Ok(())
            }
            Some(n) => Err(malformed(
                at,
                format!("APPEND on a {}, not a list", n.kind()),
            )),
            None => Err(malformed(at, "APPEND on nothing")),
        }
    }

    // ---- globals, REDUCE, BUILD ----

    fn global(&mut self, module: &str, name: &str, at: usize) -> R<()> {
        match Global::lookup(module, name) {
            Some(g) => self.push(Node::Global(g), at),
            None => Err(PickleError::RefusedGlobal {
                name: numpy::short(&format!("{module}.{name}")),
                offset: at,
            }),
        }
    }

    fn dtype_arg(&self, id: Id, at: usize, what: &str) -> R<Dtype> {
        match self.node(id) {
            Node::Dtype(d) => Ok(*d),
            n => Err(malformed(
                at,
                format!("{what} expects a numpy dtype, got a {}", n.kind()),
            )),
        }
    }

    fn shape_arg(&self, id: Id, at: usize) -> R<Vec<usize>> {
        let items = match self.node(id) {
            Node::Tuple(t) | Node::List(t) => t,
            Node::Int(_) => std::slice::from_ref(&id),
            n => {
                return Err(malformed(
                    at,
                    format!("array shape is a {}, not a tuple", n.kind()),
                ))
            }
        };
        if items.len() > MAX_DIMS {
            return Err(unsupported(
                at,
                format!(
                    "array with {} dimensions (numpy allows {MAX_DIMS})",
                    items.len()
                ),
            ));
        }
        items
            .iter()
            .map(|&d| {
                self.int_of(d)
                    .and_then(|i| usize::try_from(i).ok())
                    .ok_or_else(|| {
                        malformed(
                            at,
                            "array shape holds something other than a non-negative int",
                        )
                    })
            })
            .collect()
    }

    fn latin1(&self, id: Id, at: usize) -> R<Vec<u8>> {
        let b: &[u8] = match self.node(id) {
            Node::Str(s) => s.as_bytes(),
            Node::Latin1(s, e) => self.input.get(*s..*e).unwrap_or(&[]),
            n => {
                return Err(malformed(
                    at,
                    format!("_codecs.encode expects a str, got a {}", n.kind()),
                ))
            }
        };
        // Valid UTF-8 already: with no byte >= 0xC4 every code point is below 0x100, ASCII or a 0xC2/0xC3
        // lead plus one continuation. Branch-free loop: random data would mispredict a branchy one.
        if let Some(i) = b.iter().position(|&c| c >= 0xC4) {
            let c = std::str::from_utf8(&b[i..])
                .ok()
                .and_then(|t| t.chars().next())
                .map_or(0, |c| c as u32);
            return Err(malformed(
                at,
                format!("latin-1 text holds U+{c:04X}, which is not a byte"),
            ));
        }
        let mut out = vec![0u8; b.len()];
        let mut j = 0usize;
        let mut pending = 0u8;
        for &c in b {
            let cont = (c & 0xC0) == 0x80;
            let v = if cont { pending | (c & 0x3F) } else { c };
            if let Some(o) = out.get_mut(j) {
                *o = v;
            }
            pending = (c & 0x03) << 6;
            j += usize::from(c < 0xC0);
        }
        out.truncate(j);
        Ok(out)
    }

    fn encoding_ok(&self, id: Id) -> bool {
        matches!(
            self.str_of(id),
            Some("latin1" | "latin-1" | "latin_1" | "iso-8859-1" | "iso8859-1")
        )
    }

    fn reduce(&mut self, at: usize) -> R<()> {
        let args_id = self.pop(at, "REDUCE")?;
        let f_id = self.pop(at, "REDUCE")?;
        let g = match self.node(f_id) {
            Node::Global(g) => *g,
            n => {
                return Err(unsupported(
                    at,
                    format!(
                        "REDUCE calls a {}, only allow-listed globals are called",
                        n.kind()
                    ),
                ))
            }
        };
        let args: Vec<Id> = match self.node(args_id) {
            Node::Tuple(t) => t.clone(),
            n => {
                return Err(malformed(
                    at,
                    format!("REDUCE arguments are a {}, not a tuple", n.kind()),
                ))
            }
        };
        let bad_args = |what: &str| malformed(at, format!("{} called with {what}", g.name()));
        let node = match g {
            Global::Reconstruct => {
                let [cls, _, _] = args[..] else {
                    return Err(bad_args("other than 3 arguments"));
                };
                if !matches!(self.node(cls), Node::Global(Global::Ndarray)) {
                    return Err(unsupported(
                        at,
                        format!(
                            "{} of a {}, only numpy.ndarray is read",
                            g.name(),
                            self.node(cls).kind()
                        ),
                    ));
                }
                Node::PendingArray
            }
            Global::FromBuffer => {
                let [buf, dt, shape, order] = args[..] else {
                    return Err(bad_args("other than 4 arguments"));
                };
                let dtype = self.dtype_arg(dt, at, g.name())?;
                let shape = self.shape_arg(shape, at)?;
                let fortran = match self.str_of(order) {
                    Some("C") | Some("A") | Some("K") => false,
                    Some("F") => true,
                    _ => return Err(bad_args("an order other than 'C' or 'F'")),
                };
                let raw = self
                    .raw(buf)
                    .ok_or_else(|| bad_args("a buffer that is not in-band bytes"))?;
                let n = raw.len() as u64;
                let a = numpy::make_array(dtype, shape, fortran, raw, at)?;
                self.charge(n / 8, at)?;
                Node::Array(Box::new(a))
            }
            Global::ScalarFn => {
                let [dt, raw] = args[..] else {
                    return Err(bad_args("other than 2 arguments"));
                };
                let dtype = self.dtype_arg(dt, at, g.name())?;
                let raw = self
                    .raw(raw)
                    .ok_or_else(|| bad_args("something other than bytes (an object scalar?)"))?;
                Node::Scalar(numpy::make_scalar(dtype, raw, at)?)
            }
            Global::DtypeType => {
                let Some(&first) = args.first() else {
                    return Err(bad_args("no arguments"));
                };
                if args.len() > 3 {
                    return Err(bad_args("more than 3 arguments"));
                }
                let s = match self.node(first) {
                    Node::Str(s) => s.clone(),
                    Node::List(_) | Node::Tuple(_) | Node::Dict(_) => {
                        return Err(unsupported(
                            at,
                            "structured/record dtype; save each field as its own numeric array",
                        ))
                    }
                    n => return Err(bad_args(&format!("a {}", n.kind()))),
                };
                Node::Dtype(numpy::parse_dtype(&s).map_err(|w| unsupported(at, w))?)
            }
            Global::CodecsEncode => {
                let [text, enc] = args[..] else {
                    return Err(bad_args("other than 2 arguments"));
                };
                if !self.encoding_ok(enc) {
                    return Err(unsupported(
                        at,
                        "_codecs.encode with an encoding other than latin-1",
                    ));
                }
                let v = self.latin1(text, at)?;
                self.charge(v.len() as u64 / 8, at)?;
                Node::Bytes(Buf::Own(v))
            }
            Global::Bytes | Global::ByteArray => {
                let v = match args[..] {
                    [] => Vec::new(),
                    [b] if self.raw(b).is_some() => self.raw(b).unwrap_or(&[]).to_vec(),
                    [t, enc] if self.str_of(t).is_some() && self.encoding_ok(enc) => {
                        self.latin1(t, at)?
                    }
                    _ => {
                        return Err(bad_args(
                            "arguments other than (), (bytes,) or (str, 'latin-1')",
                        ))
                    }
                };
                self.charge(v.len() as u64 / 8, at)?;
                if g == Global::Bytes {
                    Node::Bytes(Buf::Own(v))
                } else {
                    Node::ByteArray(Buf::Own(v))
                }
            }
            Global::Set | Global::FrozenSet => {
                let items = match args[..] {
                    [] => Vec::new(),
                    [c] => match self.node(c) {
                        Node::List(v) | Node::Tuple(v) => v.clone(),
                        Node::Set(s) | Node::FrozenSet(s) => s.items.clone(),
                        n => return Err(bad_args(&format!("a {}", n.kind()))),
                    },
                    _ => return Err(bad_args("more than one argument")),
                };
                self.charge(items.len() as u64, at)?;
                let id = self.new_set(items, g == Global::FrozenSet, at)?;
                self.stack.push(id);
                return Ok(());
            }
            Global::Ndarray => return Err(unsupported(at, "calling numpy.ndarray directly")),
        };
        self.push(node, at)
    }

    fn build(&mut self, at: usize) -> R<()> {
        let state = self.pop(at, "BUILD")?;
        let target = self.top(at, "BUILD")?;
        let st: Vec<Id> = match self.node(state) {
            Node::Tuple(t) => t.clone(),
            n => {
                return Err(unsupported(
                    at,
                    format!(
                        "BUILD with a {} state on a {}",
                        n.kind(),
                        self.node(target).kind()
                    ),
                ))
            }
        };
        let new = match self.node(target) {
            Node::Dtype(d) => {
                // (version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata])
                if st.len() < 5 {
                    return Err(malformed(at, "numpy dtype state shorter than 5 items"));
                }
                let order = self
                    .str_of(st[1])
                    .and_then(ByteOrder::from_char)
                    .ok_or_else(|| malformed(at, "numpy dtype byte order is not one of < > | ="))?;
                if st[2..5]
                    .iter()
                    .any(|&i| !matches!(self.node(i), Node::None))
                {
                    return Err(unsupported(at, "structured/record or subarray dtype; save each field as its own numeric array"));
                }
                Node::Dtype(Dtype { ty: d.ty, order })
            }
            Node::PendingArray => {
                // ([version,] shape, dtype, is_fortran, raw)
                let st = match st.len() {
                    5 => &st[1..],
                    4 => &st[..],
                    n => {
                        return Err(malformed(
                            at,
                            format!("numpy array state has {n} items, not 4 or 5"),
                        ))
                    }
                };
                let shape = self.shape_arg(st[0], at)?;
                let dtype = self.dtype_arg(st[1], at, "numpy array state")?;
                let fortran = self
                    .int_of(st[2])
                    .ok_or_else(|| malformed(at, "numpy array is_fortran flag is not a bool"))?
                    != 0;
                let raw = match self.raw(st[3]) {
                    Some(r) => r,
                    None => return Err(match self.node(st[3]) {
                        Node::List(_) => unsupported(
                            at,
                            "object array (its elements are Python objects); save a numeric array",
                        ),
                        n => {
                            malformed(at, format!("numpy array data is a {}, not bytes", n.kind()))
                        }
                    }),
                };
                let n = raw.len() as u64;
                let a = numpy::make_array(dtype, shape, fortran, raw, at)?;
                self.charge(n / 8, at)?;
                Node::Array(Box::new(a))
            }
            n => {
                return Err(unsupported(
                    at,
                    format!("BUILD (setting the state) of a {}", n.kind()),
                ))
            }
        };
        if let Some(slot) = self.nodes.get_mut(target as usize) {
            *slot = new;
        }
        Ok(())
    }

    // ---- the opcode loop ----

    fn utf8(&self, b: &[u8], at: usize) -> R<String> {
        match std::str::from_utf8(b) {
            Ok(s) => Ok(s.to_string()),
            Err(e) => {
                let i = e.valid_up_to();
                if b.get(i) == Some(&0xED)
                    && b.get(i + 1).is_some_and(|&c| (0xA0..=0xBF).contains(&c))
                {
                    Err(unsupported(
                        at,
                        "string holds a lone surrogate, which is not Unicode text",
                    ))
                } else {
                    Err(malformed(
                        at,
                        format!("string is not valid UTF-8 (at its byte {i})"),
                    ))
                }
            }
        }
    }

    fn push_str(&mut self, n: u64, at: usize) -> R<()> {
        let (s, e) = self.take_range(n, "string")?;
        if e - s >= 256 && latin1_shaped(&self.input[s..e]) {
            return self.push(Node::Latin1(s, e), at);
        }
        let st = self.utf8(&self.input[s..e], at)?;
        self.push(Node::Str(st), at)
    }

    fn long(&mut self, b: &[u8], at: usize) -> R<()> {
        if b.is_empty() {
            return self.push(Node::Int(0), at);
        }
        let neg = b[b.len() - 1] & 0x80 != 0;
        let fill = if neg { 0xFF } else { 0 };
        if b.len() > 16 && (b[16..].iter().any(|&x| x != fill) || ((b[15] & 0x80 != 0) != neg)) {
            return Err(unsupported(at, "integer beyond the 128-bit range"));
        }
        let mut a = [fill; 16];
        let n = b.len().min(16);
        a[..n].copy_from_slice(&b[..n]);
        self.push(Node::Int(i128::from_le_bytes(a)), at)
    }

    fn text_int(&self, s: &str, at: usize) -> R<i128> {
        let t = s.strip_suffix('L').unwrap_or(s);
        t.parse::<i128>().map_err(|_| {
            if !t.is_empty()
                && t.trim_start_matches(['-', '+'])
                    .bytes()
                    .all(|c| c.is_ascii_digit())
            {
                unsupported(at, "integer beyond the 128-bit range")
            } else {
                malformed(at, format!("`{}` is not an integer", numpy::short(s)))
            }
        })
    }

    /// Runs the pickle up to STOP and returns the id of the result.
    pub(crate) fn run(&mut self) -> R<Id> {
        if self.input.is_empty() {
            return Err(PickleError::NotAPickle("the file is empty".into()));
        }
        let first = self.input[0];
        if first != 0x80 && !b"(.0123FIJKLMNPQRSTUVXabcdegh}ijlopqrst)uG]".contains(&first) {
            return Err(PickleError::NotAPickle(format!(
                "byte 0 is 0x{first:02x}, which starts no pickle; choose the .pkl file written by the sweep"
            )));
        }
        loop {
            let at = self.pos;
            self.op_at = at;
            if at >= self.input.len() {
                return Err(trunc(at, "the pickle ends without its STOP opcode"));
            }
            let op = self.u8("opcode")?;
            match op {
                0x80 => {
                    let p = self.u8("PROTO")?;
                    if p > 5 {
                        return Err(unsupported(
                            at,
                            format!("pickle protocol {p} (0-5 are read)"),
                        ));
                    }
                }
                0x95 => {
                    let n = self.u64("FRAME")?;
                    if n > (self.input.len() - self.pos) as u64 {
                        return Err(trunc(
                            at,
                            format!(
                                "FRAME of {n} bytes but only {} remain",
                                self.input.len() - self.pos
                            ),
                        ));
                    }
                }
                b'.' => {
                    let id = self.pop(at, "STOP")?;
                    return Ok(id);
                }
                b'(' => {
                    if self.marks.len() >= MAX_DEPTH * 4 {
                        return Err(unsupported(
                            at,
                            format!("more than {} open MARKs (nesting too deep)", MAX_DEPTH * 4),
                        ));
                    }
                    self.marks.push(self.stack.len());
                }
                b'0' => {
                    if self.stack.len() > self.floor() {
                        self.stack.pop();
                    } else {
                        self.pop_mark(at, "POP")?;
                    }
                }
                b'1' => {
                    self.pop_mark(at, "POP_MARK")?;
                }
                b'2' => {
                    let id = self.top(at, "DUP")?;
                    self.stack.push(id);
                }
                // ---- scalars ----
                b'N' => self.push(Node::None, at)?,
                0x88 => self.push(Node::Bool(true), at)?,
                0x89 => self.push(Node::Bool(false), at)?,
                b'I' => {
                    let s = self.ascii_line("INT", at)?;
                    let n = match s {
                        "01" => Node::Bool(true),
                        "00" => Node::Bool(false),
                        _ => Node::Int(self.text_int(s, at)?),
                    };
                    self.push(n, at)?;
                }
                b'L' => {
                    let s = self.ascii_line("LONG", at)?;
                    let i = self.text_int(s, at)?;
                    self.push(Node::Int(i), at)?;
                }
                b'J' => {
                    let v = self.u32("BININT")? as i32;
                    self.push(Node::Int(v.into()), at)?;
                }
                b'K' => {
                    let v = self.u8("BININT1")?;
                    self.push(Node::Int(v.into()), at)?;
                }
                b'M' => {
                    let v = self.u16("BININT2")?;
                    self.push(Node::Int(v.into()), at)?;
                }
                0x8a => {
                    let n = self.u8("LONG1")? as usize;
                    let b = self.take(n, "LONG1")?;
                    self.long(b, at)?;
                }
                0x8b => {
                    let n = self.u32("LONG4")? as usize;
                    let b = self.take(n, "LONG4")?;
                    self.long(b, at)?;
                }
                b'F' => {
                    let s = self.ascii_line("FLOAT", at)?;
                    let f = s.parse::<f64>().map_err(|_| {
                        malformed(at, format!("`{}` is not a float", numpy::short(s)))
                    })?;
                    self.push(Node::Float(f), at)?;
                }
                b'G' => {
                    let b = self.take(8, "BINFLOAT")?;
                    let mut a = [0u8; 8];
                    a.copy_from_slice(b);
                    self.push(Node::Float(f64::from_be_bytes(a)), at)?;
                }
                // ---- strings and bytes ----
                b'X' => {
                    let n = self.u32("BINUNICODE")?;
                    self.push_str(n.into(), at)?;
                }
                0x8c => {
                    let n = self.u8("SHORT_BINUNICODE")?;
                    self.push_str(n.into(), at)?;
                }
                0x8d => {
                    let n = self.u64("BINUNICODE8")?;
                    self.push_str(n, at)?;
                }
                b'V' => {
                    let l = self.line("UNICODE")?;
                    let s = raw_unicode_escape(l).ok_or_else(|| {
                        malformed(at, "UNICODE text has a bad \\u escape or a surrogate")
                    })?;
                    self.push(Node::Str(s), at)?;
                }
                b'U' | b'T' => {
                    let n = if op == b'U' {
                        self.u8("SHORT_BINSTRING")? as u64
                    } else {
                        self.u32("BINSTRING")? as u64
                    };
                    let (s, e) = self.take_range(n, "Python 2 string")?;
                    let b = &self.input[s..e];
                    if !b.is_ascii() {
                        return Err(unsupported(at, "Python 2 byte string with non-ASCII bytes"));
                    }
                    let st = String::from_utf8_lossy(b).into_owned();
                    self.push(Node::Str(st), at)?;
                }
                b'S' => return Err(unsupported(at, "Python 2 quoted STRING opcode")),
                b'C' => {
                    let n = self.u8("SHORT_BINBYTES")?;
                    let (s, e) = self.take_range(n.into(), "SHORT_BINBYTES")?;
                    self.push(Node::Bytes(Buf::In(s, e)), at)?;
                }
                b'B' => {
                    let n = self.u32("BINBYTES")?;
                    let (s, e) = self.take_range(n.into(), "BINBYTES")?;
                    self.push(Node::Bytes(Buf::In(s, e)), at)?;
                }
                0x8e => {
                    let n = self.u64("BINBYTES8")?;
                    let (s, e) = self.take_range(n, "BINBYTES8")?;
                    self.push(Node::Bytes(Buf::In(s, e)), at)?;
                }
                0x96 => {
                    let n = self.u64("BYTEARRAY8")?;
                    let (s, e) = self.take_range(n, "BYTEARRAY8")?;
                    self.push(Node::ByteArray(Buf::In(s, e)), at)?;
                }
                0x97 => {
                    return Err(unsupported(
                        at,
                        "out-of-band buffer (NEXT_BUFFER); pickle the data without buffer_callback",
                    ))
                }
                0x98 => {
                    let id = self.top(at, "READONLY_BUFFER")?;
                    if self.raw(id).is_none() {
                        return Err(unsupported(
                            at,
                            "READONLY_BUFFER on something other than an in-band buffer",
                        ));
                    }
                }
                // ---- containers ----
                b'}' => self.push(Node::Dict(Box::default()), at)?,
                b']' => self.push(Node::List(Vec::new()), at)?,
                b')' => self.push(Node::Tuple(Vec::new()), at)?,
                0x8f => self.push(Node::Set(Box::default()), at)?,
                0x85..=0x87 => {
                    let n = (op - 0x84) as usize;
                    if self.stack.len() < self.floor() + n {
                        return Err(malformed(
                            at,
                            format!("TUPLE{n} with fewer than {n} items on the stack"),
                        ));
                    }
                    let items = self.stack.split_off(self.stack.len() - n);
                    self.push(Node::Tuple(items), at)?;
                }
                b't' => {
                    let items = self.pop_mark(at, "TUPLE")?;
                    self.push(Node::Tuple(items), at)?;
                }
                b'l' => {
                    let items = self.pop_mark(at, "LIST")?;
                    self.push(Node::List(items), at)?;
                }
                b'd' => {
                    let items = self.pop_mark(at, "DICT")?;
                    if items.len() % 2 != 0 {
                        return Err(malformed(at, "DICT with an odd number of items"));
                    }
                    let id = self.alloc(Node::Dict(Box::default()), at)?;
                    for kv in items.chunks_exact(2) {
                        self.dict_insert(id, kv[0], kv[1], at)?;
                    }
                    self.stack.push(id);
                }
                0x91 => {
                    let items = self.pop_mark(at, "FROZENSET")?;
                    let id = self.new_set(items, true, at)?;
                    self.stack.push(id);
                }
                b'a' => {
                    let v = self.pop(at, "APPEND")?;
                    let l = self.top(at, "APPEND")?;
                    self.list_append(l, vec![v], at)?;
                }
                b'e' => {
                    let items = self.pop_mark(at, "APPENDS")?;
                    let l = self.top(at, "APPENDS")?;
                    self.list_append(l, items, at)?;
                }
                b's' => {
                    let v = self.pop(at, "SETITEM")?;
                    let k = self.pop(at, "SETITEM")?;
                    let d = self.top(at, "SETITEM")?;
                    self.dict_insert(d, k, v, at)?;
                }
                b'u' => {
                    let items = self.pop_mark(at, "SETITEMS")?;
                    let d = self.top(at, "SETITEMS")?;
                    if items.len() % 2 != 0 {
                        return Err(malformed(at, "SETITEMS with an odd number of items"));
                    }
                    for kv in items.chunks_exact(2) {
                        self.dict_insert(d, kv[0], kv[1], at)?;
                    }
                }
                0x90 => {
                    let items = self.pop_mark(at, "ADDITEMS")?;
                    let s = self.top(at, "ADDITEMS")?;
                    for i in items {
                        self.set_insert(s, i, at)?;
                    }
                }
                // ---- memo ----
                b'p' => {
                    let k = self.memo_index_line("PUT", at)?;
                    self.memo_put(k, at)?;
                }
                b'q' => {
                    let k = self.u8("BINPUT")?;
                    self.memo_put(k.into(), at)?;
                }
                b'r' => {
                    let k = self.u32("LONG_BINPUT")?;
                    self.memo_put(k.into(), at)?;
                }
                0x94 => {
                    let k = self.memo.len() as u64;
                    self.memo_put(k, at)?;
                }
                b'g' => {
                    let k = self.memo_index_line("GET", at)?;
                    self.memo_get(k, at)?;
                }
                b'h' => {
                    let k = self.u8("BINGET")?;
                    self.memo_get(k.into(), at)?;
                }
                b'j' => {
                    let k = self.u32("LONG_BINGET")?;
                    self.memo_get(k.into(), at)?;
                }
                // ---- globals and calls ----
                b'c' => {
                    let m = self.line("GLOBAL module")?;
                    let n = self.line("GLOBAL name")?;
                    let (m, n) = (
                        String::from_utf8_lossy(m).into_owned(),
                        String::from_utf8_lossy(n).into_owned(),
                    );
                    self.global(&m, &n, at)?;
                }
                0x93 => {
                    let n = self.pop(at, "STACK_GLOBAL")?;
                    let m = self.pop(at, "STACK_GLOBAL")?;
                    let (Some(m), Some(n)) = (self.str_of(m), self.str_of(n)) else {
                        return Err(malformed(at, "STACK_GLOBAL needs two strings"));
                    };
                    let (m, n) = (m.to_string(), n.to_string());
                    self.global(&m, &n, at)?;
                }
                b'R' => self.reduce(at)?,
                b'b' => self.build(at)?,
                b'i' => {
                    let m = self.line("INST module")?;
                    let n = self.line("INST name")?;
                    return Err(PickleError::RefusedGlobal {
                        name: numpy::short(&format!(
                            "{}.{}",
                            String::from_utf8_lossy(m),
                            String::from_utf8_lossy(n)
                        )),
                        offset: at,
                    });
                }
                b'o' | 0x81 | 0x92 => {
                    return Err(unsupported(
                        at,
                        "class instance (OBJ/NEWOBJ); only numpy arrays and plain data are read",
                    ))
                }
                b'P' | b'Q' => {
                    return Err(unsupported(
                        at,
                        "persistent id (PERSID/BINPERSID): the data lives outside this file",
                    ))
                }
                0x82..=0x84 => {
                    return Err(unsupported(at, "extension registry code (EXT1/EXT2/EXT4)"))
                }
                _ => return Err(malformed(at, format!("unknown opcode 0x{op:02x}"))),
            }
        }
    }

    // ---- arena to Value ----

    /// Converts the result into a [`Value`]. Objects referred to once are moved, shared ones cloned.
    pub(crate) fn into_value(mut self, root: Id) -> R<Value> {
        let n = self.nodes.len();
        let mut refs = vec![0u32; n];
        let mut seen = vec![false; n];
        let mut todo = vec![root];
        if let Some(r) = refs.get_mut(root as usize) {
            *r = 1;
        }
        while let Some(id) = todo.pop() {
            if std::mem::replace(&mut seen[id as usize], true) {
                continue;
            }
            let mut visit = |c: Id| {
                refs[c as usize] = refs[c as usize].saturating_add(1);
                todo.push(c);
            };
            match &self.nodes[id as usize] {
                Node::List(v) | Node::Tuple(v) => v.iter().for_each(|&c| visit(c)),
                Node::Set(s) | Node::FrozenSet(s) => s.items.iter().for_each(|&c| visit(c)),
                Node::Dict(d) => d.items.iter().for_each(|&(k, v)| {
                    visit(k);
                    visit(v)
                }),
                _ => {}
            }
        }
        let mut active = vec![false; n];
        self.convert(root, 0, &mut refs, &mut active)
    }

    fn convert(&mut self, id: Id, depth: usize, refs: &mut [u32], active: &mut [bool]) -> R<Value> {
        let i = id as usize;
        let at = self.born.get(i).copied().unwrap_or(0);
        if depth > MAX_DEPTH {
            return Err(unsupported(
                at,
                format!("containers nested deeper than {MAX_DEPTH}"),
            ));
        }
        if active[i] {
            return Err(unsupported(
                at,
                format!(
                    "recursive container: the {} made at byte {at} contains itself",
                    self.nodes[i].kind()
                ),
            ));
        }
        self.charge(1, at)?;
        refs[i] = refs[i].saturating_sub(1);
        let last = refs[i] == 0;
        let take = |m: &mut Self| {
            if last {
                std::mem::replace(&mut m.nodes[i], Node::None)
            } else {
                Node::None
            }
        };
        // Leaves.
        match &self.nodes[i] {
            Node::None => return Ok(Value::None),
            Node::Bool(b) => return Ok(Value::Bool(*b)),
            Node::Int(v) => return Ok(Value::Int(*v)),
            Node::Float(f) => return Ok(Value::Float(*f)),
            Node::Scalar(s) => return Ok(Value::Scalar(s.clone())),
            Node::Latin1(..) => {
                let s = self.str_of(id).unwrap_or_default().to_string();
                self.charge(s.len() as u64 / 8, at)?;
                return Ok(Value::Str(s));
            }
            Node::Str(s) => {
                let len = s.len() as u64;
                self.charge(len / 8, at)?;
                return Ok(Value::Str(match take(self) {
                    Node::Str(s) => s,
                    _ => self.str_of(id).unwrap_or_default().to_string(),
                }));
            }
            Node::Bytes(b) | Node::ByteArray(b) => {
                let v = match b {
                    Buf::In(s, e) => self.input.get(*s..*e).unwrap_or(&[]).to_vec(),
                    Buf::Own(v) => v.clone(),
                };
                self.charge(v.len() as u64 / 8, at)?;
                return Ok(Value::Bytes(v));
            }
            Node::Array(a) => {
                let bytes = (a.data_len() * 8) as u64;
                self.charge(bytes / 8 + 1, at)?;
                return Ok(Value::Array(match take(self) {
                    Node::Array(a) => *a,
                    _ => match &self.nodes[i] {
                        Node::Array(a) => (**a).clone(),
                        _ => return Err(malformed(at, "array vanished")),
                    },
                }));
            }
            Node::Global(g) => {
                return Err(unsupported(
                    at,
                    format!("global `{}` used as a value rather than called", g.name()),
                ))
            }
            Node::Dtype(_) => {
                return Err(unsupported(
                    at,
                    "numpy dtype used as a value outside an array",
                ))
            }
            Node::PendingArray => {
                return Err(malformed(
                    at,
                    "numpy array made by _reconstruct never received its BUILD state",
                ))
            }
            Node::List(_) | Node::Tuple(_) | Node::Dict(_) | Node::Set(_) | Node::FrozenSet(_) => {}
        }
        active[i] = true;
        let out = match &self.nodes[i] {
            Node::List(v) | Node::Tuple(v) => {
                let is_list = matches!(self.nodes[i], Node::List(_));
                let v = v.clone();
                let mut out = Vec::with_capacity(v.len());
                for c in v {
                    out.push(self.convert(c, depth + 1, refs, active)?);
                }
                if is_list {
                    Value::List(out)
                } else {
                    Value::Tuple(out)
                }
            }
            Node::Set(s) | Node::FrozenSet(s) => {
                let frozen = matches!(self.nodes[i], Node::FrozenSet(_));
                let v = s.items.clone();
                let mut out = Vec::with_capacity(v.len());
                for c in v {
                    out.push(self.convert(c, depth + 1, refs, active)?);
                }
                if frozen {
                    Value::FrozenSet(out)
                } else {
                    Value::Set(out)
                }
            }
            Node::Dict(d) => {
                let v = d.items.clone();
                let mut out = Vec::with_capacity(v.len());
                for (k, x) in v {
                    let k = self.convert(k, depth + 1, refs, active)?;
                    let x = self.convert(x, depth + 1, refs, active)?;
                    out.push((k, x));
                }
                Value::Dict(out)
            }
            _ => Value::None,
        };
        active[i] = false;
        Ok(out)
    }
}

/// Whether UTF-8 bytes hold only code points below 0x100 (ASCII, or 0xC2/0xC3 then a continuation byte), which
/// also makes them valid UTF-8. Branch-free folds: array data is random bytes.
fn latin1_shaped(b: &[u8]) -> bool {
    let cont = |c: u8| c & 0xC0 == 0x80;
    let ends = b.first().is_none_or(|&c| !cont(c)) && b.last().is_none_or(|&c| c < 0xC0);
    let leads = b
        .iter()
        .fold(true, |ok, &c| ok & (c < 0xC0 || c == 0xC2 || c == 0xC3));
    let pairs = b
        .iter()
        .zip(b.iter().skip(1))
        .fold(true, |ok, (&x, &y)| ok & ((x >= 0xC0) == cont(y)));
    ends && leads && pairs
}

fn float_fp(f: f64, id: Id) -> Fp {
    if f.is_nan() {
        Fp::Ident(id) // NaN equals nothing but itself
    } else if f == f.trunc() && f.abs() < 1.0e38 {
        Fp::Int(f as i128) // 2.0 == 2, -0.0 == 0
    } else {
        Fp::Float(f.to_bits())
    }
}

/// Decodes protocol 0's raw-unicode-escape text: bytes are latin-1 code points, `\uXXXX` and `\UXXXXXXXX`
/// escape others. Surrogates and bad escapes give `None`.
fn raw_unicode_escape(b: &[u8]) -> Option<String> {
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'\\' && matches!(b.get(i + 1), Some(b'u' | b'U')) {
            let n = if b[i + 1] == b'u' { 4 } else { 8 };
            let hex = b.get(i + 2..i + 2 + n)?;
            let hex = std::str::from_utf8(hex).ok()?;
            let v = u32::from_str_radix(hex, 16).ok()?;
            out.push(char::from_u32(v)?);
            i += 2 + n;
        } else {
            out.push(c as char);
            i += 1;
        }
    }
    Some(out)
}

impl NdArray {
    /// Number of elements.
    pub(crate) fn data_len(&self) -> usize {
        use super::ArrayData::*;
        match &self.data {
            F4(v) => v.len(),
            F8(v) => v.len(),
            I1(v) => v.len(),
            I2(v) => v.len(),
            I4(v) => v.len(),
            I8(v) => v.len(),
            U1(v) => v.len(),
            U2(v) => v.len(),
            U4(v) => v.len(),
            U8(v) => v.len(),
            B1(v) => v.len(),
        }
    }
}
