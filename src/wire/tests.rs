use super::envelope::*;
use super::*;
use crate::stats::sweep_stats;

/// A quiet NaN with a payload, and a negative signalling-pattern NaN: both must come back bit for bit.
const NAN_A: u64 = 0x7ff8_0000_dead_beef;
const NAN_B: u64 = 0xfff0_0000_0000_0001;

fn point(count_mean: f64, curve: Vec<f64>) -> PointStats {
    PointStats {
        count_mean,
        count_sem: f64::from_bits(NAN_B),
        fraction_mean: -0.0,
        fraction_sem: f64::INFINITY,
        max_info_mean: f64::NEG_INFINITY,
        max_info_std: f64::MIN_POSITIVE / 4.0,
        mean_info_top_k: 0.1 + 0.2,
        n_trials: usize::MAX >> 1,
        ranked_mean: curve,
    }
}

fn sample() -> Vec<SweepStats> {
    vec![
        SweepStats {
            hparam: "lrate".into(),
            points: vec![
                PointSummary {
                    value: HValue::Float(0.02),
                    stats: Some(point(
                        f64::from_bits(NAN_A),
                        vec![1.0, f64::from_bits(NAN_A), -0.0, 5e-324, f64::MAX],
                    )),
                },
                PointSummary {
                    value: HValue::Int(i128::MIN),
                    stats: None,
                },
                PointSummary {
                    value: HValue::Int(i128::MAX),
                    stats: Some(point(3.5, Vec::new())),
                },
                PointSummary {
                    value: HValue::Int(-1),
                    stats: None,
                },
                PointSummary {
                    value: HValue::Str("ρ \u{0} \t\"é\u{301}\u{202e} 🦀 \u{10FFFF}".into()),
                    stats: None,
                },
            ],
        },
        // An empty sweep (no points), and one whose name is empty.
        SweepStats {
            hparam: "$\\lambda^{I \\to E}$ [nS]".into(),
            points: Vec::new(),
        },
        SweepStats {
            hparam: String::new(),
            points: vec![PointSummary {
                value: HValue::Float(f64::from_bits(NAN_B)),
                stats: None,
            }],
        },
    ]
}

/// Equality that sees NaN payloads and the sign of zero: the messages of both are the same bytes, and
/// the floats inside are compared by bits.
fn assert_same(a: &[SweepStats], b: &[SweepStats]) {
    assert_eq!(to_bytes(&a.to_vec()), to_bytes(&b.to_vec()));
    for (x, y) in a.iter().zip(b) {
        assert_eq!(x.hparam, y.hparam);
        for (p, q) in x.points.iter().zip(&y.points) {
            match (&p.value, &q.value) {
                (HValue::Float(u), HValue::Float(v)) => assert_eq!(u.to_bits(), v.to_bits()),
                (u, v) => assert_eq!(u, v),
            }
            match (&p.stats, &q.stats) {
                (Some(s), Some(t)) => {
                    let bits = |s: &PointStats| {
                        let mut v: Vec<u64> = [
                            s.count_mean,
                            s.count_sem,
                            s.fraction_mean,
                            s.fraction_sem,
                            s.max_info_mean,
                            s.max_info_std,
                            s.mean_info_top_k,
                        ]
                        .iter()
                        .chain(&s.ranked_mean)
                        .map(|f| f.to_bits())
                        .collect();
                        v.push(s.n_trials as u64);
                        v
                    };
                    assert_eq!(bits(s), bits(t));
                }
                (None, None) => {}
                other => panic!("stats differ: {other:?}"),
            }
        }
    }
}

#[test]
fn sweep_stats_round_trip_bit_for_bit_with_nan_payloads_zero_signs_and_extreme_keys() {
    let s = sample();
    let back: Vec<SweepStats> = from_bytes(&to_bytes(&s)).unwrap();
    assert_eq!(back.len(), 3);
    assert_same(&s, &back);
    let p = back[0].points[0].stats.as_ref().unwrap();
    assert_eq!(p.count_mean.to_bits(), NAN_A);
    assert_eq!(p.count_sem.to_bits(), NAN_B);
    assert!(p.fraction_mean.is_sign_negative() && p.fraction_mean == 0.0);
    assert_eq!(p.ranked_mean[1].to_bits(), NAN_A);
    assert_eq!(back[0].points[1].value, HValue::Int(i128::MIN));
    assert_eq!(back[0].points[2].value, HValue::Int(i128::MAX));
    assert_eq!(back[0].points[4].value, s[0].points[4].value);
    assert!(back[1].points.is_empty());
    assert_eq!(back[2].hparam, "");
}

#[test]
fn the_example_folders_statistics_come_back_equal() {
    let mut all = Vec::new();
    for h in ["I2E", "delay_max", "lrate"] {
        let path = format!(
            "{}/tests/fixtures/n3p2/{h}/information_sweep_max_convex.pkl",
            env!("CARGO_MANIFEST_DIR")
        );
        let bytes = std::fs::read(path).unwrap();
        let sweep = crate::sweep::load(h, &bytes).unwrap();
        all.push(sweep_stats(&sweep, &Params::default()));
    }
    let msg = to_bytes(&all);
    // 15 points of two 4096-long curves: the curves dominate, 8 bytes per element plus little else.
    assert!(msg.len() < 15 * 2 * 4096 * 8 + 4096, "{}", msg.len());
    let back: Vec<SweepStats> = from_bytes(&msg).unwrap();
    assert_eq!(back, all);
}

#[test]
fn lists_written_by_reference_read_back_as_the_owned_message() {
    // The page sends the draw module its figures' data from borrowed slices (`message` + `put_list`):
    // the same bytes as the owned tuple, read back as that tuple.
    let info = sample();
    let png = vec![PngSweepStats {
        hparam: "I2E".into(),
        points: vec![PngPointSummary {
            value: HValue::Int(12),
            stats: None,
        }],
    }];
    let borrowed = message(|w| {
        put_list(w, &info);
        put_list(w, &png);
    });
    assert_eq!(borrowed, to_bytes(&(info.clone(), png.clone())));
    let (info_back, png_back) =
        from_bytes::<(Vec<SweepStats>, Vec<PngSweepStats>)>(&borrowed).unwrap();
    assert_same(&info_back, &info);
    assert_eq!(png_back, png);
}

#[test]
fn png_stats_params_counts_and_facts_round_trip() {
    let png = vec![PngSweepStats {
        hparam: "I2E".into(),
        points: vec![
            PngPointSummary {
                value: HValue::Int(12),
                stats: Some(PngCountStats {
                    mean: 3009.5,
                    sem: 12.25,
                    n_trials: 3,
                    float32: true,
                }),
            },
            PngPointSummary {
                value: HValue::Str("x".into()),
                stats: None,
            },
        ],
    }];
    assert_eq!(
        from_bytes::<Vec<PngSweepStats>>(&to_bytes(&png)).unwrap(),
        png
    );
    let params = Params {
        threshold: 2.0 / 3.0,
        n_neurons: 4096,
        top_k: 10,
    };
    assert_eq!(from_bytes::<Params>(&to_bytes(&params)).unwrap(), params);
    let facts = SweepFacts {
        name: "I2E (2)".into(),
        columns: vec![100, 4096],
        nan: vec![("12".into(), 1), ("0.1".into(), usize::MAX)],
    };
    assert_eq!(from_bytes::<SweepFacts>(&to_bytes(&facts)).unwrap(), facts);
    let counts = vec![
        Some(CountStats {
            count_mean: 257.25,
            count_sem: 0.5,
        }),
        None,
    ];
    assert_eq!(
        from_bytes::<Vec<Option<CountStats>>>(&to_bytes(&counts)).unwrap(),
        counts
    );
}

fn messages() -> (Vec<Request>, Vec<Reply>) {
    let requests = vec![
        Request::Load {
            file: LoadRequest {
                id: u32::MAX,
                path: "résultats/I2E/information_sweep_max_convex.pkl".into(),
                hparam: "I2E".into(),
                kind: SweepFile::Information,
                params: Params::default(),
                keep_budget: 256 << 20,
            },
            reserve: 1 << 32,
        },
        Request::Counts {
            id: 7,
            rows: 4,
            threshold: 0.5,
        },
        Request::Forget { ids: vec![1, 2, 3] },
        Request::Forget { ids: Vec::new() },
        Request::LoadMany {
            files: vec![
                LoadRequest {
                    id: 1,
                    path: "a/png_counts_sweep_layers_4.pkl".into(),
                    hparam: "a".into(),
                    kind: SweepFile::PngCounts,
                    params: Params::default(),
                    keep_budget: 0,
                },
                LoadRequest {
                    id: 2,
                    path: "a/information_sweep_max_convex.pkl".into(),
                    hparam: "a".into(),
                    kind: SweepFile::Information,
                    params: Params::default(),
                    keep_budget: 491_906,
                },
            ],
            reserve: 491_906,
        },
        Request::LoadMany {
            files: Vec::new(),
            reserve: 0,
        },
    ];
    let stats = sample().remove(0);
    let replies = vec![
        Reply::Progress {
            id: 3,
            done: 1 << 40,
            total: 0,
        },
        Reply::Loaded {
            id: 4,
            report: LoadReport {
                path: "a/b.pkl".into(),
                kind: SweepFile::Information,
                outcome: Ok(Payload::Information {
                    stats: SweepStats {
                        hparam: stats.hparam,
                        points: vec![stats.points[1].clone(), stats.points[4].clone()],
                    },
                    float32: Some(true),
                    facts: SweepFacts {
                        name: "lrate".into(),
                        columns: vec![4096],
                        nan: Vec::new(),
                    },
                    rows: Rows::Kept { bytes: 491_906 },
                }),
            },
            memory: 1 << 33,
        },
        Reply::Loaded {
            id: 5,
            report: LoadReport {
                path: "x/png_counts_sweep_layers_4.pkl".into(),
                kind: SweepFile::PngCounts,
                outcome: Ok(Payload::PngCounts {
                    stats: PngSweepStats {
                        hparam: "x".into(),
                        points: Vec::new(),
                    },
                }),
            },
            memory: 0,
        },
        Reply::Loaded {
            id: 6,
            report: LoadReport {
                path: "bad.pkl".into(),
                kind: SweepFile::Information,
                outcome: Err(Failure {
                    kind: FailKind::Pickle,
                    message: "at byte 12: unknown opcode 0xff; «quoted» \u{1b}[2J".into(),
                }),
            },
            memory: 135_790_592,
        },
        Reply::Counts {
            id: 8,
            result: Ok(vec![None]),
        },
        Reply::Counts {
            id: 9,
            result: Err(Failure {
                kind: FailKind::Read,
                message: "NotReadableError".into(),
            }),
        },
    ];
    // The files of the Loaded replies above, answered together.
    let loaded = replies
        .iter()
        .filter_map(|r| match r {
            Reply::Loaded { id, report, .. } => Some((*id, report.clone())),
            _ => None,
        })
        .collect();
    let replies = [
        replies,
        vec![
            Reply::LoadedMany {
                loaded,
                memory: 1 << 31,
            },
            Reply::LoadedMany {
                loaded: Vec::new(),
                memory: 0,
            },
        ],
    ]
    .concat();
    (requests, replies)
}

#[test]
fn requests_and_replies_round_trip() {
    let (requests, replies) = messages();
    for r in &requests {
        assert_eq!(&from_bytes::<Request>(&to_bytes(r)).unwrap(), r);
    }
    for r in &replies {
        let back = from_bytes::<Reply>(&to_bytes(r)).unwrap();
        assert_eq!(to_bytes(&back), to_bytes(r));
    }
    let kinds = [
        FailKind::Read,
        FailKind::Fetch,
        FailKind::Pickle,
        FailKind::Sweep,
        FailKind::Worker,
    ];
    for k in kinds {
        let f = Failure {
            kind: k,
            message: String::new(),
        };
        assert_eq!(from_bytes::<Failure>(&to_bytes(&f)).unwrap(), f);
    }
}

#[test]
fn every_truncation_is_refused_with_an_error() {
    fn all_cuts_fail<T: Wire>(msg: &[u8]) {
        for cut in 0..msg.len() {
            assert!(
                from_bytes::<T>(&msg[..cut]).is_err(),
                "cut at {cut} of {}",
                msg.len()
            );
        }
        assert!(from_bytes::<T>(msg).is_ok());
    }
    let (requests, replies) = messages();
    for r in &requests {
        all_cuts_fail::<Request>(&to_bytes(r));
    }
    for r in &replies {
        all_cuts_fail::<Reply>(&to_bytes(r));
    }
    all_cuts_fail::<Vec<SweepStats>>(&to_bytes(&sample()));
    let msg = to_bytes(&sample());
    let err = from_bytes::<Vec<SweepStats>>(&msg[..msg.len() - 3]).unwrap_err();
    assert!(
        matches!(
            err,
            WireError::Truncated { .. } | WireError::BadLength { .. }
        ),
        "{err}"
    );
}

#[test]
fn garbage_is_refused_without_a_panic() {
    // xorshift: deterministic garbage, some of it behind a valid header.
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut accepted = 0;
    for round in 0..20_000 {
        let len = (next() % 64) as usize;
        let mut b: Vec<u8> = (0..len).map(|_| next() as u8).collect();
        if round % 2 == 0 {
            b.splice(0..0, [MAGIC[0], MAGIC[1], VERSION]);
        }
        accepted += usize::from(from_bytes::<Reply>(&b).is_ok());
        accepted += usize::from(from_bytes::<Request>(&b).is_ok());
        accepted += usize::from(from_bytes::<Vec<SweepStats>>(&b).is_ok());
        accepted += usize::from(from_bytes::<Vec<PngSweepStats>>(&b).is_ok());
    }
    // A few short random messages happen to be valid (e.g. an empty list); most are not.
    assert!(accepted < 2_000, "{accepted}");
    // Flipping bytes of a real message never panics either.
    let msg = to_bytes(&messages().1);
    for i in 0..msg.len() {
        for v in [0u8, 0x7f, 0x80, 0xff] {
            let mut m = msg.clone();
            m[i] = v;
            let _ = from_bytes::<Vec<Reply>>(&m);
        }
    }
}

#[test]
fn lengths_beyond_the_message_are_refused_before_allocating() {
    let mut b = vec![MAGIC[0], MAGIC[1], VERSION];
    // A list claiming u64::MAX items, then nothing.
    b.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    assert!(matches!(
        from_bytes::<Vec<SweepStats>>(&b),
        Err(WireError::BadLength { offset: 3, .. })
    ));
    // A curve of 2 floats with 15 bytes: the length is refused (16 needed).
    let mut w = Writer {
        buf: b[..3].to_vec(),
    };
    w.u64(2);
    w.buf.extend_from_slice(&[0; 15]);
    let mut r = Reader {
        buf: &w.buf,
        pos: 3,
    };
    assert!(matches!(
        r.f64s(),
        Err(WireError::BadLength {
            len: 2,
            left: 15,
            ..
        })
    ));
    // A varint longer than 128 bits, and a u32 that does not fit.
    let mut b = vec![MAGIC[0], MAGIC[1], VERSION, 1];
    b.extend_from_slice(&[0xff; 20]);
    assert!(from_bytes::<Request>(&b).is_err());
    let big = to_bytes(&u64::MAX);
    assert!(matches!(
        from_bytes::<u32>(&big),
        Err(WireError::BadNumber { offset: 3 })
    ));
}

#[test]
fn headers_tags_text_and_trailing_bytes_are_checked() {
    assert!(matches!(
        from_bytes::<Params>(b""),
        Err(WireError::BadHeader { .. })
    ));
    assert!(matches!(
        from_bytes::<Params>(b"IW\x02"),
        Err(WireError::BadHeader { .. })
    ));
    let mut m = to_bytes(&Params::default());
    m.push(0);
    assert_eq!(
        from_bytes::<Params>(&m),
        Err(WireError::Trailing { left: 1 })
    );
    assert_eq!(
        from_bytes::<bool>(b"IW\x01\x02"),
        Err(WireError::BadTag {
            offset: 3,
            what: "bool",
            tag: 2
        })
    );
    assert_eq!(
        from_bytes::<Request>(b"IW\x01\x09"),
        Err(WireError::BadTag {
            offset: 3,
            what: "request",
            tag: 9
        })
    );
    // A string of 2 bytes that is not UTF-8 (a lone continuation byte, then 0xff).
    assert_eq!(
        from_bytes::<String>(b"IW\x01\x02\x80\xff"),
        Err(WireError::BadText { offset: 4 })
    );
    assert_eq!(
        from_bytes::<FailKind>(b"IW\x01\x05"),
        Err(WireError::BadTag {
            offset: 3,
            what: "failure kind",
            tag: 5
        })
    );
    // Every error has a message that names the byte.
    let e = from_bytes::<String>(b"IW\x01\x05ab").unwrap_err();
    assert!(e.to_string().contains("byte 3"), "{e}");
}
