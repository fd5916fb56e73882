//! Test support for the figure tests: hand-made `SweepStats` and the n3p2 reference statistics
//! (tests/fixtures/figures/n3p2_stats.txt, made by scripts/make_figures_fixture.py).
#![allow(dead_code)]

use infosweep::figures::{Figure, FigureData, FigureOptions, PanelBox};
use infosweep::stats::{
    PngCountStats, PngPointSummary, PngSweepStats, PointStats, PointSummary, SweepStats,
};
use infosweep::sweep::HValue;

/// A Fig. S9A/B figure of these sweeps as SVG.
pub fn svg(fig: Figure, info: &[SweepStats], opts: &FigureOptions) -> String {
    fig.svg(&FigureData { info, png: &[] }, opts)
}

/// The axes boxes of a Fig. S9A/B figure of these sweeps.
pub fn layout(fig: Figure, info: &[SweepStats], opts: &FigureOptions) -> Vec<PanelBox> {
    fig.layout(&FigureData { info, png: &[] }, opts)
}

/// The points (in pt) of a dense curve's `d` as our SVG writes it: `M x y` absolute and `l dx dy ...`
/// relative, integers in 1/100 pt.
pub fn dense_points(d: &str) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    let mut cur = (0i64, 0i64);
    // Tokenise: command letters and signed integers.
    let mut cmd = ' ';
    let mut nums: Vec<i64> = Vec::new();
    let flush =
        |cmd: char, nums: &mut Vec<i64>, cur: &mut (i64, i64), out: &mut Vec<(f64, f64)>| {
            for pair in nums.chunks(2).filter(|p| p.len() == 2) {
                *cur = if cmd == 'M' {
                    (pair[0], pair[1])
                } else {
                    (cur.0 + pair[0], cur.1 + pair[1])
                };
                out.push((cur.0 as f64 / 100.0, cur.1 as f64 / 100.0));
            }
            nums.clear();
        };
    let mut tok = String::new();
    for c in d.chars().chain(std::iter::once(' ')) {
        if c == '-' || c == ' ' || c == 'M' || c == 'l' {
            if !tok.is_empty() {
                nums.push(tok.parse().expect("integer"));
                tok.clear();
            }
            if c == 'M' || c == 'l' {
                flush(cmd, &mut nums, &mut cur, &mut out);
                cmd = c;
            }
            if c == '-' {
                tok.push('-');
            }
        } else {
            tok.push(c);
        }
    }
    flush(cmd, &mut nums, &mut cur, &mut out);
    out
}

pub fn point_stats(count_mean: f64, count_sem: f64, ranked_mean: Vec<f64>) -> PointStats {
    PointStats {
        count_mean,
        count_sem,
        fraction_mean: count_mean / 4096.0 * 100.0,
        fraction_sem: count_sem / 4096.0 * 100.0,
        max_info_mean: ranked_mean.first().copied().unwrap_or(0.0),
        max_info_std: 0.0,
        mean_info_top_k: 0.0,
        n_trials: 3,
        ranked_mean,
    }
}

/// A decreasing curve of `n` ranks from `top`.
pub fn curve(n: usize, top: f64) -> Vec<f64> {
    (0..n).map(|k| top * (1.0 - k as f64 / n as f64)).collect()
}

/// A sweep with integer values and (mean, sem) per value; `None` = no 'post'.
pub fn sweep(hparam: &str, points: &[(i128, Option<(f64, f64)>)]) -> SweepStats {
    SweepStats {
        hparam: hparam.to_string(),
        points: points
            .iter()
            .map(|(v, s)| PointSummary {
                value: HValue::Int(*v),
                stats: s.map(|(m, e)| point_stats(m, e, curve(4096, 0.9))),
            })
            .collect(),
    }
}

/// The Fig. S9C statistics of the n3p2 example (`pngsweep`/`pngpoint` lines of n3p2_stats.txt).
pub fn reference_png_stats() -> Vec<PngSweepStats> {
    let text = include_str!("../fixtures/figures/n3p2_stats.txt");
    let mut out: Vec<PngSweepStats> = Vec::new();
    for line in text.lines() {
        let mut it = line.split_whitespace();
        match it.next() {
            Some("pngsweep") => out.push(PngSweepStats {
                hparam: it.next().unwrap_or("").to_string(),
                points: Vec::new(),
            }),
            Some("pngpoint") => {
                let kind = it.next().unwrap_or("");
                let v = it.next().unwrap_or("0");
                let value = if kind == "int" {
                    HValue::Int(v.parse().unwrap())
                } else {
                    HValue::Float(v.parse().unwrap())
                };
                let mean: f64 = it.next().unwrap().parse().unwrap();
                let sem: f64 = it.next().unwrap().parse().unwrap();
                let n_trials: usize = it.next().unwrap().parse().unwrap();
                out.last_mut().unwrap().points.push(PngPointSummary {
                    value,
                    stats: mean.is_finite().then_some(PngCountStats {
                        mean,
                        sem,
                        n_trials,
                        float32: false,
                    }),
                });
            }
            _ => {}
        }
    }
    out
}

/// A PNG-count sweep with integer values and (mean, sem) per value; `None` = no 'post'.
pub fn png_sweep(hparam: &str, points: &[(i128, Option<(f64, f64)>)]) -> PngSweepStats {
    PngSweepStats {
        hparam: hparam.to_string(),
        points: points
            .iter()
            .map(|(v, s)| PngPointSummary {
                value: HValue::Int(*v),
                stats: s.map(|(mean, sem)| PngCountStats {
                    mean,
                    sem,
                    n_trials: 3,
                    float32: false,
                }),
            })
            .collect(),
    }
}

/// Fig. S9C of these sweeps as SVG.
pub fn png_svg(png: &[PngSweepStats], opts: &FigureOptions) -> String {
    Figure::PngCounts.svg(&FigureData { info: &[], png }, opts)
}

pub fn reference_stats() -> Vec<SweepStats> {
    let text = include_str!("../fixtures/figures/n3p2_stats.txt");
    let mut out: Vec<SweepStats> = Vec::new();
    for line in text.lines() {
        let mut it = line.split_whitespace();
        match it.next() {
            Some("sweep") => out.push(SweepStats {
                hparam: it.next().unwrap_or("").to_string(),
                points: Vec::new(),
            }),
            Some("pngsweep") => break,
            Some("point") => {
                let kind = it.next().unwrap_or("");
                let v = it.next().unwrap_or("0");
                let value = if kind == "int" {
                    HValue::Int(v.parse().unwrap())
                } else {
                    HValue::Float(v.parse().unwrap())
                };
                let m: f64 = it.next().unwrap().parse().unwrap();
                let s: f64 = it.next().unwrap().parse().unwrap();
                out.last_mut().unwrap().points.push(PointSummary {
                    value,
                    stats: Some(point_stats(m, s, Vec::new())),
                });
            }
            Some("ranked") => {
                let v: Vec<f64> = it.map(|x| x.parse().unwrap()).collect();
                let p = out.last_mut().unwrap().points.last_mut().unwrap();
                if let Some(st) = p.stats.as_mut() {
                    st.ranked_mean = v;
                }
            }
            _ => {}
        }
    }
    out
}
