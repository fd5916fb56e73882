//! Memory and time bounds of decoding hostile pickles (issue 7, defect 4): the heap's peak while decoding
//! stays within `C * input length + decoded array bytes + 1 MiB`, with the constant the README states, and
//! every case ends (value or refusal of the declared kind) within 2 s. The heap is measured by a counting
//! global allocator; everything runs in one test so no other test's allocations are counted.

#![cfg(not(target_arch = "wasm32"))]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

#[path = "support/hostile.rs"]
mod hostile;

#[path = "support/numpy_writer.rs"]
mod numpy_writer;

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; only counters are updated.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(now, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            // Counted as alloc-then-free: during a moving realloc both blocks exist.
            let now = CURRENT.fetch_add(new_size, Relaxed) + new_size;
            PEAK.fetch_max(now, Relaxed);
            CURRENT.fetch_sub(layout.size(), Relaxed);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Heap bytes per input byte the decoder may use at its peak (the README's constant).
const C: usize = 64;
/// Fixed allowance (hash maps' first tables, the singletons).
const BASE: usize = 1 << 20;

/// Decodes `bytes` and returns (peak heap above the start, array bytes the decoder made, kind or Ok).
fn measure(bytes: &[u8]) -> (usize, usize, Result<(), &'static str>, f64) {
    let start = CURRENT.load(Relaxed);
    PEAK.store(start, Relaxed);
    let t = Instant::now();
    let result = infosweep::pickle::decode(bytes);
    let secs = t.elapsed().as_secs_f64();
    let (decoded_arrays, outcome) = match &result {
        Ok(v) => (shared_array_bytes(v), Ok(())),
        Err(e) => (0, Err(e.kind.name())),
    };
    drop(result);
    (PEAK.load(Relaxed) - start, decoded_arrays, outcome, secs)
}

/// Bytes of distinct arrays whose data the decoder decoded (protocol 0-2 text) rather than borrowed.
fn shared_array_bytes(v: &infosweep::pickle::Value) -> usize {
    use infosweep::pickle::{ArrayBytes, Value};
    let mut seen = std::collections::HashSet::new();
    let mut todo = vec![v];
    let mut total = 0;
    while let Some(v) = todo.pop() {
        match v {
            Value::List(x) | Value::Tuple(x) | Value::Set(x) | Value::FrozenSet(x)
                if seen.insert(x.as_ptr() as usize) =>
            {
                todo.extend(x.iter());
            }
            Value::Dict(x) if seen.insert(x.as_ptr() as usize) => {
                todo.extend(x.iter().flat_map(|(k, v)| [k, v]));
            }
            Value::Array(a) => {
                if let ArrayBytes::Shared(b) = &a.data {
                    if seen.insert(b.as_ptr() as usize) {
                        total += b.len();
                    }
                }
            }
            _ => {}
        }
    }
    total
}

#[test]
fn hostile_inputs_stay_within_memory_and_time_bounds() {
    fn sweep(p: u8) -> Vec<u8> {
        let keys: Vec<f64> = (0..15).map(|i| 0.01 * (i + 1) as f64).collect();
        let arrays: Vec<Vec<f64>> = (0..15)
            .map(|k| (0..10 * 4096).map(|x| ((x + k) as f64).sin()).collect())
            .collect();
        numpy_writer::sweep_pickle(p, &keys, &arrays, 10, 4096)
    }
    let mut cases = hostile::cases();
    cases.push(hostile::Case {
        name: "sweep_p2_7.7MB",
        build: || sweep(2),
        expect: Ok(()),
    });
    cases.push(hostile::Case {
        name: "sweep_p5_4.9MB",
        build: || sweep(5),
        expect: Ok(()),
    });
    let (mut report, mut failures) = (Vec::new(), Vec::new());
    for case in &cases {
        let bytes = (case.build)();
        let (peak, arrays, outcome, secs) = measure(&bytes);
        let len = bytes.len();
        let bound = C * len + arrays + BASE;
        report.push(format!(
            "{:<24} {:>9} B in  peak {:>11} B  ({:>5.1} x input)  arrays {:>9} B  {:>6.3} s  {:?}",
            case.name,
            len,
            peak,
            peak as f64 / len as f64,
            arrays,
            secs,
            outcome
        ));
        if outcome != case.expect {
            failures.push(format!(
                "{}: {outcome:?}, expected {:?}",
                case.name, case.expect
            ));
        }
        if peak > bound {
            failures.push(format!("{}: peak {peak} > bound {bound}", case.name));
        }
        if secs > 2.0 && !cfg!(debug_assertions) {
            failures.push(format!("{}: {secs} s", case.name));
        }
    }
    println!("{}", report.join("\n"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
