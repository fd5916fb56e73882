//! A warm-up for the decode worker: small synthetic sweep files, decoded and summarised as a real load
//! would be, so that V8 tiers the decoder's hot wasm functions up (from its baseline compiler, Liftoff, to
//! TurboFan) before the user's files arrive. V8 compiles wasm lazily in tiers ("dynamic tiering"): each
//! function starts in Liftoff and is recompiled by TurboFan in the background once it has run enough; a
//! worker that has just booted runs the user's first loads in Liftoff.
//!
//! Owns: the synthetic files (a protocol-4 `pickle.dump` of `{value: {'post': numpy array}}`, as numpy
//! 1.x writes it, for both sweep files) and [`round`], one pass over them through [`crate::job::load`] and
//! the wire encoding of the payloads.

use crate::pickle::opcodes::{
    BINBYTES, BINFLOAT, BININT, BININT1, BININT2, BUILD, EMPTY_DICT, MARK, NEWFALSE, NEWTRUE, NONE,
    PROTO, REDUCE, SETITEM, SHORT_BINBYTES, SHORT_BINUNICODE, STACK_GLOBAL, STOP, TUPLE, TUPLE1,
    TUPLE2, TUPLE3,
};
use crate::stats::Params;
use crate::sweep::SweepFile;
use crate::wire::envelope::Rows;

/// Trials of the synthetic information file.
const INFO_TRIALS: u8 = 16;
/// Columns of the synthetic information file: the notebook's neuron count, as in the real files.
const INFO_COLS: u16 = crate::notebook::N_NEURONS_L4 as u16;
/// Trials of the synthetic counts file.
const COUNT_TRIALS: u8 = 64;
/// Layers of the synthetic counts file.
const COUNT_LAYERS: u16 = 4;

/// A pickle protocol 4 of `{1.0: {'post': array}}`, `array` of `rows` x `cols` of numpy dtype `dtype`
/// (`"f8"` or `"i8"`, little-endian) holding `data` (its raw bytes, C order).
fn sweep_pickle(rows: u8, cols: u16, dtype: &str, data: &[u8]) -> Vec<u8> {
    let mut p = Vec::with_capacity(data.len() + 256);
    let text = |p: &mut Vec<u8>, s: &str| {
        p.push(SHORT_BINUNICODE);
        p.push(s.len() as u8);
        p.extend_from_slice(s.as_bytes());
    };
    p.extend_from_slice(&[PROTO, 4, EMPTY_DICT, BINFLOAT]);
    p.extend_from_slice(&1.0f64.to_be_bytes());
    p.push(EMPTY_DICT);
    text(&mut p, "post");
    text(&mut p, "numpy.core.multiarray");
    text(&mut p, "_reconstruct");
    p.push(STACK_GLOBAL);
    text(&mut p, "numpy");
    text(&mut p, "ndarray");
    p.extend_from_slice(&[
        STACK_GLOBAL,
        BININT1,
        0,
        TUPLE1,
        SHORT_BINBYTES,
        1,
        b'b',
        TUPLE3,
        REDUCE,
    ]);
    // The state: (1, shape, dtype, fortran, data).
    p.extend_from_slice(&[MARK, BININT1, 1, BININT1, rows, BININT2]);
    p.extend_from_slice(&cols.to_le_bytes());
    p.push(TUPLE2);
    text(&mut p, "numpy");
    text(&mut p, "dtype");
    p.push(STACK_GLOBAL);
    text(&mut p, dtype);
    p.extend_from_slice(&[NEWFALSE, NEWTRUE, TUPLE3, REDUCE]);
    // The dtype's state: (3, '<', None, None, None, -1, -1, 0).
    p.extend_from_slice(&[MARK, BININT1, 3]);
    text(&mut p, "<");
    p.extend_from_slice(&[NONE, NONE, NONE]);
    for _ in 0..2 {
        p.push(BININT);
        p.extend_from_slice(&(-1i32).to_le_bytes());
    }
    p.extend_from_slice(&[BININT1, 0, TUPLE, BUILD, NEWFALSE, BINBYTES]);
    p.extend_from_slice(&(data.len() as u32).to_le_bytes());
    p.extend_from_slice(data);
    p.extend_from_slice(&[TUPLE, BUILD, SETITEM, SETITEM, STOP]);
    p
}

/// Reproducible values in [0, 1) (a 64-bit linear congruential generator, Knuth's MMIX constants), so
/// that sorting and thresholds do real work.
fn uniforms(n: usize, mut state: u64) -> impl Iterator<Item = f64> {
    (0..n).map(move |_| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    })
}

/// The synthetic information file (`INFO_TRIALS` x `INFO_COLS` float64 in [0, 1)).
pub fn info_file() -> Vec<u8> {
    let n = usize::from(INFO_TRIALS) * usize::from(INFO_COLS);
    let data: Vec<u8> = uniforms(n, 1).flat_map(f64::to_le_bytes).collect();
    sweep_pickle(INFO_TRIALS, INFO_COLS, "f8", &data)
}

/// The synthetic counts file (`COUNT_TRIALS` x `COUNT_LAYERS` int64 in 0..1000).
pub fn counts_file() -> Vec<u8> {
    let n = usize::from(COUNT_TRIALS) * usize::from(COUNT_LAYERS);
    let data: Vec<u8> = uniforms(n, 2)
        .flat_map(|u| ((u * 1000.0) as i64).to_le_bytes())
        .collect();
    sweep_pickle(COUNT_TRIALS, COUNT_LAYERS, "i8", &data)
}

/// One warm-up pass: both files decoded and summarised at the notebook's parameters, the payloads
/// encoded for the wire; returns the encoded bytes' total length (so that nothing is optimised away).
pub fn round(info: &[u8], counts: &[u8]) -> usize {
    let mut total = 0;
    for (kind, bytes) in [
        (SweepFile::Information, info),
        (SweepFile::PngCounts, counts),
    ] {
        if let Ok(payload) =
            crate::job::load(kind, "warm-up", bytes, Params::default(), Rows::Dropped)
        {
            total += crate::wire::to_bytes(&payload).len();
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::envelope::Payload;

    #[test]
    fn synthetic_files_decode_as_sweeps_of_the_stated_shape() {
        let (info_bytes, counts_bytes) = (info_file(), counts_file());
        let info = crate::sweep::load("h", &info_bytes).expect("information file decodes");
        assert_eq!(info.points.len(), 1);
        let post = info.points[0].post.as_ref().expect("a post array");
        assert_eq!(post.cols(), usize::from(INFO_COLS));
        let counts =
            crate::sweep::load_png_counts("h", &counts_bytes).expect("counts file decodes");
        assert_eq!(counts.points.len(), 1);
    }

    #[test]
    fn a_round_computes_both_payloads() {
        let (info, counts) = (info_file(), counts_file());
        let p = crate::job::load(
            SweepFile::Information,
            "h",
            &info,
            Params::default(),
            Rows::Dropped,
        )
        .expect("information payload");
        let Payload::Information { stats, .. } = &p else {
            panic!("not an information payload: {p:?}");
        };
        let s = stats.points[0].stats.as_ref().expect("stats of the point");
        // Uniform values in [0, 1): about a third of each trial's 4096 neurons reach 2/3.
        assert!(s.max_info_mean > 0.99 && s.max_info_mean < 1.0, "{s:?}");
        assert_eq!(s.n_trials, usize::from(INFO_TRIALS));
        // The mean informative count is the number of values >= 2/3 over the trials.
        let n = usize::from(INFO_TRIALS) * usize::from(INFO_COLS);
        let informative = uniforms(n, 1)
            .filter(|&v| v >= crate::notebook::INFO_THRESHOLD)
            .count();
        assert_eq!(s.count_mean, informative as f64 / f64::from(INFO_TRIALS));
        assert!(round(&info, &counts) > info.len() / 16);
    }
}
