//! The sweep data model: decoded pickles to typed hyperparameter sweeps, ordered like the notebooks.
//!
//! Owns: which file holds what ([`SweepFile`], told by its name, never guessed from a shape), hparam names
//! (from folder names), point values sorted like Python's `sorted()` with equal keys merged as a dict
//! literal merges them, `post` per point ([`Post`] for Fig. S9A/B, [`LayerCounts`] for Fig. S9C), sweep
//! order like `sorted(glob("*"))`, and the messages for files that are not sweeps (every text taken from a
//! file is escaped in them).
//!
//! An information sweep borrows the decoded arrays, which borrow the file's bytes (`Sweep<'a>`): nothing is
//! copied between the file and the statistics. [`Sweep::into_owned`] copies each array once for a caller
//! that must drop the bytes (the page).

mod build;
mod hvalue;
mod post;

pub use hvalue::HValue;
pub use post::{Float, LayerCounts, Matrix, Post, Storage};

use crate::pickle::Value;
use std::collections::HashMap;
use thiserror::Error;

pub use crate::notebook::{INFO_FILE_NAME, PNG_COUNTS_FILE_NAME};

/// The most values (distinct keys) a sweep may have. Each value is a bar with a tick label (Fig. S9B), a
/// curve with a legend entry (Fig. S9A) and a point with a tick (Fig. S9C) in a panel a few inches wide;
/// beyond this no figure can show them, and a file with more is refused with a message (real sweeps have
/// a handful).
pub const MAX_VALUES: usize = 1000;

/// The two kinds of sweep file, told apart by name as the notebooks do (`fpath / "<name>.pkl"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SweepFile {
    /// [`INFO_FILE_NAME`]: `{value: {'post': float (n_trials, n_neurons)}}`, Fig. S9A/B.
    Information,
    /// [`PNG_COUNTS_FILE_NAME`]: `{value: {'pre'?: ..., 'post': (n_trials, n_layers)}}`, Fig. S9C.
    PngCounts,
}

impl SweepFile {
    /// The kind of a file with this name (its last path component), `None` for other files.
    pub fn from_file_name(name: &str) -> Option<SweepFile> {
        match name {
            INFO_FILE_NAME => Some(SweepFile::Information),
            PNG_COUNTS_FILE_NAME => Some(SweepFile::PngCounts),
            _ => None,
        }
    }

    /// The file name the notebooks read.
    pub fn file_name(self) -> &'static str {
        match self {
            SweepFile::Information => INFO_FILE_NAME,
            SweepFile::PngCounts => PNG_COUNTS_FILE_NAME,
        }
    }
}

/// One point of an information sweep: a value and, unless the pickle lacked `'post'`, its matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct Point<'a> {
    pub value: HValue,
    /// `post`: rows = trials (ranked, descending), columns = neurons; `None` without `'post'`.
    pub post: Option<Post<'a>>,
}

/// One information sweep (`<hparam>/information_sweep_max_convex.pkl`): the folder name and its points
/// in `sorted()` order. `'a` is the life of the file's bytes the arrays borrow.
#[derive(Debug, Clone, PartialEq)]
pub struct Sweep<'a> {
    pub hparam: String,
    pub points: Vec<Point<'a>>,
}

impl Sweep<'_> {
    /// The same sweep owning its arrays (each array copied once; arrays decoded from protocol 0-2 text
    /// already own theirs and are shared, not copied).
    pub fn into_owned(self) -> Sweep<'static> {
        let mut owned = HashMap::new();
        Sweep {
            hparam: self.hparam,
            points: self
                .points
                .into_iter()
                .map(|p| Point {
                    value: p.value,
                    post: p.post.map(|q| q.into_owned(&mut owned)),
                })
                .collect(),
        }
    }

    /// Whether every `post` of this sweep is float32 (`None` when no point has one): what pandas' column
    /// types in the CSV depend on.
    pub fn float32_posts(&self) -> Option<bool> {
        let mut posts = self
            .points
            .iter()
            .filter_map(|p| p.post.as_ref())
            .peekable();
        posts.peek()?;
        Some(posts.all(Post::is_f32))
    }
}

/// One point of a PNG-count sweep: a value and, unless the pickle lacked `'post'`, its layer column.
#[derive(Debug, Clone, PartialEq)]
pub struct PngPoint {
    pub value: HValue,
    pub post: Option<LayerCounts>,
}

/// One PNG-count sweep (`<hparam>/png_counts_sweep_layers_4.pkl`), points in `sorted()` order.
#[derive(Debug, Clone, PartialEq)]
pub struct PngSweep {
    pub hparam: String,
    pub points: Vec<PngPoint>,
}

/// A sweep of either kind, as [`load_file`] returns it.
#[derive(Debug, Clone, PartialEq)]
pub enum AnySweep<'a> {
    Information(Sweep<'a>),
    PngCounts(PngSweep),
}

/// Why a decoded pickle is not a sweep. Keys and other text from the file are escaped (`{:?}`).
#[derive(Debug, Error, Clone, PartialEq)]
pub enum SweepError {
    #[error("expected a dict {{value: {{'post': array}}}} at the top level, found a {found}; give the {file} file the notebook reads")]
    NotADict {
        found: &'static str,
        file: &'static str,
    },
    #[error("a key is a {found}; the keys must be the hyperparameter values (int, float or str), as the notebook sorts them")]
    BadKey { found: &'static str },
    #[error("the keys mix numbers ({number}) and strings ({string}); Python's sorted() raises TypeError on them: use one kind of key per sweep")]
    MixedKeys { number: String, string: String },
    #[error(
        "a key is NaN; Python's sorted() gives it no defined place: give that point a real value"
    )]
    NanKey,
    #[error(
        "the sweep has {n} values; a figure can show at most {max} (one bar, tick label and legend \
         entry each): split it into several folders"
    )]
    TooManyValues { n: usize, max: usize },
    #[error("the value of key {key} is a {found}; each value should be a dict {{'post': array}}")]
    ValueNotADict { key: String, found: &'static str },
    #[error("'post' of key {key} is a {found}; it should be a numpy array")]
    PostNotArray { key: String, found: &'static str },
    #[error("'post' of key {key} has {dtype} elements; expected {expected}")]
    PostDtype {
        key: String,
        dtype: &'static str,
        expected: &'static str,
    },
    #[error("'post' of key {key} has shape {shape}; expected a 2-D array {expected}, as the notebook indexes it")]
    PostShape {
        key: String,
        shape: String,
        expected: &'static str,
    },
    #[error("'post' of key {key} is empty (shape {shape}); the notebook's max over neurons fails on it: leave 'post' out of that value instead")]
    EmptyPost { key: String, shape: String },
    #[error("'post' of key {key} has shape {shape}: no layer column {layer} (the notebook's counts_arr[:, {layer}] raises IndexError); store (n_trials, n_layers)")]
    NoLayer {
        key: String,
        shape: String,
        layer: usize,
    },
    #[error("'post' of key {key}: shape {shape} does not match its element count; the file is damaged, write it again")]
    PostElements { key: String, shape: String },
}

/// Why one file could not become a sweep: the pickle was refused, or it is not a sweep.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum LoadError {
    #[error(transparent)]
    Pickle(#[from] crate::pickle::PickleError),
    #[error(transparent)]
    Sweep(#[from] SweepError),
}

/// Builds an information sweep from a decoded `information_sweep_max_convex.pkl`.
///
/// Expects `{value: {'post': array (n_trials, n_neurons), ...}, ...}`. Keys may be Python ints, floats,
/// strings or numpy int/float scalars; bools are refused. Keys that Python would merge (`1` and `1.0`) are
/// merged as a dict literal would: the first key, the last value. A value dict without `'post'` gives a
/// point without data. `post` must be a 2-D float32 or float64 array with at least one trial and one
/// neuron (a 1-D `post` is refused: the notebook's `np.sum(post >= t, axis=1)` raises `AxisError` on it).
///
/// Time O(n log n) in the number of keys.
pub fn from_value<'a>(hparam: &str, value: &Value<'a>) -> Result<Sweep<'a>, SweepError> {
    let points = build::points(value, SweepFile::Information, post::information_post)?;
    Ok(Sweep {
        hparam: hparam.to_string(),
        points: points
            .into_iter()
            .map(|(value, post)| Point { value, post })
            .collect(),
    })
}

/// Builds a PNG-count sweep from a decoded `png_counts_sweep_layers_4.pkl`.
///
/// Expects `{value: {'pre'?: ..., 'post': array (n_trials, n_layers)}, ...}` with any integer, bool or
/// float dtype and at least one layer; keys as in [`from_value`]. Only column
/// [`crate::notebook::PNG_LAYER_IDX`] of `post` is kept (what plot_S9C reads; one copy per distinct array);
/// `'pre'` is ignored.
pub fn png_from_value(hparam: &str, value: &Value<'_>) -> Result<PngSweep, SweepError> {
    let mut columns: HashMap<usize, LayerCounts> = HashMap::new();
    let points = build::points(value, SweepFile::PngCounts, |key, a| {
        let id = std::sync::Arc::as_ptr(a) as *const () as usize;
        if let Some(c) = columns.get(&id) {
            return Ok(c.clone());
        }
        let c = post::png_counts_post(key, a)?;
        columns.insert(id, c.clone());
        Ok(c)
    })?;
    Ok(PngSweep {
        hparam: hparam.to_string(),
        points: points
            .into_iter()
            .map(|(value, post)| PngPoint { value, post })
            .collect(),
    })
}

/// Decodes one `information_sweep_max_convex.pkl` and builds the sweep named `hparam` (its folder); the
/// sweep's arrays borrow `bytes`.
pub fn load<'a>(hparam: &str, bytes: &'a [u8]) -> Result<Sweep<'a>, LoadError> {
    let value = crate::pickle::decode(bytes)?;
    Ok(from_value(hparam, &value)?)
}

/// Decodes one `png_counts_sweep_layers_4.pkl` and builds the sweep named `hparam` (its folder).
pub fn load_png_counts(hparam: &str, bytes: &[u8]) -> Result<PngSweep, LoadError> {
    let value = crate::pickle::decode(bytes)?;
    Ok(png_from_value(hparam, &value)?)
}

/// Decodes one file of the given kind (see [`SweepFile::from_file_name`]).
pub fn load_file<'a>(
    file: SweepFile,
    hparam: &str,
    bytes: &'a [u8],
) -> Result<AnySweep<'a>, LoadError> {
    Ok(match file {
        SweepFile::Information => AnySweep::Information(load(hparam, bytes)?),
        SweepFile::PngCounts => AnySweep::PngCounts(load_png_counts(hparam, bytes)?),
    })
}

/// The byte order of folder names that `sorted(RESULTS_DIR.glob("*"))` gives (uppercase first).
pub fn hparam_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.as_bytes().cmp(b.as_bytes())
}

/// Orders sweeps like the notebook's `sorted(RESULTS_DIR.glob("*"))`.
pub fn sort_sweeps(sweeps: &mut [Sweep<'_>]) {
    sweeps.sort_by(|a, b| hparam_order(&a.hparam, &b.hparam));
}

/// Orders PNG-count sweeps like [`sort_sweeps`].
pub fn sort_png_sweeps(sweeps: &mut [PngSweep]) {
    sweeps.sort_by(|a, b| hparam_order(&a.hparam, &b.hparam));
}

/// What a value is, in Python's words, for messages.
pub(crate) fn kind(v: &Value<'_>) -> &'static str {
    v.type_name()
}

#[cfg(test)]
mod tests;
