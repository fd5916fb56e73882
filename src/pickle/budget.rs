//! Work and memory budgets proportional to the input's size.
//!
//! Owns: the two counters every potentially amplifying step is charged to *before* it allocates or loops,
//! and their limits. Structural costs (one node, one stack slot, one memo entry per opcode) are charged
//! too, so the memory budget bounds everything the decoder allocates except the array bytes it decodes
//! from protocol 0-2 text (at most the input's size) and the `Vec`/`HashMap` growth slack.

use super::error::{ErrorKind, PickleError};

/// Work units (about one object touched or 8 bytes scanned) granted per input byte.
pub(crate) const WORK_PER_BYTE: u64 = 32;
/// Work granted to every input, however small.
pub(crate) const WORK_BASE: u64 = 1 << 20;
/// Estimated heap bytes granted per input byte (see the README's memory table for what is measured).
pub(crate) const MEM_PER_BYTE: u64 = 48;
/// Heap bytes granted to every input, however small.
pub(crate) const MEM_BASE: u64 = 1 << 20;

pub(crate) struct Budget {
    work: u64,
    work_limit: u64,
    mem: u64,
    mem_limit: u64,
}

impl Budget {
    pub(crate) fn for_input(len: usize) -> Self {
        let len = len as u64;
        Budget {
            work: 0,
            work_limit: WORK_BASE.saturating_add(WORK_PER_BYTE.saturating_mul(len)),
            mem: 0,
            mem_limit: MEM_BASE.saturating_add(MEM_PER_BYTE.saturating_mul(len)),
        }
    }

    /// Charges `units` of work done at byte `at`; refuses once the budget is spent.
    #[inline]
    pub(crate) fn work(&mut self, units: u64, at: usize) -> Result<(), PickleError> {
        self.work = self.work.saturating_add(units);
        if self.work > self.work_limit {
            return Err(PickleError::new(
                at,
                ErrorKind::Budget {
                    what: "too much work",
                },
            ));
        }
        Ok(())
    }

    /// Charges `bytes` about to be allocated at byte `at`; refuses before the allocation happens.
    #[inline]
    pub(crate) fn mem(&mut self, bytes: u64, at: usize) -> Result<(), PickleError> {
        self.mem = self.mem.saturating_add(bytes);
        if self.mem > self.mem_limit {
            return Err(PickleError::new(
                at,
                ErrorKind::Budget {
                    what: "too much memory",
                },
            ));
        }
        Ok(())
    }

    /// Both at once: `count` items of `size` bytes each, one work unit per item.
    #[inline]
    pub(crate) fn items(
        &mut self,
        count: usize,
        size: usize,
        at: usize,
    ) -> Result<(), PickleError> {
        let count = count as u64;
        self.work(count, at)?;
        self.mem(count.saturating_mul(size as u64), at)
    }
}
