//! Why a pickle was refused.
//!
//! Owns: [`PickleError`] (a byte offset and an [`ErrorKind`]), the messages with their advice, and
//! [`FileText`], the only way text taken from a file enters a message: it is kept raw (capped) and always
//! displayed escaped like Rust's `{:?}`, so no control character or terminal escape from a file ever
//! reaches a terminal or the page.

use std::fmt;

use thiserror::Error;

use super::array::DType;

/// Why a pickle was refused, and where: `offset` is the byte the offending opcode (or the file) starts at.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("at byte {offset}: {kind}")]
pub struct PickleError {
    pub offset: usize,
    pub kind: ErrorKind,
}

impl PickleError {
    pub(crate) fn new(offset: usize, kind: ErrorKind) -> Self {
        PickleError { offset, kind }
    }
}

/// The kinds of refusal. Tests match on these; the texts carry the advice.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ErrorKind {
    #[error("not a pickle: the file is empty; choose the .pkl file the sweep wrote")]
    Empty,
    #[error(
        "not a pickle: it starts with byte 0x{first_byte:02x}, which starts no pickle; choose the .pkl \
         file the sweep wrote"
    )]
    NotAPickle { first_byte: u8 },
    #[error(
        "this is a zip archive (it starts with PK\\x03\\x04), such as torch.save or np.savez write, not \
         a pickle; load it in Python (torch.load / np.load) and save the data with pickle.dump"
    )]
    ZipArchive,
    #[error(
        "this is a .npy file (np.save), not a pickle; load it with np.load and save the sweep's dict \
         with pickle.dump"
    )]
    NpyFile,
    #[error("truncated pickle: {what}; the file is incomplete, copy it again")]
    Truncated { what: String },
    #[error("pickle protocol {protocol}: protocols 0-5 are read; save with pickle.dump(obj, f, protocol=4)")]
    UnsupportedProtocol { protocol: u8 },
    #[error("unknown opcode 0x{opcode:02x}; the file is corrupt or not a pickle")]
    UnknownOpcode { opcode: u8 },
    #[error(
        "refused global {name}: only numpy arrays, numpy scalars and plain Python data are read; this \
         file may try to run code, do not load it in Python either"
    )]
    RefusedGlobal { name: FileText },
    #[error("refused {opcode}: {why}")]
    RefusedOpcode {
        opcode: &'static str,
        why: &'static str,
    },
    #[error("numpy dtype {dtype} is not read: {why}")]
    UnsupportedDtype { dtype: FileText, why: &'static str },
    #[error("integer beyond the 128-bit range; only integers that fit in 128 bits are read")]
    IntTooLarge,
    #[error(
        "string holds a lone surrogate, which is not Unicode text; save the text as valid Unicode"
    )]
    Surrogate,
    #[error("{what} is not valid text: {detail}")]
    InvalidText { what: &'static str, detail: String },
    #[error("{opcode} argument {text} is not {expected} as Python reads it")]
    BadNumber {
        opcode: &'static str,
        text: FileText,
        expected: &'static str,
    },
    #[error(
        "recursive container: a {what} contains itself; only tree- or DAG-shaped data is read"
    )]
    Recursive { what: &'static str },
    #[error("{what} nested deeper than {limit}; plain data files nest a few levels")]
    TooDeep { what: &'static str, limit: usize },
    #[error(
        "{what}: the pickle needs more memory or work than its size justifies (huge shared or \
         repeated objects); it is not a plain data file"
    )]
    Budget { what: &'static str },
    #[error(
        "array of shape {} of {} is too big: its size overflows 64 bits, numpy refuses it too",
        shape_text(shape),
        dtype.name()
    )]
    ArrayTooBig { shape: Vec<u64>, dtype: DType },
    #[error(
        "array header says shape {} of {} ({need} bytes) but {present} bytes of data are present; the \
         file is corrupt or hostile",
        shape_text(shape),
        dtype.name()
    )]
    ArraySize {
        shape: Vec<u64>,
        dtype: DType,
        /// Bytes the shape needs; saturates at `u128::MAX` for shapes beyond 2^128 bytes.
        need: u128,
        present: u64,
    },
    #[error("unsupported: {what}")]
    Unsupported { what: String },
    #[error("malformed pickle: {what}")]
    Malformed { what: String },
}

impl ErrorKind {
    /// The variant's name (`"Truncated"`, `"RefusedGlobal"`, ...), as fixture files name expected errors.
    pub fn name(&self) -> &'static str {
        match self {
            ErrorKind::Empty => "Empty",
            ErrorKind::NotAPickle { .. } => "NotAPickle",
            ErrorKind::ZipArchive => "ZipArchive",
            ErrorKind::NpyFile => "NpyFile",
            ErrorKind::Truncated { .. } => "Truncated",
            ErrorKind::UnsupportedProtocol { .. } => "UnsupportedProtocol",
            ErrorKind::UnknownOpcode { .. } => "UnknownOpcode",
            ErrorKind::RefusedGlobal { .. } => "RefusedGlobal",
            ErrorKind::RefusedOpcode { .. } => "RefusedOpcode",
            ErrorKind::UnsupportedDtype { .. } => "UnsupportedDtype",
            ErrorKind::IntTooLarge => "IntTooLarge",
            ErrorKind::Surrogate => "Surrogate",
            ErrorKind::InvalidText { .. } => "InvalidText",
            ErrorKind::BadNumber { .. } => "BadNumber",
            ErrorKind::Recursive { .. } => "Recursive",
            ErrorKind::TooDeep { .. } => "TooDeep",
            ErrorKind::Budget { .. } => "Budget",
            ErrorKind::ArrayTooBig { .. } => "ArrayTooBig",
            ErrorKind::ArraySize { .. } => "ArraySize",
            ErrorKind::Unsupported { .. } => "Unsupported",
            ErrorKind::Malformed { .. } => "Malformed",
        }
    }
}

/// A numpy shape as Python prints a tuple: `(3,)`, `(2, 4)`, `()`.
fn shape_text(shape: &[u64]) -> String {
    match shape {
        [n] => format!("({n},)"),
        s => format!(
            "({})",
            s.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// Text taken from a file (a global's name, a dtype string, protocol-0 number text). Kept raw (at most
/// [`FileText::MAX_BYTES`] bytes) and displayed quoted and escaped, so it can never carry a control
/// character, a terminal escape or a bidirectional override to a terminal or the page.
#[derive(Clone, PartialEq, Eq)]
pub struct FileText {
    raw: Box<[u8]>,
    cut: bool,
}

impl FileText {
    /// Longest raw text kept; longer texts are cut and shown with `…`.
    pub const MAX_BYTES: usize = 120;

    pub(crate) fn new(raw: &[u8]) -> Self {
        let cut = raw.len() > Self::MAX_BYTES;
        FileText {
            raw: raw[..raw.len().min(Self::MAX_BYTES)].into(),
            cut,
        }
    }

    /// The raw bytes kept (possibly cut).
    pub fn raw(&self) -> &[u8] {
        &self.raw
    }
}

impl fmt::Display for FileText {
    /// `"..."` with every character outside printable ASCII escaped: `\n`, `\"`, `\\`, `\u{1b}`, `\u{202e}`,
    /// and `\xNN` for bytes that are not UTF-8. Non-ASCII letters are escaped too: a terminal or page
    /// shows exactly the characters the file holds, nothing it could interpret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        for chunk in self.raw.utf8_chunks() {
            for c in chunk.valid().chars() {
                match c {
                    '"' => f.write_str("\\\"")?,
                    '\\' => f.write_str("\\\\")?,
                    '\n' => f.write_str("\\n")?,
                    '\r' => f.write_str("\\r")?,
                    '\t' => f.write_str("\\t")?,
                    ' '..='~' => fmt::Write::write_char(f, c)?,
                    _ => write!(f, "\\u{{{:x}}}", c as u32)?,
                }
            }
            for b in chunk.invalid() {
                write!(f, "\\x{b:02x}")?;
            }
        }
        f.write_str("\"")?;
        if self.cut {
            f.write_str("…")?;
        }
        Ok(())
    }
}

impl fmt::Debug for FileText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_text_is_escaped_and_capped() {
        let t = FileText::new(b"os\x1b[2J\nall files read OK\xff\xe2\x80\xae\"\\");
        let s = t.to_string();
        assert_eq!(s, r#""os\u{1b}[2J\nall files read OK\xff\u{202e}\"\\""#);
        assert!(s.chars().all(|c| (' '..='~').contains(&c)), "{s}");
        let long = FileText::new(&[b'a'; 500]);
        assert_eq!(long.raw().len(), FileText::MAX_BYTES);
        assert!(long.to_string().ends_with("\"…"));
    }

    #[test]
    fn messages_name_the_offset_and_the_shape() {
        let e = PickleError::new(
            7,
            ErrorKind::ArraySize {
                shape: vec![2, (1 << 31) - 1],
                dtype: DType::F8,
                need: 2 * ((1u128 << 31) - 1) * 8,
                present: 8,
            },
        );
        assert_eq!(
            e.to_string(),
            "at byte 7: array header says shape (2, 2147483647) of f8 (34359738352 bytes) but 8 bytes of \
             data are present; the file is corrupt or hostile"
        );
        assert_eq!(e.kind.name(), "ArraySize");
    }
}
