//! What crosses a worker boundary, as bytes: the statistics of Fig. S9A/B and S9C sweeps, the notebook's
//! parameters, the figures and their options ([`figures`]), and the messages of the page's decode workers
//! ([`envelope`]) and of its export worker ([`export`]), written into one `Vec<u8>` that `postMessage`
//! transfers (its `ArrayBuffer` moves, nothing is cloned). DOM-free, without serde.
//!
//! Owns: the encoding. A message is [`MAGIC`], [`VERSION`], then one value. Unsigned integers are LEB128
//! varints, signed ones zigzag varints (`i128` keys included), `f64` the 8 little-endian bytes of its bits
//! (so NaN payloads, `-0.0` and infinities come back bit for bit), curves a length and their raw 8-byte
//! elements, strings a length and UTF-8 (checked on the way in), raw bytes a length and the bytes,
//! `Option`/enums a tag byte, sequences a length first. Reading never panics and never allocates more than the message can hold: a length larger
//! than the bytes left is refused before anything is reserved, and every refusal is a [`WireError`] with
//! the byte offset.

pub mod envelope;
pub mod export;
pub mod figures;

use crate::datacheck::SweepFacts;
use crate::stats::{
    CountStats, Params, PngCountStats, PngPointSummary, PngSweepStats, PointStats, PointSummary,
    SweepStats,
};
use crate::sweep::{HValue, SweepFile};
use thiserror::Error;

/// The first two bytes of every message ("IW": infosweep wire).
pub const MAGIC: [u8; 2] = *b"IW";
/// The encoding's version, the third byte; a page and a worker of different builds refuse each other.
pub const VERSION: u8 = 1;

/// Why bytes are not a message. `offset` is where reading stopped.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WireError {
    #[error("worker message cut short at byte {offset}: {what} needs more bytes")]
    Truncated { offset: usize, what: &'static str },
    #[error("worker message: byte {offset} holds {tag}, no {what}")]
    BadTag {
        offset: usize,
        what: &'static str,
        tag: u8,
    },
    #[error("worker message: at byte {offset} a length of {len} exceeds the {left} bytes left")]
    BadLength {
        offset: usize,
        len: u64,
        left: usize,
    },
    #[error("worker message: the text at byte {offset} is not UTF-8")]
    BadText { offset: usize },
    #[error("worker message: the number at byte {offset} is out of range")]
    BadNumber { offset: usize },
    #[error("not a worker message of this build (header {found:?}); reload the page")]
    BadHeader { found: Vec<u8> },
    #[error("worker message: {left} bytes left over after the message")]
    Trailing { left: usize },
}

/// A value that can be written into a message and read back.
pub trait Wire: Sized {
    fn put(&self, w: &mut Writer);
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError>;
}

/// The message holding `value`.
pub fn to_bytes<T: Wire>(value: &T) -> Vec<u8> {
    message(|w| value.put(w))
}

/// The message that `put` writes: for values held by reference (e.g. a slice, where [`to_bytes`] would
/// need an owned tuple), read back as the owned type with [`from_bytes`].
pub fn message(put: impl FnOnce(&mut Writer)) -> Vec<u8> {
    let mut w = Writer {
        buf: Vec::with_capacity(64),
    };
    w.buf.extend_from_slice(&MAGIC);
    w.buf.push(VERSION);
    put(&mut w);
    w.buf
}

/// Writes `items` as a `Vec<T>` is written (read back as `Vec<T>`).
pub fn put_list<T: Wire>(w: &mut Writer, items: &[T]) {
    w.u64(items.len() as u64);
    for v in items {
        v.put(w);
    }
}

/// The value a message holds; refuses anything else (other header, truncation, garbage, trailing bytes).
pub fn from_bytes<T: Wire>(bytes: &[u8]) -> Result<T, WireError> {
    let header = bytes.get(..3);
    if header != Some(&[MAGIC[0], MAGIC[1], VERSION][..]) {
        return Err(WireError::BadHeader {
            found: bytes[..bytes.len().min(3)].to_vec(),
        });
    }
    let mut r = Reader { buf: bytes, pos: 3 };
    let v = T::get(&mut r)?;
    match r.buf.len() - r.pos {
        0 => Ok(v),
        left => Err(WireError::Trailing { left }),
    }
}

/// Appends values to a message.
pub struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    pub fn u64(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.buf.push(v as u8 | 0x80);
            v >>= 7;
        }
        self.buf.push(v as u8);
    }

    fn u128(&mut self, mut v: u128) {
        while v >= 0x80 {
            self.buf.push(v as u8 | 0x80);
            v >>= 7;
        }
        self.buf.push(v as u8);
    }

    pub fn tag(&mut self, t: u8) {
        self.buf.push(t);
    }

    pub fn f64(&mut self, v: f64) {
        self.buf.extend_from_slice(&v.to_bits().to_le_bytes());
    }

    pub fn f64s(&mut self, v: &[f64]) {
        self.u64(v.len() as u64);
        // Sized once, then filled in place: a push per element is ~10x slower at `opt-level = "z"` (the
        // page sends the draw module its curves with this).
        let start = self.buf.len();
        self.buf.resize(start + v.len() * 8, 0);
        for (out, x) in self.buf[start..].chunks_exact_mut(8).zip(v) {
            out.copy_from_slice(&x.to_bits().to_le_bytes());
        }
    }

    pub fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }

    /// Raw bytes (a file): a length and the bytes.
    pub fn bytes(&mut self, b: &[u8]) {
        self.u64(b.len() as u64);
        self.buf.extend_from_slice(b);
    }
}

/// Reads values from a message, checking every length against what is left.
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], WireError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.buf.len())
            .ok_or(WireError::Truncated {
                offset: self.pos,
                what,
            })?;
        let s = &self.buf[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    pub fn tag(&mut self, what: &'static str) -> Result<u8, WireError> {
        Ok(self.take(1, what)?[0])
    }

    fn u128(&mut self, what: &'static str) -> Result<u128, WireError> {
        let start = self.pos;
        let mut v = 0u128;
        for shift in (0..128).step_by(7) {
            let b = self.tag(what)?;
            let bits = u128::from(b & 0x7f);
            if shift == 126 && bits > 3 {
                return Err(WireError::BadNumber { offset: start });
            }
            v |= bits << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(WireError::BadNumber { offset: start })
    }

    pub fn u64(&mut self, what: &'static str) -> Result<u64, WireError> {
        let start = self.pos;
        u64::try_from(self.u128(what)?).map_err(|_| WireError::BadNumber { offset: start })
    }

    pub fn usize(&mut self, what: &'static str) -> Result<usize, WireError> {
        let start = self.pos;
        usize::try_from(self.u64(what)?).map_err(|_| WireError::BadNumber { offset: start })
    }

    /// A length of items of at least `min_size` bytes each, checked against the bytes left.
    pub fn len(&mut self, min_size: usize, what: &'static str) -> Result<usize, WireError> {
        let offset = self.pos;
        let len = self.u64(what)?;
        let left = self.buf.len() - self.pos;
        match usize::try_from(len) {
            Ok(n) if n.saturating_mul(min_size.max(1)) <= left => Ok(n),
            _ => Err(WireError::BadLength { offset, len, left }),
        }
    }

    pub fn f64(&mut self) -> Result<f64, WireError> {
        let b = self.take(8, "a float")?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(f64::from_bits(u64::from_le_bytes(a)))
    }

    pub fn f64s(&mut self) -> Result<Vec<f64>, WireError> {
        let n = self.len(8, "a curve")?;
        let b = self.take(n * 8, "a curve")?;
        Ok(b.chunks_exact(8)
            .map(|c| {
                let mut a = [0u8; 8];
                a.copy_from_slice(c);
                f64::from_bits(u64::from_le_bytes(a))
            })
            .collect())
    }

    pub fn bool(&mut self) -> Result<bool, WireError> {
        let offset = self.pos;
        match self.tag("a bool")? {
            0 => Ok(false),
            1 => Ok(true),
            tag => Err(WireError::BadTag {
                offset,
                what: "bool",
                tag,
            }),
        }
    }

    /// Raw bytes written by [`Writer::bytes`].
    pub fn bytes(&mut self) -> Result<Vec<u8>, WireError> {
        let n = self.len(1, "bytes")?;
        Ok(self.take(n, "bytes")?.to_vec())
    }

    pub fn string(&mut self) -> Result<String, WireError> {
        let n = self.len(1, "a text")?;
        let offset = self.pos;
        let b = self.take(n, "a text")?;
        String::from_utf8(b.to_vec()).map_err(|_| WireError::BadText { offset })
    }

    /// The error for an unknown tag just read.
    pub fn bad_tag(&self, what: &'static str, tag: u8) -> WireError {
        WireError::BadTag {
            offset: self.pos - 1,
            what,
            tag,
        }
    }
}

impl Wire for String {
    fn put(&self, w: &mut Writer) {
        w.str(self);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        r.string()
    }
}

impl Wire for f64 {
    fn put(&self, w: &mut Writer) {
        w.f64(*self);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        r.f64()
    }
}

impl Wire for bool {
    fn put(&self, w: &mut Writer) {
        w.tag(u8::from(*self));
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        r.bool()
    }
}

impl Wire for u32 {
    fn put(&self, w: &mut Writer) {
        w.u64(u64::from(*self));
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        let offset = r.pos;
        u32::try_from(r.u64("a number")?).map_err(|_| WireError::BadNumber { offset })
    }
}

impl Wire for usize {
    fn put(&self, w: &mut Writer) {
        w.u64(*self as u64);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        r.usize("a number")
    }
}

impl Wire for u64 {
    fn put(&self, w: &mut Writer) {
        w.u64(*self);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        r.u64("a number")
    }
}

impl<T: Wire> Wire for Option<T> {
    fn put(&self, w: &mut Writer) {
        match self {
            None => w.tag(0),
            Some(v) => {
                w.tag(1);
                v.put(w);
            }
        }
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        match r.tag("an option")? {
            0 => Ok(None),
            1 => Ok(Some(T::get(r)?)),
            t => Err(r.bad_tag("option", t)),
        }
    }
}

impl<T: Wire> Wire for Vec<T> {
    fn put(&self, w: &mut Writer) {
        put_list(w, self);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        let n = r.len(1, "a list")?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(T::get(r)?);
        }
        Ok(out)
    }
}

impl<A: Wire, B: Wire> Wire for (A, B) {
    fn put(&self, w: &mut Writer) {
        self.0.put(w);
        self.1.put(w);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        Ok((A::get(r)?, B::get(r)?))
    }
}

impl Wire for HValue {
    fn put(&self, w: &mut Writer) {
        match self {
            HValue::Int(i) => {
                w.tag(0);
                // zigzag: small magnitudes of either sign take few bytes
                w.u128(((*i << 1) ^ (*i >> 127)) as u128);
            }
            HValue::Float(f) => {
                w.tag(1);
                w.f64(*f);
            }
            HValue::Str(s) => {
                w.tag(2);
                w.str(s);
            }
        }
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        match r.tag("a value")? {
            0 => {
                let z = r.u128("an int value")?;
                Ok(HValue::Int((z >> 1) as i128 ^ -((z & 1) as i128)))
            }
            1 => Ok(HValue::Float(r.f64()?)),
            2 => Ok(HValue::Str(r.string()?)),
            t => Err(r.bad_tag("value kind", t)),
        }
    }
}

impl Wire for PointStats {
    fn put(&self, w: &mut Writer) {
        for v in [
            self.count_mean,
            self.count_sem,
            self.fraction_mean,
            self.fraction_sem,
            self.max_info_mean,
            self.max_info_std,
            self.mean_info_top_k,
        ] {
            w.f64(v);
        }
        w.u64(self.n_trials as u64);
        w.f64s(&self.ranked_mean);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        Ok(PointStats {
            count_mean: r.f64()?,
            count_sem: r.f64()?,
            fraction_mean: r.f64()?,
            fraction_sem: r.f64()?,
            max_info_mean: r.f64()?,
            max_info_std: r.f64()?,
            mean_info_top_k: r.f64()?,
            n_trials: r.usize("n_trials")?,
            ranked_mean: r.f64s()?,
        })
    }
}

impl Wire for PointSummary {
    fn put(&self, w: &mut Writer) {
        self.value.put(w);
        self.stats.put(w);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        Ok(PointSummary {
            value: HValue::get(r)?,
            stats: Option::get(r)?,
        })
    }
}

impl Wire for SweepStats {
    fn put(&self, w: &mut Writer) {
        w.str(&self.hparam);
        self.points.put(w);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        Ok(SweepStats {
            hparam: r.string()?,
            points: Vec::get(r)?,
        })
    }
}

impl Wire for PngCountStats {
    fn put(&self, w: &mut Writer) {
        w.f64(self.mean);
        w.f64(self.sem);
        w.u64(self.n_trials as u64);
        self.float32.put(w);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        Ok(PngCountStats {
            mean: r.f64()?,
            sem: r.f64()?,
            n_trials: r.usize("n_trials")?,
            float32: r.bool()?,
        })
    }
}

impl Wire for PngPointSummary {
    fn put(&self, w: &mut Writer) {
        self.value.put(w);
        self.stats.put(w);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        Ok(PngPointSummary {
            value: HValue::get(r)?,
            stats: Option::get(r)?,
        })
    }
}

impl Wire for PngSweepStats {
    fn put(&self, w: &mut Writer) {
        w.str(&self.hparam);
        self.points.put(w);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        Ok(PngSweepStats {
            hparam: r.string()?,
            points: Vec::get(r)?,
        })
    }
}

impl Wire for Params {
    fn put(&self, w: &mut Writer) {
        w.f64(self.threshold);
        w.u64(self.n_neurons as u64);
        w.u64(self.top_k as u64);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        Ok(Params {
            threshold: r.f64()?,
            n_neurons: r.usize("n_neurons")?,
            top_k: r.usize("top_k")?,
        })
    }
}

impl Wire for CountStats {
    fn put(&self, w: &mut Writer) {
        w.f64(self.count_mean);
        w.f64(self.count_sem);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        Ok(CountStats {
            count_mean: r.f64()?,
            count_sem: r.f64()?,
        })
    }
}

impl Wire for SweepFacts {
    fn put(&self, w: &mut Writer) {
        w.str(&self.name);
        self.columns.put(w);
        self.nan.put(w);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        Ok(SweepFacts {
            name: r.string()?,
            columns: Vec::get(r)?,
            nan: Vec::get(r)?,
        })
    }
}

impl Wire for SweepFile {
    fn put(&self, w: &mut Writer) {
        w.tag(match self {
            SweepFile::Information => 0,
            SweepFile::PngCounts => 1,
        });
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        match r.tag("a file kind")? {
            0 => Ok(SweepFile::Information),
            1 => Ok(SweepFile::PngCounts),
            t => Err(r.bad_tag("file kind", t)),
        }
    }
}

#[cfg(test)]
mod tests;
