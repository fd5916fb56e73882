//! Allow-list decoder for Python pickles holding numpy arrays (protocols 0-5).
//!
//! Owns: turning pickle bytes into a [`Value`] tree. It never calls anything: every global is data,
//! recognised from a fixed allow-list (see `shared/spec/pickle-forms.md`, copied to `docs/pickle-forms.md`)
//! and refused otherwise with an error naming the thing and the byte offset.
//!
//! This module owns the public API (the value types and [`decode`]); the opcode machine lives in `machine`,
//! the numpy forms (dtypes, raw bytes to arrays, scalars) in `numpy`.
//!
//! Refused: every global outside the allow-list (`os.system`, `builtins.eval`, ...), class instances,
//! object and structured dtypes, persistent ids, out-of-band buffers, extension codes, recursive containers,
//! integers beyond i128, strings that are not Unicode, nesting deeper than 200, and inputs needing more work
//! or objects than their size justifies. A header never sizes an allocation: array shapes are checked against
//! the bytes actually present first.

mod machine;
mod numpy;

use thiserror::Error;

/// Element type of a decoded numpy array (numpy's `dtype.str` without the byte order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DType {
    F4,
    F8,
    I1,
    I2,
    I4,
    I8,
    U1,
    U2,
    U4,
    U8,
    B1,
}

/// Element storage of a decoded array, always in C (row-major) order, native endianness.
#[derive(Debug, Clone, PartialEq)]
pub enum ArrayData {
    F4(Vec<f32>),
    F8(Vec<f64>),
    I1(Vec<i8>),
    I2(Vec<i16>),
    I4(Vec<i32>),
    I8(Vec<i64>),
    U1(Vec<u8>),
    U2(Vec<u16>),
    U4(Vec<u32>),
    U8(Vec<u64>),
    B1(Vec<bool>),
}

/// A decoded numpy `ndarray`.
#[derive(Debug, Clone, PartialEq)]
pub struct NdArray {
    pub shape: Vec<usize>,
    pub data: ArrayData,
}

/// A decoded numpy scalar such as `np.float64(0.04)` or `np.int64(12)`.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Float { dtype: DType, value: f64 },
    Int { dtype: DType, value: i128 },
    Bool(bool),
}

/// A decoded Python value. Only what the allow-list admits can appear.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    None,
    Bool(bool),
    /// Python int; values beyond i128 are refused.
    Int(i128),
    Float(f64),
    Str(String),
    Bytes(Vec<u8>),
    List(Vec<Value>),
    Tuple(Vec<Value>),
    /// Insertion order kept, as Python's dict.
    Dict(Vec<(Value, Value)>),
    Set(Vec<Value>),
    FrozenSet(Vec<Value>),
    Array(NdArray),
    Scalar(Scalar),
}

/// Why a pickle was refused. Every variant says where (byte offset) and what to do.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum PickleError {
    #[error("not a pickle: {0}")]
    NotAPickle(String),
    #[error("truncated pickle at byte {offset}: {what}; the file is incomplete, copy it again")]
    Truncated { offset: usize, what: String },
    #[error("refused global `{name}` at byte {offset}: only numpy arrays, numpy scalars and plain Python data are read; this file may try to run code, do not load it in Python either")]
    RefusedGlobal { name: String, offset: usize },
    #[error("unsupported at byte {offset}: {what}")]
    Unsupported { offset: usize, what: String },
    #[error("malformed pickle at byte {offset}: {what}")]
    Malformed { offset: usize, what: String },
}

/// Decodes one pickle.
pub fn decode(bytes: &[u8]) -> Result<Value, PickleError> {
    let mut m = machine::Machine::new(bytes);
    let root = m.run()?;
    m.into_value(root)
}

impl PickleError {
    /// Byte offset the error refers to (0 for [`PickleError::NotAPickle`]).
    pub fn offset(&self) -> usize {
        match self {
            PickleError::NotAPickle(_) => 0,
            PickleError::Truncated { offset, .. }
            | PickleError::RefusedGlobal { offset, .. }
            | PickleError::Unsupported { offset, .. }
            | PickleError::Malformed { offset, .. } => *offset,
        }
    }
}

#[cfg(test)]
mod tests;
