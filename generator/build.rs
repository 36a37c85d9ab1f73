//! Lists the runtime's files (`runtime/src/datadog/*.rs`, and the submodules in its modules'
//! folders) for the generator to embed, so that the runtime's module list is only its module
//! declarations: a file added there is copied into every generated crate without a second list
//! to keep in step.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src/datadog");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut names = rust_files(&dir, "");
    // A module's own folder (`mock/` for `mock.rs`) holds its submodules; `tests.rs` there is
    // the module's unit tests, which stay in the runtime crate.
    for folder in read(&dir).into_iter().filter(|name| dir.join(name).is_dir()) {
        println!("cargo::rerun-if-changed={}", dir.join(&folder).display());
        names.extend(
            rust_files(&dir.join(&folder), &format!("{folder}/")).into_iter().filter(|n| !n.ends_with("/tests.rs")),
        );
    }
    // `mod.rs` first, then the modules by path.
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

/// The names of the entries of `dir`.
fn read(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list the runtime at {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .collect()
}

/// The `.rs` files of `dir`, named as `prefix` + file name.
fn rust_files(dir: &Path, prefix: &str) -> Vec<String> {
    read(dir).into_iter().filter(|name| name.ends_with(".rs")).map(|name| format!("{prefix}{name}")).collect()
}
