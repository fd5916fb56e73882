//! Fuzz target: `infosweep::sweep::load` (decode, then the typed sweep) must return on any input of up to
//! 1 MB without panicking or hanging. Run with `scripts/fuzz`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = infosweep::sweep::load("fuzz", data);
});
