//! Structural tests of the figure SVGs: parsed with roxmltree, checked for panels, labels, ticks, legends,
//! bars (inverted through the axes transform), highlight, math labels, the raised y limit, missing values,
//! unknown names and odd input.

#![cfg(not(target_arch = "wasm32"))]

#[path = "figures_fixture/mod.rs"]
mod fixture;

use fixture::sweep;
use infosweep::figures::{Figure, FigureOptions, Highlight, PanelOptions};
use infosweep::stats::{PointSummary, SweepStats};
use infosweep::sweep::HValue;
use roxmltree::{Document, Node};

fn parse(svg: &str) -> Document<'_> {
    Document::parse(svg)
        .unwrap_or_else(|e| panic!("invalid XML: {e}\n{}", &svg[..svg.len().min(2000)]))
}

fn text_of(n: Node) -> String {
    n.descendants()
        .filter(|d| d.is_text())
        .filter_map(|d| d.text())
        .collect()
}

fn texts(doc: &Document, class: &str) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text") && n.attribute("class") == Some(class))
        .map(text_of)
        .collect()
}

fn panels<'a>(doc: &'a Document) -> Vec<Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.attribute("id").is_some_and(|i| i.starts_with("axes_")))
        .collect()
}

fn in_panel(panel: Node, class: &str) -> Vec<String> {
    panel
        .descendants()
        .filter(|n| n.has_tag_name("text") && n.attribute("class") == Some(class))
        .map(text_of)
        .collect()
}

fn floats(s: &str) -> Vec<f64> {
    s.split_whitespace()
        .map(|v| v.parse().expect("number"))
        .collect()
}

/// Bars of a panel: (index, fill, data-y of the top obtained by inverting the panel transform).
fn bars(panel: Node) -> Vec<(usize, String, f64)> {
    let bg = panel
        .descendants()
        .find(|n| n.attribute("class") == Some("axes-bg"))
        .expect("axes background");
    let ylim = floats(bg.attribute("data-ylim").unwrap());
    let bx = floats(bg.attribute("data-box").unwrap());
    let (y0, y1) = (bx[1], bx[3]);
    panel
        .descendants()
        .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("bar")))
        .map(|n| {
            let top: f64 = n.attribute("y").unwrap().parse().unwrap();
            let data = ylim[0] + (y1 - top) / (y1 - y0) * (ylim[1] - ylim[0]);
            (
                n.attribute("data-index").unwrap().parse().unwrap(),
                n.attribute("fill").unwrap().to_string(),
                data,
            )
        })
        .collect()
}

fn three() -> Vec<SweepStats> {
    vec![
        sweep(
            "I2E",
            &[
                (12, Some((257.3, 12.9))),
                (16, Some((312.0, 11.5))),
                (20, Some((369.7, 19.3))),
                (24, Some((302.3, 3.2))),
            ],
        ),
        sweep(
            "delay_max",
            &[
                (6, Some((269.3, 6.9))),
                (8, Some((361.7, 9.3))),
                (10, Some((397.3, 13.9))),
            ],
        ),
        sweep(
            "lrate",
            &[
                (2, Some((277.3, 3.5))),
                (3, Some((330.0, 16.4))),
                (4, Some((435.7, 6.5))),
                (5, None),
            ],
        ),
    ]
}

#[test]
fn ranked_has_one_panel_per_sweep_with_labels_ticks_and_legends() {
    let svg = fixture::svg(Figure::Ranked, &three(), &FigureOptions::default());
    let doc = parse(&svg);
    let root = doc.root_element();
    assert_eq!(root.attribute("width"), Some("540pt"));
    assert_eq!(root.attribute("height"), Some("136.8pt"));
    assert_eq!(root.attribute("viewBox"), Some("0 0 540 136.8"));
    assert_eq!(
        root.attribute("font-family"),
        Some("DejaVu Sans, Bitstream Vera Sans, Verdana, sans-serif")
    );
    let ps = panels(&doc);
    assert_eq!(ps.len(), 3);
    for p in &ps {
        assert_eq!(in_panel(*p, "xlabel"), ["Neuron rank #"]);
        assert_eq!(in_panel(*p, "xtick"), ["100", "101", "102", "103"]);
    }
    assert_eq!(in_panel(ps[0], "ytick"), ["0.0", "0.5", "1.0"]);
    assert!(in_panel(ps[1], "ytick").is_empty() && in_panel(ps[2], "ylabel").is_empty());
    assert_eq!(texts(&doc, "ylabel"), ["ℐ(s,R)"]);
    // Legend titles and entries in sweep order; the missing 'post' value has no entry.
    assert_eq!(texts(&doc, "legend-title"), ["λI→E [nS]", "dmax [ms]", "ρ"]);
    assert_eq!(in_panel(ps[0], "legend-label"), ["12", "16", "20", "24"]);
    assert_eq!(in_panel(ps[2], "legend-label"), ["2", "3", "4"]);
    // Exponents are superscript tspans: smaller and raised.
    let tick = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("xtick"))
        .unwrap();
    let spans: Vec<Node> = tick
        .children()
        .filter(|n| n.has_tag_name("tspan"))
        .collect();
    assert_eq!(spans.len(), 2);
    let base: f64 = tick.attribute("font-size").unwrap().parse().unwrap();
    let sup: f64 = spans[1].attribute("font-size").unwrap().parse().unwrap();
    assert!((sup / base - 0.7).abs() < 1e-3, "{sup} {base}");
    assert!(spans[1].attribute("dy").unwrap().parse::<f64>().unwrap() < 0.0);
    assert_eq!(base, 8.33);
    // Minor ticks: 8 per full decade (2..9 x 10^0..10^2) plus 2000, 3000, 4000.
    let minor = doc
        .descendants()
        .filter(|n| n.attribute("stroke-width") == Some("0.6"))
        .count();
    assert_eq!(minor, 3 * (8 * 3 + 3));
}

#[test]
fn ranked_curves_use_copper_and_skip_missing_values() {
    let svg = fixture::svg(Figure::Ranked, &three(), &FigureOptions::default());
    let doc = parse(&svg);
    let curves: Vec<Vec<String>> = doc
        .descendants()
        .filter(|n| n.attribute("id").is_some_and(|i| i.starts_with("curves_")))
        .map(|g| {
            g.children()
                .filter(|n| n.has_tag_name("path"))
                .map(|n| n.attribute("stroke").unwrap().to_string())
                .collect()
        })
        .collect();
    assert_eq!(curves.len(), 3);
    // 4 values: copper at 0, 1/3, 2/3, 1.
    assert_eq!(curves[0], ["#000000", "#69422a", "#d28555", "#ffc77f"]); // matplotlib to_hex(copper(i/3))
                                                                         // lrate: the 4th value (index 3) has no 'post', so 3 curves with the colors of indices 0..2 of 4.
    assert_eq!(curves[2], ["#000000", "#69422a", "#d28555"]);
    let g = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("curves_1"))
        .unwrap();
    assert!(g
        .attribute("clip-path")
        .is_some_and(|c| c.starts_with("url(#clip")));
    // Curves are written in 1/100 pt (1.2 pt wide), simplified as matplotlib does: a straight decreasing
    // line of 4096 points keeps only a few.
    let path = g.children().find(|n| n.has_tag_name("path")).unwrap();
    assert_eq!(path.attribute("transform"), Some("scale(0.01)"));
    assert_eq!(path.attribute("stroke-width"), Some("120"));
    let pts = fixture::dense_points(path.attribute("d").unwrap());
    assert!(pts.len() >= 2 && pts.len() < 100, "{}", pts.len());
}

#[test]
fn counts_bars_sit_at_the_means_and_highlight_index_2() {
    let sweeps = three();
    let svg = fixture::svg(Figure::Counts, &sweeps, &FigureOptions::default());
    let doc = parse(&svg);
    let ps = panels(&doc);
    assert_eq!(ps.len(), 3);
    for (p, s) in ps.iter().zip(&sweeps) {
        let b = bars(*p);
        assert_eq!(b.len(), s.points.len(), "one bar per value");
        for ((k, fill, top), pt) in b.iter().zip(&s.points) {
            let mean = pt.stats.as_ref().map_or(0.0, |st| st.count_mean);
            assert!((top - mean).abs() < 1e-6, "bar {k}: {top} vs {mean}");
            assert_eq!(fill, if *k == 2 { "#ff7f0e" } else { "#1f77b4" });
        }
    }
    assert_eq!(
        in_panel(ps[0], "ytick"),
        ["0", "100", "200", "300", "400", "500"]
    );
    assert!(in_panel(ps[1], "ytick").is_empty());
    assert_eq!(texts(&doc, "ylabel"), ["# informative neurons"]);
    assert_eq!(in_panel(ps[0], "xtick"), ["12", "16", "20", "24"]);
    assert_eq!(texts(&doc, "xlabel"), ["λI→E [nS]", "dmax [ms]", "ρ"]);
    // % labels: mean / 4096 * 100 with one decimal; none for the missing value (lrate index 3).
    assert_eq!(in_panel(ps[0], "pct"), ["6.3%", "7.6%", "9.0%", "7.4%"]);
    assert_eq!(in_panel(ps[2], "pct"), ["6.8%", "8.1%", "10.6%"]);
    // Error bars: 1.5 pt black lines, one per value with data.
    let err = ps[2]
        .descendants()
        .filter(|n| n.attribute("stroke-width") == Some("1.5"))
        .count();
    assert_eq!(err, 3);
    let bg = ps[0]
        .descendants()
        .find(|n| n.attribute("class") == Some("axes-bg"))
        .unwrap();
    assert_eq!(bg.attribute("data-ylim"), Some("0 540"));
}

#[test]
fn highlight_overrides_and_defaults() {
    let sweeps = vec![
        sweep(
            "lrate",
            &[
                (1, Some((100.0, 1.0))),
                (2, Some((100.0, 1.0))),
                (3, Some((100.0, 1.0))),
            ],
        ),
        sweep(
            "tau",
            &[
                (1, Some((100.0, 1.0))),
                (2, Some((100.0, 1.0))),
                (3, Some((100.0, 1.0))),
            ],
        ),
    ];
    let fills = |opts: &FigureOptions| -> Vec<Vec<String>> {
        let svg = fixture::svg(Figure::Counts, &sweeps, opts);
        let doc = parse(&svg);
        panels(&doc)
            .iter()
            .map(|p| bars(*p).into_iter().map(|b| b.1).collect())
            .collect()
    };
    let (c0, c1) = ("#1f77b4".to_string(), "#ff7f0e".to_string());
    assert_eq!(
        fills(&FigureOptions::default()),
        [
            vec![c0.clone(), c0.clone(), c1.clone()],
            vec![c0.clone(); 3]
        ]
    );
    let opts = |a: Highlight, b: Highlight| {
        let mut o = FigureOptions::default();
        for (h, hl) in [("lrate", a), ("tau", b)] {
            o.panels.insert(
                h.into(),
                PanelOptions {
                    display_name: None,
                    highlight: hl,
                },
            );
        }
        o
    };
    assert_eq!(
        fills(&opts(Highlight::Off, Highlight::Index(0))),
        [
            vec![c0.clone(); 3],
            vec![c1.clone(), c0.clone(), c0.clone()]
        ]
    );
    assert_eq!(
        fills(&opts(Highlight::Index(7), Highlight::Notebook)),
        [vec![c0.clone(); 3], vec![c0.clone(); 3]]
    );
}

#[test]
fn a_tall_bar_raises_the_shared_limit_to_600() {
    let sweeps = vec![
        sweep("I2E", &[(1, Some((530.0, 20.0))), (2, Some((100.0, 5.0)))]),
        sweep("lrate", &[(1, Some((300.0, 5.0)))]),
    ];
    let boxes = fixture::layout(Figure::Counts, &sweeps, &FigureOptions::default());
    assert!(boxes.iter().all(|b| b.ylim == (0.0, 600.0)), "{boxes:?}");
    let svg = fixture::svg(Figure::Counts, &sweeps, &FigureOptions::default());
    let doc = parse(&svg);
    let ps = panels(&doc);
    // matplotlib's AutoLocator puts a tick on the raised limit too.
    assert_eq!(
        in_panel(ps[0], "ytick"),
        ["0", "100", "200", "300", "400", "500", "600"]
    );
    let b = bars(ps[0]);
    assert!((b[0].2 - 530.0).abs() < 1e-6);
    // The label of the tall bar fits under the raised limit.
    let p = &boxes[0];
    let label = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("pct"))
        .unwrap();
    let baseline: f64 = label.attribute("y").unwrap().parse().unwrap();
    assert!(baseline - 6.94 * 0.76 >= p.y0, "label top above the axes");
    // 400 +- 10 fits under 540.
    let low = vec![sweep("I2E", &[(1, Some((400.0, 10.0)))])];
    assert_eq!(
        fixture::layout(Figure::Counts, &low, &FigureOptions::default())[0].ylim,
        (0.0, 540.0)
    );
}

#[test]
fn missing_post_is_a_zero_bar_without_label_or_curve() {
    let sweeps = vec![sweep(
        "delay_max",
        &[
            (6, Some((269.0, 7.0))),
            (8, None),
            (10, Some((397.0, 14.0))),
        ],
    )];
    let doc_svg = fixture::svg(Figure::Counts, &sweeps, &FigureOptions::default());
    let doc = parse(&doc_svg);
    let p = panels(&doc)[0];
    let b = bars(p);
    assert_eq!(b.len(), 3);
    assert!(b[1].2.abs() < 1e-6);
    assert_eq!(in_panel(p, "pct").len(), 2);
    assert_eq!(in_panel(p, "xtick"), ["6", "8", "10"]);
    let r = fixture::svg(Figure::Ranked, &sweeps, &FigureOptions::default());
    let rd = parse(&r);
    let g = rd
        .descendants()
        .find(|n| n.attribute("id") == Some("curves_1"))
        .unwrap();
    assert_eq!(g.children().filter(|n| n.has_tag_name("path")).count(), 2);
    assert_eq!(in_panel(panels(&rd)[0], "legend-label"), ["6", "10"]);
}

#[test]
fn unknown_and_user_names_render_as_text_never_as_source() {
    let sweeps = vec![
        sweep("learning_rate", &[(1, Some((10.0, 1.0)))]),
        sweep("tau<&>", &[(1, Some((10.0, 1.0)))]),
    ];
    let svg = fixture::svg(Figure::Counts, &sweeps, &FigureOptions::default());
    let doc = parse(&svg);
    assert_eq!(texts(&doc, "xlabel"), ["learning_rate", "tau<&>"]);
    // User-typed math, valid and invalid.
    let mut opts = FigureOptions::default();
    for (h, name) in [
        ("learning_rate", r"$\tau_{m}^{2}$ [ms] $\alpha$"),
        ("tau<&>", r"$\unknown{x}$ cost $5"),
    ] {
        opts.panels.insert(
            h.into(),
            PanelOptions {
                display_name: Some(name.into()),
                highlight: Highlight::Notebook,
            },
        );
    }
    for svg in [
        fixture::svg(Figure::Counts, &sweeps, &opts),
        fixture::svg(Figure::Ranked, &sweeps, &opts),
    ] {
        let doc = parse(&svg);
        let all: String = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(text_of)
            .collect();
        let names: Vec<String> = doc
            .descendants()
            .filter(|n| {
                n.has_tag_name("text")
                    && matches!(n.attribute("class"), Some("xlabel") | Some("legend-title"))
            })
            .map(text_of)
            .collect();
        assert!(names.iter().any(|t| t == "τm2 [ms] α"), "{names:?}");
        // Invalid math falls back to the literal text.
        assert!(
            names.iter().any(|t| t == r"$\unknown{x}$ cost $5"),
            "{names:?}"
        );
        let valid: String = all.replace(r"$\unknown{x}$ cost $5", "");
        assert!(!valid.contains('$') && !valid.contains('\\'), "{valid}");
    }
    // Default names: no TeX source anywhere.
    let svg = fixture::svg(Figure::Counts, &three(), &FigureOptions::default());
    let all: String = parse(&svg)
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(text_of)
        .collect();
    assert!(!all.contains('$') && !all.contains('\\'));
    assert!(all.contains('ρ') && all.contains('λ'));
}

#[test]
fn dmax_subscript_is_an_upright_lowered_tspan() {
    let svg = fixture::svg(Figure::Counts, &three(), &FigureOptions::default());
    let doc = parse(&svg);
    let label = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("xlabel") && text_of(*n).starts_with('d'))
        .unwrap();
    let spans: Vec<Node> = label
        .children()
        .filter(|n| n.has_tag_name("tspan"))
        .collect();
    assert_eq!(text_of(spans[0]), "d");
    assert_eq!(spans[0].attribute("font-style"), Some("italic"));
    assert_eq!(text_of(spans[1]), "max");
    assert_eq!(spans[1].attribute("font-style"), None);
    assert!(spans[1].attribute("dy").unwrap().parse::<f64>().unwrap() > 0.0);
}

#[test]
fn one_and_four_panel_figures() {
    for n in [1usize, 4] {
        let sweeps: Vec<SweepStats> = (0..n)
            .map(|i| {
                sweep(
                    &format!("h{i}"),
                    &[(1, Some((100.0, 2.0))), (2, Some((200.0, 2.0)))],
                )
            })
            .collect();
        for svg in [
            fixture::svg(Figure::Ranked, &sweeps, &FigureOptions::default()),
            fixture::svg(Figure::Counts, &sweeps, &FigureOptions::default()),
        ] {
            let doc = parse(&svg);
            assert_eq!(panels(&doc).len(), n);
        }
        let boxes = fixture::layout(Figure::Counts, &sweeps, &FigureOptions::default());
        assert!((boxes[n - 1].x1 - 529.2).abs() < 1e-9);
        assert!(boxes.windows(2).all(|w| w[1].x0 > w[0].x1));
        assert!(boxes.iter().all(|b| b.x1 - b.x0 > 50.0));
    }
}

#[test]
fn odd_input_never_panics_and_stays_valid_xml() {
    let mut nan = sweep(
        "x",
        &[
            (1, Some((f64::NAN, f64::INFINITY))),
            (2, Some((-5.0, -1.0))),
        ],
    );
    if let Some(st) = nan.points[0].stats.as_mut() {
        st.ranked_mean = vec![f64::NAN, 2.0, -1.0];
    }
    let empty_points = SweepStats {
        hparam: String::new(),
        points: Vec::new(),
    };
    let floats = SweepStats {
        hparam: "lrate".into(),
        points: vec![
            PointSummary {
                value: HValue::Float(1e-5),
                stats: None,
            },
            PointSummary {
                value: HValue::Str("a<b".into()),
                stats: None,
            },
        ],
    };
    let huge = sweep("I2E", &[(1, Some((1e9, 1.0)))]);
    for (sweeps, n) in [
        (vec![], 4096),
        (vec![empty_points], 0),
        (vec![nan, floats], 1),
        (vec![huge], 4096),
    ] {
        let opts = FigureOptions {
            n_neurons: n,
            ..FigureOptions::default()
        };
        parse(&fixture::svg(Figure::Ranked, &sweeps, &opts));
        parse(&fixture::svg(Figure::Counts, &sweeps, &opts));
    }
}
