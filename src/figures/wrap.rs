//! Fitting labels into the room a panel has: long axis labels and legend titles are wrapped at spaces
//! into a few lines (math between `$...$` is never split) and the last line is ellipsized (`…`) when the
//! text does not fit; tick labels that would touch are rotated or thinned.
//!
//! Owns: the line-breaking rule and the tick-label crowding rule; measuring uses [`super::mathtext`].

use super::mathtext::{self, RichText};

/// A label's lines at most `max_w` points wide at `size` (at most `max_lines`; 1 when `max_w` is not
/// finite). A label that fits is returned as one line, unchanged.
pub fn wrap(src: &str, size: f64, max_w: f64, max_lines: usize) -> Vec<RichText> {
    let whole = mathtext::parse(src);
    let fits = |t: &RichText| t.width * size <= max_w + 1e-9;
    if fits(&whole) || !max_w.is_finite() || max_w <= 0.0 {
        return vec![whole];
    }
    let words = words(src);
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for w in &words {
        let trial = if cur.is_empty() {
            w.clone()
        } else {
            format!("{cur} {w}")
        };
        if cur.is_empty() || fits(&mathtext::parse(&trial)) {
            cur = trial;
        } else {
            lines.push(std::mem::take(&mut cur));
            cur = w.clone();
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    let max_lines = max_lines.max(1);
    let overflow = lines.len() > max_lines;
    lines.truncate(max_lines);
    let last = lines.len() - 1;
    let out: Vec<RichText> = lines
        .iter()
        .enumerate()
        .map(|(k, l)| {
            let t = mathtext::parse(l);
            if (k == last && overflow) || !fits(&t) {
                ellipsize(l, size, max_w, k == last && overflow)
            } else {
                t
            }
        })
        .collect();
    out
}

/// Words of a label: split at spaces outside `$...$` (an unbalanced `$` makes it plain text).
fn words(src: &str) -> Vec<String> {
    let balanced = src.matches('$').count() % 2 == 0;
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_math = false;
    for c in src.chars() {
        if c == '$' && balanced {
            in_math = !in_math;
        }
        if c == ' ' && !in_math {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `line` cut to fit `max_w` with a trailing `…` (always added when `more` says text was dropped). Math
/// cannot be cut: a line with math that does not fit is kept whole (and `…` appended when `more`).
fn ellipsize(line: &str, size: f64, max_w: f64, more: bool) -> RichText {
    let parsed = mathtext::parse(line);
    if parsed.is_math {
        return if more {
            mathtext::parse(&format!("{line}…"))
        } else {
            parsed
        };
    }
    let chars: Vec<char> = line.chars().collect();
    for n in (0..=chars.len()).rev() {
        let head: String = chars[..n].iter().collect();
        let cut = n < chars.len();
        let s = if cut || more {
            format!("{}…", head.trim_end())
        } else {
            head
        };
        let t = RichText::plain(&s);
        if t.width * size <= max_w || n == 0 {
            return t;
        }
    }
    RichText::plain("…")
}

/// How crowded tick labels are drawn: upright, or rotated 90° (reading up), showing every `every`-th.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TickFit {
    pub rotate: bool,
    pub every: usize,
}

/// Tick labels of widths `widths` (points) centred at `xs` (points, increasing) with font `size`: upright
/// when neighbours keep a gap, else rotated, else rotated and thinned so that kept labels do not touch.
pub fn fit_ticks(xs: &[f64], widths: &[f64], size: f64) -> TickFit {
    const GAP: f64 = 2.0;
    let upright_ok = xs
        .windows(2)
        .zip(widths.windows(2))
        .all(|(x, w)| x[1] - x[0] >= (w[0] + w[1]) / 2.0 + GAP);
    if upright_ok {
        return TickFit {
            rotate: false,
            every: 1,
        };
    }
    // Rotated: each label is one line high.
    let h = size * (super::metrics::LP_ASCENT + super::metrics::LP_DESCENT);
    let min_step = xs
        .windows(2)
        .map(|x| x[1] - x[0])
        .fold(f64::INFINITY, f64::min);
    let every = if min_step >= h + GAP {
        1
    } else {
        ((h + GAP) / min_step.max(1e-9)).ceil().max(1.0) as usize
    };
    TickFit {
        rotate: true,
        every,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_labels_stay_one_line() {
        let l = wrap(r"$\lambda^{I \to E}$ [nS]", 8.33, 100.0, 3);
        assert_eq!(l.len(), 1);
        assert!(l[0].is_math);
    }

    #[test]
    fn long_labels_wrap_at_spaces_and_ellipsize() {
        let src = "a very long hyperparameter name that is much wider than a panel of the figure and more";
        let lines = wrap(src, 8.33, 80.0, 3);
        assert_eq!(lines.len(), 3);
        for l in &lines {
            assert!(l.width * 8.33 <= 80.0 + 1e-9, "{:?}", l.text());
        }
        assert!(lines[2].text().ends_with('…'));
        assert!(lines[0].text().starts_with("a very long"));
        // One unbreakable word is cut.
        let w = wrap(&"x".repeat(80), 8.33, 50.0, 2);
        assert_eq!(w.len(), 1);
        assert!(w[0].width * 8.33 <= 50.0 && w[0].text().ends_with('…'));
    }

    #[test]
    fn math_is_never_split() {
        let lines = wrap(
            r"$\lambda^{I \to E}$ [nS] with a long tail of words",
            8.33,
            40.0,
            4,
        );
        assert!(lines[0].is_math, "{:?}", lines[0].text());
        assert!(lines[0].text().starts_with("λI→E"), "{:?}", lines[0].text());
        assert!(lines.iter().skip(1).all(|l| !l.text().contains('λ')));
    }

    #[test]
    fn crowded_ticks_rotate_then_thin() {
        let w = [10.0; 5];
        assert!(!fit_ticks(&[0.0, 20.0, 40.0, 60.0, 80.0], &w, 8.33).rotate);
        let f = fit_ticks(&[0.0, 11.0, 22.0, 33.0, 44.0], &w, 8.33);
        assert_eq!(
            f,
            TickFit {
                rotate: true,
                every: 1
            }
        );
        let f = fit_ticks(&[0.0, 3.0, 6.0, 9.0, 12.0], &w, 8.33);
        assert!(f.rotate && f.every == 4, "{f:?}");
    }
}
