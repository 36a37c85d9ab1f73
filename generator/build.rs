//! Lists the runtime's files (`runtime/src/datadog/*.rs`) for the generator to embed, so that the
//! runtime's module list is only its `mod.rs`: a file added there is copied into every generated
//! crate without a second list to keep in step.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src/datadog");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list the runtime at {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".rs"))
        .collect();
    // `mod.rs` first, then the modules by name.
    names.sort_by_key(|name| (name != "mod.rs", name.clone()));
    let mut list = String::from("&[\n");
    for name in names {
        let path = dir.join(&name).canonicalize().unwrap_or_else(|e| panic!("{name}: {e}"));
        writeln!(list, "    ({name:?}, include_str!({:?})),", path.display().to_string()).unwrap();
    }
    list.push(']');
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("runtime_files.rs");
    std::fs::write(out, list).expect("cannot write the runtime list");
}
