//! numpy forms: dtype strings, shapes, and arrays and scalars from their raw bytes, checked as numpy checks
//! them (numpy 1.26 and 2.x, whichever is stricter).
//!
//! Owns: [`DtypeDescr`] (the decoder's dtype object: element type and byte order), every check that ties a
//! header (shape, dtype) to the bytes actually present, and numpy's size limits. No array bytes are copied,
//! swapped or reordered here: an [`NdArray`] keeps the buffer it was given.

use super::array::{read_element, ArrayBytes, ByteOrder, DType, Element, NdArray, Order};
use super::error::{ErrorKind, FileText, PickleError};
use super::value::Scalar;

/// Most dimensions accepted (numpy 1.x allows 32, numpy 2.x 64; the stricter one is kept).
pub(crate) const MAX_DIMS: usize = 32;

/// A numpy dtype object as the decoder holds it: a plain numeric or bool type and the byte order its
/// elements are stored in (one-byte types are always little).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DtypeDescr {
    pub(crate) ty: DType,
    pub(crate) byte_order: ByteOrder,
}

impl DtypeDescr {
    pub(crate) fn new(ty: DType, byte_order: ByteOrder) -> Self {
        let byte_order = if ty.size() == 1 {
            ByteOrder::Little
        } else {
            byte_order
        };
        DtypeDescr { ty, byte_order }
    }
}

/// A byte-order character of a dtype string or state: `<`, `>`, `=` (native) or `|` (not applicable,
/// read natively).
pub(crate) fn byte_order_char(c: &str) -> Option<ByteOrder> {
    match c {
        "<" => Some(ByteOrder::Little),
        ">" => Some(ByteOrder::Big),
        "=" | "|" => Some(ByteOrder::NATIVE),
        _ => None,
    }
}

/// Parses the first argument of `numpy.dtype(...)`: a type code (`f8`, `d`, `?`, ...) with an optional
/// byte-order prefix, or a type name (`float64`, `bool`, ...) without one, as numpy accepts them.
pub(crate) fn parse_dtype(s: &str, at: usize) -> Result<DtypeDescr, PickleError> {
    let code = |c: &str| -> Option<DType> {
        Some(match c {
            "f4" => DType::F4,
            "f8" | "d" => DType::F8,
            "i1" => DType::I1,
            "i2" => DType::I2,
            "i4" => DType::I4,
            "i8" => DType::I8,
            "u1" => DType::U1,
            "u2" => DType::U2,
            "u4" => DType::U4,
            "u8" => DType::U8,
            "b1" | "?" => DType::B1,
            _ => return None,
        })
    };
    let named = match s {
        "float32" => Some(DType::F4),
        "float64" => Some(DType::F8),
        "int8" => Some(DType::I1),
        "int16" => Some(DType::I2),
        "int32" => Some(DType::I4),
        "int64" => Some(DType::I8),
        "uint8" => Some(DType::U1),
        "uint16" => Some(DType::U2),
        "uint32" => Some(DType::U4),
        "uint64" => Some(DType::U8),
        "bool" => Some(DType::B1),
        _ => None,
    };
    if let Some(ty) = named {
        return Ok(DtypeDescr::new(ty, ByteOrder::NATIVE));
    }
    let (order, rest) = match s.get(..1).and_then(byte_order_char) {
        Some(o) => (o, &s[1..]),
        None => (ByteOrder::NATIVE, s),
    };
    if let Some(ty) = code(rest) {
        return Ok(DtypeDescr::new(ty, order));
    }
    let why = if rest.starts_with('O') {
        "arrays of Python objects are not data; save the data as a numeric array"
    } else if rest.starts_with('V') || rest.contains(',') {
        "structured/record dtype; save each field as its own numeric array"
    } else {
        "only f4, f8, i1-i8, u1-u8 and b1 are read"
    };
    Err(PickleError::new(
        at,
        ErrorKind::UnsupportedDtype {
            dtype: FileText::new(s.as_bytes()),
            why,
        },
    ))
}

/// Product of the dimensions in u128, `None` beyond u128 (only a hostile header gets there).
fn product(shape: &[u64]) -> Option<u128> {
    shape
        .iter()
        .try_fold(1u128, |acc, &d| acc.checked_mul(u128::from(d)))
}

/// Product of the non-zero dimensions, the quantity numpy checks for overflow even when the array is
/// empty; `None` beyond u128.
fn nonzero_product(shape: &[u64]) -> Option<u128> {
    shape
        .iter()
        .filter(|&&d| d != 0)
        .try_fold(1u128, |acc, &d| acc.checked_mul(u128::from(d)))
}

fn too_big(shape: &[u64], ty: DType, at: usize) -> PickleError {
    PickleError::new(
        at,
        ErrorKind::ArrayTooBig {
            shape: shape.to_vec(),
            dtype: ty,
        },
    )
}

fn size_mismatch(shape: &[u64], ty: DType, present: usize, at: usize) -> PickleError {
    let need = product(shape)
        .and_then(|n| n.checked_mul(ty.size() as u128))
        .unwrap_or(u128::MAX);
    PickleError::new(
        at,
        ErrorKind::ArraySize {
            shape: shape.to_vec(),
            dtype: ty,
            need,
            present: present as u64,
        },
    )
}

/// The shape as this platform's `usize`s (a dimension beyond `usize` can only belong to an empty array
/// on a 32-bit target).
fn usize_shape(shape: &[u64], ty: DType, at: usize) -> Result<Vec<usize>, PickleError> {
    shape
        .iter()
        .map(|&d| usize::try_from(d).map_err(|_| too_big(shape, ty, at)))
        .collect()
}

const I64_MAX: u128 = i64::MAX as u128;

/// An array set up by `ndarray.__setstate__((version, shape, dtype, is_fortran, raw))`, as numpy checks it:
/// the non-zero dimensions must multiply within 64 bits (numpy raises `MemoryError` otherwise, even for an
/// empty array) and `raw` must hold exactly `product(shape) * itemsize` bytes.
pub(crate) fn array_from_state<'a>(
    dtype: DtypeDescr,
    shape: &[u64],
    fortran: bool,
    raw: ArrayBytes<'a>,
    at: usize,
) -> Result<NdArray<'a>, PickleError> {
    if nonzero_product(shape).is_none_or(|n| n > I64_MAX) {
        return Err(too_big(shape, dtype.ty, at));
    }
    let need = product(shape).and_then(|n| n.checked_mul(dtype.ty.size() as u128));
    if need != Some(raw.len() as u128) {
        return Err(size_mismatch(shape, dtype.ty, raw.len(), at));
    }
    Ok(NdArray {
        shape: usize_shape(shape, dtype.ty, at)?,
        dtype: dtype.ty,
        byte_order: dtype.byte_order,
        order: if fortran { Order::Fortran } else { Order::C },
        data: raw,
    })
}

/// An array made by `_frombuffer(buf, dtype, shape, order)`, i.e. `frombuffer(buf, dtype).reshape(shape,
/// order=order)`, as numpy checks it: the buffer holds whole elements, as many as the shape, and the
/// non-zero dimensions times the item size fit in 63 bits (numpy's "array is too big").
pub(crate) fn array_from_buffer<'a>(
    dtype: DtypeDescr,
    shape: &[u64],
    order: Order,
    buf: ArrayBytes<'a>,
    at: usize,
) -> Result<NdArray<'a>, PickleError> {
    let size = dtype.ty.size();
    let count = (buf.len() / size) as u128;
    if buf.len() % size != 0 || product(shape) != Some(count) {
        return Err(size_mismatch(shape, dtype.ty, buf.len(), at));
    }
    let bytes = nonzero_product(shape).and_then(|n| n.checked_mul(size as u128));
    if bytes.is_none_or(|n| n > I64_MAX) {
        return Err(too_big(shape, dtype.ty, at));
    }
    Ok(NdArray {
        shape: usize_shape(shape, dtype.ty, at)?,
        dtype: dtype.ty,
        byte_order: dtype.byte_order,
        order,
        data: buf,
    })
}

/// A numpy scalar from `numpy.core.multiarray.scalar(dtype, raw)`: numpy reads the first `itemsize` bytes
/// and refuses fewer.
pub(crate) fn scalar(dtype: DtypeDescr, raw: &[u8], at: usize) -> Result<Scalar, PickleError> {
    let size = dtype.ty.size();
    let Some(b) = raw.get(..size) else {
        return Err(PickleError::new(
            at,
            ErrorKind::Malformed {
                what: format!(
                    "numpy scalar of {} needs {size} bytes but has {}",
                    dtype.ty.name(),
                    raw.len()
                ),
            },
        ));
    };
    Ok(match read_element(dtype.ty, dtype.byte_order, b) {
        Element::F4(x) => Scalar::Float {
            dtype: dtype.ty,
            value: f64::from(x),
        },
        Element::F8(x) => Scalar::Float {
            dtype: dtype.ty,
            value: x,
        },
        Element::Int(x) => Scalar::Int {
            dtype: dtype.ty,
            value: x.into(),
        },
        Element::UInt(x) => Scalar::Int {
            dtype: dtype.ty,
            value: x.into(),
        },
        Element::Bool(b) => Scalar::Bool(b),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Result<DtypeDescr, String> {
        parse_dtype(s, 0).map_err(|e| e.to_string())
    }

    #[test]
    fn dtype_strings_as_numpy_reads_them() {
        assert_eq!(d("f8"), Ok(DtypeDescr::new(DType::F8, ByteOrder::NATIVE)));
        assert_eq!(d(">i2"), Ok(DtypeDescr::new(DType::I2, ByteOrder::Big)));
        assert_eq!(d("<d").unwrap().ty, DType::F8);
        assert_eq!(d("|b1").unwrap().ty, DType::B1);
        assert_eq!(d(">u1").unwrap().byte_order, ByteOrder::Little);
        assert_eq!(d("float32").unwrap().ty, DType::F4);
        // numpy refuses a byte order before a type name
        assert!(d("<float64").is_err());
        assert!(d(">bool").is_err());
        assert!(d("O8").unwrap_err().contains("Python objects"));
        assert!(d("V16").unwrap_err().contains("structured"));
        assert!(d("U5").unwrap_err().contains("\"U5\""));
        assert!(d("\x1b[2J").unwrap_err().contains("\\u{1b}[2J"));
    }

    fn le(n: usize) -> ArrayBytes<'static> {
        vec![0u8; n].into()
    }

    #[test]
    fn shapes_are_checked_as_numpy_checks_them() {
        let f8 = DtypeDescr::new(DType::F8, ByteOrder::Little);
        let i1 = DtypeDescr::new(DType::I1, ByteOrder::Little);
        // __setstate__: the non-zero dimensions must multiply within i64, even for an empty array
        let a = array_from_state(f8, &[1 << 31, 1 << 31, 0], true, le(0), 3).unwrap();
        assert_eq!(a.len(), 0);
        assert_eq!(a.iter_c().count(), 0);
        let e = array_from_state(f8, &[1 << 62, 2, 0], false, le(0), 3).unwrap_err();
        assert_eq!(e.kind.name(), "ArrayTooBig");
        // _frombuffer: non-zero dimensions times the item size must fit in 63 bits
        let e = array_from_buffer(f8, &[1 << 31, 1 << 31, 0], Order::Fortran, le(0), 5);
        assert_eq!(e.unwrap_err().kind.name(), "ArrayTooBig");
        assert!(array_from_buffer(i1, &[1 << 31, 1 << 31, 0], Order::C, le(0), 5).is_ok());
        // the real size is reported, computed in 128 bits (also on 32-bit targets)
        let e = array_from_state(f8, &[2, (1 << 31) - 1], false, le(8), 9).unwrap_err();
        assert!(e.to_string().contains("(34359738352 bytes)"), "{e}");
        let e = array_from_buffer(f8, &[3], Order::C, le(9), 0).unwrap_err();
        assert_eq!(e.kind.name(), "ArraySize");
        assert!(array_from_state(f8, &[u64::MAX, 3], false, le(0), 0).is_err());
    }

    #[test]
    fn scalars_read_the_first_itemsize_bytes() {
        let f8 = DtypeDescr::new(DType::F8, ByteOrder::Little);
        let mut raw = 0.04f64.to_le_bytes().to_vec();
        assert_eq!(
            scalar(f8, &raw, 0).unwrap(),
            Scalar::Float {
                dtype: DType::F8,
                value: 0.04
            }
        );
        raw.push(1);
        assert!(scalar(f8, &raw, 0).is_ok());
        assert!(scalar(f8, &raw[..4], 0).is_err());
        let i8be = DtypeDescr::new(DType::I8, ByteOrder::Big);
        assert_eq!(
            scalar(i8be, &(-3i64).to_be_bytes(), 0).unwrap(),
            Scalar::Int {
                dtype: DType::I8,
                value: -3
            }
        );
    }
}
