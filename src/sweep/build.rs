//! From a decoded `{value: {'post': array}}` dict to points in `sorted()` order, in O(n log n).
//!
//! Owns: reading keys (Python and numpy numbers, strings), refusing what `sorted()` refuses (numbers mixed
//! with strings, NaN), merging keys that a Python dict merges (`1 == 1.0`: the first key, the last value),
//! finding `'post'` in each value dict.

use super::{kind, HValue, SweepError, SweepFile, MAX_VALUES};
use crate::pickle::{NdArray, Scalar, Value};
use std::cmp::Ordering;
use std::sync::Arc;

/// The points of a sweep file: each key with its parsed `post` (`None` when the value dict has no
/// `'post'`), sorted like `sorted(d.keys())`, equal keys merged.
///
/// `post` is called once per surviving key, never on values a later equal key replaced (the notebook never
/// sees those either).
pub(crate) fn points<'a, P>(
    value: &Value<'a>,
    file: SweepFile,
    mut post: impl FnMut(&str, &Arc<NdArray<'a>>) -> Result<P, SweepError>,
) -> Result<Vec<(HValue, Option<P>)>, SweepError> {
    let Value::Dict(items) = value else {
        return Err(SweepError::NotADict {
            found: kind(value),
            file: file.file_name(),
        });
    };
    let mut keys: Vec<(HValue, usize)> = Vec::with_capacity(items.len());
    let (mut number, mut string) = (None, None);
    for (i, (k, _)) in items.iter().enumerate() {
        let key = key_value(k)?;
        match &key {
            HValue::Str(_) => string = string.or(Some(i)),
            HValue::Float(f) if f.is_nan() => return Err(SweepError::NanKey),
            _ => number = number.or(Some(i)),
        }
        keys.push((key, i));
    }
    if let (Some(n), Some(s)) = (number, string) {
        return Err(SweepError::MixedKeys {
            number: keys[n].0.escaped(),
            string: keys[s].0.escaped(),
        });
    }
    // Stable: equal keys stay in insertion order, so each run starts with the key Python keeps and ends
    // with the value it keeps. Numbers (without NaN) and strings are each totally ordered.
    keys.sort_by(|a, b| a.0.py_cmp(&b.0).unwrap_or(Ordering::Equal));
    let distinct = 1 + keys
        .windows(2)
        .filter(|w| w[0].0.py_cmp(&w[1].0) != Some(Ordering::Equal))
        .count();
    if !keys.is_empty() && distinct > MAX_VALUES {
        return Err(SweepError::TooManyValues {
            n: distinct,
            max: MAX_VALUES,
        });
    }
    let mut out: Vec<(HValue, Option<P>)> = Vec::with_capacity(distinct);
    let mut run_start = 0;
    while run_start < keys.len() {
        let mut run_end = run_start + 1;
        while run_end < keys.len()
            && keys[run_end].0.py_cmp(&keys[run_start].0) == Some(Ordering::Equal)
        {
            run_end += 1;
        }
        let key = keys[run_start].0.clone();
        let last = keys[run_end - 1].1;
        let parsed = point_post(&key, &items[last].1, &mut post)?;
        out.push((key, parsed));
        run_start = run_end;
    }
    Ok(out)
}

/// `post` of one value dict (`None` without `'post'`; the last `'post'` when a dict repeats it).
fn point_post<'a, P>(
    key: &HValue,
    v: &Value<'a>,
    post: &mut impl FnMut(&str, &Arc<NdArray<'a>>) -> Result<P, SweepError>,
) -> Result<Option<P>, SweepError> {
    let Value::Dict(fields) = v else {
        return Err(SweepError::ValueNotADict {
            key: key.escaped(),
            found: kind(v),
        });
    };
    let Some((_, arr)) = fields
        .iter()
        .rev()
        .find(|(fk, _)| matches!(fk, Value::Str(s) if **s == *"post"))
    else {
        return Ok(None);
    };
    match arr {
        Value::Array(a) => post(&key.escaped(), a).map(Some),
        other => Err(SweepError::PostNotArray {
            key: key.escaped(),
            found: kind(other),
        }),
    }
}

fn key_value(k: &Value) -> Result<HValue, SweepError> {
    match k {
        Value::Int(i) => Ok(HValue::Int(*i)),
        Value::Float(f) => Ok(HValue::Float(*f)),
        Value::Str(s) => Ok(HValue::Str(s.to_string())),
        Value::Scalar(Scalar::Int { value, .. }) => Ok(HValue::Int(*value)),
        Value::Scalar(Scalar::Float { value, .. }) => Ok(HValue::Float(*value)),
        other => Err(SweepError::BadKey { found: kind(other) }),
    }
}
