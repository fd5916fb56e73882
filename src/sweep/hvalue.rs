//! Hyperparameter values: the keys of a sweep pickle, their labels and Python's `sorted()` order.
//!
//! Owns: [`HValue`], Python's `f"{v}"` label, the exact int/float comparison Python's `sorted()` uses, and
//! the escaped form of a key for messages.

use std::cmp::Ordering;

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

    /// The key as a message names it: numbers as their label, strings quoted and escaped (`"a\u{1b}[2J"`),
    /// so that text from a file never reaches a terminal or the page raw.
    pub fn escaped(&self) -> String {
        match self {
            HValue::Str(s) => format!("{s:?}"),
            other => other.label(),
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
    // Every i128 lies strictly between -2^127 and 2^127 (both exact floats).
    const TWO_127: f64 = 1.7014118346046923e38;
    if f >= TWO_127 {
        return Some(Ordering::Less);
    }
    if f < -TWO_127 {
        return Some(Ordering::Greater);
    }
    let fl = f.floor();
    // -2^127 <= fl < 2^127, and a float this large is an integer, so the cast is exact.
    let fi = fl as i128;
    match i.cmp(&fi) {
        Ordering::Equal if f > fl => Some(Ordering::Less),
        o => Some(o),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_float_compare_exactly_like_python() {
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
        assert_eq!(
            HValue::Int(3).py_cmp(&HValue::Float(3.0)),
            Some(Ordering::Equal)
        );
        assert_eq!(
            HValue::Int(i128::MIN).py_cmp(&HValue::Float(-1.7014118346046923e38)),
            Some(Ordering::Equal)
        );
        assert_eq!(
            HValue::Int(i128::MAX).py_cmp(&HValue::Float(1.7014118346046923e38)),
            Some(Ordering::Less)
        );
        assert_eq!(
            HValue::Int(0).py_cmp(&HValue::Float(f64::NEG_INFINITY)),
            Some(Ordering::Greater)
        );
        assert_eq!(HValue::Int(0).py_cmp(&HValue::Float(f64::NAN)), None);
        assert_eq!(HValue::Int(0).py_cmp(&HValue::Str("0".into())), None);
        assert_eq!(
            HValue::Str("B".into()).py_cmp(&HValue::Str("b".into())),
            Some(Ordering::Less)
        );
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
    fn escaped_quotes_strings_and_escapes_control_characters() {
        assert_eq!(
            HValue::Str("a\u{1b}[2J".into()).escaped(),
            "\"a\\u{1b}[2J\""
        );
        assert_eq!(HValue::Float(0.5).escaped(), "0.5");
        assert_eq!(HValue::Int(-2).escaped(), "-2");
    }
}
