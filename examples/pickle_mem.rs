//! Decodes one hostile case from `tests/support/hostile.rs` (by name) or a pickle file, and prints the
//! outcome and the time; run under `/usr/bin/time -v` for the peak RSS (README, decoder memory table):
//!
//! `cargo build --release --example pickle_mem && /usr/bin/time -v target/release/examples/pickle_mem dup_list_100k`
//!
//! `none` builds nothing and decodes nothing (the process's own baseline RSS).

#[path = "../tests/support/hostile.rs"]
mod hostile;

fn main() {
    let Some(arg) = std::env::args().nth(1) else {
        eprintln!("usage: pickle_mem <case name | file.pkl | none>");
        std::process::exit(2);
    };
    if arg == "none" {
        return;
    }
    let bytes = match hostile::cases().into_iter().find(|c| c.name == arg) {
        Some(c) => (c.build)(),
        None => std::fs::read(&arg).unwrap_or_else(|e| {
            eprintln!("{arg}: {e}");
            std::process::exit(2)
        }),
    };
    let t = std::time::Instant::now();
    let result = infosweep::pickle::decode(&bytes);
    let secs = t.elapsed().as_secs_f64();
    match &result {
        Ok(v) => println!(
            "{arg}: {} bytes -> {} in {secs:.3} s",
            bytes.len(),
            v.type_name()
        ),
        Err(e) => println!(
            "{arg}: {} bytes -> {} ({e}) in {secs:.3} s",
            bytes.len(),
            e.kind.name()
        ),
    }
}
