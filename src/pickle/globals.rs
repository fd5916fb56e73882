//! The allow-listed globals and what calling them (REDUCE) and setting their state (BUILD) does.
//!
//! Owns: the fixed allow-list (`docs/pickle-forms.md`) and, for each entry, the argument forms accepted,
//! checked as numpy and CPython check them so nothing is accepted that Python would refuse: `_reconstruct`
//! with BUILD and `_frombuffer` make arrays (no copy), `scalar` numpy scalars, `numpy.dtype` with BUILD
//! dtypes, `_codecs.encode`, `bytes` and `bytearray` bytes (latin-1 text decoded once per text), `set` and
//! `frozenset` sets. Nothing here ever calls anything: every global is data.

use std::sync::Arc;

use super::arena::{Id, Node};
use super::array::{ArrayBytes, Order};
use super::error::PickleError;
use super::machine::{malformed, unsupported, Machine, R};
use super::numpy::{self, byte_order_char, DtypeDescr, MAX_DIMS};
use super::text;
use super::value::Scalar;

/// A global from the allow-list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Global {
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
    /// The allow-listed global `module.name`, as `find_class` resolves it at protocol `proto`: below 3,
    /// CPython maps Python 2's `__builtin__` to `builtins`; from 3 on, `__builtin__` does not exist.
    pub(crate) fn lookup(module: &str, name: &str, proto: u8) -> Option<Global> {
        let np_core = |sub: &str| {
            module
                .strip_prefix("numpy.core.")
                .or_else(|| module.strip_prefix("numpy._core."))
                == Some(sub)
        };
        let builtins = module == "builtins" || (module == "__builtin__" && proto < 3);
        Some(match name {
            "_reconstruct" if np_core("multiarray") => Global::Reconstruct,
            "_frombuffer" if np_core("numeric") => Global::FromBuffer,
            "scalar" if np_core("multiarray") => Global::ScalarFn,
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

    pub(crate) fn name(self) -> &'static str {
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

/// Python's names of the latin-1 codec, after its normalisation (lower case, `-` and ` ` as `_`).
fn is_latin1_name(s: &str) -> bool {
    let n: String = s
        .chars()
        .map(|c| match c {
            '-' | ' ' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    matches!(
        n.as_str(),
        "latin_1"
            | "latin1"
            | "latin"
            | "l1"
            | "iso8859_1"
            | "iso_8859_1"
            | "8859"
            | "cp819"
            | "iso_ir_100"
            | "csisolatin1"
            | "ibm819"
    )
}

/// Heap bytes charged per array or scalar made (the struct, its shape, the `Arc`).
const ARRAY_COST: u64 = 160;

/// How a shape argument may be given.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ShapeForm {
    /// `ndarray.__setstate__`: a tuple only.
    Tuple,
    /// `reshape`/`_reconstruct`: a tuple, a list or a single int.
    Sequence,
}

impl<'a> Machine<'a> {
    fn bad_args(g: Global, what: &str, at: usize) -> PickleError {
        malformed(at, format!("{} called with {what}", g.name()))
    }

    /// An int usable as an index (`operator.index`): ints and numpy ints, not bools or floats.
    fn index_of(&self, id: Id) -> Option<i128> {
        match self.arena.get(id) {
            Node::Int(i) => Some(*i),
            Node::Scalar(Scalar::Int { value, .. }) => Some(*value),
            _ => None,
        }
    }

    /// An int as C's `int` conversion takes it (`PyArg "i"`): ints, bools and numpy ints.
    fn c_int_of(&self, id: Id) -> Option<i128> {
        match self.arena.get(id) {
            Node::Bool(b) => Some((*b).into()),
            _ => self.index_of(id),
        }
    }

    fn shape_arg(&mut self, id: Id, form: ShapeForm, at: usize) -> R<Vec<u64>> {
        let items: Vec<Id> = match (self.arena.get(id), form) {
            (Node::Tuple(t), _) => t.to_vec(),
            (Node::List(l), ShapeForm::Sequence) => l.clone(),
            (Node::Int(_) | Node::Scalar(Scalar::Int { .. }), ShapeForm::Sequence) => vec![id],
            (n, _) => {
                return Err(malformed(
                    at,
                    format!(
                        "array shape is a {}, not a tuple (numpy raises TypeError)",
                        n.kind()
                    ),
                ))
            }
        };
        if items.len() > MAX_DIMS {
            return Err(unsupported(
                at,
                format!(
                    "array with {} dimensions (numpy 1.x allows {MAX_DIMS})",
                    items.len()
                ),
            ));
        }
        self.budget.items(items.len(), 8, at)?;
        items
            .iter()
            .map(|&d| {
                self.index_of(d)
                    .and_then(|i| u64::try_from(i).ok())
                    .filter(|&i| i <= i64::MAX as u64)
                    .ok_or_else(|| {
                        malformed(
                            at,
                            "array shape holds something other than an int in 0..2^63 (numpy raises)",
                        )
                    })
            })
            .collect()
    }

    fn dtype_arg(&self, id: Id, what: &str, at: usize) -> R<DtypeDescr> {
        match self.arena.get(id) {
            Node::Dtype(d) => Ok(*d),
            n => Err(malformed(
                at,
                format!("{what} expects a numpy dtype, got a {}", n.kind()),
            )),
        }
    }

    /// A buffer `frombuffer` accepts: bytes, bytearray or a read-only view of one.
    fn buffer_arg(&self, id: Id) -> Option<ArrayBytes<'a>> {
        match self.arena.get(id) {
            Node::Bytes(b) | Node::ByteArray(b) | Node::MemoryView(b) => Some(b.clone()),
            _ => None,
        }
    }

    /// `s.encode('latin1')` of the str node `id`, made once per node and shared.
    fn latin1_of(&mut self, id: Id, at: usize) -> R<Option<ArrayBytes<'a>>> {
        if let Some(b) = self.latin1.get(&id) {
            return Ok(Some(ArrayBytes::Shared(b.clone())));
        }
        let b: &[u8] = match self.arena.get(id) {
            Node::Str(t) => t.as_bytes(),
            Node::Latin1Str(b) => b,
            _ => return Ok(None),
        };
        self.budget.items(b.len() / 8, 8, at)?;
        let v = text::latin1_bytes(b).map_err(|c| {
            malformed(
                at,
                format!("latin-1 text holds U+{c:04X}, which is not a byte (Python raises UnicodeEncodeError)"),
            )
        })?;
        let arc: Arc<[u8]> = v.into();
        self.latin1.insert(id, arc.clone());
        Ok(Some(ArrayBytes::Shared(arc)))
    }

    /// Raw bytes numpy's `__setstate__` and `scalar` accept: `bytes`, or a `str` they encode as latin-1.
    fn raw_bytes_arg(&mut self, id: Id, at: usize) -> R<Option<ArrayBytes<'a>>> {
        match self.arena.get(id) {
            Node::Bytes(b) => Ok(Some(b.clone())),
            Node::Str(_) | Node::Latin1Str(_) => self.latin1_of(id, at),
            _ => Ok(None),
        }
    }

    fn encoding_ok(&self, enc: Id, errors: Option<Id>) -> bool {
        self.str_of(enc).is_some_and(is_latin1_name)
            && errors.is_none_or(|e| self.str_is(e, "strict"))
    }

    /// REDUCE: calls an allow-listed global with a tuple of arguments.
    pub(crate) fn reduce(&mut self, at: usize) -> R<()> {
        let args_id = self.pop(at, "REDUCE")?;
        let f_id = self.pop(at, "REDUCE")?;
        let g = match self.arena.get(f_id) {
            Node::Global(g) => *g,
            n => {
                return Err(unsupported(
                    at,
                    format!(
                        "REDUCE calls a {}; only allow-listed globals are called",
                        n.kind()
                    ),
                ))
            }
        };
        let args: Vec<Id> = match self.arena.get(args_id) {
            Node::Tuple(t) => t.to_vec(),
            n => {
                return Err(malformed(
                    at,
                    format!("REDUCE arguments are a {}, not a tuple", n.kind()),
                ))
            }
        };
        self.budget.work(args.len() as u64, at)?;
        let node = match g {
            Global::Reconstruct => {
                let [cls, shape, dtype] = args[..] else {
                    return Err(Self::bad_args(g, "other than 3 arguments", at));
                };
                if !matches!(self.arena.get(cls), Node::Global(Global::Ndarray)) {
                    return Err(unsupported(
                        at,
                        format!(
                            "{} of a {}; only numpy.ndarray is read",
                            g.name(),
                            self.arena.get(cls).kind()
                        ),
                    ));
                }
                // numpy writes `_reconstruct(ndarray, (0,), b'b')` and sets everything in BUILD; an
                // initial array with elements would be allocated (and left uninitialised) by numpy.
                let shape = self.shape_arg(shape, ShapeForm::Sequence, at)?;
                let is_b = match self.arena.get(dtype) {
                    Node::Bytes(b) => &b[..] == b"b",
                    _ => self.str_is(dtype, "b"),
                };
                if !shape.contains(&0) || !is_b {
                    return Err(unsupported(
                        at,
                        format!("{} other than numpy's (ndarray, (0,), b'b')", g.name()),
                    ));
                }
                Node::PendingArray
            }
            Global::FromBuffer => {
                let [buf, dt, shape, order] = args[..] else {
                    return Err(Self::bad_args(g, "other than 4 arguments", at));
                };
                let buf = self
                    .buffer_arg(buf)
                    .ok_or_else(|| Self::bad_args(g, "a buffer that is not in-band bytes", at))?;
                let dtype = self.dtype_arg(dt, g.name(), at)?;
                let shape = self.shape_arg(shape, ShapeForm::Sequence, at)?;
                // reshape's orders: 'C'/'A' (the buffer is 1-D, so 'A' is C), 'F', None; 'K' raises.
                let order_text = match self.arena.get(order) {
                    Node::None => Some("C"),
                    Node::Bytes(b) => std::str::from_utf8(b).ok(),
                    _ => self.str_of(order),
                };
                let order = match order_text {
                    Some("C" | "c" | "A" | "a") => Order::C,
                    Some("F" | "f") => Order::Fortran,
                    _ => return Err(Self::bad_args(g, "an order other than 'C', 'F' or 'A'", at)),
                };
                self.budget.mem(ARRAY_COST, at)?;
                let a = numpy::array_from_buffer(dtype, &shape, order, buf, at)?;
                Node::Array(Arc::new(a))
            }
            Global::ScalarFn => {
                let [dt, raw] = args[..] else {
                    return Err(Self::bad_args(g, "other than 2 arguments", at));
                };
                let dtype = self.dtype_arg(dt, g.name(), at)?;
                let raw = self.raw_bytes_arg(raw, at)?.ok_or_else(|| {
                    Self::bad_args(g, "something other than bytes (an object scalar?)", at)
                })?;
                Node::Scalar(numpy::scalar(dtype, &raw, at)?)
            }
            Global::DtypeType => {
                let Some(&first) = args.first() else {
                    return Err(Self::bad_args(g, "no arguments", at));
                };
                if args.len() > 4 {
                    return Err(Self::bad_args(g, "more than 4 arguments", at));
                }
                let Some(s) = self.str_of(first) else {
                    return Err(match self.arena.get(first) {
                        Node::List(_) | Node::Tuple(_) | Node::Dict(_) => unsupported(
                            at,
                            "structured/record dtype; save each field as its own numeric array",
                        ),
                        n => Self::bad_args(g, &format!("a {}", n.kind()), at),
                    });
                };
                Node::Dtype(numpy::parse_dtype(s, at)?)
            }
            Global::CodecsEncode => {
                let (text, enc, errors) = match args[..] {
                    [t, e] => (t, e, None),
                    [t, e, r] => (t, e, Some(r)),
                    _ => return Err(Self::bad_args(g, "other than (str, 'latin1')", at)),
                };
                if !self.encoding_ok(enc, errors) {
                    return Err(unsupported(
                        at,
                        "_codecs.encode with an encoding other than latin-1 (strict)",
                    ));
                }
                let b = self
                    .latin1_of(text, at)?
                    .ok_or_else(|| Self::bad_args(g, "something other than a str", at))?;
                Node::Bytes(b)
            }
            Global::Bytes | Global::ByteArray => {
                let (text, enc, errors) = match args[..] {
                    [] => (None, None, None),
                    [b] => match self.buffer_arg(b) {
                        Some(buf) => {
                            let node = if g == Global::Bytes {
                                Node::Bytes(buf)
                            } else {
                                Node::ByteArray(buf)
                            };
                            return self.push(node, at).map(drop);
                        }
                        None => (Some(b), None, None),
                    },
                    [t, e] => (Some(t), Some(e), None),
                    [t, e, r] => (Some(t), Some(e), Some(r)),
                    _ => (None, None, Some(args_id)),
                };
                let b = match (text, enc) {
                    (None, None) if errors.is_none() => ArrayBytes::Borrowed(&[]),
                    (Some(t), Some(e))
                        if self.str_of(t).is_some() && self.encoding_ok(e, errors) =>
                    {
                        self.latin1_of(t, at)?.unwrap_or(ArrayBytes::Borrowed(&[]))
                    }
                    _ => {
                        return Err(Self::bad_args(
                            g,
                            "arguments other than (), (bytes,) or (str, 'latin1')",
                            at,
                        ))
                    }
                };
                if g == Global::Bytes {
                    Node::Bytes(b)
                } else {
                    Node::ByteArray(b)
                }
            }
            Global::Set | Global::FrozenSet => {
                let items: Vec<Id> = match args[..] {
                    [] => Vec::new(),
                    [c] => match self.arena.get(c) {
                        Node::List(v) => v.clone(),
                        Node::Tuple(v) => v.to_vec(),
                        Node::Set(s) => s.as_ref().map_or_else(Vec::new, |s| s.items.clone()),
                        Node::FrozenSet(s) => s.items.clone(),
                        n => return Err(Self::bad_args(g, &format!("a {}", n.kind()), at)),
                    },
                    _ => return Err(Self::bad_args(g, "more than one argument", at)),
                };
                self.budget.items(items.len(), 4, at)?;
                self.new_set(&items, g == Global::FrozenSet, at)?;
                return Ok(());
            }
            Global::Ndarray => return Err(unsupported(at, "calling numpy.ndarray directly")),
        };
        self.push(node, at).map(drop)
    }

    /// BUILD: sets the state of a numpy dtype or of an array made by `_reconstruct`.
    pub(crate) fn build(&mut self, at: usize) -> R<()> {
        let state = self.pop(at, "BUILD")?;
        let target = self.top(at, "BUILD")?;
        let st: Vec<Id> = match self.arena.get(state) {
            Node::Tuple(t) => t.to_vec(),
            n => {
                return Err(unsupported(
                    at,
                    format!(
                        "BUILD with a {} state on a {}",
                        n.kind(),
                        self.arena.get(target).kind()
                    ),
                ))
            }
        };
        let new = match self.arena.get(target) {
            Node::Dtype(d) => Node::Dtype(self.dtype_state(d.ty, &st, at)?),
            Node::PendingArray => Node::Array(Arc::new(self.array_state(&st, at)?)),
            n => {
                return Err(unsupported(
                    at,
                    format!("BUILD (setting the state) of a {}", n.kind()),
                ))
            }
        };
        self.arena.set(target, new);
        Ok(())
    }

    /// `dtype.__setstate__((version, byteorder, subarray, names, fields, elsize, alignment[, flags[,
    /// metadata]]))` as numpy writes it for plain types; other forms are refused.
    fn dtype_state(&self, ty: super::array::DType, st: &[Id], at: usize) -> R<DtypeDescr> {
        if !(7..=9).contains(&st.len()) {
            return Err(unsupported(
                at,
                format!("numpy dtype state of {} items (numpy writes 8)", st.len()),
            ));
        }
        if !self.c_int_of(st[0]).is_some_and(|v| (0..=4).contains(&v)) {
            return Err(malformed(
                at,
                "numpy dtype state version is not 0-4 (numpy raises)",
            ));
        }
        let order = self
            .str_of(st[1])
            .and_then(byte_order_char)
            .ok_or_else(|| unsupported(at, "numpy dtype byte order is not one of < > = |"))?;
        if st[2..5]
            .iter()
            .any(|&i| !matches!(self.arena.get(i), Node::None))
        {
            return Err(unsupported(
                at,
                "structured/record or subarray dtype; save each field as its own numeric array",
            ));
        }
        if st[5..st.len().min(8)]
            .iter()
            .any(|&i| self.c_int_of(i).is_none())
        {
            return Err(malformed(at, "numpy dtype state sizes/flags are not ints"));
        }
        if st.len() == 9 && !matches!(self.arena.get(st[8]), Node::None | Node::Dict(_)) {
            return Err(unsupported(at, "numpy dtype metadata that is not a dict"));
        }
        Ok(DtypeDescr::new(ty, order))
    }

    /// `ndarray.__setstate__(([version,] shape, dtype, is_fortran, raw))` as numpy checks it.
    fn array_state(&mut self, st: &[Id], at: usize) -> R<super::array::NdArray<'a>> {
        let st = match st.len() {
            5 => {
                if !self.c_int_of(st[0]).is_some_and(|v| v == 0 || v == 1) {
                    return Err(malformed(
                        at,
                        "numpy array state version is not 0 or 1 (numpy raises ValueError)",
                    ));
                }
                &st[1..]
            }
            4 => st,
            n => {
                return Err(malformed(
                    at,
                    format!("numpy array state has {n} items, not 4 or 5"),
                ))
            }
        };
        let shape = self.shape_arg(st[0], ShapeForm::Tuple, at)?;
        let dtype = self.dtype_arg(st[1], "numpy array state", at)?;
        let fortran = self
            .c_int_of(st[2])
            .ok_or_else(|| malformed(at, "numpy array is_fortran flag is not an int"))?
            != 0;
        let Some(raw) = self.raw_bytes_arg(st[3], at)? else {
            return Err(match self.arena.get(st[3]) {
                Node::List(_) => unsupported(
                    at,
                    "object array (its elements are Python objects); save a numeric array",
                ),
                n => malformed(
                    at,
                    format!(
                        "numpy array data is a {}, not bytes (numpy raises)",
                        n.kind()
                    ),
                ),
            });
        };
        self.budget.mem(ARRAY_COST, at)?;
        numpy::array_from_state(dtype, &shape, fortran, raw, at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_list_follows_cpython_module_mapping() {
        assert_eq!(Global::lookup("__builtin__", "set", 2), Some(Global::Set));
        assert_eq!(Global::lookup("__builtin__", "set", 3), None);
        assert_eq!(Global::lookup("builtins", "set", 0), Some(Global::Set));
        assert_eq!(
            Global::lookup("numpy._core.numeric", "_frombuffer", 5),
            Some(Global::FromBuffer)
        );
        assert_eq!(
            Global::lookup("numpy.core.numeric", "_reconstruct", 2),
            None
        );
        assert_eq!(Global::lookup("posix", "system", 2), None);
        assert!(
            is_latin1_name("Latin-1") && is_latin1_name("ISO-8859-1") && !is_latin1_name("utf8")
        );
    }
}
