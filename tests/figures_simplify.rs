//! matplotlib's path simplification, ported: our `simplify` on the paths of
//! tests/fixtures/figures/simplify_cases.txt gives exactly the vertices and codes matplotlib 3.8.2's
//! `Path.cleaned(simplify=True, remove_nans=True)` gave (scripts/make_figures_fixture.py).

#![cfg(not(target_arch = "wasm32"))]

use infosweep::figures::simplify::{commands, simplify, Cmd, SIMPLIFY_THRESHOLD};

fn floats(s: &str) -> Vec<f64> {
    s.split_whitespace()
        .map(|v| v.parse().expect("float"))
        .collect()
}

#[test]
fn simplified_paths_equal_matplotlibs() {
    let text = include_str!("fixtures/figures/simplify_cases.txt");
    let mut lines = text.lines();
    let mut n = 0;
    while let Some(head) = lines.next() {
        let name = head.strip_prefix("case ").expect("case line");
        let input = floats(
            lines
                .next()
                .and_then(|l| l.strip_prefix("in "))
                .expect("in"),
        );
        let out = lines
            .next()
            .and_then(|l| l.strip_prefix("out "))
            .expect("out");
        let toks: Vec<&str> = out.split_whitespace().collect();
        let want: Vec<Cmd> = toks
            .chunks(3)
            .map(|t| {
                let (x, y) = (t[1].parse().unwrap(), t[2].parse().unwrap());
                if t[0] == "M" {
                    Cmd::MoveTo(x, y)
                } else {
                    Cmd::LineTo(x, y)
                }
            })
            .collect();
        let pts: Vec<(f64, f64)> = input.chunks(2).map(|p| (p[0], p[1])).collect();
        let got = simplify(&commands(&pts), SIMPLIFY_THRESHOLD);
        assert_eq!(
            got.len(),
            want.len(),
            "{name}: {} vs {} vertices",
            got.len(),
            want.len()
        );
        assert_eq!(got, want, "{name}");
        assert!(got.len() < pts.len(), "{name} was not simplified");
        eprintln!("{name}: {} -> {} vertices", pts.len(), got.len());
        n += 1;
    }
    assert_eq!(n, 7);
}
