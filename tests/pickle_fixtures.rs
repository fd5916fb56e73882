//! Every fixture in `tests/fixtures/pickle/` (made by `scripts/make_pickle_fixtures.py` with numpy 1.26 and
//! numpy 2.x) decodes to exactly the value CPython's `pickle.loads` gave for it, or is refused with exactly
//! the error kind (and offset, and mentioned texts) the generator declared. The property fixtures
//! (`*_prop_*`) are random data pickles with sharing through the memo. Also: the real sweep files, and the
//! bench's writer.

#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

use infosweep::pickle::{decode, Element, PickleError, Scalar, Value};
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

/// List or tuple items; `runs` (`[[count, item], ...]`) are consecutive references to one shared object.
fn seq(j: &J, v: &[Value], path: &str) -> Result<(), String> {
    if let Some(runs) = j["runs"].as_array() {
        let mut i = 0;
        for run in runs {
            let n = run[0].as_u64().ok_or(format!("{path}: bad run"))? as usize;
            let first = v.get(i).ok_or(format!("{path}: only {} items", v.len()))?;
            check(&run[1], first, &format!("{path}[{i}]"))?;
            for k in i + 1..i + n {
                let x = v.get(k).ok_or(format!("{path}: only {} items", v.len()))?;
                // a reference to the same object matches as the first did; anything else is compared
                if !shared(first, x) {
                    check(&run[1], x, &format!("{path}[{k}]"))?;
                }
            }
            i += n;
        }
        if i != v.len() {
            return Err(format!("{path}: {} items, expected {i}", v.len()));
        }
        return Ok(());
    }
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

/// Whether two values are one shared object (same allocation).
fn shared(a: &Value, b: &Value) -> bool {
    use std::sync::Arc;
    match (a, b) {
        (Value::List(x), Value::List(y)) | (Value::Tuple(x), Value::Tuple(y)) => Arc::ptr_eq(x, y),
        (Value::Dict(x), Value::Dict(y)) => Arc::ptr_eq(x, y),
        (Value::Array(x), Value::Array(y)) => Arc::ptr_eq(x, y),
        _ => false,
    }
}

/// Sets compare as sets: Python iterates them in hash order, the decoder in insertion order.
fn set(j: &J, v: &[Value], path: &str) -> Result<(), String> {
    let items = j["v"].as_array().ok_or(format!("{path}: no items"))?;
    if items.len() != v.len() {
        return Err(format!(
            "{path}: {} items, expected {}",
            v.len(),
            items.len()
        ));
    }
    let mut used = vec![false; v.len()];
    for (i, want) in items.iter().enumerate() {
        let hit = v
            .iter()
            .enumerate()
            .find(|(k, got)| !used[*k] && check(want, got, path).is_ok());
        match hit {
            Some((k, _)) => used[k] = true,
            None => return Err(format!("{path}: item {i} ({want}) not in the decoded set")),
        }
    }
    Ok(())
}

fn element_text(e: Element) -> String {
    match e {
        Element::F4(x) => format!("0x{:08x}", x.to_bits()),
        Element::F8(x) => format!("0x{:016x}", x.to_bits()),
        Element::Int(i) => i.to_string(),
        Element::UInt(u) => u.to_string(),
        Element::Bool(b) => b.to_string(),
    }
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
        ("str", Value::Str(s)) if j["v"].as_str() == Some(&**s) => Ok(()),
        ("bytes", Value::Bytes(b)) => {
            let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
            if j["hex"].as_str() == Some(hex.as_str()) {
                Ok(())
            } else {
                bad()
            }
        }
        ("list", Value::List(x)) | ("tuple", Value::Tuple(x)) => seq(j, x, path),
        ("set", Value::Set(x)) | ("frozenset", Value::FrozenSet(x)) => set(j, x, path),
        ("dict", Value::Dict(items)) => {
            let want = j["v"].as_array().ok_or(format!("{path}: no items"))?;
            if want.len() != items.len() {
                return Err(format!(
                    "{path}: {} keys, expected {}",
                    items.len(),
                    want.len()
                ));
            }
            for (i, (w, (k, x))) in want.iter().zip(items.iter()).enumerate() {
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
                .ok_or(format!("{path}: no shape"))?
                .iter()
                .map(|x| x.as_u64().map(|u| u as usize))
                .collect::<Option<_>>()
                .ok_or(format!("{path}: bad shape"))?;
            if shape != a.shape {
                return Err(format!("{path}: shape {:?}, expected {shape:?}", a.shape));
            }
            let name = j["dtype"].as_str().ok_or(format!("{path}: no dtype"))?;
            if a.dtype.name() != name {
                return Err(format!("{path}: dtype {}, expected {name}", a.dtype.name()));
            }
            if a.data.len() != a.len() * a.item_size() {
                return Err(format!(
                    "{path}: {} bytes for {} elements",
                    a.data.len(),
                    a.len()
                ));
            }
            let got: Vec<String> = a.iter_c().map(element_text).collect();
            let want: Vec<String> = j["data"]
                .as_array()
                .ok_or(format!("{path}: no data"))?
                .iter()
                .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
                .collect();
            if got != want {
                return Err(format!("{path}: {name} {got:?}, expected {want:?}"));
            }
            if let Some(order) = j.get("order").and_then(J::as_str) {
                if a.storage_is_c_order() != (order == "C")
                    && a.shape.iter().filter(|&&d| d > 1).count() > 1
                {
                    return Err(format!("{path}: stored {:?}, expected {order}", a.order));
                }
            }
            Ok(())
        }
        _ => bad(),
    }
}

fn fixtures() -> Vec<PathBuf> {
    let dir = fixture_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e}; run scripts/make_pickle_fixtures.py",
                dir.display()
            )
        })
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "pkl"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 1400,
        "only {} fixtures in {}; run scripts/make_pickle_fixtures.py with numpy 1 and numpy 2",
        files.len(),
        dir.display()
    );
    files
}

/// Checks one refusal against the generator's declaration: exact kind, offset when declared, mentioned
/// texts, the offset in the message, and no raw control character in the message.
fn check_refusal(name: &str, meta: &J, e: &PickleError) -> Result<(), String> {
    let msg = e.to_string();
    let want = meta["error"]
        .as_str()
        .ok_or(format!("{name}: no error kind"))?;
    if e.kind.name() != want {
        return Err(format!(
            "{name}: {} ({msg}), expected {want}",
            e.kind.name()
        ));
    }
    for m in meta["mentions"].as_array().into_iter().flatten() {
        let m = m.as_str().unwrap_or_default();
        if !msg.contains(m) {
            return Err(format!("{name}: message `{msg}` does not mention `{m}`"));
        }
    }
    if !msg.contains(&format!("byte {}", e.offset)) {
        return Err(format!("{name}: message `{msg}` names no offset"));
    }
    if msg.chars().any(|c| c.is_control()) {
        return Err(format!("{name}: message {msg:?} holds a control character"));
    }
    if let Some(off) = meta.get("offset").and_then(J::as_u64) {
        if e.offset as u64 != off {
            return Err(format!("{name}: offset {}, expected {off}", e.offset));
        }
    }
    Ok(())
}

#[test]
fn every_fixture_decodes_exactly_or_is_refused_as_declared() {
    let files = fixtures();
    let (mut good, mut refused, mut prop, mut failures) = (0, 0, 0, Vec::new());
    for pkl in &files {
        let name = pkl.file_name().unwrap().to_string_lossy().into_owned();
        let meta: J = serde_json::from_slice(
            &std::fs::read(pkl.with_extension("json")).expect("json beside pkl"),
        )
        .expect("fixture json");
        let bytes = std::fs::read(pkl).unwrap();
        let got = decode(&bytes);
        if name.contains("_prop_") {
            prop += 1;
        }
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
            match got {
                Ok(v) => failures.push(format!(
                    "{name}: decoded to {:.200}, expected {}",
                    format!("{v:?}"),
                    meta["error"]
                )),
                Err(e) => {
                    if let Err(f) = check_refusal(&name, &meta, &e) {
                        failures.push(f);
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
    assert!(refused >= 195, "only {refused} hostile fixtures");
    assert!(prop >= 400, "only {prop} property fixtures");
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
    let dirs = std::fs::read_dir(&root).expect("tests/fixtures/n3p2");
    let mut seen = 0;
    for d in dirs {
        let d = d.unwrap().path();
        if let Ok(bytes) = std::fs::read(d.join("information_sweep_max_convex.pkl")) {
            let Value::Dict(items) = decode(&bytes).unwrap() else {
                panic!("{d:?}: not a dict")
            };
            assert!(!items.is_empty());
            for (k, v) in items.iter() {
                assert!(
                    matches!(k, Value::Int(_) | Value::Float(_) | Value::Scalar(_)),
                    "{d:?}: key {k:?}"
                );
                let Value::Dict(inner) = v else {
                    panic!("{d:?}: value of {k:?} is not a dict")
                };
                for (name, a) in inner.iter() {
                    assert!(
                        matches!(name, Value::Str(s) if s == "post" || s == "pre"),
                        "{name:?}"
                    );
                    let Value::Array(a) = a else {
                        panic!("{d:?}[{k:?}][{name:?}] is not an array")
                    };
                    assert_eq!(a.shape.len(), 2);
                    assert_eq!(a.dtype.name(), "f8");
                    assert_eq!(a.len(), a.shape[0] * a.shape[1]);
                }
            }
            seen += 1;
        }
        if let Ok(bytes) = std::fs::read(d.join("png_counts_sweep_layers_4.pkl")) {
            let Value::Dict(items) = decode(&bytes).unwrap() else {
                panic!("{d:?}: not a dict")
            };
            for (_, v) in items.iter() {
                // `{value: array (n, 1)}` or, as in these files, `{value: {'post': array (n, 1)}}`
                let a = match v {
                    Value::Array(a) => a,
                    Value::Dict(inner) => match &inner[..] {
                        [(Value::Str(s), Value::Array(a))] if s == "post" => a,
                        _ => panic!("{d:?}: png value {inner:?}"),
                    },
                    _ => panic!("{d:?}: png value is not an array"),
                };
                assert_eq!(a.shape.len(), 2);
                assert_eq!(a.shape[1], 1);
                assert_eq!(a.dtype.name(), "f8");
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
