//! Every fixture in `tests/fixtures/pickle/` (made by `scripts/make_pickle_fixtures.py` with numpy 1.26 and
//! numpy 2.x) decodes to exactly the value Python wrote beside it, or is refused with the error kind, the
//! named thing and the offset Python's side expects. Also: the real sweep files, and the bench's writer.

use std::path::{Path, PathBuf};

use infosweep::pickle::{decode, ArrayData, PickleError, Scalar, Value};
use serde_json::Value as J;

#[path = "support/numpy_writer.rs"]
mod numpy_writer;

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pickle")
}

fn bits64(j: &J) -> u64 {
    let s = j.as_str().expect("bits string");
    u64::from_str_radix(s.trim_start_matches("0x"), 16).expect("hex bits")
}

fn int(j: &J) -> i128 {
    j.as_str()
        .expect("int string")
        .parse()
        .expect("decimal int")
}

fn seq(j: &J, v: &[Value], path: &str) -> Result<(), String> {
    let items = j["v"].as_array().ok_or(format!("{path}: no items"))?;
    if items.len() != v.len() {
        return Err(format!(
            "{path}: {} items, expected {}",
            v.len(),
            items.len()
        ));
    }
    for (i, (a, b)) in items.iter().zip(v).enumerate() {
        check(a, b, &format!("{path}[{i}]"))?;
    }
    Ok(())
}

/// Exact comparison of a decoded value with Python's description of it.
fn check(j: &J, v: &Value, path: &str) -> Result<(), String> {
    let t = j["t"].as_str().ok_or(format!("{path}: no tag"))?;
    let bad = || Err(format!("{path}: got {v:?}, expected {j}"));
    match (t, v) {
        ("none", Value::None) => Ok(()),
        ("bool", Value::Bool(b)) if j["v"].as_bool() == Some(*b) => Ok(()),
        ("int", Value::Int(i)) if int(&j["v"]) == *i => Ok(()),
        ("float", Value::Float(f)) if bits64(&j["bits"]) == f.to_bits() => Ok(()),
        ("str", Value::Str(s)) if j["v"].as_str() == Some(s.as_str()) => Ok(()),
        ("bytes", Value::Bytes(b)) => {
            let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
            if j["hex"].as_str() == Some(hex.as_str()) {
                Ok(())
            } else {
                bad()
            }
        }
        ("list", Value::List(x))
        | ("tuple", Value::Tuple(x))
        | ("set", Value::Set(x))
        | ("frozenset", Value::FrozenSet(x)) => seq(j, x, path),
        ("dict", Value::Dict(items)) => {
            let want = j["v"].as_array().ok_or(format!("{path}: no items"))?;
            if want.len() != items.len() {
                return Err(format!(
                    "{path}: {} keys, expected {}",
                    items.len(),
                    want.len()
                ));
            }
            for (i, (w, (k, x))) in want.iter().zip(items).enumerate() {
                check(&w[0], k, &format!("{path}.key{i}"))?;
                check(&w[1], x, &format!("{path}[{k:?}]"))?;
            }
            Ok(())
        }
        ("scalar", Value::Scalar(s)) => {
            let d = j["dtype"].as_str();
            let ok = match s {
                Scalar::Float { dtype, value } => {
                    d == Some(dtype.name()) && bits64(&j["bits"]) == value.to_bits()
                }
                Scalar::Int { dtype, value } => d == Some(dtype.name()) && int(&j["v"]) == *value,
                Scalar::Bool(b) => d == Some("b1") && j["v"].as_bool() == Some(*b),
            };
            if ok {
                Ok(())
            } else {
                bad()
            }
        }
        ("array", Value::Array(a)) => {
            let shape: Vec<usize> = j["shape"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_u64().unwrap() as usize)
                .collect();
            if shape != a.shape {
                return Err(format!("{path}: shape {:?}, expected {shape:?}", a.shape));
            }
            let data = j["data"].as_array().unwrap();
            let name = j["dtype"].as_str().unwrap();
            let got: Vec<String> = match &a.data {
                ArrayData::F4(v) => v.iter().map(|x| format!("0x{:08x}", x.to_bits())).collect(),
                ArrayData::F8(v) => v
                    .iter()
                    .map(|x| format!("0x{:016x}", x.to_bits()))
                    .collect(),
                ArrayData::I1(v) => v.iter().map(|x| x.to_string()).collect(),
                ArrayData::I2(v) => v.iter().map(|x| x.to_string()).collect(),
                ArrayData::I4(v) => v.iter().map(|x| x.to_string()).collect(),
                ArrayData::I8(v) => v.iter().map(|x| x.to_string()).collect(),
                ArrayData::U1(v) => v.iter().map(|x| x.to_string()).collect(),
                ArrayData::U2(v) => v.iter().map(|x| x.to_string()).collect(),
                ArrayData::U4(v) => v.iter().map(|x| x.to_string()).collect(),
                ArrayData::U8(v) => v.iter().map(|x| x.to_string()).collect(),
                ArrayData::B1(v) => v.iter().map(|x| x.to_string()).collect(),
            };
            let want: Vec<String> = data
                .iter()
                .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
                .collect();
            let got_name = match &a.data {
                ArrayData::F4(_) => "f4",
                ArrayData::F8(_) => "f8",
                ArrayData::I1(_) => "i1",
                ArrayData::I2(_) => "i2",
                ArrayData::I4(_) => "i4",
                ArrayData::I8(_) => "i8",
                ArrayData::U1(_) => "u1",
                ArrayData::U2(_) => "u2",
                ArrayData::U4(_) => "u4",
                ArrayData::U8(_) => "u8",
                ArrayData::B1(_) => "b1",
            };
            if got_name != name || got != want {
                return Err(format!(
                    "{path}: {got_name} {got:?}, expected {name} {want:?}"
                ));
            }
            Ok(())
        }
        _ => bad(),
    }
}

fn kind(e: &PickleError) -> &'static str {
    match e {
        PickleError::NotAPickle(_) => "NotAPickle",
        PickleError::Truncated { .. } => "Truncated",
        PickleError::RefusedGlobal { .. } => "RefusedGlobal",
        PickleError::Unsupported { .. } => "Unsupported",
        PickleError::Malformed { .. } => "Malformed",
    }
}

#[test]
fn every_fixture_decodes_exactly_or_is_refused_as_expected() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture_dir())
        .expect("tests/fixtures/pickle exists (scripts/make_pickle_fixtures.py)")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "pkl"))
        .collect();
    files.sort();
    let (mut good, mut refused, mut failures) = (0, 0, Vec::new());
    for pkl in &files {
        let name = pkl.file_name().unwrap().to_string_lossy().into_owned();
        let meta: J = serde_json::from_slice(
            &std::fs::read(pkl.with_extension("json")).expect("json beside pkl"),
        )
        .unwrap();
        let bytes = std::fs::read(pkl).unwrap();
        let got = decode(&bytes);
        if let Some(want) = meta.get("value") {
            good += 1;
            match &got {
                Ok(v) => {
                    if let Err(e) = check(want, v, &name) {
                        failures.push(e);
                    }
                }
                Err(e) => failures.push(format!("{name}: refused: {e}")),
            }
        } else if meta.get("bench_form").is_some() {
            good += 1;
            if let Err(e) = got {
                failures.push(format!("{name}: refused: {e}"));
            }
        } else {
            refused += 1;
            let want = meta["error"].as_str().unwrap();
            match got {
                Ok(v) => failures.push(format!(
                    "{name}: decoded to {:.200}, expected {want}",
                    format!("{v:?}")
                )),
                Err(e) => {
                    let msg = e.to_string();
                    if want != "any" && kind(&e) != want {
                        failures.push(format!("{name}: {} ({msg}), expected {want}", kind(&e)));
                    }
                    for m in meta["mentions"].as_array().unwrap() {
                        let m = m.as_str().unwrap();
                        if !msg.contains(m) {
                            failures
                                .push(format!("{name}: message `{msg}` does not mention `{m}`"));
                        }
                    }
                    if !matches!(e, PickleError::NotAPickle(_))
                        && !msg.contains(&format!("byte {}", e.offset()))
                    {
                        failures.push(format!("{name}: message `{msg}` names no offset"));
                    }
                    if let Some(off) = meta.get("offset").and_then(J::as_u64) {
                        if e.offset() as u64 != off {
                            failures.push(format!("{name}: offset {}, expected {off}", e.offset()));
                        }
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(good >= 2 * 288, "only {good} value fixtures");
    assert!(refused >= 25, "only {refused} hostile fixtures");
    for v in ["np1", "np2"] {
        assert!(
            files
                .iter()
                .any(|p| p.to_string_lossy().contains(&format!("{v}_p5_"))),
            "no {v} fixtures"
        );
    }
}

#[test]
fn real_sweep_files_decode() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/n3p2");
    let Ok(dirs) = std::fs::read_dir(&root) else {
        return;
    };
    let mut seen = 0;
    for d in dirs {
        let d = d.unwrap().path();
        if let Ok(bytes) = std::fs::read(d.join("information_sweep_max_convex.pkl")) {
            let Value::Dict(items) = decode(&bytes).unwrap() else {
                panic!("{d:?}: not a dict")
            };
            assert!(!items.is_empty());
            for (k, v) in &items {
                assert!(
                    matches!(k, Value::Int(_) | Value::Float(_) | Value::Scalar(_)),
                    "{d:?}: key {k:?}"
                );
                let Value::Dict(inner) = v else {
                    panic!("{d:?}: value of {k:?} is not a dict")
                };
                for (name, a) in inner {
                    assert!(
                        matches!(name, Value::Str(s) if s == "post" || s == "pre"),
                        "{name:?}"
                    );
                    let Value::Array(a) = a else {
                        panic!("{d:?}[{k:?}][{name:?}] is not an array")
                    };
                    assert_eq!(a.shape.len(), 2);
                    let ArrayData::F8(data) = &a.data else {
                        panic!("not float64")
                    };
                    assert_eq!(data.len(), a.shape[0] * a.shape[1]);
                }
            }
            seen += 1;
        }
        if let Ok(bytes) = std::fs::read(d.join("png_counts_sweep_layers_4.pkl")) {
            let Value::Dict(items) = decode(&bytes).unwrap() else {
                panic!("{d:?}: not a dict")
            };
            for (_, v) in &items {
                // `{value: array (n, 1)}` or, as in these files, `{value: {'post': array (n, 1)}}`
                let a = match v {
                    Value::Array(a) => a,
                    Value::Dict(inner) => match inner.as_slice() {
                        [(Value::Str(s), Value::Array(a))] if s == "post" => a,
                        _ => panic!("{d:?}: png value {inner:?}"),
                    },
                    _ => panic!("{d:?}: png value is not an array"),
                };
                assert_eq!(a.shape.len(), 2);
                assert_eq!(a.shape[1], 1);
                assert!(matches!(a.data, ArrayData::F8(_)));
            }
            seen += 1;
        }
    }
    assert!(seen > 0);
}

fn bench_input(p: u8) -> (Vec<f64>, Vec<Vec<f64>>, u32, u32) {
    if p == 0 {
        let keys = vec![0.5, 1.0];
        let arrays = (0..2)
            .map(|i| (0..8200).map(|x| x as f64 + 1e4 * i as f64).collect())
            .collect();
        return (keys, arrays, 1, 8200);
    }
    let keys = vec![0.5, 1.0];
    let arrays = (0..2)
        .map(|i| (0..6).map(|x| x as f64 + 100.0 * i as f64).collect())
        .collect();
    (keys, arrays, 2, 3)
}

#[test]
fn bench_writer_matches_python_byte_for_byte() {
    for p in [2u8, 4, 5] {
        let (k, a, r, c) = bench_input(1);
        let want = std::fs::read(fixture_dir().join(format!("np1_p{p}_benchform.pkl"))).unwrap();
        assert_eq!(
            numpy_writer::sweep_pickle(p, &k, &a, r, c),
            want,
            "protocol {p}"
        );
    }
    for p in [4u8, 5] {
        let (k, a, r, c) = bench_input(0);
        let want =
            std::fs::read(fixture_dir().join(format!("np1_p{p}_benchform_large.pkl"))).unwrap();
        assert_eq!(
            numpy_writer::sweep_pickle(p, &k, &a, r, c),
            want,
            "large, protocol {p}"
        );
    }
}
