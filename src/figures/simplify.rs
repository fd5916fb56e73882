//! Path simplification exactly as matplotlib's `PathSimplifier` (`src/path_converters.h`, used by its SVG,
//! PDF and Agg backends when `path.simplify` is on): runs of nearly collinear segments, whose points stray
//! less than `path.simplify_threshold` (1/9 of a backend unit) from the line being built, collapse to that
//! line's farthest points forward and backward. The output is a subset of the input points, so a curve
//! drawn from it is indistinguishable from the full one at that resolution.
//!
//! Owns: the simplifier's state machine (a Rust port that processes a whole path at once instead of
//! matplotlib's vertex-at-a-time queue, with the same output) and the NaN-to-move-to step that precedes it
//! (matplotlib's `PathNanRemover`). Checked against `Path.cleaned(simplify=True)` of matplotlib 3.8.2
//! (`tests/fixtures/figures/simplify_cases.txt`, made by `scripts/make_figures_fixture.py`).

/// `rcParams["path.simplify_threshold"]`: matplotlib stores its default "1/9" as 0.111111111111; in the
/// output's units (points for SVG and PDF).
pub const SIMPLIFY_THRESHOLD: f64 = 0.111111111111;

/// A path command: move to or line to a point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cmd {
    MoveTo(f64, f64),
    LineTo(f64, f64),
}

impl Cmd {
    /// The point of the command.
    pub fn point(self) -> (f64, f64) {
        match self {
            Cmd::MoveTo(x, y) | Cmd::LineTo(x, y) => (x, y),
        }
    }
}

/// A polyline with non-finite points as gaps, as matplotlib's `PathNanRemover` (no curves) emits it: each
/// run of finite points starts with a move-to.
pub fn commands(pts: &[(f64, f64)]) -> Vec<Cmd> {
    let mut out = Vec::with_capacity(pts.len());
    let mut pen_down = false;
    for &(x, y) in pts {
        if x.is_finite() && y.is_finite() {
            out.push(if pen_down {
                Cmd::LineTo(x, y)
            } else {
                Cmd::MoveTo(x, y)
            });
            pen_down = true;
        } else {
            pen_down = false;
        }
    }
    out
}

/// The simplifier's state (names follow matplotlib's members).
struct Simplifier {
    threshold2: f64,
    out: Vec<Cmd>,
    moveto: bool,
    after_moveto: bool,
    clipped: bool,
    lastx: f64,
    lasty: f64,
    origdx: f64,
    origdy: f64,
    orig_norm2: f64,
    forward_max2: f64,
    backward_max2: f64,
    last_forward_max: bool,
    last_backward_max: bool,
    next: (f64, f64),
    next_backward: (f64, f64),
    vec_start: (f64, f64),
}

/// `path` simplified with `threshold` (in the path's units), as matplotlib's `PathSimplifier` does.
pub fn simplify(path: &[Cmd], threshold: f64) -> Vec<Cmd> {
    let mut s = Simplifier {
        threshold2: threshold * threshold,
        out: Vec::with_capacity(path.len().min(1024)),
        moveto: true,
        after_moveto: false,
        clipped: false,
        lastx: 0.0,
        lasty: 0.0,
        origdx: 0.0,
        origdy: 0.0,
        orig_norm2: 0.0,
        forward_max2: 0.0,
        backward_max2: 0.0,
        last_forward_max: false,
        last_backward_max: false,
        next: (0.0, 0.0),
        next_backward: (0.0, 0.0),
        vec_start: (0.0, 0.0),
    };
    for &c in path {
        s.vertex(c);
    }
    s.finish();
    s.out
}

impl Simplifier {
    fn vertex(&mut self, c: Cmd) {
        let (x, y) = c.point();
        if self.moveto || matches!(c, Cmd::MoveTo(..)) {
            if self.orig_norm2 != 0.0 && !self.after_moveto {
                self.push(x, y);
            }
            self.after_moveto = true;
            self.lastx = x;
            self.lasty = y;
            self.moveto = false;
            self.orig_norm2 = 0.0;
            self.backward_max2 = 0.0;
            self.clipped = true;
            return;
        }
        self.after_moveto = false;
        if self.orig_norm2 == 0.0 {
            if self.clipped {
                self.out.push(Cmd::MoveTo(self.lastx, self.lasty));
                self.clipped = false;
            }
            self.origdx = x - self.lastx;
            self.origdy = y - self.lasty;
            self.orig_norm2 = self.origdx * self.origdx + self.origdy * self.origdy;
            self.forward_max2 = self.orig_norm2;
            self.backward_max2 = 0.0;
            self.last_forward_max = true;
            self.last_backward_max = false;
            self.vec_start = (self.lastx, self.lasty);
            self.lastx = x;
            self.lasty = y;
            self.next = (x, y);
            return;
        }
        // Distance of the point from the line being built: v = p - start, perp = v - (o.v) o / (o.o).
        let totdx = x - self.vec_start.0;
        let totdy = y - self.vec_start.1;
        let totdot = self.origdx * totdx + self.origdy * totdy;
        let paradx = totdot * self.origdx / self.orig_norm2;
        let parady = totdot * self.origdy / self.orig_norm2;
        let perpdx = totdx - paradx;
        let perpdy = totdy - parady;
        let perp2 = perpdx * perpdx + perpdy * perpdy;
        if perp2 < self.threshold2 {
            let para2 = paradx * paradx + parady * parady;
            self.last_forward_max = false;
            self.last_backward_max = false;
            if totdot > 0.0 {
                if para2 > self.forward_max2 {
                    self.last_forward_max = true;
                    self.forward_max2 = para2;
                    self.next = (x, y);
                }
            } else if para2 > self.backward_max2 {
                self.last_backward_max = true;
                self.backward_max2 = para2;
                self.next_backward = (x, y);
            }
            self.lastx = x;
            self.lasty = y;
            return;
        }
        self.push(x, y);
    }

    /// matplotlib's `_push`: writes the line built so far and starts the next one at (x, y).
    fn push(&mut self, x: f64, y: f64) {
        if self.backward_max2 > 0.0 {
            if self.last_forward_max {
                self.out
                    .push(Cmd::LineTo(self.next_backward.0, self.next_backward.1));
                self.out.push(Cmd::LineTo(self.next.0, self.next.1));
            } else {
                self.out.push(Cmd::LineTo(self.next.0, self.next.1));
                self.out
                    .push(Cmd::LineTo(self.next_backward.0, self.next_backward.1));
            }
        } else {
            self.out.push(Cmd::LineTo(self.next.0, self.next.1));
        }
        if self.clipped {
            self.out.push(Cmd::MoveTo(self.lastx, self.lasty));
        } else if !self.last_forward_max && !self.last_backward_max {
            self.out.push(Cmd::LineTo(self.lastx, self.lasty));
        }
        self.origdx = x - self.lastx;
        self.origdy = y - self.lasty;
        self.orig_norm2 = self.origdx * self.origdx + self.origdy * self.origdy;
        self.forward_max2 = self.orig_norm2;
        self.last_forward_max = true;
        self.vec_start = self.out.last().map_or((x, y), |c| c.point());
        self.lastx = x;
        self.lasty = y;
        self.next = (x, y);
        self.backward_max2 = 0.0;
        self.last_backward_max = false;
        self.clipped = false;
    }

    /// The end of the path (matplotlib's `path_cmd_stop`): flush the line being built and the last point.
    fn finish(&mut self) {
        let cmd = |mv: bool, (x, y): (f64, f64)| {
            if mv {
                Cmd::MoveTo(x, y)
            } else {
                Cmd::LineTo(x, y)
            }
        };
        if self.moveto && self.out.is_empty() && !self.after_moveto {
            return; // an empty path
        }
        if self.orig_norm2 != 0.0 {
            let mv = self.moveto || self.after_moveto;
            self.out.push(cmd(mv, self.next));
            if self.backward_max2 > 0.0 {
                self.out.push(cmd(mv, self.next_backward));
            }
            self.moveto = false;
        }
        let mv = self.moveto || self.after_moveto;
        self.out.push(cmd(mv, (self.lastx, self.lasty)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pts(c: &[Cmd]) -> Vec<(f64, f64)> {
        c.iter().map(|c| c.point()).collect()
    }

    #[test]
    fn collinear_points_collapse_to_the_ends() {
        let line: Vec<(f64, f64)> = (0..100).map(|k| (k as f64, 0.5 * k as f64)).collect();
        let s = simplify(&commands(&line), SIMPLIFY_THRESHOLD);
        assert_eq!(s.first(), Some(&Cmd::MoveTo(0.0, 0.0)));
        assert_eq!(pts(&s).last(), Some(&(99.0, 49.5)));
        assert!(s.len() <= 3, "{s:?}");
    }

    #[test]
    fn corners_are_kept() {
        let p = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)];
        let s = pts(&simplify(&commands(&p), SIMPLIFY_THRESHOLD));
        for q in p {
            assert!(s.contains(&q), "{q:?} missing from {s:?}");
        }
    }

    #[test]
    fn gaps_become_moves_and_output_points_are_input_points() {
        let nan = f64::NAN;
        let p = [(0.0, 0.0), (1.0, 1.0), (nan, 0.0), (3.0, 0.0), (4.0, 2.0)];
        let c = commands(&p);
        assert_eq!(
            c,
            [
                Cmd::MoveTo(0.0, 0.0),
                Cmd::LineTo(1.0, 1.0),
                Cmd::MoveTo(3.0, 0.0),
                Cmd::LineTo(4.0, 2.0)
            ]
        );
        let s = simplify(&c, SIMPLIFY_THRESHOLD);
        assert!(pts(&s).iter().all(|q| p.contains(q)));
        assert_eq!(s.iter().filter(|c| matches!(c, Cmd::MoveTo(..))).count(), 2);
        assert!(simplify(&[], SIMPLIFY_THRESHOLD).is_empty());
    }
}
