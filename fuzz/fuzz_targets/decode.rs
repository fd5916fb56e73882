//! Fuzz target: `infosweep::pickle::decode` must return (a value or an error) on any input of up to 1 MB,
//! never panic, hang or allocate beyond its memory budget; a value must keep the array invariants, and
//! an error's message must hold no control character. Run with `scripts/fuzz` (dictionary, 1 MB inputs).
#![no_main]

use std::collections::HashSet;

use infosweep::pickle::{decode, Value};
use libfuzzer_sys::fuzz_target;

/// Visits each distinct container once (the value is a DAG) and checks every array.
fn check(v: &Value, seen: &mut HashSet<usize>) {
    match v {
        Value::List(x) | Value::Tuple(x) | Value::Set(x) | Value::FrozenSet(x) => {
            if seen.insert(x.as_ptr() as usize) {
                x.iter().for_each(|c| check(c, seen));
            }
        }
        Value::Dict(x) => {
            if seen.insert(x.as_ptr() as usize) {
                for (k, c) in x.iter() {
                    check(k, seen);
                    check(c, seen);
                }
            }
        }
        Value::Array(a) => {
            if seen.insert(std::sync::Arc::as_ptr(a) as usize) {
                let n = a
                    .shape
                    .iter()
                    .try_fold(1usize, |acc, &d| acc.checked_mul(d))
                    .expect("element count of a decoded array fits usize");
                assert_eq!(a.data.len(), n * a.item_size());
                assert_eq!(a.iter_c().count(), n);
                if n > 0 {
                    assert!(a.get(n - 1).is_some() && a.get(n).is_none());
                }
            }
        }
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    match decode(data) {
        Ok(v) => check(&v, &mut HashSet::new()),
        Err(e) => {
            let msg = e.to_string();
            assert!(!msg.chars().any(char::is_control), "{msg:?}");
            assert!(msg.contains(&format!("byte {}", e.offset)));
        }
    }
});
