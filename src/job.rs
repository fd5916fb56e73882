//! What a decode worker computes from one file's bytes, DOM-free (the decoder's own wasm runs it, the
//! demo's precomputed results are made with it, and it is tested natively).
//!
//! Owns: bytes → [`Payload`] (the pickle decoded in place, the statistics once per distinct array in
//! steps that a caller can interleave with other work, the facts behind the data warnings, whether every
//! `post` is float32) or a [`Failure`]; and the informative counts per point at another threshold, from
//! the same bytes (or a sweep already decoded).
//!
//! The NaN count of the warnings reads every element once more, so it runs only for arrays that hold a
//! NaN: those and only those have a trial whose max is NaN, i.e. a NaN `max_info_mean` (an array whose
//! maxes are `+inf` and `-inf` also has one and is then counted, finding no NaN).

use crate::datacheck::{self, SweepFacts};
use crate::stats::{
    count_stats, post_stats, CountStats, Params, PointStats, PointSummary, SweepStats,
};
use crate::sweep::{self, LoadError, Sweep, SweepFile};
use crate::wire::envelope::{FailKind, Failure, Payload, Rows};
use std::collections::HashMap;

impl From<LoadError> for Failure {
    fn from(e: LoadError) -> Failure {
        Failure {
            kind: match e {
                LoadError::Pickle(_) => FailKind::Pickle,
                LoadError::Sweep(_) => FailKind::Sweep,
            },
            message: e.to_string(),
        }
    }
}

/// The statistics of an information sweep, one distinct array per [`InfoJob::step`].
pub struct InfoJob<'a> {
    sweep: Sweep<'a>,
    params: Params,
    /// Statistics per distinct array (points sharing an array through the pickle's memo share them).
    done: HashMap<usize, PointStats>,
    next: usize,
}

impl<'a> InfoJob<'a> {
    /// Decodes `bytes` (the sweep borrows them) as the information sweep `hparam`.
    pub fn new(hparam: &str, bytes: &'a [u8], params: Params) -> Result<InfoJob<'a>, Failure> {
        Ok(InfoJob {
            sweep: sweep::load(hparam, bytes)?,
            params,
            done: HashMap::new(),
            next: 0,
        })
    }

    /// The same for a sweep already decoded.
    pub fn of(sweep: Sweep<'a>, params: Params) -> InfoJob<'a> {
        InfoJob {
            sweep,
            params,
            done: HashMap::new(),
            next: 0,
        }
    }

    /// Computes the next array's statistics; `false` when every point is done.
    pub fn step(&mut self) -> bool {
        while let Some(p) = self.sweep.points.get(self.next) {
            self.next += 1;
            if let Some(post) = &p.post {
                if !self.done.contains_key(&post.array_id()) {
                    self.done
                        .insert(post.array_id(), post_stats(post, &self.params));
                    return true;
                }
            }
        }
        false
    }

    /// The payload (every remaining step is run first); `rows` says what happens to the bytes.
    pub fn finish(mut self, rows: Rows) -> Payload {
        while self.step() {}
        let stats = SweepStats {
            hparam: self.sweep.hparam.clone(),
            points: self
                .sweep
                .points
                .iter()
                .map(|p| PointSummary {
                    value: p.value.clone(),
                    stats: p
                        .post
                        .as_ref()
                        .and_then(|post| self.done.get(&post.array_id()).cloned()),
                })
                .collect(),
        };
        let facts = facts(&self.sweep, &stats);
        Payload::Information {
            float32: self.sweep.float32_posts(),
            stats,
            facts,
            rows,
        }
    }
}

/// The warnings' facts; the NaN scan only where a max is NaN (see the module doc).
fn facts(sweep: &Sweep<'_>, stats: &SweepStats) -> SweepFacts {
    let suspect = stats
        .points
        .iter()
        .any(|p| p.stats.as_ref().is_some_and(|s| s.max_info_mean.is_nan()));
    if suspect {
        return datacheck::sweep_facts(&sweep.hparam, sweep);
    }
    let mut columns: Vec<usize> = sweep
        .points
        .iter()
        .filter_map(|p| p.post.as_ref().map(|post| post.cols()))
        .collect();
    columns.sort_unstable();
    columns.dedup();
    SweepFacts {
        name: sweep.hparam.clone(),
        columns,
        nan: Vec::new(),
    }
}

/// Everything a file of `kind` gives, in one call (what the decode worker and [`crate::demo`] run).
pub fn load(
    kind: SweepFile,
    hparam: &str,
    bytes: &[u8],
    params: Params,
    rows: Rows,
) -> Result<Payload, Failure> {
    match kind {
        SweepFile::Information => Ok(InfoJob::new(hparam, bytes, params)?.finish(rows)),
        SweepFile::PngCounts => Ok(Payload::PngCounts {
            stats: crate::stats::png_sweep_stats(&sweep::load_png_counts(hparam, bytes)?),
        }),
    }
}

/// The informative counts per point at `threshold` (`None` for a point without data), once per distinct
/// array.
pub fn counts_of(sweep: &Sweep<'_>, threshold: f64) -> Vec<Option<CountStats>> {
    let mut by_array: HashMap<usize, CountStats> = HashMap::new();
    sweep
        .points
        .iter()
        .map(|p| {
            p.post.as_ref().map(|post| {
                *by_array
                    .entry(post.array_id())
                    .or_insert_with(|| count_stats(post, threshold))
            })
        })
        .collect()
}

/// [`counts_of`] the information sweep in `bytes`.
pub fn counts(bytes: &[u8], threshold: f64) -> Result<Vec<Option<CountStats>>, Failure> {
    Ok(counts_of(&sweep::load("", bytes)?, threshold))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::sweep_stats;

    fn fixture(h: &str, file: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/tests/fixtures/n3p2/{h}/{file}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    #[test]
    fn a_worker_payload_holds_the_same_statistics_as_the_core() {
        for h in ["I2E", "delay_max", "lrate"] {
            let bytes = fixture(h, sweep::INFO_FILE_NAME);
            let params = Params {
                threshold: 0.5,
                ..Params::default()
            };
            let want = sweep_stats(&sweep::load(h, &bytes).unwrap(), &params);
            let Ok(Payload::Information {
                stats,
                float32,
                facts,
                rows,
            }) = load(SweepFile::Information, h, &bytes, params, Rows::Dropped)
            else {
                panic!("{h} did not load");
            };
            assert_eq!(stats, want);
            assert_eq!(float32, Some(false));
            assert_eq!(
                facts,
                datacheck::sweep_facts(h, &sweep::load(h, &bytes).unwrap())
            );
            assert_eq!(rows, Rows::Dropped);
        }
    }

    #[test]
    fn counts_at_another_threshold_are_the_cores_counts() {
        let bytes = fixture("lrate", sweep::INFO_FILE_NAME);
        for t in [0.0, 0.25, 2.0 / 3.0, 1.0] {
            let params = Params {
                threshold: t,
                ..Params::default()
            };
            let want = sweep_stats(&sweep::load("lrate", &bytes).unwrap(), &params);
            let got = counts(&bytes, t).unwrap();
            assert_eq!(got.len(), want.points.len());
            for (g, w) in got.iter().zip(&want.points) {
                let (g, w) = (g.unwrap(), w.stats.as_ref().unwrap());
                assert_eq!(g.count_mean.to_bits(), w.count_mean.to_bits(), "t={t}");
                assert_eq!(g.count_sem.to_bits(), w.count_sem.to_bits(), "t={t}");
            }
        }
    }

    #[test]
    fn png_counts_give_the_s9c_statistics() {
        let bytes = fixture("I2E", sweep::PNG_COUNTS_FILE_NAME);
        let want = crate::stats::png_sweep_stats(&sweep::load_png_counts("I2E", &bytes).unwrap());
        assert_eq!(
            load(
                SweepFile::PngCounts,
                "I2E",
                &bytes,
                Params::default(),
                Rows::Dropped
            ),
            Ok(Payload::PngCounts { stats: want })
        );
    }

    #[test]
    fn nan_is_counted_only_where_it_is_and_a_bad_file_is_a_typed_failure() {
        use crate::pickle::NdArray;
        use crate::sweep::{HValue, Matrix, Point, Post};
        use std::sync::Arc;
        let mut with_nan = vec![0.9; 2 * 100];
        with_nan[5] = f64::NAN;
        let post = |d: &[f64]| {
            Some(Post::F8(
                Matrix::new(Arc::new(NdArray::from_f64(vec![2, 100], d).unwrap())).unwrap(),
            ))
        };
        let sweep = Sweep {
            hparam: "I2E".into(),
            points: vec![
                Point {
                    value: HValue::Int(12),
                    post: post(&with_nan),
                },
                Point {
                    value: HValue::Int(16),
                    post: post(&[0.5; 200]),
                },
                Point {
                    value: HValue::Int(20),
                    post: None,
                },
            ],
        };
        let want = datacheck::sweep_facts("I2E", &sweep);
        assert_eq!(want.nan, vec![("12".to_string(), 1)]);
        let Payload::Information { facts, stats, .. } =
            InfoJob::of(sweep.clone(), Params::default()).finish(Rows::Dropped)
        else {
            panic!()
        };
        assert_eq!(facts, want);
        // Bit for bit (NaN included): the same message bytes.
        assert_eq!(
            crate::wire::to_bytes(&stats),
            crate::wire::to_bytes(&sweep_stats(&sweep, &Params::default()))
        );
        let clean = Sweep {
            hparam: "I2E".into(),
            points: sweep.points[1..].to_vec(),
        };
        let Payload::Information { facts, .. } =
            InfoJob::of(clean.clone(), Params::default()).finish(Rows::Dropped)
        else {
            panic!()
        };
        assert_eq!(facts, datacheck::sweep_facts("I2E", &clean));
        assert!(facts.nan.is_empty());
        assert_eq!(
            counts_of(&sweep, 0.9),
            vec![
                Some(CountStats {
                    count_mean: 99.5,
                    count_sem: 0.5 / 2f64.sqrt()
                }),
                Some(CountStats {
                    count_mean: 0.0,
                    count_sem: 0.0
                }),
                None
            ]
        );
        let err = load(
            SweepFile::Information,
            "x",
            b"\x80\x09",
            Params::default(),
            Rows::Dropped,
        )
        .unwrap_err();
        assert_eq!(err.kind, FailKind::Pickle);
        assert!(err.message.contains("at byte"), "{}", err.message);
        let err = load(
            SweepFile::Information,
            "x",
            // pickle.dumps([], protocol=2): a list, not a sweep's dict
            b"\x80\x02].",
            Params::default(),
            Rows::Dropped,
        )
        .unwrap_err();
        assert_eq!(err.kind, FailKind::Sweep, "{}", err.message);
    }

    #[test]
    fn steps_run_once_per_distinct_array() {
        let bytes = fixture("I2E", sweep::INFO_FILE_NAME);
        let mut job = InfoJob::new("I2E", &bytes, Params::default()).unwrap();
        let mut n = 0;
        while job.step() {
            n += 1;
        }
        assert_eq!(n, 5);
        assert!(!job.step());
    }
}
