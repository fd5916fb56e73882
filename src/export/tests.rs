use super::*;
use crate::figures::{Background, Highlight, PanelOptions};
use crate::stats::{png_sweep_stats, sweep_stats, Params};
use crate::sweep::{load, load_png_counts};
use crate::wire::{from_bytes, to_bytes, WireError};

const HPARAMS: [&str; 3] = ["I2E", "delay_max", "lrate"];

/// The example folder's statistics (tests/fixtures/n3p2), as the page holds them.
fn example() -> (Vec<SweepStats>, Vec<PngSweepStats>) {
    let info_bytes: [&[u8]; 3] = [
        include_bytes!("../../tests/fixtures/n3p2/I2E/information_sweep_max_convex.pkl"),
        include_bytes!("../../tests/fixtures/n3p2/delay_max/information_sweep_max_convex.pkl"),
        include_bytes!("../../tests/fixtures/n3p2/lrate/information_sweep_max_convex.pkl"),
    ];
    let png_bytes: [&[u8]; 3] = [
        include_bytes!("../../tests/fixtures/n3p2/I2E/png_counts_sweep_layers_4.pkl"),
        include_bytes!("../../tests/fixtures/n3p2/delay_max/png_counts_sweep_layers_4.pkl"),
        include_bytes!("../../tests/fixtures/n3p2/lrate/png_counts_sweep_layers_4.pkl"),
    ];
    let info = HPARAMS
        .iter()
        .zip(info_bytes)
        .map(|(h, b)| sweep_stats(&load(h, b).unwrap(), &Params::default()))
        .collect();
    let png = HPARAMS
        .iter()
        .zip(png_bytes)
        .map(|(h, b)| png_sweep_stats(&load_png_counts(h, b).unwrap()))
        .collect();
    (info, png)
}

/// Options that use every field: names with mathtext and any Unicode, each highlight kind.
fn options() -> FigureOptions {
    let mut o = FigureOptions {
        n_neurons: 1000,
        high_contrast: true,
        background: Background::Transparent,
        ..FigureOptions::default()
    };
    o.panels.insert(
        "lrate".into(),
        PanelOptions {
            display_name: Some(r"$\rho$ é 🦀".into()),
            highlight: Highlight::Index(0),
        },
    );
    o.panels.insert(
        "I2E".into(),
        PanelOptions {
            display_name: None,
            highlight: Highlight::Off,
        },
    );
    o.panels.insert(
        "delay_max".into(),
        PanelOptions {
            display_name: Some(String::new()),
            highlight: Highlight::Notebook,
        },
    );
    o
}

/// A job as the page sends it: only the statistics the figure is drawn from.
fn job(figure: Figure) -> Request {
    let (mut info, mut png) = example();
    match figure {
        Figure::PngCounts => info.clear(),
        Figure::Ranked | Figure::Counts => png.clear(),
    }
    Request {
        id: 7,
        op: Op::Pdf(PdfJob {
            figure,
            options: options(),
            info,
            png,
            font_urls: [
                "http://127.0.0.1:8080/infosweep/fonts/DejaVuSans.ttf".into(),
                "data:font/ttf;base64,AAEAAA".into(),
            ],
        }),
    }
}

// Natively only: the bundled fonts are compiled into native builds (the page fetches them).
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn a_pdf_job_crosses_the_wire_intact_and_writes_the_figures_own_pdf() {
    let fonts = Fonts::bundled();
    let (info, png) = example();
    let data = FigureData {
        info: &info,
        png: &png,
    };
    for figure in Figure::ALL {
        let sent = job(figure);
        let bytes = to_bytes(&sent);
        let got: Request = from_bytes(&bytes).unwrap();
        assert_eq!(got, sent, "{figure:?}");
        let Op::Pdf(j) = &got.op else {
            panic!("{figure:?}: not a PDF job: {:?}", got.op)
        };
        let pdf_bytes = pdf(j, &fonts).unwrap();
        assert!(pdf_bytes.starts_with(b"%PDF-"));
        assert_eq!(
            pdf_bytes,
            figure.pdf(&data, &options(), &fonts).unwrap(),
            "{figure:?}: the worker's PDF is the figure's"
        );
    }
}

#[test]
fn figure_options_round_trip_with_every_choice() {
    for bg in [Background::White, Background::Transparent] {
        for hc in [false, true] {
            let o = FigureOptions {
                background: bg,
                high_contrast: hc,
                n_neurons: usize::MAX >> 1,
                ..options()
            };
            assert_eq!(from_bytes::<FigureOptions>(&to_bytes(&o)).unwrap(), o);
        }
    }
    let d = FigureOptions::default();
    assert_eq!(from_bytes::<FigureOptions>(&to_bytes(&d)).unwrap(), d);
    for f in Figure::ALL {
        assert_eq!(from_bytes::<Figure>(&to_bytes(&f)).unwrap(), f);
    }
}

#[test]
fn every_reply_round_trips() {
    let replies = [
        Reply::Ready,
        Reply::Progress {
            id: 1,
            stage: Stage::Fonts,
        },
        Reply::Progress {
            id: u32::MAX,
            stage: Stage::Writing,
        },
        Reply::Done {
            id: 3,
            bytes: (0..=255u8).chain(0..=255).collect(),
        },
        Reply::Done {
            id: 4,
            bytes: Vec::new(),
        },
        Reply::Failed {
            id: ANY_REQUEST,
            message: "could not fetch the font …/DejaVuSans.ttf: HTTP 404 ✗".into(),
        },
    ];
    for r in replies {
        assert_eq!(from_bytes::<Reply>(&to_bytes(&r)).unwrap(), r);
    }
}

#[test]
fn cut_or_garbled_messages_are_refused_never_a_panic() {
    // S9C's job is small (no curves), so every one of its prefixes is tried.
    let bytes = to_bytes(&job(Figure::PngCounts));
    assert!(bytes.len() < 4096, "{} bytes", bytes.len());
    // Every proper prefix is refused.
    for n in 0..bytes.len() {
        assert!(from_bytes::<Request>(&bytes[..n]).is_err(), "prefix {n}");
    }
    // Unknown tags are named with their offset: the operation (after header and id), the figure.
    let mut bad_op = bytes.clone();
    bad_op[4] = 9;
    assert!(matches!(
        from_bytes::<Request>(&bad_op),
        Err(WireError::BadTag {
            offset: 4,
            tag: 9,
            ..
        })
    ));
    let mut bad_figure = bytes.clone();
    bad_figure[5] = 3;
    assert!(matches!(
        from_bytes::<Request>(&bad_figure),
        Err(WireError::BadTag {
            offset: 5,
            tag: 3,
            ..
        })
    ));
    // Trailing bytes, and flipping any byte, never panic.
    let mut long = bytes.clone();
    long.push(0);
    assert!(matches!(
        from_bytes::<Request>(&long),
        Err(WireError::Trailing { left: 1 })
    ));
    for i in (0..bytes.len()).step_by(97) {
        let mut b = bytes.clone();
        b[i] ^= 0xA5;
        let _ = from_bytes::<Request>(&b);
    }
    let reply = to_bytes(&Reply::Done {
        id: 1,
        bytes: vec![1, 2, 3],
    });
    for n in 0..reply.len() {
        assert!(
            from_bytes::<Reply>(&reply[..n]).is_err(),
            "reply prefix {n}"
        );
    }
    let mut bad_reply = reply.clone();
    bad_reply[3] = 4;
    assert!(matches!(
        from_bytes::<Reply>(&bad_reply),
        Err(WireError::BadTag {
            offset: 3,
            tag: 4,
            ..
        })
    ));
}

#[test]
fn stages_say_what_is_happening() {
    assert_eq!(Stage::Fonts.message(), "Fetching the fonts…");
    assert_eq!(Stage::Writing.message(), "Writing the PDF…");
    assert_eq!(WORKER_SCRIPT, "infosweep-export_loader.js");
}

#[test]
fn a_share_job_and_every_stage_cross_the_wire_intact() {
    use crate::share::job::{DataSource, ShareJob, ShareKind};
    use crate::sweep::SweepFile;
    for (kind, unix_seconds) in [(ShareKind::Report, 1_795_000_000), (ShareKind::Site, -1)] {
        let sent = Request {
            id: u32::MAX,
            op: Op::Share(ShareJob {
                kind,
                page: vec![
                    (
                        "index.html".into(),
                        "http://127.0.0.1/infosweep/index.html".into(),
                    ),
                    (
                        "fonts/DejaVuSans.ttf".into(),
                        "data:font/ttf;base64,AA==".into(),
                    ),
                ],
                data: vec![
                    DataSource {
                        hparam: "lrate (2)".into(),
                        kind: SweepFile::Information,
                        url: "blob:http://127.0.0.1/1".into(),
                    },
                    DataSource {
                        hparam: "τ_m, \"x\"".into(),
                        kind: SweepFile::PngCounts,
                        url: "http://127.0.0.1/demo/τ/png_counts_sweep_layers_4.pkl".into(),
                    },
                ],
                settings: "t=0.5&name.lrate=%24%5Ceta%24".into(),
                unix_seconds,
            }),
        };
        let got: Request = from_bytes(&to_bytes(&sent)).unwrap();
        assert_eq!(got, sent);
    }
    for stage in [
        Stage::Fonts,
        Stage::Writing,
        Stage::Gathering { done: 3, total: 11 },
        Stage::Packing,
    ] {
        let sent = Reply::Progress { id: 2, stage };
        assert_eq!(from_bytes::<Reply>(&to_bytes(&sent)).unwrap(), sent);
    }
    assert_eq!(
        Stage::Gathering { done: 3, total: 11 }.message(),
        "Gathering the files (3 of 11)…"
    );
}
