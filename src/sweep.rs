//! The sweep data model: decoded pickles to typed hyperparameter sweeps, ordered like the notebook.
//!
//! Owns: hparam names (from folder names), point values sorted like Python's `sorted()`, the optional
//! `post` matrix per point, sweep order like `sorted(glob("*"))`, and telling an information sweep from
//! other pickles (e.g. `png_counts_sweep_layers_4.pkl`).

use crate::pickle::{DType, Value};
use ndarray::Array2;
use thiserror::Error;

/// A hyperparameter value (a key of the pickled dict).
#[derive(Debug, Clone, PartialEq)]
pub enum HValue {
    Int(i128),
    Float(f64),
    Str(String),
}

impl HValue {
    /// The label the notebook shows: Python's `f"{v}"` (`12`, `0.02`, `1e-05`, `12.0`).
    pub fn label(&self) -> String {
        todo!()
    }
}

/// One point of a sweep: a value and, unless the pickle lacked `'post'`, its trials x neurons matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub value: HValue,
    /// `post` as float64, rows = trials (ranked, descending), columns = neurons.
    pub post: Option<Array2<f64>>,
    /// The dtype `post` had in the pickle (comparisons against the threshold are made in it, as numpy does).
    pub post_dtype: Option<DType>,
}

/// One hyperparameter sweep: the folder name and its points in `sorted()` order.
#[derive(Debug, Clone, PartialEq)]
pub struct Sweep {
    pub hparam: String,
    pub points: Vec<Point>,
}

#[derive(Debug, Error, Clone, PartialEq)]
pub enum SweepError {
    #[error("not an information sweep: {0}")]
    NotAnInformationSweep(String),
    #[error("unexpected structure: {0}")]
    Structure(String),
}

/// Builds a sweep from a decoded `information_sweep_max_convex.pkl`.
pub fn from_value(hparam: &str, value: &Value) -> Result<Sweep, SweepError> {
    let _ = (hparam, value);
    todo!()
}

/// The file name of an information sweep inside `<results>/<hparam>/`.
pub const INFO_FILE_NAME: &str = "information_sweep_max_convex.pkl";

/// Why one file could not become a sweep: the pickle was refused, or it is not an information sweep.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum LoadError {
    #[error(transparent)]
    Pickle(#[from] crate::pickle::PickleError),
    #[error(transparent)]
    Sweep(#[from] SweepError),
}

/// Decodes one file's bytes and builds the sweep named `hparam` (the file's parent folder).
pub fn load(hparam: &str, bytes: &[u8]) -> Result<Sweep, LoadError> {
    let value = crate::pickle::decode(bytes)?;
    Ok(from_value(hparam, &value)?)
}

/// Orders sweeps like the notebook's `sorted(RESULTS_DIR.glob("*"))` (byte order: uppercase first).
pub fn sort_sweeps(sweeps: &mut [Sweep]) {
    sweeps.sort_by(|a, b| a.hparam.as_bytes().cmp(b.hparam.as_bytes()));
}
