//! Fuzz target: `infosweep::pickle::decode` must return (Ok or Err) on any input, never panic, hang or
//! allocate beyond the input's size. Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run decode fuzz/corpus/decode`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = infosweep::pickle::decode(data);
});
