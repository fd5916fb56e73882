//! The arrays of a sweep: `post` of an information sweep as a float32 or float64 matrix that borrows the
//! decoded array (no copy), and the layer column of a PNG-count sweep.
//!
//! Owns: [`Post`], [`Matrix`] (a typed view of a decoded [`NdArray`]: byte order and C/Fortran storage as
//! the file has them, read lazily), [`LayerCounts`], and the dtype and shape checks with messages that say
//! what to do.

use super::SweepError;
use crate::pickle::{ArrayBytes, ByteOrder, DType, NdArray};
use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::Arc;

/// The element type of a [`Matrix`] (f32 or f64): read from its stored bytes in either byte order.
pub trait Float: Copy + std::fmt::Debug + PartialEq + 'static {
    /// The numpy dtype whose elements these are.
    const DTYPE: DType;
    /// Bytes per element.
    const SIZE: usize;
    /// Reads one element from exactly [`Float::SIZE`] little-endian bytes.
    fn read_le(b: &[u8]) -> Self;
    /// Reads one element from exactly [`Float::SIZE`] big-endian bytes.
    fn read_be(b: &[u8]) -> Self;
}

impl Float for f64 {
    const DTYPE: DType = DType::F8;
    const SIZE: usize = 8;
    #[inline(always)]
    fn read_le(b: &[u8]) -> f64 {
        f64::from_le_bytes(b.try_into().unwrap_or([0; 8]))
    }
    #[inline(always)]
    fn read_be(b: &[u8]) -> f64 {
        f64::from_be_bytes(b.try_into().unwrap_or([0; 8]))
    }
}

impl Float for f32 {
    const DTYPE: DType = DType::F4;
    const SIZE: usize = 4;
    #[inline(always)]
    fn read_le(b: &[u8]) -> f32 {
        f32::from_le_bytes(b.try_into().unwrap_or([0; 4]))
    }
    #[inline(always)]
    fn read_be(b: &[u8]) -> f32 {
        f32::from_be_bytes(b.try_into().unwrap_or([0; 4]))
    }
}

/// A 2-D array of `T` as the file stores it: `rows` trials by `cols` neurons, a view of a decoded array.
///
/// Cloning shares the array (an `Arc`); [`Matrix::same_array`] tells two views of one array (shared
/// through the pickle's memo) from equal copies, so that statistics are computed once per array.
#[derive(Debug, Clone)]
pub struct Matrix<'a, T> {
    array: Arc<NdArray<'a>>,
    rows: usize,
    cols: usize,
    _t: PhantomData<T>,
}

/// How a [`Matrix`]'s bytes are laid out, for kernels that read them in one sweep.
#[derive(Debug, Clone, Copy)]
pub struct Storage<'s> {
    /// Exactly `rows * cols * T::SIZE` bytes.
    pub bytes: &'s [u8],
    /// Big-endian elements (numpy `>`).
    pub big_endian: bool,
    /// The bytes hold column after column (Fortran storage, or a single column): then each column is
    /// contiguous, and numpy's `sum(axis=0)` adds each column pairwise (in 8192-element blocks). Otherwise
    /// they hold row after row and numpy adds the rows one after the other.
    pub by_columns: bool,
}

impl<'a, T: Float> Matrix<'a, T> {
    /// A view of a decoded 2-D array of `T` (`None` for another dtype, another number of dimensions, or
    /// bytes that do not match the shape).
    pub fn new(array: Arc<NdArray<'a>>) -> Option<Matrix<'a, T>> {
        let [rows, cols] = array.shape[..] else {
            return None;
        };
        let n = rows.checked_mul(cols)?.checked_mul(T::SIZE)?;
        (array.dtype == T::DTYPE && array.data.len() == n).then_some(Matrix {
            array,
            rows,
            cols,
            _t: PhantomData,
        })
    }

    /// Number of trials (`post.shape[0]`).
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of neurons (`post.shape[1]`).
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// The decoded array this views.
    pub fn array(&self) -> &Arc<NdArray<'a>> {
        &self.array
    }

    /// The element at row `r`, column `c` (`None` out of range).
    pub fn get(&self, r: usize, c: usize) -> Option<T> {
        if r >= self.rows || c >= self.cols {
            return None;
        }
        let s = self.storage();
        let i = if s.by_columns {
            c * self.rows + r
        } else {
            r * self.cols + c
        };
        let b = &s.bytes[i * T::SIZE..(i + 1) * T::SIZE];
        Some(if s.big_endian {
            T::read_be(b)
        } else {
            T::read_le(b)
        })
    }

    /// Row `r` in order (reads the stored bytes; strided for Fortran storage).
    pub fn row(&self, r: usize) -> impl Iterator<Item = T> + '_ {
        (0..self.cols).filter_map(move |c| self.get(r, c))
    }

    /// The stored bytes and their layout.
    pub fn storage(&self) -> Storage<'_> {
        Storage {
            bytes: &self.array.data,
            big_endian: self.array.byte_order == ByteOrder::Big,
            by_columns: self.cols == 1 || !self.array.storage_is_c_order(),
        }
    }

    /// Whether both are views of the same array (not merely equal).
    pub fn same_array(&self, other: &Matrix<'_, T>) -> bool {
        std::ptr::addr_eq(Arc::as_ptr(&self.array), Arc::as_ptr(&other.array))
    }

    /// An identity of the array while it is alive (equal for [`Matrix::same_array`] views).
    pub fn array_id(&self) -> usize {
        Arc::as_ptr(&self.array) as *const () as usize
    }
}

impl<T: Float> PartialEq for Matrix<'_, T> {
    /// Equal shape and equal elements (whatever the storage).
    fn eq(&self, o: &Self) -> bool {
        self.rows == o.rows
            && self.cols == o.cols
            && (0..self.rows).all(|r| self.row(r).eq(o.row(r)))
    }
}

/// `post` of an information sweep, in the dtype the pickle had: numpy compares and reduces a float32 array
/// in float32, so the statistics need to know.
#[derive(Debug, Clone, PartialEq)]
pub enum Post<'a> {
    F4(Matrix<'a, f32>),
    F8(Matrix<'a, f64>),
}

impl<'a> Post<'a> {
    /// `post.shape[0]`.
    pub fn rows(&self) -> usize {
        match self {
            Post::F4(m) => m.rows(),
            Post::F8(m) => m.rows(),
        }
    }

    /// `post.shape[1]`.
    pub fn cols(&self) -> usize {
        match self {
            Post::F4(m) => m.cols(),
            Post::F8(m) => m.cols(),
        }
    }

    /// Number of elements (`post.size`).
    pub fn len(&self) -> usize {
        self.rows() * self.cols()
    }

    /// Whether there are no elements (never for a `post` [`crate::sweep::from_value`] accepted).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether this is a float32 array.
    pub fn is_f32(&self) -> bool {
        matches!(self, Post::F4(_))
    }

    /// The decoded array this views.
    pub fn array(&self) -> &Arc<NdArray<'a>> {
        match self {
            Post::F4(m) => m.array(),
            Post::F8(m) => m.array(),
        }
    }

    /// An identity of the array while it is alive (statistics are computed once per identity).
    pub fn array_id(&self) -> usize {
        match self {
            Post::F4(m) => m.array_id(),
            Post::F8(m) => m.array_id(),
        }
    }

    /// Whether both are the same array (shared through the pickle's memo), not merely equal.
    pub fn same_array(&self, other: &Post<'_>) -> bool {
        self.array_id() == other.array_id()
    }

    /// The same view over an array that owns its bytes (copied once per array: `owned` maps arrays
    /// already copied, so views shared through the memo stay shared).
    pub(crate) fn into_owned(
        self,
        owned: &mut HashMap<usize, Arc<NdArray<'static>>>,
    ) -> Post<'static> {
        let id = self.array_id();
        let a = owned
            .entry(id)
            .or_insert_with(|| Arc::new(owned_array(self.array())))
            .clone();
        let (rows, cols) = (self.rows(), self.cols());
        match self {
            Post::F4(_) => Post::F4(Matrix {
                array: a,
                rows,
                cols,
                _t: PhantomData,
            }),
            Post::F8(_) => Post::F8(Matrix {
                array: a,
                rows,
                cols,
                _t: PhantomData,
            }),
        }
    }
}

/// A copy of `a` that owns its bytes (bytes already shared are not copied again).
fn owned_array(a: &NdArray<'_>) -> NdArray<'static> {
    NdArray {
        shape: a.shape.clone(),
        dtype: a.dtype,
        byte_order: a.byte_order,
        order: a.order,
        data: match &a.data {
            ArrayBytes::Shared(b) => ArrayBytes::Shared(b.clone()),
            ArrayBytes::Borrowed(b) => ArrayBytes::Shared(Arc::from(*b)),
        },
    }
}

/// Column [`crate::notebook::PNG_LAYER_IDX`] of a PNG-count `post` (n_trials, n_layers): plot_S9C's
/// `counts_arr[:, layer_idx]`.
///
/// numpy's `mean()`/`std()` of an integer or bool column cast every element to float64 before adding, so
/// integer columns are kept as the float64 of each element (`int64 -> float64` rounds to nearest, as
/// numpy's cast does); a float32 column stays float32 (numpy reduces it in float32).
#[derive(Debug, Clone, PartialEq)]
pub enum LayerCounts {
    F4(Arc<[f32]>),
    F8(Arc<[f64]>),
}

impl LayerCounts {
    /// `len(layer_counts)` = n_trials.
    pub fn len(&self) -> usize {
        match self {
            LayerCounts::F4(v) => v.len(),
            LayerCounts::F8(v) => v.len(),
        }
    }

    /// Whether there are no trials.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// An identity of the column while it is alive (statistics are computed once per identity).
    pub fn array_id(&self) -> usize {
        match self {
            LayerCounts::F4(v) => Arc::as_ptr(v) as *const f32 as usize,
            LayerCounts::F8(v) => Arc::as_ptr(v) as *const f64 as usize,
        }
    }

    /// Whether both are the same column (one array shared by several keys), not merely equal.
    pub fn same_array(&self, other: &LayerCounts) -> bool {
        self.array_id() == other.array_id()
    }
}

/// `(rows, cols)` of a 2-D array, or the error naming what the notebook would do with another shape.
fn dims(key: &str, shape: &[usize], what: &'static str) -> Result<(usize, usize), SweepError> {
    match shape {
        [r, c] => Ok((*r, *c)),
        s => Err(SweepError::PostShape {
            key: key.to_string(),
            shape: shape_str(s),
            expected: what,
        }),
    }
}

/// An information `post`: float32 or float64, 2-D, at least one trial and one neuron.
pub(crate) fn information_post<'a>(
    key: &str,
    a: &Arc<NdArray<'a>>,
) -> Result<Post<'a>, SweepError> {
    let (rows, cols) = dims(key, &a.shape, "(n_trials, n_neurons)")?;
    if rows == 0 || cols == 0 {
        return Err(SweepError::EmptyPost {
            key: key.to_string(),
            shape: shape_str(&a.shape),
        });
    }
    let bad = || SweepError::PostElements {
        key: key.to_string(),
        shape: shape_str(&a.shape),
    };
    match a.dtype {
        DType::F8 => Matrix::new(a.clone()).map(Post::F8).ok_or_else(bad),
        DType::F4 => Matrix::new(a.clone()).map(Post::F4).ok_or_else(bad),
        other => Err(SweepError::PostDtype {
            key: key.to_string(),
            dtype: dtype_name(other),
            expected: "float32 or float64 information values",
        }),
    }
}

/// A PNG-count `post`: any integer, bool or float dtype, 2-D with at least
/// [`crate::notebook::PNG_LAYER_IDX`] + 1 layers (zero trials is allowed: numpy gives NaN). Walks the
/// array once in C order, whatever its storage, and keeps the layer column.
pub(crate) fn png_counts_post(key: &str, a: &NdArray<'_>) -> Result<LayerCounts, SweepError> {
    use crate::notebook::PNG_LAYER_IDX as L;
    let (rows, cols) = dims(key, &a.shape, "(n_trials, n_layers)")?;
    // `cols <= L`, written so that it stays meaningful (and clippy quiet) while L is 0.
    if cols < L + 1 {
        return Err(SweepError::NoLayer {
            key: key.to_string(),
            shape: shape_str(&a.shape),
            layer: L,
        });
    }
    let bad = || SweepError::PostElements {
        key: key.to_string(),
        shape: shape_str(&a.shape),
    };
    if rows.checked_mul(cols) != Some(a.len()) {
        return Err(bad());
    }
    // Column L in C order: every cols-th element from the L-th (the decoder walks Fortran storage).
    let column = || a.iter_c().skip(L).step_by(cols);
    Ok(match a.dtype {
        DType::F4 => LayerCounts::F4(
            column()
                .map(|e| match e {
                    crate::pickle::Element::F4(v) => Some(v),
                    _ => None,
                })
                .collect::<Option<_>>()
                .ok_or_else(bad)?,
        ),
        _ => LayerCounts::F8(column().map(crate::pickle::Element::to_f64).collect()),
    })
}

/// numpy's name of a dtype, for messages.
fn dtype_name(d: DType) -> &'static str {
    match d {
        DType::F4 => "float32",
        DType::F8 => "float64",
        DType::I1 => "int8",
        DType::I2 => "int16",
        DType::I4 => "int32",
        DType::I8 => "int64",
        DType::U1 => "uint8",
        DType::U2 => "uint16",
        DType::U4 => "uint32",
        DType::U8 => "uint64",
        DType::B1 => "bool",
    }
}

/// A shape as Python prints it: `(3,)`, `(3, 1)`, `()`.
pub(crate) fn shape_str(shape: &[usize]) -> String {
    match shape {
        [n] => format!("({n},)"),
        s => format!(
            "({})",
            s.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
