//! numpy forms: dtype strings and byte orders, raw array bytes to native-endian C-order element vectors,
//! Fortran-to-C reordering, and numpy scalars from their raw bytes.
//!
//! Owns every check that ties a header (shape, dtype) to the bytes actually present, so that no allocation is
//! ever sized by a header alone: an array's element count times its item size must equal the raw byte count
//! before any element vector is allocated.

use super::{ArrayData, DType, NdArray, PickleError, Scalar};

/// numpy refuses more dimensions than this (`NPY_MAXDIMS` is 32 in 1.x, 64 in 2.x).
pub(crate) const MAX_DIMS: usize = 64;

/// Byte order of a dtype, as numpy's `dtype.byteorder` character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ByteOrder {
    /// `<`
    Little,
    /// `>`
    Big,
    /// `=` (native) or `|` (not applicable, 1-byte types): read natively.
    Native,
}

impl ByteOrder {
    pub(crate) fn from_char(s: &str) -> Option<ByteOrder> {
        match s {
            "<" => Some(ByteOrder::Little),
            ">" => Some(ByteOrder::Big),
            "=" | "|" => Some(ByteOrder::Native),
            _ => None,
        }
    }

    fn is_big(self) -> bool {
        match self {
            ByteOrder::Little => false,
            ByteOrder::Big => true,
            ByteOrder::Native => cfg!(target_endian = "big"),
        }
    }
}

/// A numpy dtype the decoder accepts: a plain numeric or bool type in some byte order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dtype {
    pub ty: DType,
    pub order: ByteOrder,
}

impl DType {
    /// Bytes per element.
    pub fn itemsize(self) -> usize {
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
}

/// Parses the first argument of `numpy.dtype(...)` as numpy pickles it (`f8`, `<i4`, `b1`, ...).
/// `Err` holds the reason for refusal (object, structured, or another kind).
pub(crate) fn parse_dtype(s: &str) -> Result<Dtype, String> {
    let (order, rest) = match s.get(..1).and_then(ByteOrder::from_char) {
        Some(o) => (o, &s[1..]),
        None => (ByteOrder::Native, s),
    };
    let ty = match rest {
        "f4" | "float32" => DType::F4,
        "f8" | "float64" | "d" => DType::F8,
        "i1" | "int8" => DType::I1,
        "i2" | "int16" => DType::I2,
        "i4" | "int32" => DType::I4,
        "i8" | "int64" => DType::I8,
        "u1" | "uint8" => DType::U1,
        "u2" | "uint16" => DType::U2,
        "u4" | "uint32" => DType::U4,
        "u8" | "uint64" => DType::U8,
        "b1" | "?" | "bool" => DType::B1,
        _ if rest.starts_with('O') => {
            return Err(format!(
                "object dtype `{}` (arrays of Python objects); save the data as a numeric array",
                short(s)
            ))
        }
        _ if rest.starts_with('V') => {
            return Err(format!(
                "structured/record dtype `{}`; save each field as its own numeric array",
                short(s)
            ))
        }
        _ => {
            return Err(format!(
                "dtype `{}`; only f4, f8, i1-i8, u1-u8 and b1 are read",
                short(s)
            ))
        }
    };
    Ok(Dtype { ty, order })
}

/// Shortens text quoted from a hostile file for an error message.
pub(crate) fn short(s: &str) -> String {
    const MAX: usize = 80;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(MAX).collect();
        t.push('…');
        t
    }
}

/// Element count of `shape`, or `None` on overflow.
fn element_count(shape: &[usize]) -> Option<usize> {
    shape.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d))
}

#[inline]
fn arr<const N: usize>(c: &[u8]) -> [u8; N] {
    // `chunks_exact(N)` always yields N bytes; the fallback is never taken.
    c.try_into().unwrap_or([0; N])
}

macro_rules! convert {
    ($raw:expr, $big:expr, $t:ty, $n:literal) => {{
        let chunks = $raw.chunks_exact($n);
        if $big {
            chunks
                .map(|c| <$t>::from_be_bytes(arr::<$n>(c)))
                .collect::<Vec<$t>>()
        } else {
            chunks
                .map(|c| <$t>::from_le_bytes(arr::<$n>(c)))
                .collect::<Vec<$t>>()
        }
    }};
}

/// Reorders a Fortran-order (column-major) element vector of `shape` into C order.
fn fortran_to_c<T: Copy>(v: Vec<T>, shape: &[usize]) -> Vec<T> {
    let nd = shape.len();
    if nd < 2 || shape.iter().filter(|&&d| d > 1).count() < 2 {
        return v; // a vector (or anything with one non-trivial axis) is the same in both orders
    }
    // Fortran strides in elements.
    let mut fstride = vec![0usize; nd];
    let mut s = 1usize;
    for (i, &d) in shape.iter().enumerate() {
        fstride[i] = s;
        s = s.saturating_mul(d);
    }
    let mut out = Vec::with_capacity(v.len());
    let mut idx = vec![0usize; nd];
    let mut off = 0usize;
    let last = nd - 1;
    let inner = shape[last];
    let inner_stride = fstride[last];
    'outer: loop {
        // innermost C axis (the last one) walks with the largest Fortran stride
        let mut o = off;
        for _ in 0..inner {
            match v.get(o) {
                Some(&x) => out.push(x),
                None => break 'outer,
            }
            o += inner_stride;
        }
        // odometer over axes 0..last, last-but-one fastest
        let mut ax = last;
        loop {
            if ax == 0 {
                break 'outer;
            }
            ax -= 1;
            idx[ax] += 1;
            off += fstride[ax];
            if idx[ax] < shape[ax] {
                break;
            }
            off -= fstride[ax] * idx[ax];
            idx[ax] = 0;
        }
    }
    out
}

/// Builds an array from its raw bytes. `raw.len()` must be exactly `product(shape) * itemsize`.
pub(crate) fn make_array(
    dtype: Dtype,
    shape: Vec<usize>,
    fortran: bool,
    raw: &[u8],
    at: usize,
) -> Result<NdArray, PickleError> {
    let size = dtype.ty.itemsize();
    let need = element_count(&shape).and_then(|n| n.checked_mul(size));
    if need != Some(raw.len()) {
        return Err(PickleError::Malformed {
            offset: at,
            what: format!(
                "array header says shape {:?} of {} ({} bytes) but {} bytes of data are present; the file is corrupt or hostile",
                shape,
                dtype.ty.name(),
                need.map_or_else(|| "more than 2^64".to_string(), |n| n.to_string()),
                raw.len()
            ),
        });
    }
    let big = dtype.order.is_big();
    let data = match dtype.ty {
        DType::F4 => ArrayData::F4(convert!(raw, big, f32, 4)),
        DType::F8 => ArrayData::F8(convert!(raw, big, f64, 8)),
        DType::I1 => ArrayData::I1(raw.iter().map(|&b| b as i8).collect()),
        DType::I2 => ArrayData::I2(convert!(raw, big, i16, 2)),
        DType::I4 => ArrayData::I4(convert!(raw, big, i32, 4)),
        DType::I8 => ArrayData::I8(convert!(raw, big, i64, 8)),
        DType::U1 => ArrayData::U1(raw.to_vec()),
        DType::U2 => ArrayData::U2(convert!(raw, big, u16, 2)),
        DType::U4 => ArrayData::U4(convert!(raw, big, u32, 4)),
        DType::U8 => ArrayData::U8(convert!(raw, big, u64, 8)),
        DType::B1 => ArrayData::B1(raw.iter().map(|&b| b != 0).collect()),
    };
    let data = if fortran {
        match data {
            ArrayData::F4(v) => ArrayData::F4(fortran_to_c(v, &shape)),
            ArrayData::F8(v) => ArrayData::F8(fortran_to_c(v, &shape)),
            ArrayData::I1(v) => ArrayData::I1(fortran_to_c(v, &shape)),
            ArrayData::I2(v) => ArrayData::I2(fortran_to_c(v, &shape)),
            ArrayData::I4(v) => ArrayData::I4(fortran_to_c(v, &shape)),
            ArrayData::I8(v) => ArrayData::I8(fortran_to_c(v, &shape)),
            ArrayData::U1(v) => ArrayData::U1(fortran_to_c(v, &shape)),
            ArrayData::U2(v) => ArrayData::U2(fortran_to_c(v, &shape)),
            ArrayData::U4(v) => ArrayData::U4(fortran_to_c(v, &shape)),
            ArrayData::U8(v) => ArrayData::U8(fortran_to_c(v, &shape)),
            ArrayData::B1(v) => ArrayData::B1(fortran_to_c(v, &shape)),
        }
    } else {
        data
    };
    Ok(NdArray { shape, data })
}

/// Builds a numpy scalar from its raw bytes (`numpy.core.multiarray.scalar(dtype, raw)`).
pub(crate) fn make_scalar(dtype: Dtype, raw: &[u8], at: usize) -> Result<Scalar, PickleError> {
    if raw.len() != dtype.ty.itemsize() {
        return Err(PickleError::Malformed {
            offset: at,
            what: format!(
                "numpy scalar of {} needs {} bytes but has {}",
                dtype.ty.name(),
                dtype.ty.itemsize(),
                raw.len()
            ),
        });
    }
    let a = make_array(dtype, vec![], false, raw, at)?;
    Ok(match a.data {
        ArrayData::F4(v) => Scalar::Float {
            dtype: DType::F4,
            value: v.first().copied().unwrap_or(0.0) as f64,
        },
        ArrayData::F8(v) => Scalar::Float {
            dtype: DType::F8,
            value: v.first().copied().unwrap_or(0.0),
        },
        ArrayData::I1(v) => Scalar::Int {
            dtype: DType::I1,
            value: v.first().copied().unwrap_or(0).into(),
        },
        ArrayData::I2(v) => Scalar::Int {
            dtype: DType::I2,
            value: v.first().copied().unwrap_or(0).into(),
        },
        ArrayData::I4(v) => Scalar::Int {
            dtype: DType::I4,
            value: v.first().copied().unwrap_or(0).into(),
        },
        ArrayData::I8(v) => Scalar::Int {
            dtype: DType::I8,
            value: v.first().copied().unwrap_or(0).into(),
        },
        ArrayData::U1(v) => Scalar::Int {
            dtype: DType::U1,
            value: v.first().copied().unwrap_or(0).into(),
        },
        ArrayData::U2(v) => Scalar::Int {
            dtype: DType::U2,
            value: v.first().copied().unwrap_or(0).into(),
        },
        ArrayData::U4(v) => Scalar::Int {
            dtype: DType::U4,
            value: v.first().copied().unwrap_or(0).into(),
        },
        ArrayData::U8(v) => Scalar::Int {
            dtype: DType::U8,
            value: v.first().copied().unwrap_or(0).into(),
        },
        ArrayData::B1(v) => Scalar::Bool(v.first().copied().unwrap_or(false)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dtype_strings() {
        assert_eq!(
            parse_dtype("f8").unwrap(),
            Dtype {
                ty: DType::F8,
                order: ByteOrder::Native
            }
        );
        assert_eq!(
            parse_dtype(">i2").unwrap(),
            Dtype {
                ty: DType::I2,
                order: ByteOrder::Big
            }
        );
        assert_eq!(parse_dtype("|b1").unwrap().ty, DType::B1);
        assert!(parse_dtype("O8").unwrap_err().contains("object"));
        assert!(parse_dtype("V16").unwrap_err().contains("structured"));
        assert!(parse_dtype("U5").unwrap_err().contains("`U5`"));
    }

    #[test]
    fn byte_orders() {
        let le = Dtype {
            ty: DType::I4,
            order: ByteOrder::Little,
        };
        let be = Dtype {
            ty: DType::I4,
            order: ByteOrder::Big,
        };
        let raw = [1, 0, 0, 0, 0, 0, 0, 2];
        assert_eq!(
            make_array(le, vec![2], false, &raw, 0).unwrap().data,
            ArrayData::I4(vec![1, 2 << 24])
        );
        assert_eq!(
            make_array(be, vec![2], false, &raw, 0).unwrap().data,
            ArrayData::I4(vec![1 << 24, 2])
        );
        let f = Dtype {
            ty: DType::F8,
            order: ByteOrder::Big,
        };
        let a = make_array(f, vec![1], false, &1.5f64.to_be_bytes(), 0).unwrap();
        assert_eq!(a.data, ArrayData::F8(vec![1.5]));
    }

    #[test]
    fn fortran_order_becomes_c_order() {
        // C-order 2x3 [[0,1,2],[3,4,5]] stored column-major: 0,3,1,4,2,5
        let v = vec![0, 3, 1, 4, 2, 5];
        assert_eq!(fortran_to_c(v, &[2, 3]), vec![0, 1, 2, 3, 4, 5]);
        // 2x3x2: element (i,j,k) = 100i+10j+k; Fortran index = i + 2j + 6k
        let mut f = vec![0; 12];
        for i in 0..2 {
            for j in 0..3 {
                for k in 0..2 {
                    f[i + 2 * j + 6 * k] = 100 * i + 10 * j + k;
                }
            }
        }
        let c = fortran_to_c(f, &[2, 3, 2]);
        let mut want = vec![];
        for i in 0..2 {
            for j in 0..3 {
                for k in 0..2 {
                    want.push(100 * i + 10 * j + k);
                }
            }
        }
        assert_eq!(c, want);
        assert_eq!(fortran_to_c(vec![1, 2, 3], &[3, 1]), vec![1, 2, 3]);
        assert_eq!(fortran_to_c(Vec::<u8>::new(), &[0, 3]), Vec::<u8>::new());
    }

    #[test]
    fn lying_header_refused_before_allocating() {
        let d = Dtype {
            ty: DType::F8,
            order: ByteOrder::Little,
        };
        let e = make_array(d, vec![1 << 31], false, &[0u8; 1024], 77).unwrap_err();
        match e {
            PickleError::Malformed { offset, what } => {
                assert_eq!(offset, 77);
                assert!(what.contains("1024 bytes"), "{what}");
            }
            other => panic!("{other:?}"),
        }
        assert!(make_array(d, vec![usize::MAX, 3], false, &[], 0).is_err());
    }

    #[test]
    fn scalars() {
        let d = parse_dtype("<f8").unwrap();
        assert_eq!(
            make_scalar(d, &0.04f64.to_le_bytes(), 0).unwrap(),
            Scalar::Float {
                dtype: DType::F8,
                value: 0.04
            }
        );
        let d = parse_dtype("<i8").unwrap();
        assert_eq!(
            make_scalar(d, &(-3i64).to_le_bytes(), 0).unwrap(),
            Scalar::Int {
                dtype: DType::I8,
                value: -3
            }
        );
        assert!(make_scalar(d, &[0; 4], 0).is_err());
    }
}
