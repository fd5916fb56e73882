//! Native command line: `infosweep report <RESULTS_DIR> --out <OUT_DIR> [--threshold X] [--neurons N]`.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    todo!("CLI")
}

#[cfg(target_arch = "wasm32")]
fn main() {}
