//! Tick positions and labels as matplotlib 3.8 makes them: `AutoLocator` (= `MaxNLocator(nbins='auto',
//! steps=[1, 2, 2.5, 5, 10])`) for linear axes and `ScalarFormatter` (offset, scientific notation beyond
//! `axes.formatter.limits` = (-5, 6), `%1.Nf` with the fewest decimals that tell the ticks apart, U+2212
//! minus) for their labels and for `set_xticks(values)`.
//!
//! Owns: the ports of `MaxNLocator._raw_ticks`, `scale_range`, `_Edge_integer`, `nonsingular` and
//! `ScalarFormatter.set_locs`/`__call__`/`get_offset`, with Python's float `divmod` semantics.

/// `AutoLocator`'s steps, extended as `MaxNLocator._staircase` does.
const STAIRCASE: [f64; 10] = [0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 2.5, 5.0, 10.0, 20.0];
/// `axes.formatter.limits`: scientific notation when the exponent is <= -5 or >= 6.
const POWER_LIMITS: (i32, i32) = (-5, 6);
/// `axes.formatter.offset_threshold`: an offset must save at least this many digits.
const OFFSET_THRESHOLD: i32 = 4;

/// Python's `divmod` of floats (CPython's `float_divmod`): floor quotient and a remainder with the sign of
/// the divisor.
pub fn py_divmod(x: f64, y: f64) -> (f64, f64) {
    let mut m = x % y;
    let mut div = (x - m) / y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(y);
    }
    let q = if div != 0.0 {
        let f = div.floor();
        if div - f > 0.5 {
            f + 1.0
        } else {
            f
        }
    } else {
        0.0f64.copysign(x / y)
    };
    (q, m)
}

fn floordiv(x: f64, y: f64) -> f64 {
    py_divmod(x, y).0
}

/// `matplotlib.transforms.nonsingular(vmin, vmax, expander, tiny)` (increasing).
pub fn nonsingular(vmin: f64, vmax: f64, expander: f64, tiny: f64) -> (f64, f64) {
    if !vmin.is_finite() || !vmax.is_finite() {
        return (-expander, expander);
    }
    let (mut lo, mut hi) = if vmax < vmin {
        (vmax, vmin)
    } else {
        (vmin, vmax)
    };
    let maxabs = lo.abs().max(hi.abs());
    if maxabs < (1e6 / tiny) * f64::MIN_POSITIVE {
        lo = -expander;
        hi = expander;
    } else if hi - lo <= maxabs * tiny {
        if hi == 0.0 && lo == 0.0 {
            lo = -expander;
            hi = expander;
        } else {
            lo -= expander * lo.abs();
            hi += expander * hi.abs();
        }
    }
    (lo, hi)
}

/// `scale_range(vmin, vmax, n)`: the power of ten of the step and an offset for far-from-zero ranges.
fn scale_range(vmin: f64, vmax: f64, n: f64) -> (f64, f64) {
    let dv = (vmax - vmin).abs();
    let meanv = (vmax + vmin) / 2.0;
    let offset = if meanv.abs() / dv < 100.0 {
        0.0
    } else {
        10f64
            .powf(floordiv(meanv.abs().log10(), 1.0))
            .copysign(meanv)
    };
    let scale = 10f64.powf(floordiv((dv / n).log10(), 1.0));
    (scale, offset)
}

/// `_Edge_integer.le`/`.ge` with their tolerance for large offsets.
struct Edge {
    step: f64,
    offset: f64,
}

impl Edge {
    fn closeto(&self, ms: f64, edge: f64) -> bool {
        let tol = if self.offset > 0.0 {
            let digits = (self.offset / self.step).log10();
            10f64.powf(digits - 12.0).clamp(1e-10, 0.4999)
        } else {
            1e-10
        };
        (ms - edge).abs() < tol
    }
    fn le(&self, x: f64) -> f64 {
        let (d, m) = py_divmod(x, self.step);
        if self.closeto(m / self.step, 1.0) {
            d + 1.0
        } else {
            d
        }
    }
    fn ge(&self, x: f64) -> f64 {
        let (d, m) = py_divmod(x, self.step);
        if self.closeto(m / self.step, 0.0) {
            d
        } else {
            d + 1.0
        }
    }
}

/// `Axis.get_tick_space()` clipped as `MaxNLocator` clips it: how many intervals fit on an axis
/// `length_pt` long with tick labels of `label_size` pt (2 label heights per tick on y, 3 on x), 1 to 9.
pub fn auto_nbins(length_pt: f64, label_size: f64, vertical: bool) -> usize {
    let per = label_size * if vertical { 2.0 } else { 3.0 };
    let n = if per > 0.0 && length_pt.is_finite() {
        (length_pt / per).floor().max(0.0) as usize
    } else {
        9
    };
    n.clamp(1, 9)
}

/// `AutoLocator().tick_values(vmin, vmax)` with `nbins` intervals: the tick locations, including the ones
/// just outside the range that matplotlib computes (pass them all to [`ScalarFormatter::new`], draw only
/// the ones [`within`] the limits).
pub fn auto_ticks(vmin: f64, vmax: f64, nbins: usize) -> Vec<f64> {
    let (vmin, vmax) = nonsingular(vmin, vmax, 1e-13, 1e-14);
    let nbins = nbins.max(1) as f64;
    let (scale, offset) = scale_range(vmin, vmax, nbins);
    let (lo, hi) = (vmin - offset, vmax - offset);
    let raw_step = (hi - lo) / nbins;
    let steps: Vec<f64> = STAIRCASE.iter().map(|s| s * scale).collect();
    let istep = steps
        .iter()
        .position(|&s| s >= raw_step)
        .unwrap_or(steps.len() - 1);
    let mut ticks = Vec::new();
    for &step in steps[..=istep].iter().rev() {
        let best_vmin = floordiv(lo, step) * step;
        let edge = Edge {
            step,
            offset: offset.abs(),
        };
        let low = edge.le(lo - best_vmin);
        let high = edge.ge(hi - best_vmin);
        ticks.clear();
        let n = (high - low + 1.0).clamp(0.0, 10_000.0) as usize;
        ticks.extend((0..n).map(|k| (low + k as f64) * step + best_vmin));
        let shown = ticks.iter().filter(|&&t| t <= hi && t >= lo).count();
        if shown >= 2 {
            break;
        }
    }
    ticks.iter().map(|t| t + offset).collect()
}

/// Whether a tick at `v` is drawn for the view interval `(a, b)` (matplotlib's
/// `_interval_contains_close`, relative tolerance 1e-10 of the interval).
pub fn within(v: f64, (a, b): (f64, f64)) -> bool {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    let tol = (hi - lo) * 1e-10;
    v >= lo - tol && v <= hi + tol
}

/// matplotlib's `ScalarFormatter` after `set_locs(locs)` for a view interval: labels for the ticks and the
/// offset text (`1e6`, `+1e3`, empty when none).
#[derive(Debug, Clone, PartialEq)]
pub struct ScalarFormatter {
    offset: f64,
    order: i32,
    decimals: usize,
}

impl ScalarFormatter {
    /// The formatter for tick locations `locs` (all the locator returned) on the view interval `view`.
    pub fn new(locs: &[f64], view: (f64, f64)) -> ScalarFormatter {
        let (vmin, vmax) = if view.0 <= view.1 {
            view
        } else {
            (view.1, view.0)
        };
        let visible: Vec<f64> = locs
            .iter()
            .copied()
            .filter(|&l| vmin <= l && l <= vmax)
            .collect();
        let offset = compute_offset(&visible);
        let order = order_of_magnitude(&visible, offset, (vmin, vmax));
        let decimals = decimals(locs, offset, order, (vmin, vmax));
        ScalarFormatter {
            offset,
            order,
            decimals,
        }
    }

    /// The label of the tick at `x` (`__call__`).
    pub fn label(&self, x: f64) -> String {
        let mut xp = (x - self.offset) / 10f64.powi(self.order);
        if xp.abs() < 1e-8 {
            xp = 0.0;
        }
        fix_minus(&format!("{:.*}", self.decimals, xp))
    }

    /// The offset text (`get_offset`): scientific factor then offset, e.g. `1e6`, `+1.2e3`, `1e-6+1e-3`.
    pub fn offset_text(&self) -> String {
        if self.order == 0 && self.offset == 0.0 {
            return String::new();
        }
        let mut s = String::new();
        if self.order != 0 {
            s.push_str(&format!("1e{}", self.order));
        }
        if self.offset != 0.0 {
            if self.offset > 0.0 {
                s.push('+');
            }
            s.push_str(&format_data(self.offset));
        }
        fix_minus(&s)
    }
}

/// `rcParams['axes.unicode_minus']`: a hyphen-minus becomes U+2212.
fn fix_minus(s: &str) -> String {
    s.replace('-', "\u{2212}")
}

/// `ScalarFormatter.format_data` without mathtext: `1e6`, `1.5e3`, `-2e-3`.
fn format_data(v: f64) -> String {
    let e = v.abs().log10().floor();
    let s = ((v / 10f64.powf(e)) * 1e10).round() / 1e10;
    let sig = if s % 1.0 == 0.0 {
        format!("{}", s as i64)
    } else {
        let t = format!("{:.9}", s);
        t.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    if e == 0.0 {
        sig
    } else {
        format!("{sig}e{}", e as i64)
    }
}

fn compute_offset(locs: &[f64]) -> f64 {
    if locs.is_empty() {
        return 0.0;
    }
    let lmin = locs.iter().copied().fold(f64::INFINITY, f64::min);
    let lmax = locs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if lmin == lmax || (lmin <= 0.0 && 0.0 <= lmax) {
        return 0.0;
    }
    let (abs_min, abs_max) = {
        let (a, b) = (lmin.abs(), lmax.abs());
        if a <= b {
            (a, b)
        } else {
            (b, a)
        }
    };
    let sign = 1f64.copysign(lmin);
    let oom_max = abs_max.log10().ceil();
    let p10 = |o: f64| 10f64.powf(o);
    let first = |pred: &dyn Fn(f64) -> bool| {
        let mut o = oom_max;
        // Python's itertools.count(oom_max, -1) has no end; 700 steps reach below any float.
        for _ in 0..700 {
            if pred(o) {
                return o;
            }
            o -= 1.0;
        }
        o
    };
    let mut oom = 1.0 + first(&|o| floordiv(abs_min, p10(o)) != floordiv(abs_max, p10(o)));
    if (abs_max - abs_min) / p10(oom) <= 1e-2 {
        oom = 1.0 + first(&|o| floordiv(abs_max, p10(o)) - floordiv(abs_min, p10(o)) > 1.0);
    }
    let n = (OFFSET_THRESHOLD - 1) as f64;
    if floordiv(abs_max, p10(oom)) >= 10f64.powf(n) {
        sign * floordiv(abs_max, p10(oom)) * p10(oom)
    } else {
        0.0
    }
}

fn order_of_magnitude(locs: &[f64], offset: f64, (vmin, vmax): (f64, f64)) -> i32 {
    if locs.is_empty() {
        return 0;
    }
    let oom = if offset != 0.0 {
        (vmax - vmin).log10().floor()
    } else {
        let val = locs.iter().map(|l| l.abs()).fold(0.0, f64::max);
        if val == 0.0 {
            0.0
        } else {
            val.log10().floor()
        }
    } as i32;
    if oom <= POWER_LIMITS.0 || oom >= POWER_LIMITS.1 {
        oom
    } else {
        0
    }
}

/// `_set_format`: the fewest decimals (`%1.Nf`) that keep every tick distinct from its rounding.
fn decimals(locs: &[f64], offset: f64, order: i32, view: (f64, f64)) -> usize {
    let mut all: Vec<f64> = locs.to_vec();
    if locs.len() < 2 {
        all.push(view.0);
        all.push(view.1);
    }
    let scaled: Vec<f64> = all
        .iter()
        .map(|l| (l - offset) / 10f64.powi(order))
        .collect();
    let max = scaled.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let min = scaled.iter().copied().fold(f64::INFINITY, f64::min);
    let mut range = max - min;
    if range == 0.0 {
        range = scaled.iter().map(|v| v.abs()).fold(0.0, f64::max);
    }
    if range == 0.0 || !range.is_finite() {
        range = 1.0;
    }
    let shown: &[f64] = if locs.len() < 2 {
        &scaled[..scaled.len() - 2]
    } else {
        &scaled
    };
    let range_oom = range.log10().floor() as i32;
    let mut sigfigs = (3 - range_oom).max(0);
    let thresh = 1e-3 * 10f64.powi(range_oom);
    while sigfigs >= 0 {
        let worst = shown
            .iter()
            .map(|v| (v - np_round(*v, sigfigs)).abs())
            .fold(0.0, f64::max);
        if worst < thresh {
            sigfigs -= 1;
        } else {
            break;
        }
    }
    (sigfigs + 1).clamp(0, 30) as usize
}

/// `np.round(v, decimals)`: scale, round half to even, unscale (numpy's algorithm, not exact decimal).
fn np_round(v: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    let y = v * f;
    let r = y.round();
    let r = if (y - y.trunc()).abs() == 0.5 {
        2.0 * (y / 2.0).round()
    } else {
        r
    };
    r / f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(locs: &[f64], view: (f64, f64)) -> (Vec<String>, String) {
        let f = ScalarFormatter::new(locs, view);
        let shown: Vec<String> = locs
            .iter()
            .filter(|&&l| within(l, view))
            .map(|&l| f.label(l))
            .collect();
        (shown, f.offset_text())
    }

    #[test]
    fn python_divmod_semantics() {
        assert_eq!(py_divmod(7.0, 2.0), (3.0, 1.0));
        assert_eq!(py_divmod(-7.0, 2.0), (-4.0, 1.0));
        assert_eq!(py_divmod(7.0, -2.0), (-4.0, -1.0));
        // 0.3 // 0.1 is 2.0 in Python (0.3 is just below 3 * 0.1).
        assert_eq!(py_divmod(0.3, 0.1).0, 2.0);
    }

    #[test]
    fn auto_locator_matches_matplotlib() {
        // Values printed by matplotlib 3.8.2: MaxNLocator('auto' -> n, steps=[1, 2, 2.5, 5, 10]).
        assert_eq!(
            auto_ticks(0.0, 5000.0, 5),
            [0.0, 1000.0, 2000.0, 3000.0, 4000.0, 5000.0]
        );
        assert_eq!(
            auto_ticks(0.0, 540.0, 6),
            [0.0, 100.0, 200.0, 300.0, 400.0, 500.0, 600.0]
        );
        assert_eq!(auto_ticks(0.0, 1.05, 4), [0.0, 0.5, 1.0, 1.5]);
        assert_eq!(auto_ticks(0.0, 1.05, 5), [0.0, 0.25, 0.5, 0.75, 1.0, 1.25]);
        assert_eq!(
            auto_ticks(0.0, 4300.0, 6),
            [0.0, 1000.0, 2000.0, 3000.0, 4000.0, 5000.0]
        );
        assert_eq!(auto_nbins(85.813, 8.33, true), 5);
        assert_eq!(auto_nbins(1000.0, 8.33, true), 9);
        assert_eq!(auto_nbins(3.0, 8.33, true), 1);
    }

    #[test]
    fn scalar_formatter_matches_matplotlib() {
        let ticks = [0.0, 1000.0, 2000.0, 3000.0, 4000.0, 5000.0];
        assert_eq!(
            labels(&ticks, (0.0, 5000.0)).0,
            ["0", "1000", "2000", "3000", "4000", "5000"]
        );
        assert_eq!(
            labels(&[0.02, 0.03, 0.04, 0.05, 0.06], (0.018, 0.062)).0,
            ["0.02", "0.03", "0.04", "0.05", "0.06"]
        );
        assert_eq!(
            labels(&[12.0, 16.0, 20.0, 24.0, 28.0], (11.2, 28.8)).0,
            ["12", "16", "20", "24", "28"]
        );
        assert_eq!(
            labels(&[0.0, 0.5, 1.0, 1.5], (0.0, 1.05)).0,
            ["0.0", "0.5", "1.0"]
        );
        // Scientific notation beyond 1e6, with the factor as offset text.
        let (l, off) = labels(&[0.0, 1e6, 2e6, 3e6], (0.0, 3e6));
        assert_eq!(l, ["0", "1", "2", "3"]);
        assert_eq!(off, "1e6");
        // An offset when the ticks share leading digits.
        let (l, off) = labels(&[100000.0, 100001.0, 100002.0], (100000.0, 100002.0));
        assert_eq!(l, ["0", "1", "2"]);
        assert_eq!(off, "+1e5");
        // Small values: 1e-5 is written as 1 with a 1e-5 factor.
        let (l, off) = labels(&[1e-5, 2e-5, 3e-5], (1e-5, 3e-5));
        assert_eq!(l, ["1", "2", "3"]);
        assert_eq!(off, "1e\u{2212}5");
        // Negative values get U+2212.
        let (l, _) = labels(&[-1.0, 0.0, 1.0], (-1.0, 1.0));
        assert_eq!(l, ["\u{2212}1", "0", "1"]);
    }
}
