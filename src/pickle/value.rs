//! Decoded Python values.
//!
//! Owns: [`Value`], a DAG whose clones are O(1) (containers are `Arc` slices, arrays `Arc<NdArray>`), the
//! [`Text`] strings (borrowed from the input or decoded once and shared) and numpy [`Scalar`]s. An object
//! the pickle shares through its memo is one `Arc` here: `Arc::ptr_eq` on two [`Value::Array`]s tells
//! whether they are the same numpy array.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use super::array::{ArrayBytes, DType, NdArray};

/// A Python `str`: UTF-8 borrowed from the input (protocols 1-5), or decoded once (protocol 0 text).
#[derive(Clone)]
pub enum Text<'a> {
    Borrowed(&'a str),
    Shared(Arc<str>),
}

impl Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Text::Borrowed(s) => s,
            Text::Shared(s) => s,
        }
    }
}

impl PartialEq for Text<'_> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for Text<'_> {}

impl PartialEq<str> for Text<'_> {
    fn eq(&self, other: &str) -> bool {
        &**self == other
    }
}

impl PartialEq<&str> for Text<'_> {
    fn eq(&self, other: &&str) -> bool {
        &**self == *other
    }
}

impl Hash for Text<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (**self).hash(state)
    }
}

impl fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}

impl<'a> From<&'a str> for Text<'a> {
    fn from(s: &'a str) -> Self {
        Text::Borrowed(s)
    }
}

impl From<String> for Text<'_> {
    fn from(s: String) -> Self {
        Text::Shared(s.into())
    }
}

/// A decoded numpy scalar such as `np.float64(0.04)` or `np.int64(12)`.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// `f4` values are widened exactly to f64.
    Float {
        dtype: DType,
        value: f64,
    },
    Int {
        dtype: DType,
        value: i128,
    },
    Bool(bool),
}

/// A decoded Python value. Only what the allow-list admits can appear.
///
/// Containers keep Python's order: a dict's insertion order with its keys already merged by Python's
/// equality (`1 == 1.0 == True`; the first key and the last value stay), a set's first-insertion order.
/// Cloning is O(1) at every level. Empty containers may share one allocation, so `Arc::ptr_eq` is
/// meaningful for arrays and non-empty containers only.
#[derive(Debug, Clone)]
pub enum Value<'a> {
    None,
    Bool(bool),
    /// Python int; values beyond i128 are refused.
    Int(i128),
    Float(f64),
    Str(Text<'a>),
    /// `bytes` or `bytearray`.
    Bytes(ArrayBytes<'a>),
    List(Arc<[Value<'a>]>),
    Tuple(Arc<[Value<'a>]>),
    Dict(Arc<[(Value<'a>, Value<'a>)]>),
    Set(Arc<[Value<'a>]>),
    FrozenSet(Arc<[Value<'a>]>),
    /// One numpy array; every reference to the same array in the pickle is the same `Arc`.
    Array(Arc<NdArray<'a>>),
    Scalar(Scalar),
}

impl Value<'_> {
    /// The Python type name, for messages (`dict`, `numpy array`, ...).
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::None => "None",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "str",
            Value::Bytes(_) => "bytes",
            Value::List(_) => "list",
            Value::Tuple(_) => "tuple",
            Value::Dict(_) => "dict",
            Value::Set(_) => "set",
            Value::FrozenSet(_) => "frozenset",
            Value::Array(_) => "numpy array",
            Value::Scalar(Scalar::Bool(_)) => "numpy bool",
            Value::Scalar(_) => "numpy scalar",
        }
    }
}

/// Structural equality; shared parts compare by pointer first, so comparing a value with a clone of
/// itself is O(1) however much it shares. Floats compare as `f64` (NaN differs from NaN unless shared).
impl PartialEq for Value<'_> {
    fn eq(&self, other: &Self) -> bool {
        fn seq<T: PartialEq>(a: &Arc<[T]>, b: &Arc<[T]>) -> bool {
            Arc::ptr_eq(a, b) || a[..] == b[..]
        }
        match (self, other) {
            (Value::None, Value::None) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a == b,
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Bytes(a), Value::Bytes(b)) => a == b,
            (Value::List(a), Value::List(b))
            | (Value::Tuple(a), Value::Tuple(b))
            | (Value::Set(a), Value::Set(b))
            | (Value::FrozenSet(a), Value::FrozenSet(b)) => seq(a, b),
            (Value::Dict(a), Value::Dict(b)) => seq(a, b),
            (Value::Array(a), Value::Array(b)) => Arc::ptr_eq(a, b) || a == b,
            (Value::Scalar(a), Value::Scalar(b)) => a == b,
            _ => false,
        }
    }
}
