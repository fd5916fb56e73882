//! Decoded numpy arrays: element type, byte order, memory order, and the bytes as they are stored.
//!
//! Owns: [`NdArray`] and its lazy element readers. The decoder never reorders or byte-swaps: `data` holds
//! exactly `shape.product() * dtype.size()` bytes in the order (C or Fortran) and byte order the file stored
//! them in, usually borrowed from the input itself ([`ArrayBytes::Borrowed`]). Consumers read elements
//! through [`NdArray::get`], [`NdArray::iter_c`] (C order whatever the storage) or, for speed, straight from
//! `data` when [`NdArray::is_c_order_le`] says the bytes are already little-endian C order.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// Element type of a decoded numpy array or scalar (numpy's `dtype.str` without the byte order).
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

impl DType {
    /// Bytes per element (numpy's `itemsize`).
    pub fn size(self) -> usize {
        match self {
            DType::I1 | DType::U1 | DType::B1 => 1,
            DType::I2 | DType::U2 => 2,
            DType::F4 | DType::I4 | DType::U4 => 4,
            DType::F8 | DType::I8 | DType::U8 => 8,
        }
    }

    /// numpy's name without byte order, e.g. `f8`.
    pub fn name(self) -> &'static str {
        match self {
            DType::F4 => "f4",
            DType::F8 => "f8",
            DType::I1 => "i1",
            DType::I2 => "i2",
            DType::I4 => "i4",
            DType::I8 => "i8",
            DType::U1 => "u1",
            DType::U2 => "u2",
            DType::U4 => "u4",
            DType::U8 => "u8",
            DType::B1 => "b1",
        }
    }

    /// Whether the elements are floating point (`f4`, `f8`).
    pub fn is_float(self) -> bool {
        matches!(self, DType::F4 | DType::F8)
    }
}

/// Byte order of the stored elements. One-byte types are always [`ByteOrder::Little`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ByteOrder {
    Little,
    Big,
}

impl ByteOrder {
    /// The byte order of the machine running this code (numpy's `=`).
    pub const NATIVE: ByteOrder = if cfg!(target_endian = "big") {
        ByteOrder::Big
    } else {
        ByteOrder::Little
    };
}

/// Memory order of the stored elements, as the file stored them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Order {
    /// Row-major: the last index varies fastest.
    C,
    /// Column-major: the first index varies fastest.
    Fortran,
}

/// Bytes of an array (or of a Python `bytes`): a slice of the decoder's input, or decoded once and shared.
#[derive(Clone)]
pub enum ArrayBytes<'a> {
    /// Raw bytes of protocol 3-5 (BINBYTES, BYTEARRAY8): part of the input, no copy.
    Borrowed(&'a [u8]),
    /// Bytes decoded from protocol 0-2 latin-1 text, made once and shared by every reference.
    Shared(Arc<[u8]>),
}

impl Deref for ArrayBytes<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            ArrayBytes::Borrowed(b) => b,
            ArrayBytes::Shared(b) => b,
        }
    }
}

impl PartialEq for ArrayBytes<'_> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for ArrayBytes<'_> {}

impl std::hash::Hash for ArrayBytes<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (**self).hash(state)
    }
}

impl fmt::Debug for ArrayBytes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 16;
        let kind = match self {
            ArrayBytes::Borrowed(_) => "Borrowed",
            ArrayBytes::Shared(_) => "Shared",
        };
        write!(f, "{kind}({} bytes", self.len())?;
        if !self.is_empty() {
            write!(f, ": ")?;
            for b in self.iter().take(SHOWN) {
                write!(f, "{b:02x}")?;
            }
            if self.len() > SHOWN {
                write!(f, "…")?;
            }
        }
        write!(f, ")")
    }
}

impl From<Vec<u8>> for ArrayBytes<'static> {
    fn from(v: Vec<u8>) -> Self {
        ArrayBytes::Shared(v.into())
    }
}

/// One element read from an array, in its own type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Element {
    F4(f32),
    F8(f64),
    /// `i1`..`i8`
    Int(i64),
    /// `u1`..`u8`
    UInt(u64),
    /// `b1`: numpy reads any non-zero byte as `True`.
    Bool(bool),
}

impl Element {
    /// The element as a float64, as numpy's `astype(np.float64)` gives it (exact except for
    /// integers beyond 2^53).
    pub fn to_f64(self) -> f64 {
        match self {
            Element::F4(x) => x as f64,
            Element::F8(x) => x,
            Element::Int(x) => x as f64,
            Element::UInt(x) => x as f64,
            Element::Bool(b) => f64::from(u8::from(b)),
        }
    }
}

/// A decoded numpy `ndarray`, its bytes exactly as stored in the file.
///
/// Invariant (kept by the decoder and by the constructors here): `data.len() == shape.iter().product() *
/// dtype.size()`. Equality compares the storage (shape, dtype, byte order, order and bytes), not values.
#[derive(Debug, Clone, PartialEq)]
pub struct NdArray<'a> {
    pub shape: Vec<usize>,
    pub dtype: DType,
    pub byte_order: ByteOrder,
    pub order: Order,
    pub data: ArrayBytes<'a>,
}

impl<'a> NdArray<'a> {
    /// Number of elements.
    pub fn len(&self) -> usize {
        self.data.len() / self.item_size()
    }

    /// Whether the array has no elements (some dimension is 0).
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Bytes per element.
    pub fn item_size(&self) -> usize {
        self.dtype.size()
    }

    /// Number of dimensions.
    pub fn ndim(&self) -> usize {
        self.shape.len()
    }

    /// Whether the stored order is C order: stored C, or Fortran with at most one dimension longer than 1
    /// or no element (where both orders are the same sequence).
    pub fn storage_is_c_order(&self) -> bool {
        self.order == Order::C
            || self.is_empty()
            || self.shape.iter().filter(|&&d| d > 1).count() < 2
    }

    /// Whether `data` is already a little-endian C-order sequence of elements: the fast path for readers.
    pub fn is_c_order_le(&self) -> bool {
        self.storage_is_c_order() && (self.byte_order == ByteOrder::Little || self.item_size() == 1)
    }

    /// Position in storage order of the element at flat C-order index `c_index`, or `None` past the end.
    pub fn storage_index(&self, c_index: usize) -> Option<usize> {
        if c_index >= self.len() {
            return None;
        }
        if self.storage_is_c_order() {
            return Some(c_index);
        }
        if self.shape.contains(&0) {
            return None; // only an array built by hand with data but a zero dimension gets here
        }
        // Peel C-order indices off from the last axis; Fortran strides grow from the first axis.
        let mut rest = c_index;
        let mut multi = vec![0usize; self.shape.len()];
        for (m, &d) in multi.iter_mut().zip(&self.shape).rev() {
            *m = rest % d;
            rest /= d;
        }
        let mut offset = 0usize;
        let mut stride = 1usize;
        for (&m, &d) in multi.iter().zip(&self.shape) {
            offset += m * stride;
            stride *= d;
        }
        Some(offset)
    }

    /// The element at position `i` in storage order.
    pub fn get_stored(&self, i: usize) -> Option<Element> {
        let n = self.item_size();
        let start = i.checked_mul(n)?;
        let b = self.data.get(start..start.checked_add(n)?)?;
        Some(read_element(self.dtype, self.byte_order, b))
    }

    /// The element at flat C-order (row-major) index `c_index`.
    pub fn get(&self, c_index: usize) -> Option<Element> {
        self.get_stored(self.storage_index(c_index)?)
    }

    /// The element at flat C-order index `c_index`, as float64.
    pub fn get_f64(&self, c_index: usize) -> Option<f64> {
        self.get(c_index).map(Element::to_f64)
    }

    /// All elements in C (row-major) order, whatever the storage order.
    pub fn iter_c(&self) -> COrderIter<'_, 'a> {
        COrderIter::new(self)
    }

    /// All elements in C order as float64 (for tests and small consumers; copies).
    pub fn to_c_vec_f64(&self) -> Vec<f64> {
        if self.dtype == DType::F8 && self.is_c_order_le() {
            return self
                .data
                .chunks_exact(8)
                .map(|c| f64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
                .collect();
        }
        self.iter_c().map(Element::to_f64).collect()
    }

    /// A C-order little-endian float64 array owning its bytes (for tests and callers building values).
    /// `None` if `values.len()` is not the product of `shape`.
    pub fn from_f64(shape: Vec<usize>, values: &[f64]) -> Option<NdArray<'static>> {
        let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        NdArray::from_le_bytes(shape, DType::F8, bytes)
    }

    /// A C-order little-endian float32 array owning its bytes; `None` on a shape/length mismatch.
    pub fn from_f32(shape: Vec<usize>, values: &[f32]) -> Option<NdArray<'static>> {
        let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        NdArray::from_le_bytes(shape, DType::F4, bytes)
    }

    /// A C-order little-endian array of `dtype` owning `bytes`; `None` on a shape/length mismatch.
    pub fn from_le_bytes(
        shape: Vec<usize>,
        dtype: DType,
        bytes: Vec<u8>,
    ) -> Option<NdArray<'static>> {
        let n = shape
            .iter()
            .try_fold(1usize, |acc, &d| acc.checked_mul(d))?
            .checked_mul(dtype.size())?;
        (n == bytes.len()).then(|| NdArray {
            shape,
            dtype,
            byte_order: ByteOrder::Little,
            order: Order::C,
            data: bytes.into(),
        })
    }
}

/// Reads one element from exactly `dtype.size()` bytes.
pub(crate) fn read_element(dtype: DType, order: ByteOrder, b: &[u8]) -> Element {
    fn arr<const N: usize>(b: &[u8]) -> [u8; N] {
        let mut a = [0u8; N];
        a.copy_from_slice(&b[..N]);
        a
    }
    let big = order == ByteOrder::Big;
    macro_rules! rd {
        ($t:ty, $n:literal) => {{
            let a = arr::<$n>(b);
            if big {
                <$t>::from_be_bytes(a)
            } else {
                <$t>::from_le_bytes(a)
            }
        }};
    }
    match dtype {
        DType::F4 => Element::F4(rd!(f32, 4)),
        DType::F8 => Element::F8(rd!(f64, 8)),
        DType::I1 => Element::Int(i64::from(b[0] as i8)),
        DType::I2 => Element::Int(rd!(i16, 2).into()),
        DType::I4 => Element::Int(rd!(i32, 4).into()),
        DType::I8 => Element::Int(rd!(i64, 8)),
        DType::U1 => Element::UInt(b[0].into()),
        DType::U2 => Element::UInt(rd!(u16, 2).into()),
        DType::U4 => Element::UInt(rd!(u32, 4).into()),
        DType::U8 => Element::UInt(rd!(u64, 8)),
        DType::B1 => Element::Bool(b[0] != 0),
    }
}

/// Iterator over an array's elements in C order. Fortran storage is walked with an odometer over the C
/// multi-index (last axis fastest) and Fortran strides; nothing is allocated beyond the index.
pub struct COrderIter<'r, 'a> {
    array: &'r NdArray<'a>,
    /// Elements still to yield.
    remaining: usize,
    /// Next storage position.
    pos: usize,
    /// Fortran walk state (`None` when storage is already C order).
    walk: Option<FortranWalk>,
}

struct FortranWalk {
    index: Vec<usize>,
    strides: Vec<usize>,
}

impl<'r, 'a> COrderIter<'r, 'a> {
    fn new(array: &'r NdArray<'a>) -> Self {
        let remaining = array.len();
        // Fortran strides are only computed for non-empty arrays, whose dimensions multiply to `remaining`
        // without overflow.
        let walk = (remaining > 0 && !array.storage_is_c_order()).then(|| {
            let mut strides = Vec::with_capacity(array.shape.len());
            let mut s = 1usize;
            for &d in &array.shape {
                strides.push(s);
                s *= d;
            }
            FortranWalk {
                index: vec![0; array.shape.len()],
                strides,
            }
        });
        COrderIter {
            array,
            remaining,
            pos: 0,
            walk,
        }
    }
}

impl Iterator for COrderIter<'_, '_> {
    type Item = Element;

    fn next(&mut self) -> Option<Element> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        let here = self.pos;
        match &mut self.walk {
            None => self.pos += 1,
            Some(w) => {
                // Advance the C multi-index, last axis fastest, moving `pos` by the Fortran strides.
                for ax in (0..w.index.len()).rev() {
                    w.index[ax] += 1;
                    self.pos += w.strides[ax];
                    if w.index[ax] < self.array.shape[ax] {
                        break;
                    }
                    self.pos -= w.strides[ax] * w.index[ax];
                    w.index[ax] = 0;
                }
            }
        }
        self.array.get_stored(here)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl ExactSizeIterator for COrderIter<'_, '_> {}

#[cfg(test)]
mod tests {
    use super::*;

    fn fortran_u1(shape: Vec<usize>, stored: Vec<u8>) -> NdArray<'static> {
        NdArray {
            shape,
            dtype: DType::U1,
            byte_order: ByteOrder::Little,
            order: Order::Fortran,
            data: stored.into(),
        }
    }

    #[test]
    fn only_f4_and_f8_are_floats() {
        use DType::*;
        let floats: Vec<DType> = [F4, F8, I1, I2, I4, I8, U1, U2, U4, U8, B1]
            .into_iter()
            .filter(|d| d.is_float())
            .collect();
        assert_eq!(floats, [F4, F8]);
    }

    #[test]
    fn array_bytes_compare_and_hash_by_content_whatever_their_storage() {
        use std::hash::{BuildHasher, RandomState};
        let hasher = RandomState::new();
        let borrowed = ArrayBytes::Borrowed(&[1, 2, 3]);
        let shared = ArrayBytes::Shared(Arc::from(&[1u8, 2, 3][..]));
        let other = ArrayBytes::Borrowed(&[1, 2, 4]);
        assert_eq!(borrowed, shared);
        assert_ne!(borrowed, other);
        assert_ne!(shared, ArrayBytes::Borrowed(&[1, 2]));
        assert_eq!(hasher.hash_one(&borrowed), hasher.hash_one(&shared));
        assert_ne!(hasher.hash_one(&borrowed), hasher.hash_one(&other));
    }

    #[test]
    fn array_bytes_debug_shows_the_storage_the_length_and_at_most_16_bytes() {
        assert_eq!(
            format!("{:?}", ArrayBytes::Borrowed(&[])),
            "Borrowed(0 bytes)"
        );
        assert_eq!(
            format!("{:?}", ArrayBytes::Shared(Arc::from(&[0x0au8, 0xff][..]))),
            "Shared(2 bytes: 0aff)"
        );
        let sixteen: Vec<u8> = (0..16).collect();
        assert_eq!(
            format!("{:?}", ArrayBytes::Borrowed(&sixteen)),
            "Borrowed(16 bytes: 000102030405060708090a0b0c0d0e0f)"
        );
        let seventeen: Vec<u8> = (0..17).collect();
        assert_eq!(
            format!("{:?}", ArrayBytes::Borrowed(&seventeen)),
            "Borrowed(17 bytes: 000102030405060708090a0b0c0d0e0f…)"
        );
    }

    fn uints(a: &NdArray) -> Vec<u64> {
        a.iter_c()
            .map(|e| match e {
                Element::UInt(u) => u,
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn fortran_storage_reads_in_c_order() {
        // C-order 2x3 [[0,1,2],[3,4,5]] stored column-major: 0,3,1,4,2,5
        let a = fortran_u1(vec![2, 3], vec![0, 3, 1, 4, 2, 5]);
        assert_eq!(uints(&a), [0, 1, 2, 3, 4, 5]);
        assert_eq!(a.get(4), Some(Element::UInt(4)));
        assert_eq!(a.storage_index(1), Some(2));
        assert_eq!(a.get(6), None);
        // 2x3x2: element (i,j,k) = 100i+10j+k at Fortran position i + 2j + 6k
        let mut f = vec![0u8; 12];
        let mut want = vec![];
        for i in 0..2 {
            for j in 0..3 {
                for k in 0..2 {
                    f[i + 2 * j + 6 * k] = (100 * i + 10 * j + k) as u8;
                    want.push((100 * i + 10 * j + k) as u64);
                }
            }
        }
        let a = fortran_u1(vec![2, 3, 2], f);
        assert_eq!(uints(&a), want);
        let by_index: Vec<u64> = (0..12)
            .map(|i| match a.get(i) {
                Some(Element::UInt(u)) => u,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(by_index, want);
        assert!(!a.storage_is_c_order());
        assert!(fortran_u1(vec![3, 1], vec![1, 2, 3]).storage_is_c_order());
    }

    #[test]
    fn empty_arrays_with_huge_dimensions_iterate_at_once() {
        let a = fortran_u1(vec![1 << 31, 1 << 31, 0], vec![]);
        assert_eq!(a.len(), 0);
        assert_eq!(a.iter_c().count(), 0);
        assert_eq!(a.get(0), None);
    }

    #[test]
    fn byte_orders_and_types() {
        let raw = vec![1, 0, 0, 0, 0, 0, 0, 2];
        let mut a = NdArray::from_le_bytes(vec![2], DType::I4, raw).unwrap();
        assert_eq!(a.get(1), Some(Element::Int(2 << 24)));
        a.byte_order = ByteOrder::Big;
        assert_eq!(a.get(0), Some(Element::Int(1 << 24)));
        assert!(!a.is_c_order_le());
        let b = NdArray {
            shape: vec![1],
            dtype: DType::F8,
            byte_order: ByteOrder::Big,
            order: Order::C,
            data: 1.5f64.to_be_bytes().to_vec().into(),
        };
        assert_eq!(b.get_f64(0), Some(1.5));
        let c = NdArray::from_le_bytes(vec![3], DType::B1, vec![0, 2, 1]).unwrap();
        assert_eq!(c.to_c_vec_f64(), [0.0, 1.0, 1.0]);
        let d = NdArray::from_le_bytes(vec![2], DType::I1, vec![0xff, 0x80]).unwrap();
        assert_eq!(d.to_c_vec_f64(), [-1.0, -128.0]);
        assert!(NdArray::from_f64(vec![2, 2], &[1.0; 3]).is_none());
        let e = NdArray::from_f32(vec![1, 2], &[0.5, -2.0]).unwrap();
        assert_eq!(
            e.iter_c().collect::<Vec<_>>(),
            [Element::F4(0.5), Element::F4(-2.0)]
        );
    }
}
