//! The sweep data model: decoded pickles to typed hyperparameter sweeps, ordered like the notebook.
//!
//! Owns: hparam names (from folder names), point values sorted like Python's `sorted()`, the optional
//! `post` matrix per point, sweep order like `sorted(glob("*"))`, and telling an information sweep from
//! other pickles (e.g. `png_counts_sweep_layers_4.pkl`).

use crate::pickle::{DType, Scalar, Value};
use ndarray::Array2;
use std::cmp::Ordering;
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
    ///
    /// numpy scalar keys come in as their value: `f"{np.int64(12)}"` is `12`, and `f"{np.float32(0.1)}"`
    /// formats the float32 as a Python float (`0.10000000149011612`), so float32 keys are stored as the
    /// exact float64 of their value and need no variant of their own.
    pub fn label(&self) -> String {
        match self {
            HValue::Int(i) => i.to_string(),
            HValue::Str(s) => s.clone(),
            HValue::Float(f) => crate::pyfmt::float_repr(*f),
        }
    }

    /// Python's `sorted()` comparison: numbers by value (ints against floats exactly), strings by code
    /// point; `None` where Python raises `TypeError` (a number against a string) or the order is not
    /// total (NaN).
    pub fn py_cmp(&self, other: &HValue) -> Option<Ordering> {
        match (self, other) {
            (HValue::Int(a), HValue::Int(b)) => Some(a.cmp(b)),
            (HValue::Float(a), HValue::Float(b)) => a.partial_cmp(b),
            (HValue::Int(a), HValue::Float(b)) => cmp_int_float(*a, *b),
            (HValue::Float(a), HValue::Int(b)) => cmp_int_float(*b, *a).map(Ordering::reverse),
            (HValue::Str(a), HValue::Str(b)) => Some(a.cmp(b)),
            _ => None,
        }
    }
}

/// Exact comparison of an integer with a float, as Python does (no rounding of the integer).
fn cmp_int_float(i: i128, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f >= 1.7e38 {
        return Some(Ordering::Less);
    }
    if f <= -1.7e38 {
        return Some(Ordering::Greater);
    }
    let fl = f.floor();
    // |fl| < 1.7e38 < i128::MAX, and a float this large is an integer, so the cast is exact.
    let fi = fl as i128;
    match i.cmp(&fi) {
        Ordering::Equal if f > fl => Some(Ordering::Less),
        o => Some(o),
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
///
/// Expects `{value: {'post': array (n_trials, n_neurons), ...}, ...}`. Keys may be Python ints, floats,
/// strings or numpy int/float scalars; bools are refused. Repeated keys that Python would merge (`1` and
/// `1.0`) are merged as a dict literal would: the first key, the last value. A value dict without `'post'`
/// gives a point without data. `post` must be a 2-D float32 or float64 array with at least one trial and
/// two neurons: a 1-D `post` is refused because the notebook's `np.sum(post >= t, axis=1)` raises
/// `AxisError` on it, and one-column posts (`(n, 1)`) are counts per trial as in
/// `png_counts_sweep_layers_4.pkl`, not per-neuron information.
pub fn from_value(hparam: &str, value: &Value) -> Result<Sweep, SweepError> {
    let Value::Dict(items) = value else {
        return Err(SweepError::Structure(format!(
            "expected a dict {{value: {{'post': array}}}} at the top level, found {}",
            kind(value)
        )));
    };
    let mut points: Vec<Point> = Vec::with_capacity(items.len());
    for (k, v) in items.iter() {
        let key = key_value(k)?;
        let label = key.label();
        let (post, post_dtype) = match v {
            Value::Dict(fields) => match fields.iter().rev().find(|(fk, _)| is_post_key(fk)) {
                Some((_, arr)) => {
                    let (m, dt) = post_matrix(&label, arr)?;
                    (Some(m), Some(dt))
                }
                None => (None, None),
            },
            Value::Array(a) => {
                return Err(SweepError::NotAnInformationSweep(format!(
                    "the value of key {label} is an array of shape {}, not a dict with 'post' \
                     (this looks like a counts pickle such as png_counts_sweep_layers_4.pkl)",
                    shape_str(&a.shape)
                )))
            }
            other => {
                return Err(SweepError::Structure(format!(
                    "expected a dict {{'post': array}} as the value of key {label}, found {}",
                    kind(other)
                )))
            }
        };
        let point = Point {
            value: key,
            post,
            post_dtype,
        };
        match points
            .iter_mut()
            .find(|p| p.value.py_cmp(&point.value) == Some(Ordering::Equal))
        {
            Some(existing) => {
                existing.post = point.post;
                existing.post_dtype = point.post_dtype;
            }
            None => points.push(point),
        }
    }
    // Python's sorted() raises TypeError on mixed numbers and strings; refuse it the same way.
    let has_str = points.iter().any(|p| matches!(p.value, HValue::Str(_)));
    let has_num = points.iter().any(|p| !matches!(p.value, HValue::Str(_)));
    if has_str && has_num {
        return Err(SweepError::Structure(
            "keys mix numbers and strings: Python's sorted() cannot order them".into(),
        ));
    }
    if points
        .iter()
        .any(|p| matches!(p.value, HValue::Float(f) if f.is_nan()))
    {
        return Err(SweepError::Structure(
            "a key is NaN: Python's sorted() gives no defined order for it".into(),
        ));
    }
    points.sort_by(|a, b| a.value.py_cmp(&b.value).unwrap_or(Ordering::Equal));
    Ok(Sweep {
        hparam: hparam.to_string(),
        points,
    })
}

fn is_post_key(k: &Value) -> bool {
    matches!(k, Value::Str(s) if s == "post")
}

fn key_value(k: &Value) -> Result<HValue, SweepError> {
    match k {
        Value::Int(i) => Ok(HValue::Int(*i)),
        Value::Float(f) => Ok(HValue::Float(*f)),
        Value::Str(s) => Ok(HValue::Str(s.to_string())),
        Value::Scalar(Scalar::Int { value, .. }) => Ok(HValue::Int(*value)),
        Value::Scalar(Scalar::Float { value, .. }) => Ok(HValue::Float(*value)),
        other => Err(SweepError::Structure(format!(
            "expected hyperparameter values (int, float or str keys), found a {} key",
            kind(other)
        ))),
    }
}

fn post_matrix(label: &str, v: &Value) -> Result<(Array2<f64>, DType), SweepError> {
    let Value::Array(a) = v else {
        return Err(SweepError::Structure(format!(
            "'post' of key {label} should be a numpy array, found {}",
            kind(v)
        )));
    };
    let shape = &a.shape;
    // Temporary copy into the current `Array2<f64>` model (C order, native floats).
    let dtype = a.dtype;
    if !dtype.is_float() {
        return Err(SweepError::Structure(format!(
            "'post' of key {label} has integer/bool elements; expected float32 or float64 information values"
        )));
    }
    let vals = a.to_c_vec_f64();
    let (rows, cols) = match shape.as_slice() {
        [r, c] => (*r, *c),
        [n] => {
            return Err(SweepError::Structure(format!(
                "'post' of key {label} is 1-D (shape ({n},)); expected (n_trials, n_neurons): the notebook's \
                 np.sum(post >= threshold, axis=1) raises AxisError on it"
            )))
        }
        s => {
            return Err(SweepError::Structure(format!(
                "'post' of key {label} has shape {}; expected 2-D (n_trials, n_neurons)",
                shape_str(s)
            )))
        }
    };
    if cols == 1 {
        return Err(SweepError::NotAnInformationSweep(format!(
            "'post' of key {label} has shape ({rows}, 1): one number per trial (like the counts in \
             png_counts_sweep_layers_4.pkl), not information per neuron"
        )));
    }
    if rows == 0 || cols == 0 {
        return Err(SweepError::Structure(format!(
            "'post' of key {label} is empty (shape ({rows}, {cols})); the notebook's max over neurons fails on it"
        )));
    }
    let m = Array2::from_shape_vec((rows, cols), vals).map_err(|_| {
        SweepError::Structure(format!(
            "'post' of key {label}: shape ({rows}, {cols}) does not match its element count"
        ))
    })?;
    Ok((m, dtype))
}

fn shape_str(shape: &[usize]) -> String {
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

fn kind(v: &Value) -> &'static str {
    match v {
        Value::None => "None",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int",
        Value::Float(_) => "float",
        Value::Str(_) => "str",
        Value::Bytes(_) => "bytes",
        Value::List(_) => "list",
        Value::Tuple(_) => "tuple",
        Value::Dict(_) => "dict",
        Value::Set(_) => "set",
        Value::FrozenSet(_) => "frozenset",
        Value::Array(_) => "numpy array",
        Value::Scalar(Scalar::Bool(_)) => "numpy bool",
        Value::Scalar(_) => "numpy scalar",
    }
}

pub use crate::notebook::INFO_FILE_NAME;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pickle::NdArray;

    fn arr(shape: Vec<usize>, data: Vec<f64>) -> Value<'static> {
        Value::Array(NdArray::from_f64(shape, &data).unwrap().into())
    }

    fn dict(items: Vec<(Value<'static>, Value<'static>)>) -> Value<'static> {
        Value::Dict(items.into())
    }

    fn post(rows: usize, cols: usize, data: Vec<f64>) -> Value<'static> {
        dict(vec![(
            Value::Str("post".into()),
            arr(vec![rows, cols], data),
        )])
    }

    #[test]
    fn sorted_like_python_and_missing_post() {
        let v = dict(vec![
            (Value::Float(0.5), post(1, 2, vec![0.1, 0.9])),
            (Value::Int(-3), post(1, 2, vec![0.2, 0.3])),
            (
                Value::Scalar(Scalar::Float {
                    dtype: DType::F8,
                    value: 0.25,
                }),
                dict(vec![(Value::Str("pre".into()), Value::None)]),
            ),
            (
                Value::Scalar(Scalar::Int {
                    dtype: DType::I8,
                    value: 2,
                }),
                post(1, 2, vec![0.0, 1.0]),
            ),
        ]);
        let s = from_value("x", &v).unwrap();
        let labels: Vec<_> = s.points.iter().map(|p| p.value.label()).collect();
        assert_eq!(labels, ["-3", "0.25", "0.5", "2"]);
        assert!(s.points[1].post.is_none());
        assert_eq!(s.points[0].post_dtype, Some(DType::F8));
    }

    #[test]
    fn int_float_exact_order_and_merge() {
        let big = (1i128 << 60) + 1;
        assert_eq!(
            HValue::Int(big).py_cmp(&HValue::Float((1u64 << 60) as f64)),
            Some(Ordering::Greater)
        );
        assert_eq!(
            HValue::Float(2.5).py_cmp(&HValue::Int(2)),
            Some(Ordering::Greater)
        );
        assert_eq!(
            HValue::Int(-3).py_cmp(&HValue::Float(-2.5)),
            Some(Ordering::Less)
        );
        let v = dict(vec![
            (Value::Int(1), post(1, 2, vec![0.1, 0.1])),
            (Value::Float(1.0), post(1, 2, vec![0.7, 0.7])),
        ]);
        let s = from_value("x", &v).unwrap();
        assert_eq!(s.points.len(), 1);
        assert_eq!(s.points[0].value, HValue::Int(1));
        assert_eq!(s.points[0].post.as_ref().unwrap()[[0, 0]], 0.7);
    }

    #[test]
    fn strings_sort_and_mixed_refused() {
        let v = dict(vec![
            (Value::Str("b".into()), post(1, 2, vec![0.0, 0.0])),
            (Value::Str("B".into()), post(1, 2, vec![0.0, 0.0])),
        ]);
        let s = from_value("x", &v).unwrap();
        assert_eq!(s.points[0].value, HValue::Str("B".into()));
        let v = dict(vec![
            (Value::Str("b".into()), post(1, 2, vec![0.0, 0.0])),
            (Value::Int(1), post(1, 2, vec![0.0, 0.0])),
        ]);
        assert!(matches!(from_value("x", &v), Err(SweepError::Structure(m)) if m.contains("mix")));
    }

    #[test]
    fn labels_like_python() {
        assert_eq!(HValue::Int(12).label(), "12");
        assert_eq!(HValue::Float(12.0).label(), "12.0");
        assert_eq!(HValue::Float(1e-5).label(), "1e-05");
        assert_eq!(HValue::Float(0.1f32 as f64).label(), "0.10000000149011612");
        assert_eq!(HValue::Str("a b".into()).label(), "a b");
    }

    #[test]
    fn refusals() {
        let counts = dict(vec![(
            Value::Float(0.02),
            post(3, 1, vec![4430.0, 2783.0, 2658.0]),
        )]);
        assert!(matches!(
            from_value("x", &counts),
            Err(SweepError::NotAnInformationSweep(_))
        ));
        let arrays = dict(vec![(Value::Int(1), arr(vec![3, 1], vec![1.0; 3]))]);
        assert!(matches!(
            from_value("x", &arrays),
            Err(SweepError::NotAnInformationSweep(_))
        ));
        let one_d = dict(vec![(
            Value::Int(1),
            dict(vec![(
                Value::Str("post".into()),
                arr(vec![4], vec![0.5; 4]),
            )]),
        )]);
        assert!(
            matches!(from_value("x", &one_d), Err(SweepError::Structure(m)) if m.contains("1-D"))
        );
        assert!(matches!(
            from_value("x", &Value::List(vec![].into())),
            Err(SweepError::Structure(_))
        ));
        let bool_key = dict(vec![(Value::Bool(true), post(1, 2, vec![0.0, 0.0]))]);
        assert!(from_value("x", &bool_key).is_err());
        let ints = dict(vec![(
            Value::Int(1),
            dict(vec![(
                Value::Str("post".into()),
                Value::Array(
                    NdArray::from_le_bytes(vec![1, 2], DType::I8, vec![0; 16])
                        .unwrap()
                        .into(),
                ),
            )]),
        )]);
        assert!(from_value("x", &ints).is_err());
    }
}
