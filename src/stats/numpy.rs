//! numpy's arithmetic for the reductions the notebooks use, in numpy 1.26's order of operations.
//!
//! Owns: [`NpFloat`] (float32 or float64 arithmetic, as numpy keeps the array's dtype), the 1-D sum
//! `np.add.reduce` ([`np_sum_by`]: blocks of [`BUFFER_SIZE`] elements, each summed pairwise, added in
//! order), `mean()` and `std()` (ddof 0) built on it.

use std::ops::{Add, Div, Mul, Sub};

/// numpy's default ufunc buffer size (`np.getbufsize()` = 8192 elements): a 1-D reduction hands the inner
/// loop at most this many elements at a time, and adds each block's pairwise sum to the running total.
/// Checked against numpy 1.26.3 on 20,000 values, contiguous, strided and cast from int64.
pub const BUFFER_SIZE: usize = 8192;

/// Below this many elements numpy's `pairwise_sum` adds one after the other.
const PAIRWISE_UNROLL: usize = 8;
/// Up to this many elements `pairwise_sum` uses 8 accumulators; above, it splits in halves.
const PAIRWISE_BLOCK: usize = 128;

/// The float type numpy computes in (float32 or float64).
pub trait NpFloat:
    Copy
    + PartialOrd
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + std::fmt::Debug
{
    const ZERO: Self;
    const NAN: Self;
    const NEG_INFINITY: Self;
    fn from_f64(v: f64) -> Self;
    fn to_f64(self) -> f64;
    fn from_usize(n: usize) -> Self;
    fn sqrt(self) -> Self;
    fn is_nan(self) -> bool;
    /// The larger of two values, skipping NaN (IEEE maxNum, Rust's `f64::max`).
    fn max(self, other: Self) -> Self;
}

impl NpFloat for f64 {
    const ZERO: Self = 0.0;
    const NAN: Self = f64::NAN;
    const NEG_INFINITY: Self = f64::NEG_INFINITY;
    fn from_f64(v: f64) -> Self {
        v
    }
    fn to_f64(self) -> f64 {
        self
    }
    fn from_usize(n: usize) -> Self {
        n as f64
    }
    fn sqrt(self) -> Self {
        f64::sqrt(self)
    }
    fn is_nan(self) -> bool {
        f64::is_nan(self)
    }
    fn max(self, other: Self) -> Self {
        f64::max(self, other)
    }
}

impl NpFloat for f32 {
    const ZERO: Self = 0.0;
    const NAN: Self = f32::NAN;
    const NEG_INFINITY: Self = f32::NEG_INFINITY;
    fn from_f64(v: f64) -> Self {
        v as f32
    }
    fn to_f64(self) -> f64 {
        self as f64
    }
    fn from_usize(n: usize) -> Self {
        n as f32
    }
    fn sqrt(self) -> Self {
        f32::sqrt(self)
    }
    fn is_nan(self) -> bool {
        f32::is_nan(self)
    }
    fn max(self, other: Self) -> Self {
        f32::max(self, other)
    }
}

/// numpy's `np.add.reduce` of a 1-D float array: `((0 + pw(block 0)) + pw(block 1)) + ...` over blocks of
/// [`BUFFER_SIZE`] elements, `pw` being numpy's `pairwise_sum`.
pub fn np_sum<T: NpFloat>(a: &[T]) -> T {
    np_sum_by(a.len(), |i| a[i])
}

/// [`np_sum`] of the `n` values `x(0), x(1), ...` (read on demand: nothing is collected).
pub fn np_sum_by<T: NpFloat>(n: usize, x: impl Fn(usize) -> T) -> T {
    let mut acc = T::ZERO;
    let mut start = 0;
    while start < n {
        let len = BUFFER_SIZE.min(n - start);
        acc = acc + pairwise(start, len, &x);
        start += len;
    }
    acc
}

/// numpy's `pairwise_sum` of `x(start..start + n)`: sequential below 8 elements; up to 128 with 8
/// accumulators combined as `((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7))` plus the remainder in order; above, the
/// two halves (the first a multiple of 8 long) summed recursively.
fn pairwise<T: NpFloat>(start: usize, n: usize, x: &impl Fn(usize) -> T) -> T {
    if n < PAIRWISE_UNROLL {
        let mut res = T::ZERO;
        for i in start..start + n {
            res = res + x(i);
        }
        res
    } else if n <= PAIRWISE_BLOCK {
        let mut r = [T::ZERO; 8];
        for (j, r) in r.iter_mut().enumerate() {
            *r = x(start + j);
        }
        let whole = n - n % 8;
        let mut i = 8;
        while i < whole {
            for (j, r) in r.iter_mut().enumerate() {
                *r = *r + x(start + i + j);
            }
            i += 8;
        }
        let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for k in start + whole..start + n {
            res = res + x(k);
        }
        res
    } else {
        let mut n2 = n / 2;
        n2 -= n2 % 8;
        pairwise(start, n2, x) + pairwise(start + n2, n - n2, x)
    }
}

/// `a.mean()` of a 1-D array: [`np_sum`] / n (NaN when empty, as numpy's with a warning).
pub fn np_mean<T: NpFloat>(a: &[T]) -> T {
    np_mean_by(a.len(), |i| a[i])
}

/// [`np_mean`] of `x(0..n)`.
pub fn np_mean_by<T: NpFloat>(n: usize, x: impl Fn(usize) -> T) -> T {
    np_sum_by(n, x) / T::from_usize(n)
}

/// `a.std()` (ddof=0) of a 1-D array: `sqrt(sum((a - mean)**2) / n)`, both sums as [`np_sum`].
pub fn np_std<T: NpFloat>(a: &[T]) -> T {
    np_std_by(a.len(), |i| a[i])
}

/// [`np_std`] of `x(0..n)` (`x` is read twice: once for the mean, once for the squares).
pub fn np_std_by<T: NpFloat>(n: usize, x: impl Fn(usize) -> T) -> T {
    let mean = np_mean_by(n, &x);
    let sq = np_sum_by(n, |i| {
        let d = x(i) - mean;
        d * d
    });
    (sq / T::from_usize(n)).sqrt()
}
