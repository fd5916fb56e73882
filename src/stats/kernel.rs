//! The pass over a `post` array's stored bytes: counts `>= threshold` per trial, the max per trial and the
//! column sums, in one read; nothing of the array is copied or collected, elements are read in their
//! stored byte order as the pass goes. (The notebook's `compute_ranked_stats` also returns
//! `post.std(axis=0)`, which no output of either notebook uses: it is not computed.)
//!
//! Owns: numpy's order of additions for `post.mean(axis=0)`, which depends on how the
//! array is stored: row after row (C order, several columns: each column adds one row at a time), or each
//! column pairwise in 8192-element blocks (Fortran order, or a single column: the reduced axis is the
//! contiguous one). Checked against numpy 1.26.3 for C/Fortran, one and several columns, 20 to 20,000
//! rows, little and big endian.

use super::numpy::{np_sum_by, NpFloat};
use crate::sweep::{Float, Matrix};

/// An element type the kernels read and compute in.
pub(crate) trait Elem: Float + NpFloat {}
impl<T: Float + NpFloat> Elem for T {}

/// What one run of the kernels found (each part only when asked for).
pub(crate) struct Pass<T> {
    /// `np.sum(post >= threshold, axis=1)`.
    pub counts: Vec<usize>,
    /// `post.max(axis=1)` (NaN when the trial holds one).
    pub maxes: Vec<T>,
    /// `post.mean(axis=0)`.
    pub mean: Vec<T>,
}

#[inline(always)]
fn read<T: Float, const BE: bool>(b: &[u8]) -> T {
    if BE {
        T::read_be(b)
    } else {
        T::read_le(b)
    }
}

#[cfg(test)]
thread_local! {
    /// Kernel runs on this thread (tests check that shared arrays are read once).
    pub(crate) static RUNS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Runs the pass: the counts at `threshold` when given, the max and mean when `shape`.
pub(crate) fn run<T: Elem>(m: &Matrix<'_, T>, threshold: Option<T>, shape: bool) -> Pass<T> {
    #[cfg(test)]
    RUNS.with(|r| r.set(r.get() + 1));
    if m.storage().big_endian {
        run_in::<T, true>(m, threshold, shape)
    } else {
        run_in::<T, false>(m, threshold, shape)
    }
}

fn run_in<T: Elem, const BE: bool>(
    m: &Matrix<'_, T>,
    threshold: Option<T>,
    shape: bool,
) -> Pass<T> {
    let (rows, cols) = (m.rows(), m.cols());
    let s = m.storage();
    let mut p = Pass {
        counts: Vec::new(),
        maxes: Vec::new(),
        mean: Vec::new(),
    };
    if rows == 0 || cols == 0 {
        // As numpy: no trial has a count; each column's mean over no rows is NaN.
        if threshold.is_some() {
            p.counts = vec![0; rows];
        }
        if shape {
            p.mean = vec![T::NAN; cols];
        }
        return p;
    }
    let n = T::from_usize(rows);
    if s.by_columns {
        // Each column is contiguous: numpy sums it pairwise; per-trial counts and maxes accumulate
        // across the columns.
        let col_len = rows * T::SIZE;
        if threshold.is_some() {
            p.counts = vec![0; rows];
        }
        if shape {
            p.maxes = vec![T::NEG_INFINITY; rows];
            p.mean = Vec::with_capacity(cols);
        }
        let mut nan = vec![false; if shape { rows } else { 0 }];
        for col in s.bytes.chunks_exact(col_len) {
            let x = |i: usize| read::<T, BE>(&col[i * T::SIZE..(i + 1) * T::SIZE]);
            if let Some(t) = threshold {
                for (c, b) in p.counts.iter_mut().zip(col.chunks_exact(T::SIZE)) {
                    *c += usize::from(read::<T, BE>(b) >= t);
                }
            }
            if shape {
                for ((mx, na), b) in p
                    .maxes
                    .iter_mut()
                    .zip(&mut nan)
                    .zip(col.chunks_exact(T::SIZE))
                {
                    let v = read::<T, BE>(b);
                    *na |= v.is_nan();
                    *mx = mx.max(v);
                }
                p.mean.push(np_sum_by(rows, x) / n);
            }
        }
        for (mx, na) in p.maxes.iter_mut().zip(nan) {
            if na {
                *mx = T::NAN;
            }
        }
        return p;
    }
    // Row after row: counts and max per row, and each column adds one row at a time.
    let row_len = cols * T::SIZE;
    match (threshold, shape) {
        (Some(t), false) => {
            p.counts = s
                .bytes
                .chunks_exact(row_len)
                .map(|row| {
                    row.chunks_exact(T::SIZE)
                        .map(|b| usize::from(read::<T, BE>(b) >= t))
                        .sum()
                })
                .collect();
        }
        (threshold, true) => {
            let t = threshold.unwrap_or(T::NAN);
            let counting = threshold.is_some();
            let mut sum = vec![T::ZERO; cols];
            p.maxes = Vec::with_capacity(rows);
            if counting {
                p.counts = Vec::with_capacity(rows);
            }
            for row in s.bytes.chunks_exact(row_len) {
                let (c, mx) = row_first_pass::<T, BE>(row, &mut sum, t);
                if counting {
                    p.counts.push(c);
                }
                p.maxes.push(mx);
            }
            p.mean = sum.iter().map(|&s| s / n).collect();
        }
        (None, false) => {}
    }
    p
}

/// Lanes the first pass keeps apart (four counts and maxes in locals, a body written out four times) so
/// that the loop is fast in the page's size-optimised wasm too, where loops are neither unrolled nor
/// vectorized and `f64::max` is a call.
const LANES: usize = 4;

/// `max(m, v)` as `f64::max` computes it for an `m` that is not NaN: a NaN `v` and a tie keep `m`.
#[inline(always)]
fn keep_max<T: Elem>(m: &mut T, v: T) {
    if v > *m {
        *m = v;
    }
}

/// One row of the first pass: adds the row into `sum` and returns the count `>= t` and the max (NaN when
/// the row holds one, as numpy's `maximum` propagates it).
#[inline(always)]
fn row_first_pass<T: Elem, const BE: bool>(row: &[u8], sum: &mut [T], t: T) -> (usize, T) {
    // The column sums first (a loop of its own vectorizes), then count and max over the same row, now
    // in cache.
    for (s, b) in sum.iter_mut().zip(row.chunks_exact(T::SIZE)) {
        *s = *s + read::<T, BE>(b);
    }
    let (mut c0, mut c1, mut c2, mut c3) = (0usize, 0usize, 0usize, 0usize);
    let mut mx = [T::NEG_INFINITY; LANES];
    let mut any_nan = false;
    let block = LANES * T::SIZE;
    let whole = row.len() / block * block;
    let (row_main, row_rest) = row.split_at(whole);
    for b4 in row_main.chunks_exact(block) {
        let (a, b4) = b4.split_at(T::SIZE);
        let (b, b4) = b4.split_at(T::SIZE);
        let (c, d) = b4.split_at(T::SIZE);
        let (a, b, c, d) = (
            read::<T, BE>(a),
            read::<T, BE>(b),
            read::<T, BE>(c),
            read::<T, BE>(d),
        );
        c0 += usize::from(a >= t);
        c1 += usize::from(b >= t);
        c2 += usize::from(c >= t);
        c3 += usize::from(d >= t);
        // NaN is never `>`, so it never becomes a max; a NaN anywhere makes the row's max NaN below
        // (numpy's maximum).
        keep_max(&mut mx[0], a);
        keep_max(&mut mx[1], b);
        keep_max(&mut mx[2], c);
        keep_max(&mut mx[3], d);
        any_nan |= a.is_nan() | b.is_nan() | c.is_nan() | d.is_nan();
    }
    let mut c = c0 + c1 + c2 + c3;
    let mut m = mx.into_iter().fold(T::NEG_INFINITY, T::max);
    for b in row_rest.chunks_exact(T::SIZE) {
        let v = read::<T, BE>(b);
        c += usize::from(v >= t);
        m = m.max(v);
        any_nan |= v.is_nan();
    }
    if any_nan {
        m = T::NAN;
    }
    (c, m)
}
