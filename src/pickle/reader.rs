//! The input reader.
//!
//! Owns: the read position in the pickle bytes, the offset of the opcode being run (errors name it), and
//! bounds-checked reads of fixed-size arguments, length-prefixed byte runs and protocol-0 text lines. Every
//! slice it returns borrows the input: reading never copies.

use super::error::{ErrorKind, PickleError};

pub(crate) struct Reader<'a> {
    input: &'a [u8],
    pos: usize,
    /// Offset of the opcode being run.
    op_at: usize,
}

type R<T> = Result<T, PickleError>;

impl<'a> Reader<'a> {
    pub(crate) fn new(input: &'a [u8]) -> Self {
        Reader {
            input,
            pos: 0,
            op_at: 0,
        }
    }

    pub(crate) fn input(&self) -> &'a [u8] {
        self.input
    }

    pub(crate) fn remaining(&self) -> usize {
        self.input.len() - self.pos
    }

    /// Starts the next opcode: records its offset and returns it with the opcode byte, or `None` at the end.
    pub(crate) fn next_opcode(&mut self) -> Option<(usize, u8)> {
        let at = self.pos;
        let op = *self.input.get(at)?;
        self.op_at = at;
        self.pos += 1;
        Some((at, op))
    }

    fn truncated(&self, what: String) -> PickleError {
        PickleError::new(self.op_at, ErrorKind::Truncated { what })
    }

    /// The next `n` bytes.
    pub(crate) fn take(&mut self, n: usize, what: &str) -> R<&'a [u8]> {
        if n > self.remaining() {
            return Err(self.truncated(format!(
                "{what} needs {n} bytes, only {} remain",
                self.remaining()
            )));
        }
        let b = &self.input[self.pos..self.pos + n];
        self.pos += n;
        Ok(b)
    }

    /// The next `n` bytes, `n` taken from a length field (which may exceed this platform's `usize`).
    pub(crate) fn take_len(&mut self, n: u64, what: &str) -> R<&'a [u8]> {
        match usize::try_from(n) {
            Ok(n) => self.take(n, what),
            Err(_) => Err(self.truncated(format!(
                "{what} needs {n} bytes, only {} remain",
                self.remaining()
            ))),
        }
    }

    /// Checks that `n` more bytes exist without reading them (FRAME).
    pub(crate) fn ensure(&self, n: u64, what: &str) -> R<()> {
        if n > self.remaining() as u64 {
            return Err(self.truncated(format!(
                "{what} of {n} bytes, only {} remain",
                self.remaining()
            )));
        }
        Ok(())
    }

    pub(crate) fn u8(&mut self, what: &str) -> R<u8> {
        Ok(self.take(1, what)?[0])
    }

    pub(crate) fn u16(&mut self, what: &str) -> R<u16> {
        Ok(u16::from_le_bytes(self.array(what)?))
    }

    pub(crate) fn u32(&mut self, what: &str) -> R<u32> {
        Ok(u32::from_le_bytes(self.array(what)?))
    }

    pub(crate) fn u64(&mut self, what: &str) -> R<u64> {
        Ok(u64::from_le_bytes(self.array(what)?))
    }

    pub(crate) fn array<const N: usize>(&mut self, what: &str) -> R<[u8; N]> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N, what)?);
        Ok(a)
    }

    /// A protocol-0 text argument: the bytes up to (not including) the next `\n`, which is consumed.
    pub(crate) fn line(&mut self, what: &str) -> R<&'a [u8]> {
        let rest = &self.input[self.pos..];
        match rest.iter().position(|&b| b == b'\n') {
            Some(i) => {
                self.pos += i + 1;
                Ok(&rest[..i])
            }
            None => Err(self.truncated(format!("{what} has no terminating newline"))),
        }
    }
}
