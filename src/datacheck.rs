//! Facts about loaded data that change how its numbers read, and the page's warnings about them (DOM-free,
//! tested natively): arrays whose column count differs from the neuron total (fractions divide by the
//! total, not by the columns; Figure 1's axis runs to the total), and NaN values (how they are counted).
//!
//! Owns: [`sweep_facts`], the one function that reads sweep data here (adapt it when the sweep type
//! changes), and [`warnings`] with their messages.

use crate::sweep::Sweep;
use std::fmt;

/// How many points with NaN a warning names before it says "and N more".
const NAMED_POINTS: usize = 4;

/// What one sweep's data holds, as far as the warnings go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SweepFacts {
    /// The sweep's name as the page shows it.
    pub name: String,
    /// The distinct column counts of its `post` arrays, ascending (empty without data).
    pub columns: Vec<usize>,
    /// Points holding NaN: the value's label and how many NaN it holds.
    pub nan: Vec<(String, usize)>,
}

/// Reads the facts of one sweep (one pass over its values, for the NaN count).
pub fn sweep_facts(name: &str, sweep: &Sweep) -> SweepFacts {
    let mut columns: Vec<usize> = Vec::new();
    let mut nan = Vec::new();
    for p in &sweep.points {
        let Some(post) = &p.post else { continue };
        columns.push(post.cols());
        let n = post
            .array()
            .iter_c()
            .filter(|v| v.to_f64().is_nan())
            .count();
        if n > 0 {
            nan.push((p.value.label(), n));
        }
    }
    columns.sort_unstable();
    columns.dedup();
    SweepFacts {
        name: name.to_string(),
        columns,
        nan,
    }
}

/// Something about the data a user should know; `Display` is the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// Every array has `columns` columns, and the neuron total is another number.
    Columns { columns: usize, n_neurons: usize },
    /// The arrays differ in width: (sweep name, its column counts), only sweeps whose width is not the total.
    MixedColumns {
        sweeps: Vec<(String, Vec<usize>)>,
        n_neurons: usize,
    },
    /// NaN values: their total, and (sweep, value, count) for each point holding some.
    Nan {
        total: usize,
        points: Vec<(String, String, usize)>,
    },
}

impl Warning {
    /// The neuron total that would match the data, when there is one.
    pub fn suggested_neurons(&self) -> Option<usize> {
        match self {
            Warning::Columns { columns, .. } => Some(*columns),
            _ => None,
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::Columns { columns, n_neurons } => write!(
                f,
                "The loaded arrays have {columns} columns (neurons), but Neurons is {n_neurons}: \
                 fractions are counts / {n_neurons} and Figure 1's axis runs to {n_neurons}."
            ),
            Warning::MixedColumns { sweeps, n_neurons } => {
                let list: Vec<String> = sweeps
                    .iter()
                    .map(|(s, c)| format!("{s}: {}", join(c)))
                    .collect();
                write!(
                    f,
                    "Some arrays do not have {n_neurons} columns (Neurons) — {}. Fractions are counts / \
                     {n_neurons} for every sweep.",
                    list.join("; ")
                )
            }
            Warning::Nan { total, points } => {
                let mut named: Vec<String> = points
                    .iter()
                    .take(NAMED_POINTS)
                    .map(|(s, v, n)| format!("{s} = {v} ({n})"))
                    .collect();
                if points.len() > NAMED_POINTS {
                    named.push(format!("{} more", points.len() - NAMED_POINTS));
                }
                let values = if *total == 1 {
                    "value is"
                } else {
                    "values are"
                };
                write!(
                    f,
                    "{total} {values} NaN ({}). A NaN is never ≥ the threshold, so it is not counted as \
                     informative; max info and the mean curves are NaN wherever a NaN enters them, as \
                     numpy's max and mean are.",
                    named.join(", ")
                )
            }
        }
    }
}

fn join(v: &[usize]) -> String {
    v.iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The warnings for these sweeps under a neuron total: a column mismatch (one width: with the width to use;
/// several: which sweeps differ), then NaN values.
pub fn warnings(facts: &[SweepFacts], n_neurons: usize) -> Vec<Warning> {
    let mut out = Vec::new();
    // The distinct widths, in no particular order (only their number and a lone one matter): no sort,
    // which kept a sort of its own in the page's wasm (page wasm -1,763 B gzip).
    let mut widths: Vec<usize> = Vec::new();
    for &w in facts.iter().flat_map(|f| &f.columns) {
        if !widths.contains(&w) {
            widths.push(w);
        }
    }
    match widths.as_slice() {
        [] => {}
        [w] if *w == n_neurons => {}
        [w] => out.push(Warning::Columns {
            columns: *w,
            n_neurons,
        }),
        _ => out.push(Warning::MixedColumns {
            sweeps: facts
                .iter()
                .filter(|f| f.columns.iter().any(|&c| c != n_neurons))
                .map(|f| (f.name.clone(), f.columns.clone()))
                .collect(),
            n_neurons,
        }),
    }
    let points: Vec<(String, String, usize)> = facts
        .iter()
        .flat_map(|f| f.nan.iter().map(|(v, n)| (f.name.clone(), v.clone(), *n)))
        .collect();
    if !points.is_empty() {
        out.push(Warning::Nan {
            total: points.iter().map(|p| p.2).sum(),
            points,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pickle::NdArray;
    use crate::stats::{sweep_stats, Params};
    use crate::sweep::{HValue, Matrix, Point, Post};
    use ndarray::Array2;
    use std::sync::Arc;

    fn sweep(points: Vec<(i128, Option<Array2<f64>>)>) -> Sweep<'static> {
        Sweep {
            hparam: "h".into(),
            points: points
                .into_iter()
                .map(|(v, post)| Point {
                    value: HValue::Int(v),
                    post: post.map(|a| {
                        let shape = a.shape().to_vec();
                        let data: Vec<f64> = a.iter().copied().collect();
                        let array = NdArray::from_f64(shape, &data).expect("a valid shape");
                        Post::F8(Matrix::new(Arc::new(array)).expect("a 2-D array"))
                    }),
                })
                .collect(),
        }
    }

    #[test]
    fn arrays_as_wide_as_the_total_give_no_warning() {
        let s = sweep(vec![(1, Some(Array2::zeros((2, 8)))), (2, None)]);
        let f = sweep_facts("h", &s);
        assert_eq!(f.columns, vec![8]);
        assert!(f.nan.is_empty());
        assert_eq!(warnings(&[f], 8), vec![]);
        assert_eq!(warnings(&[], 4096), vec![]);
    }

    #[test]
    fn a_hundred_columns_under_4096_neurons_is_said_with_the_width_to_use() {
        let s = sweep(vec![(1, Some(Array2::zeros((3, 100))))]);
        let w = warnings(&[sweep_facts("I2E", &s)], 4096);
        assert_eq!(
            w,
            vec![Warning::Columns {
                columns: 100,
                n_neurons: 4096
            }]
        );
        assert_eq!(w[0].suggested_neurons(), Some(100));
        assert_eq!(
            w[0].to_string(),
            "The loaded arrays have 100 columns (neurons), but Neurons is 4096: fractions are counts / 4096 \
             and Figure 1's axis runs to 4096."
        );
    }

    #[test]
    fn mixed_widths_name_the_sweeps_that_differ() {
        let a = sweep(vec![(1, Some(Array2::zeros((1, 4096))))]);
        let b = sweep(vec![
            (1, Some(Array2::zeros((1, 100)))),
            (2, Some(Array2::zeros((1, 50)))),
        ]);
        let w = warnings(&[sweep_facts("a", &a), sweep_facts("b", &b)], 4096);
        assert_eq!(
            w,
            vec![Warning::MixedColumns {
                sweeps: vec![("b".into(), vec![50, 100])],
                n_neurons: 4096
            }]
        );
        assert_eq!(w[0].suggested_neurons(), None);
        assert!(w[0].to_string().contains("b: 50, 100"));
    }

    #[test]
    fn nan_values_are_counted_and_how_they_count_is_said() {
        let mut post = Array2::from_elem((2, 4), 0.9);
        post[[0, 1]] = f64::NAN;
        post[[1, 3]] = f64::NAN;
        let s = sweep(vec![
            (12, Some(post.clone())),
            (16, Some(Array2::zeros((2, 4)))),
        ]);
        let f = sweep_facts("I2E", &s);
        assert_eq!(f.nan, vec![("12".to_string(), 2)]);
        let w = warnings(&[f], 4);
        assert_eq!(w.len(), 1);
        let m = w[0].to_string();
        assert!(m.starts_with("2 values are NaN (I2E = 12 (2))."), "{m}");
        assert!(m.contains("never ≥ the threshold"), "{m}");
        // What the message says is what the statistics do: NaN is not counted, max and mean propagate it.
        let st = sweep_stats(
            &s,
            &Params {
                threshold: 0.5,
                ..Params::default()
            },
        );
        let p = st.points[0].stats.as_ref().expect("data");
        assert_eq!(
            p.count_mean, 3.0,
            "3 of 4 values per trial are 0.9 >= 0.5, NaN is not"
        );
        assert!(p.max_info_mean.is_nan());
        assert!(p.ranked_mean[1].is_nan() && p.ranked_mean[3].is_nan());
        assert_eq!(p.ranked_mean[0], 0.9);
    }

    #[test]
    fn many_points_with_nan_are_summarised() {
        let mut post = Array2::zeros((1, 2));
        post[[0, 0]] = f64::NAN;
        let s = sweep((0..6).map(|v| (v, Some(post.clone()))).collect());
        let w = warnings(&[sweep_facts("x", &s)], 2);
        let m = w[0].to_string();
        assert!(
            m.starts_with("6 values are NaN (x = 0 (1), x = 1 (1), x = 2 (1), x = 3 (1), 2 more)."),
            "{m}"
        );
    }
}
