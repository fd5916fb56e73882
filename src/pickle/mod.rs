//! Allow-list decoder for Python pickles holding numpy arrays (protocols 0-5).
//!
//! Owns: the public API, [`decode`] and the value types. It never calls anything: every global is data,
//! recognised from a fixed allow-list (`docs/pickle-forms.md`) and refused otherwise with an error naming
//! the thing (escaped) and the byte offset. What it accepts it decodes exactly as CPython's `pickle.loads`
//! (the C unpickler) with numpy 1.26 or 2.x would; where they differ from each other or raise, it refuses.
//!
//! Arrays are not copied: protocol 3-5 array data is borrowed from the input, protocol 0-2 latin-1 text is
//! decoded once per text; byte order and Fortran order are left as stored (see [`NdArray`]). Memory is
//! bounded by a small constant times the input's size plus the decoded array bytes, work by a constant
//! times the size; both budgets trip before allocating (see `budget`).
//!
//! Parts: `opcodes` (opcode constants), `reader` (input reader), `arena` (objects and memo), `keys`
//! (Python equality of dict keys), `globals` (the allow-list and its calls), `numpy` (dtypes, shapes,
//! arrays), `text` (protocol-0 text as CPython reads it), `machine` (the dispatch loop), `convert` (arena
//! to [`Value`]), `budget` (limits); the public types live in `array`, `value` and `error`.
//!
//! Refused: every global outside the allow-list (`os.system`, `builtins.eval`, ...), class instances,
//! object and structured dtypes, persistent ids, out-of-band buffers, extension codes, recursive
//! containers, integers beyond i128, strings that are not Unicode (lone surrogates), nesting deeper than
//! 200, and inputs needing more work or memory than their size justifies.

mod arena;
mod array;
mod budget;
mod convert;
mod error;
mod globals;
mod keys;
mod machine;
mod numpy;
pub(crate) mod opcodes;
mod reader;
mod text;
mod value;

pub use array::{ArrayBytes, ByteOrder, COrderIter, DType, Element, NdArray, Order};
pub use error::{ErrorKind, FileText, PickleError};
pub use value::{Scalar, Text, Value};

/// Decodes one pickle. The result borrows `bytes` (strings and protocol 3-5 array data are not copied).
pub fn decode(bytes: &[u8]) -> Result<Value<'_>, PickleError> {
    let mut m = machine::Machine::new(bytes);
    let root = m.run()?;
    convert::to_value(&m.arena, root, &mut m.budget)
}

#[cfg(test)]
mod tests;
