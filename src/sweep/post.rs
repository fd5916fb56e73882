//! The arrays of a sweep: `post` of an information sweep as a float32 or float64 matrix, and the layer
//! column of a PNG-count sweep.
//!
//! Owns: [`Post`], [`Matrix`], [`LayerCounts`], and turning a decoded numpy array into them (dtype and
//! shape checks with messages that say what to do).

use super::SweepError;
use crate::pickle::{ArrayData, NdArray};
use std::sync::Arc;

/// A 2-D array in C (row-major) order: `rows` trials, `cols` neurons (or layers).
///
/// Cloning shares the elements (an `Arc`); [`Matrix::same_array`] tells two clones of one array apart from
/// equal copies, so that statistics are computed once per distinct array.
#[derive(Debug, Clone)]
pub struct Matrix<T> {
    data: Arc<[T]>,
    rows: usize,
    cols: usize,
}

impl<T: Copy> Matrix<T> {
    /// A matrix from C-ordered elements; `None` when `data.len() != rows * cols`.
    pub fn new(rows: usize, cols: usize, data: impl Into<Arc<[T]>>) -> Option<Matrix<T>> {
        let data = data.into();
        (rows.checked_mul(cols) == Some(data.len())).then_some(Matrix { data, rows, cols })
    }

    /// Number of trials (`post.shape[0]`).
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of neurons (`post.shape[1]`).
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Row `r` (one trial), `r < rows`.
    pub fn row(&self, r: usize) -> &[T] {
        &self.data[r * self.cols..(r + 1) * self.cols]
    }

    /// Whether both are views of the same array (not merely equal).
    pub fn same_array(&self, other: &Matrix<T>) -> bool {
        Arc::ptr_eq(&self.data, &other.data)
    }

    /// An identity of the array while it is alive (equal for [`Matrix::same_array`] views).
    pub fn array_id(&self) -> usize {
        Arc::as_ptr(&self.data) as *const T as usize
    }
}

impl<T: Copy + PartialEq> PartialEq for Matrix<T> {
    fn eq(&self, o: &Self) -> bool {
        self.rows == o.rows && self.cols == o.cols && self.data == o.data
    }
}

/// `post` of an information sweep, in the dtype the pickle had: numpy compares and reduces a float32 array
/// in float32, so the statistics need to know.
#[derive(Debug, Clone, PartialEq)]
pub enum Post {
    F4(Matrix<f32>),
    F8(Matrix<f64>),
}

impl Post {
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

    /// An identity of the array while it is alive (statistics are computed once per identity).
    pub fn array_id(&self) -> usize {
        match self {
            Post::F4(m) => m.array_id(),
            Post::F8(m) => m.array_id(),
        }
    }

    /// Whether both are the same array (shared through the pickle's memo), not merely equal.
    pub fn same_array(&self, other: &Post) -> bool {
        match (self, other) {
            (Post::F4(a), Post::F4(b)) => a.same_array(b),
            (Post::F8(a), Post::F8(b)) => a.same_array(b),
            _ => false,
        }
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
        match (self, other) {
            (LayerCounts::F4(a), LayerCounts::F4(b)) => Arc::ptr_eq(a, b),
            (LayerCounts::F8(a), LayerCounts::F8(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
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
pub(crate) fn information_post(key: &str, a: &NdArray) -> Result<Post, SweepError> {
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
    match &a.data {
        ArrayData::F8(d) => Matrix::new(rows, cols, d.as_slice())
            .map(Post::F8)
            .ok_or_else(bad),
        ArrayData::F4(d) => Matrix::new(rows, cols, d.as_slice())
            .map(Post::F4)
            .ok_or_else(bad),
        other => Err(SweepError::PostDtype {
            key: key.to_string(),
            dtype: array_dtype(other),
            expected: "float32 or float64 information values",
        }),
    }
}

/// A PNG-count `post`: any integer, bool or float dtype, 2-D with at least
/// [`crate::notebook::PNG_LAYER_IDX`] + 1 layers (zero trials is allowed: numpy gives NaN).
pub(crate) fn png_counts_post(key: &str, a: &NdArray) -> Result<LayerCounts, SweepError> {
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
    let n = rows.checked_mul(cols);
    let len = array_len(&a.data);
    if n != Some(len) {
        return Err(SweepError::PostElements {
            key: key.to_string(),
            shape: shape_str(&a.shape),
        });
    }
    fn col<T: Copy, U>(d: &[T], rows: usize, cols: usize, f: impl Fn(T) -> U) -> Arc<[U]> {
        (0..rows).map(|r| f(d[r * cols + L])).collect()
    }
    Ok(match &a.data {
        ArrayData::F4(d) => LayerCounts::F4(col(d, rows, cols, |v| v)),
        ArrayData::F8(d) => LayerCounts::F8(col(d, rows, cols, |v| v)),
        ArrayData::I1(d) => LayerCounts::F8(col(d, rows, cols, f64::from)),
        ArrayData::I2(d) => LayerCounts::F8(col(d, rows, cols, f64::from)),
        ArrayData::I4(d) => LayerCounts::F8(col(d, rows, cols, f64::from)),
        ArrayData::I8(d) => LayerCounts::F8(col(d, rows, cols, |v| v as f64)),
        ArrayData::U1(d) => LayerCounts::F8(col(d, rows, cols, f64::from)),
        ArrayData::U2(d) => LayerCounts::F8(col(d, rows, cols, f64::from)),
        ArrayData::U4(d) => LayerCounts::F8(col(d, rows, cols, f64::from)),
        ArrayData::U8(d) => LayerCounts::F8(col(d, rows, cols, |v| v as f64)),
        ArrayData::B1(d) => LayerCounts::F8(col(d, rows, cols, |v| f64::from(u8::from(v)))),
    })
}

fn array_len(d: &ArrayData) -> usize {
    match d {
        ArrayData::F4(v) => v.len(),
        ArrayData::F8(v) => v.len(),
        ArrayData::I1(v) => v.len(),
        ArrayData::I2(v) => v.len(),
        ArrayData::I4(v) => v.len(),
        ArrayData::I8(v) => v.len(),
        ArrayData::U1(v) => v.len(),
        ArrayData::U2(v) => v.len(),
        ArrayData::U4(v) => v.len(),
        ArrayData::U8(v) => v.len(),
        ArrayData::B1(v) => v.len(),
    }
}

fn array_dtype(d: &ArrayData) -> &'static str {
    match d {
        ArrayData::F4(_) => "float32",
        ArrayData::F8(_) => "float64",
        ArrayData::I1(_) => "int8",
        ArrayData::I2(_) => "int16",
        ArrayData::I4(_) => "int32",
        ArrayData::I8(_) => "int64",
        ArrayData::U1(_) => "uint8",
        ArrayData::U2(_) => "uint16",
        ArrayData::U4(_) => "uint32",
        ArrayData::U8(_) => "uint64",
        ArrayData::B1(_) => "bool",
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
