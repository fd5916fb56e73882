//! pandas 2.1.4's text rules, as the notebooks' `pd.DataFrame(list_of_dicts)`, `to_csv(index=False)`,
//! `round(2)` and `to_string(index=False)` apply them.
//!
//! Owns: the dtype pandas infers for the `value` column ([`ValueColumn`]), CSV fields (quoting, float
//! repr), numpy's `round`, and the cell and column layout of `to_string` (float columns with a shared
//! precision and scientific switch, object columns with escaped strings, right alignment).

use crate::pyfmt::{fixed, float32_repr, float_repr, sci};
use crate::sweep::HValue;

/// The dtype pandas gives a column built from these Python values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ValueColumn {
    /// int64 or uint64: written as integers.
    Int,
    /// float64: every number as a float (`12` becomes `12.0`).
    Float,
    /// object: each value kept as it is.
    Object,
}

impl ValueColumn {
    /// pandas' `maybe_convert_objects`: any string, or an int outside int64/uint64, or ints needing both
    /// int64 and uint64 (a negative one and one above `i64::MAX`) make an object column; otherwise any float
    /// makes a float64 column; otherwise the ints make an int64 (or uint64) column.
    pub(crate) fn infer<'a>(values: impl Iterator<Item = &'a HValue>) -> Self {
        let (mut has_str, mut has_float, mut negative, mut above_i64, mut outside) =
            (false, false, false, false, false);
        for v in values {
            match v {
                HValue::Str(_) => has_str = true,
                HValue::Float(_) => has_float = true,
                HValue::Int(i) => {
                    negative |= *i < 0;
                    above_i64 |= *i > i64::MAX as i128;
                    outside |= *i < i64::MIN as i128 || *i > u64::MAX as i128;
                }
            }
        }
        if has_str || outside || (negative && above_i64) {
            ValueColumn::Object
        } else if has_float {
            ValueColumn::Float
        } else {
            ValueColumn::Int
        }
    }

    /// The CSV field of `v` in a column of this type (not yet quoted).
    pub(crate) fn csv_field(self, v: &HValue) -> String {
        match (self, v) {
            (ValueColumn::Float, HValue::Int(i)) => float_repr(*i as f64),
            _ => v.label(),
        }
    }

    /// `to_string` cells of these values (after `round(decimals)` when given) and whether the column is
    /// numeric (its header then gets a leading space).
    pub(crate) fn string_cells(
        self,
        values: &[&HValue],
        round: Option<i32>,
    ) -> (Vec<String>, bool) {
        match self {
            ValueColumn::Int => (values.iter().map(|v| v.label()).collect(), true),
            ValueColumn::Float => {
                let floats: Vec<f64> = values
                    .iter()
                    .map(|v| {
                        let f = match v {
                            HValue::Int(i) => *i as f64,
                            HValue::Float(f) => *f,
                            HValue::Str(_) => f64::NAN,
                        };
                        round.map_or(f, |d| np_round(f, d))
                    })
                    .collect();
                (float_cells(&floats), true)
            }
            ValueColumn::Object => (
                values
                    .iter()
                    .map(|v| match v {
                        HValue::Float(f) => object_float_cell(*f),
                        other => escape_cell(&other.label()),
                    })
                    .collect(),
                false,
            ),
        }
    }
}

/// A float column's CSV field: Python's repr (float32's shortest repr for a float32 column), NaN empty.
pub(crate) fn csv_float(v: f64, float32: bool) -> String {
    if v.is_nan() {
        String::new()
    } else if float32 {
        float32_repr(v as f32)
    } else {
        float_repr(v)
    }
}

/// Python 3.11's csv module with QUOTE_MINIMAL and pandas' `\n` line terminator: quote fields holding a
/// comma, a quote or `\n` (a lone `\r` is written as is, as pandas 2.1.4 does).
pub(crate) fn csv_quote(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// numpy's `np.round(x, decimals)` for float64, `decimals >= 0`: `rint(x * 10**d) / 10**d`.
pub(crate) fn np_round(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (x * f).round_ties_even() / f
}

/// numpy's `np.round(x, decimals)` of a float32 (computed in float32).
pub(crate) fn np_round_f32(x: f32, decimals: i32) -> f32 {
    let f = 10f64.powi(decimals) as f32;
    (x * f).round_ties_even() / f
}

/// `to_string` cells of a float column: pandas' `FloatArrayFormatter` (display.precision 6, no leading
/// space with `index=False`): `{:.6f}` with the trailing zeros all cells share trimmed (one decimal kept),
/// switching to `{:.6e}` when a non-zero value is below 1e-6, or when one is above 1e6 and some trimmed
/// cell is longer than 12 characters; NaN is `NaN`.
pub(crate) fn float_cells(vals: &[f64]) -> Vec<String> {
    const DIGITS: usize = 6;
    let fmt = |f: &dyn Fn(f64) -> String| -> Vec<String> {
        let cells: Vec<String> = vals
            .iter()
            .map(|&v| if v.is_nan() { "NaN".into() } else { f(v) })
            .collect();
        trim_zeros(cells)
    };
    let fixed_cells = fmt(&|v| fixed(v, DIGITS));
    let too_long = fixed_cells
        .iter()
        .map(|c| c.chars().count())
        .max()
        .unwrap_or(0)
        > DIGITS + 6;
    let has_large = vals.iter().any(|v| v.abs() > 1e6);
    let has_small = vals.iter().any(|v| v.abs() < 1e-6 && v.abs() > 0.0);
    if has_small || (too_long && has_large) {
        fmt(&|v| sci(v, DIGITS))
    } else {
        fixed_cells
    }
}

/// `to_string` cells of an int column.
pub(crate) fn int_cells(vals: &[usize]) -> Vec<String> {
    vals.iter().map(|v| v.to_string()).collect()
}

/// `to_string` cells of an object column of strings: pandas' `pprint_thing` escapes tab, CR and LF.
pub(crate) fn str_cells<'a>(vals: impl Iterator<Item = &'a str>) -> Vec<String> {
    vals.map(escape_cell).collect()
}

fn escape_cell(s: &str) -> String {
    s.replace('\t', "\\t")
        .replace('\r', "\\r")
        .replace('\n', "\\n")
}

/// A float inside an object column: `_trim_zeros_single_float(f"{x: .6f}")` (a space before non-negative
/// numbers); NaN is `NaN`.
fn object_float_cell(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    let s = fixed(v, 6);
    let s = if s.starts_with('-') {
        s
    } else {
        format!(" {s}")
    };
    let mut t = s.trim_end_matches('0').to_string();
    if t.ends_with('.') {
        t.push('0');
    }
    t
}

/// pandas' `^\s*[\+-]?[0-9]+\.[0-9]*$`: a cell with digits, a point and only digits after it (not `NaN`,
/// `inf` or a `1.0e-07` cell).
fn is_number(s: &str) -> bool {
    let t = s.trim_start();
    let t = t.strip_prefix(['+', '-']).unwrap_or(t);
    let int_digits = t.bytes().take_while(u8::is_ascii_digit).count();
    int_digits > 0
        && t[int_digits..]
            .strip_prefix('.')
            .is_some_and(|frac| frac.bytes().all(|c| c.is_ascii_digit()))
}

/// pandas' `_trim_zeros_float`: while every number cell ends in `0`, drop one character from each; then a
/// bare `.` gets its `0` back.
fn trim_zeros(mut cells: Vec<String>) -> Vec<String> {
    loop {
        let mut nums = cells.iter().filter(|c| is_number(c)).peekable();
        if nums.peek().is_none() || !nums.all(|c| c.ends_with('0')) {
            break;
        }
        for c in cells.iter_mut() {
            if is_number(c) {
                c.pop();
            }
        }
    }
    for c in cells.iter_mut() {
        if is_number(c) && c.ends_with('.') {
            c.push('0');
        }
    }
    cells
}

/// One column of a `to_string` table.
pub(crate) struct Column {
    pub(crate) header: String,
    /// Numeric columns get a space before their header.
    pub(crate) numeric: bool,
    pub(crate) cells: Vec<String>,
}

/// `DataFrame.to_string(index=False)`: every column right-aligned to its widest cell or header, columns
/// joined by one space; an empty frame as pandas prints it.
pub(crate) fn to_string(columns: &[Column]) -> String {
    let n_rows = columns.first().map_or(0, |c| c.cells.len());
    if columns.is_empty() {
        return "Empty DataFrame\nColumns: []\nIndex: []".into();
    }
    let headers: Vec<String> = columns
        .iter()
        .map(|c| {
            if c.numeric {
                format!(" {}", c.header)
            } else {
                c.header.clone()
            }
        })
        .collect();
    let widths: Vec<usize> = columns
        .iter()
        .zip(&headers)
        .map(|(c, h)| {
            c.cells
                .iter()
                .chain(std::iter::once(h))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<&str>| {
        cells
            .iter()
            .zip(&widths)
            .map(|(c, &w)| format!("{}{}", " ".repeat(w.saturating_sub(c.chars().count())), c))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut lines = vec![line(headers.iter().map(String::as_str).collect())];
    for i in 0..n_rows {
        lines.push(line(columns.iter().map(|c| c.cells[i].as_str()).collect()));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn infer(v: &[HValue]) -> ValueColumn {
        ValueColumn::infer(v.iter())
    }

    #[test]
    fn value_column_types_like_pandas() {
        use HValue::{Float as F, Int as I, Str as S};
        let big = 1i128 << 63;
        assert_eq!(infer(&[I(1), I(-2)]), ValueColumn::Int);
        assert_eq!(infer(&[I(1), F(0.5)]), ValueColumn::Float);
        assert_eq!(infer(&[I(big), I(5)]), ValueColumn::Int);
        assert_eq!(infer(&[I(big), F(1.5)]), ValueColumn::Float);
        assert_eq!(infer(&[I(-(big)), F(1.5)]), ValueColumn::Float);
        assert_eq!(infer(&[I(-big - 1), F(1.5)]), ValueColumn::Object);
        assert_eq!(infer(&[I(big), I(-1)]), ValueColumn::Object);
        assert_eq!(infer(&[I(big), I(-1), F(1.5)]), ValueColumn::Object);
        // pandas 2.1.4: [0, 2**63] is uint64, [-1, 2**63 - 1] int64, [-2**63, 2**64 - 1] object,
        // [1.5, 2**64 - 1] float64.
        assert_eq!(infer(&[I(0), I(big)]), ValueColumn::Int);
        assert_eq!(infer(&[I(-1), I(big - 1)]), ValueColumn::Int);
        assert_eq!(infer(&[I(-big), I((1 << 64) - 1)]), ValueColumn::Object);
        assert_eq!(infer(&[F(1.5), I((1 << 64) - 1)]), ValueColumn::Float);
        assert_eq!(infer(&[I(1 << 64)]), ValueColumn::Object);
        assert_eq!(infer(&[I((1 << 64) - 1)]), ValueColumn::Int);
        assert_eq!(infer(&[S("x".into()), F(1.5)]), ValueColumn::Object);
        assert_eq!(
            ValueColumn::Float.csv_field(&I(big)),
            "9.223372036854776e+18"
        );
        assert_eq!(ValueColumn::Float.csv_field(&I(12)), "12.0");
        assert_eq!(
            ValueColumn::Object.csv_field(&I(1 << 64)),
            "18446744073709551616"
        );
        assert_eq!(ValueColumn::Int.csv_field(&I(big)), "9223372036854775808");
    }

    #[test]
    fn float_cells_like_pandas() {
        assert_eq!(float_cells(&[1e-5, 0.02]), ["0.00001", "0.02000"]);
        assert_eq!(float_cells(&[12.0, 0.5]), ["12.0", "0.5"]);
        assert_eq!(float_cells(&[0.0, 0.0]), ["0.0", "0.0"]);
        assert_eq!(float_cells(&[-0.0, 2.0]), ["-0.0", "2.0"]);
        assert_eq!(float_cells(&[f64::NAN, 2.0]), ["NaN", "2.0"]);
        assert_eq!(float_cells(&[1e-7, 1.0]), ["1.000000e-07", "1.000000e+00"]);
        // 1e-6 itself is not "small"; 1e6 itself is not "large".
        assert_eq!(float_cells(&[1e-6]), ["0.000001"]);
        assert_eq!(float_cells(&[1e6, 0.5]), ["1000000.0", "0.5"]);
        assert_eq!(float_cells(&[1e16, 0.5]), ["1.000000e+16", "5.000000e-01"]);
        // above 1e6 but short enough: fixed.
        assert_eq!(float_cells(&[12345678.0]), ["12345678.0"]);
        assert_eq!(float_cells(&[123456789012.0]), ["1.234568e+11"]);
        assert_eq!(float_cells(&[3340.67, 2570.0]), ["3340.67", "2570.00"]);
        // pandas 2.1.4: 12 characters stay fixed, 13 switch; exactly 1e6 is not "large"; exponents
        // ending in 0 are not trimmed.
        assert_eq!(float_cells(&[12345678.125]), ["12345678.125"]);
        assert_eq!(float_cells(&[123456789.125]), ["1.234568e+08"]);
        assert_eq!(
            float_cells(&[1e6, 0.1234567]),
            ["1000000.000000", "0.123457"]
        );
        assert_eq!(
            float_cells(&[1000000.5, 0.1234567]),
            ["1.000000e+06", "1.234567e-01"]
        );
        assert_eq!(float_cells(&[1e-10, 1.0]), ["1.000000e-10", "1.000000e+00"]);
    }

    #[test]
    fn object_cells_and_layout_like_pandas() {
        use HValue::{Float as F, Int as I, Str as S};
        let vals = [
            S("x".into()),
            F(123.25),
            F(1e-7),
            F(1e16),
            F(f64::INFINITY),
            F(-1.5),
            I(7),
        ];
        let refs: Vec<&HValue> = vals.iter().collect();
        let (cells, numeric) = ValueColumn::Object.string_cells(&refs, None);
        assert!(!numeric);
        assert_eq!(
            cells,
            [
                "x",
                " 123.25",
                " 0.0",
                " 10000000000000000.0",
                " inf",
                "-1.5",
                "7"
            ]
        );
        assert_eq!(
            str_cells(["a\nb", "c\td", "e\rf"].into_iter()),
            ["a\\nb", "c\\td", "e\\rf"]
        );
        let t = to_string(&[
            Column {
                header: "a".into(),
                numeric: false,
                cells: vec!["x".into(), "yy".into()],
            },
            Column {
                header: "b".into(),
                numeric: true,
                cells: float_cells(&[f64::NAN, 1.0]),
            },
            Column {
                header: "n".into(),
                numeric: true,
                cells: int_cells(&[3, 0]),
            },
        ]);
        assert_eq!(t, " a   b  n\n x NaN  3\nyy 1.0  0");
        assert_eq!(to_string(&[]), "Empty DataFrame\nColumns: []\nIndex: []");
    }

    #[test]
    fn number_cells_as_pandas_regex_sees_them() {
        for yes in ["1.0", "-1.50", " 2.", "+3.25", "  10.000"] {
            assert!(is_number(yes), "{yes}");
        }
        for no in [
            ".5",
            "a.5",
            "1a.5",
            "1.0e-07",
            "1.000000e+00",
            "NaN",
            "inf",
            "-inf",
            "1",
            "",
            "1.5x",
        ] {
            assert!(!is_number(no), "{no}");
        }
    }

    #[test]
    fn round_like_numpy() {
        assert_eq!(np_round(0.125, 2), 0.12);
        assert_eq!(np_round(0.375, 2), 0.38);
        // numpy 1.26.3: np.round(2.675, 2) == 2.68 (2.675 * 100 is 267.5), np.round(0.285, 2) == 0.28,
        // np.round(1.005, 2) == 1.0.
        assert_eq!(np_round(2.675, 2), 2.68);
        assert_eq!(np_round(0.285, 2), 0.28);
        assert_eq!(np_round(1.005, 2), 1.0);
        assert_eq!(np_round(3340.6666666666665, 2), 3340.67);
        assert_eq!(np_round(-0.001, 2), -0.0);
        assert_eq!(np_round_f32(2.5f32, 2), 2.5f32);
        assert!(np_round(f64::NAN, 2).is_nan());
    }
}
