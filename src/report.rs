//! Text outputs of the notebook: `robustness_summary_statistics.csv` (numbers written as pandas writes
//! them) and the printed summary table.
//!
//! Owns: number formatting (Python float repr, pandas' column type inference) and both text layouts.

use crate::pyfmt::{fixed, float32_repr, float_repr, sci};
use crate::stats::SweepStats;
use crate::sweep::{HValue, Sweep};

/// The CSV file name the notebook writes.
pub const CSV_FILE_NAME: &str = "robustness_summary_statistics.csv";

/// The CSV exactly as pandas' `to_csv(index=False)` writes it (10 columns, `\n` line ends).
///
/// Rows: every point with data, sweeps in the given order. Floats are written as Python's repr (numpy's
/// `astype(str)`), NaN as an empty field (pandas' `na_rep`). The `value` column is typed as pandas infers
/// it over all rows: only ints → ints; ints and floats → all floats (`12.0`); any string → an object
/// column where each value is written as Python's `str()` of itself.
///
/// This assumes float64 statistics columns, which is what pandas makes of float64 `post` arrays and of a
/// mix of float32 and float64 ones. [`csv_for`] also covers the all-float32 case.
pub fn csv(sweeps: &[SweepStats]) -> String {
    csv_with(sweeps, false)
}

/// [`csv`], knowing the dtypes of the `post` arrays: when every point with data had a float32 `post`,
/// the notebook's `max_info_mean`, `max_info_std` and `mean_info_top10` are numpy float32 scalars, pandas
/// makes float32 columns of them and writes float32's shortest repr (`0.999739`).
pub fn csv_for(sweeps: &[Sweep], stats: &[SweepStats]) -> String {
    let mut any = false;
    let all_f4 = sweeps
        .iter()
        .flat_map(|s| &s.points)
        .filter(|p| p.post.is_some())
        .all(|p| {
            any = true;
            p.post_dtype == Some(crate::pickle::DType::F4)
        });
    csv_with(stats, any && all_f4)
}

const CSV_COLUMNS: [&str; 10] = [
    "hyperparameter",
    "value",
    "informative_count_mean",
    "informative_count_sem",
    "informative_fraction_mean",
    "informative_fraction_sem",
    "max_info_mean",
    "max_info_std",
    "mean_info_top10",
    "n_trials",
];

fn csv_with(sweeps: &[SweepStats], float32_info: bool) -> String {
    let rows: Vec<_> = sweeps
        .iter()
        .flat_map(|s| {
            s.points
                .iter()
                .filter_map(move |p| p.stats.as_ref().map(|st| (&s.hparam, &p.value, st)))
        })
        .collect();
    if rows.is_empty() {
        // pd.DataFrame([]).to_csv(index=False)
        return "\n".into();
    }
    let kind = ValueColumn::infer(rows.iter().map(|r| r.1));
    let f64_field = |v: f64| {
        if v.is_nan() {
            String::new()
        } else {
            float_repr(v)
        }
    };
    let info_field = |v: f64| {
        if v.is_nan() {
            String::new()
        } else if float32_info {
            float32_repr(v as f32)
        } else {
            float_repr(v)
        }
    };
    let mut out = String::new();
    out.push_str(&CSV_COLUMNS.join(","));
    out.push('\n');
    for (hparam, value, st) in rows {
        let fields = [
            csv_quote(hparam),
            csv_quote(&kind.format(value)),
            f64_field(st.count_mean),
            f64_field(st.count_sem),
            f64_field(st.fraction_mean),
            f64_field(st.fraction_sem),
            info_field(st.max_info_mean),
            info_field(st.max_info_std),
            info_field(st.mean_info_top_k),
            st.n_trials.to_string(),
        ];
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

/// Python 3.11's csv module with QUOTE_MINIMAL and pandas' `\n` line terminator: quote fields holding a
/// comma, a quote or `\n` (a lone `\r` is written as is, as pandas 2.1.4 does).
fn csv_quote(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// How pandas types a column built from these values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ValueColumn {
    /// int64 (or uint64): written as integers.
    Int,
    /// float64: every number as a float.
    Float,
    /// object: each value as Python's `str()` of itself.
    Object,
}

impl ValueColumn {
    fn infer<'a>(values: impl Iterator<Item = &'a HValue> + Clone) -> Self {
        let has_str = values.clone().any(|v| matches!(v, HValue::Str(_)));
        let has_float = values.clone().any(|v| matches!(v, HValue::Float(_)));
        // ints beyond int64/uint64 make an object column; with floats, beyond int64 too.
        let int_range = |lo: i128, hi: i128| {
            values.clone().all(|v| match v {
                HValue::Int(i) => (lo..=hi).contains(i),
                _ => true,
            })
        };
        if has_str {
            ValueColumn::Object
        } else if has_float {
            if int_range(i64::MIN as i128, i64::MAX as i128) {
                ValueColumn::Float
            } else {
                ValueColumn::Object
            }
        } else if int_range(i64::MIN as i128, u64::MAX as i128) {
            ValueColumn::Int
        } else {
            ValueColumn::Object
        }
    }

    fn format(self, v: &HValue) -> String {
        match (self, v) {
            (ValueColumn::Float, HValue::Int(i)) => float_repr(*i as f64),
            (_, HValue::Float(f)) if f.is_nan() && self == ValueColumn::Float => String::new(),
            _ => v.label(),
        }
    }
}

/// One row of the printed summary table, as the notebook formats it
/// (`257.3 ± 12.9`, `6.28 ± 0.31%`, `1.000`); the page shows these in its `<table>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryRow {
    /// Python's `f"{v}"` of the value.
    pub value: String,
    pub count: String,
    pub fraction: String,
    pub max_info: String,
}

/// The summary rows of one sweep: points with data only, in sweep order.
///
/// Points without data are kept as the notebook prints them: `count`, `fraction` and `max_info` = `N/A`.
pub fn summary_rows(sweep: &SweepStats) -> Vec<SummaryRow> {
    sweep
        .points
        .iter()
        .map(|p| match &p.stats {
            Some(st) => SummaryRow {
                value: p.value.label(),
                count: format!("{} ± {}", fixed(st.count_mean, 1), fixed(st.count_sem, 1)),
                fraction: format!(
                    "{} ± {}%",
                    fixed(st.fraction_mean, 2),
                    fixed(st.fraction_sem, 2)
                ),
                max_info: fixed(st.max_info_mean, 3),
            },
            None => SummaryRow {
                value: p.value.label(),
                count: "N/A".into(),
                fraction: "N/A".into(),
                max_info: "N/A".into(),
            },
        })
        .collect()
}

/// The notebook's printed summary (per sweep: display name, a rule of 50 dashes, the pandas table).
///
/// Each sweep gives `"\n{name}\n{'-' * 50}\n{table}\n"`, the table being pandas'
/// `DataFrame.to_string(index=False)` of the columns value, count, fraction, max_info: right-aligned,
/// one space between columns, numeric column headers prefixed by a space.
pub fn summary(sweeps: &[SweepStats]) -> String {
    let mut out = String::new();
    for s in sweeps {
        out.push('\n');
        out.push_str(&crate::notebook::display_name(&s.hparam));
        out.push('\n');
        out.push_str(&"-".repeat(50));
        out.push('\n');
        out.push_str(&summary_table(s));
        out.push('\n');
    }
    out
}

fn summary_table(sweep: &SweepStats) -> String {
    if sweep.points.is_empty() {
        return "Empty DataFrame\nColumns: []\nIndex: []".into();
    }
    let rows = summary_rows(sweep);
    let values: Vec<&HValue> = sweep.points.iter().map(|p| &p.value).collect();
    let kind = ValueColumn::infer(values.iter().copied());
    let value_cells = match kind {
        ValueColumn::Int => values.iter().map(|v| v.label()).collect(),
        ValueColumn::Object => values.iter().map(|v| v.label()).collect(),
        ValueColumn::Float => pandas_float_cells(
            &values
                .iter()
                .map(|v| match v {
                    HValue::Int(i) => *i as f64,
                    HValue::Float(f) => *f,
                    HValue::Str(_) => f64::NAN,
                })
                .collect::<Vec<_>>(),
        ),
    };
    let value_header = if kind == ValueColumn::Object {
        "value"
    } else {
        " value"
    };
    let columns: [(String, Vec<String>); 4] = [
        (value_header.into(), value_cells),
        (
            "count".into(),
            rows.iter().map(|r| r.count.clone()).collect(),
        ),
        (
            "fraction".into(),
            rows.iter().map(|r| r.fraction.clone()).collect(),
        ),
        (
            "max_info".into(),
            rows.iter().map(|r| r.max_info.clone()).collect(),
        ),
    ];
    let widths: Vec<usize> = columns
        .iter()
        .map(|(h, cells)| {
            cells
                .iter()
                .chain(std::iter::once(h))
                .map(|c| c.chars().count())
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
    let mut lines = vec![line(columns.iter().map(|(h, _)| h.as_str()).collect())];
    for i in 0..rows.len() {
        lines.push(line(columns.iter().map(|(_, c)| c[i].as_str()).collect()));
    }
    lines.join("\n")
}

/// pandas' `FloatArrayFormatter` for `to_string(index=False)` (display.precision 6): `{:.6f}` with common
/// trailing zeros trimmed (at least one decimal kept), switching to `{:.6e}` when a non-zero value is below
/// 1e-6, or when a value is above 1e6 and some formatted value is longer than 12 characters.
fn pandas_float_cells(vals: &[f64]) -> Vec<String> {
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

/// pandas' `_trim_zeros_float`.
fn trim_zeros(mut cells: Vec<String>) -> Vec<String> {
    fn is_number(s: &str) -> bool {
        let t = s.trim_start();
        let t = t.strip_prefix(['+', '-']).unwrap_or(t);
        match t.split_once('.') {
            Some((a, b)) => {
                !a.is_empty()
                    && a.bytes().all(|c| c.is_ascii_digit())
                    && b.bytes().all(|c| c.is_ascii_digit())
            }
            None => false,
        }
    }
    loop {
        let nums: Vec<&String> = cells.iter().filter(|c| is_number(c)).collect();
        if nums.is_empty() || !nums.iter().all(|c| c.ends_with('0')) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::{PointStats, PointSummary};

    fn st(v: f64) -> PointStats {
        PointStats {
            count_mean: v,
            count_sem: 0.0,
            fraction_mean: v / 4096.0 * 100.0,
            fraction_sem: 0.0,
            max_info_mean: 1.0,
            max_info_std: f64::NAN,
            mean_info_top_k: 1e-5,
            n_trials: 1,
            ranked_mean: vec![],
            ranked_std: vec![],
        }
    }

    fn sweep(h: &str, pts: Vec<(HValue, bool)>) -> SweepStats {
        SweepStats {
            hparam: h.into(),
            points: pts
                .into_iter()
                .map(|(value, data)| PointSummary {
                    value,
                    stats: data.then(|| st(3.0)),
                })
                .collect(),
        }
    }

    #[test]
    fn value_column_inference() {
        let ints = sweep("a", vec![(HValue::Int(12), true), (HValue::Int(16), false)]);
        let floats = sweep("b", vec![(HValue::Float(0.02), true)]);
        let c = csv(std::slice::from_ref(&ints));
        assert_eq!(
            c.lines().nth(1).unwrap(),
            "a,12,3.0,0.0,0.0732421875,0.0,1.0,,1e-05,1"
        );
        assert_eq!(c.lines().count(), 2);
        let c = csv(&[ints.clone(), floats.clone()]);
        assert!(c.lines().nth(1).unwrap().starts_with("a,12.0,"));
        let strs = sweep("c,d", vec![(HValue::Str("x".into()), true)]);
        let c = csv(&[ints, floats, strs]);
        assert!(c.lines().nth(1).unwrap().starts_with("a,12,"));
        assert!(c.lines().nth(2).unwrap().starts_with("b,0.02,"));
        assert!(c.lines().nth(3).unwrap().starts_with("\"c,d\",x,"));
        assert_eq!(csv(&[]), "\n");
    }

    #[test]
    fn summary_layout() {
        let s = sweep(
            "lrate",
            vec![(HValue::Float(0.02), true), (HValue::Float(0.5), false)],
        );
        let want = "\n$\\rho$\n".to_string()
            + &"-".repeat(50)
            + "\n value     count     fraction max_info\n  0.02 3.0 ± 0.0 0.07 ± 0.00%    1.000\n  0.50       N/A          N/A      N/A\n";
        assert_eq!(summary(&[s]), want);
        assert_eq!(pandas_float_cells(&[1e-5, 0.02]), ["0.00001", "0.02000"]);
        assert_eq!(pandas_float_cells(&[12.0, 0.5]), ["12.0", "0.5"]);
        assert_eq!(
            pandas_float_cells(&[1e-7, 1.0]),
            ["1.000000e-07", "1.000000e+00"]
        );
    }
}
