//! Thinning of dense polylines for raster output: consecutive points that fall in the same narrow column
//! (a fraction of a device pixel wide) are reduced to the first, the lowest, the highest and the last of
//! them, in their original order, so the stroked shape is unchanged at that resolution.
//!
//! Figure 1 strokes 4096 points per curve on a log x axis; past the first few hundred ranks many points
//! share a device pixel. The SVG keeps every point; the canvas thins (see `canvas::CanvasBackend`).

/// Thins `pts` (device coordinates) with columns `col` device px wide; runs of at most 4 points in one
/// column, and polylines of at most 4 points, are kept as they are.
pub fn thin(pts: &[(f64, f64)], col: f64) -> Vec<(f64, f64)> {
    if pts.len() <= 4 || !(col.is_finite() && col > 0.0) {
        return pts.to_vec();
    }
    let mut out = Vec::with_capacity(pts.len().min(4096));
    let mut i = 0;
    while i < pts.len() {
        let key = (pts[i].0 / col).floor();
        let mut j = i + 1;
        while j < pts.len() && (pts[j].0 / col).floor() == key {
            j += 1;
        }
        let run = &pts[i..j];
        if run.len() <= 4 {
            out.extend_from_slice(run);
        } else {
            let (mut lo, mut hi) = (0, 0);
            for (k, p) in run.iter().enumerate() {
                if p.1 < run[lo].1 {
                    lo = k;
                }
                if p.1 > run[hi].1 {
                    hi = k;
                }
            }
            let mut keep = [0, lo.min(hi), lo.max(hi), run.len() - 1];
            keep.sort_unstable();
            let mut last = usize::MAX;
            for k in keep {
                if k != last {
                    out.push(run[k]);
                    last = k;
                }
            }
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::thin;

    #[test]
    fn short_lines_and_sparse_points_are_kept() {
        let p = vec![(0.0, 1.0), (0.1, 2.0), (0.2, 0.0)];
        assert_eq!(thin(&p, 1.0), p);
        let sparse: Vec<(f64, f64)> = (0..100).map(|k| (k as f64 * 2.0, (k % 7) as f64)).collect();
        assert_eq!(thin(&sparse, 1.0), sparse);
    }

    #[test]
    fn dense_runs_keep_ends_and_extremes_in_order() {
        // A log-x ranked curve: 4096 points over a 500-device-px panel, monotone non-increasing.
        let pts: Vec<(f64, f64)> = (1..=4096)
            .map(|r| {
                (
                    (r as f64).log10() / 4096f64.log10() * 500.0,
                    1.0 / (r as f64).sqrt(),
                )
            })
            .collect();
        let t = thin(&pts, 0.25);
        assert!(t.len() < pts.len() / 2, "{} points kept", t.len());
        assert_eq!(t.first(), pts.first());
        assert_eq!(t.last(), pts.last());
        // Every kept point is an original point, in order.
        let mut k = 0;
        for q in &t {
            while pts[k] != *q {
                k += 1;
            }
        }
        // Every original point lies within the kept polyline's range of y in its column.
        for p in &pts {
            let col = (p.0 / 0.25).floor();
            let ys: Vec<f64> = t
                .iter()
                .filter(|q| (q.0 / 0.25).floor() == col)
                .map(|q| q.1)
                .collect();
            let (lo, hi) = ys
                .iter()
                .fold((f64::MAX, f64::MIN), |(a, b), y| (a.min(*y), b.max(*y)));
            assert!(p.1 >= lo && p.1 <= hi);
        }
        // A zig-zag in one column keeps its extremes.
        let z = vec![
            (0.0, 0.0),
            (0.01, 5.0),
            (0.02, -3.0),
            (0.03, 1.0),
            (0.04, 2.0),
            (0.05, 0.5),
        ];
        assert_eq!(
            thin(&z, 1.0),
            vec![(0.0, 0.0), (0.01, 5.0), (0.02, -3.0), (0.05, 0.5)]
        );
    }

    #[test]
    fn bad_column_width_keeps_everything() {
        let p: Vec<(f64, f64)> = (0..10).map(|k| (k as f64 * 0.01, 0.0)).collect();
        assert_eq!(thin(&p, 0.0), p);
        assert_eq!(thin(&p, f64::NAN), p);
    }
}
