//! `cargo xtask smoke`: writes the smoke program of a generated crate (see
//! `generator::smoke_program`) and says how to run it.

use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use crate::cli::{SmokeArgs, target_path};

/// The program for the crate of `--spec` or `--target`, written into `--out`.
pub fn run(args: SmokeArgs) -> generator::Result<ExitCode> {
    let SmokeArgs { spec, target, settings, crate_dir, out } = args;
    // The program names the crate it calls as that crate's manifest does, whatever the spec's
    // file is called (`--crate-name` at generation).
    let crate_name = generator::release::crate_name_in(&crate_dir);
    let specs = match target {
        Some(target) => {
            let target = generator::target::Target::read(&target_path(&target))?;
            target.specs.into_iter().map(|s| (s.path, s.settings)).collect()
        }
        None => vec![(
            spec.clone(),
            generator::GenerationSettings::for_spec(&spec, settings.as_deref(), crate_name.as_deref())?,
        )],
    };
    let sources = specs.into_iter().map(|(path, mut s)| {
        if let Some(name) = &crate_name {
            s.crate_name = name.clone();
        }
        generator::SpecSource::read(path, s)
    });
    write(&sources.collect::<generator::Result<Vec<_>>>()?, &crate_dir, &out)?;
    Ok(ExitCode::SUCCESS)
}

/// Writes the program for `sources`, depending on the crate in `crate_dir`, into `out`.
fn write(sources: &[generator::SpecSource], crate_dir: &Path, out: &Path) -> generator::Result<()> {
    let crate_dir = std::path::absolute(crate_dir).map_err(|e| generator::Error::Other(e.to_string()))?;
    let out_abs = std::path::absolute(out).map_err(|e| generator::Error::Other(e.to_string()))?;
    let (files, operations) = generator::smoke_program(sources, &relative(&crate_dir, &out_abs))?;
    generator::output::write(out, &files, false)?;
    println!(
        "wrote {} ({operations} operations); run it against a mock server with\n  SMOKE_URL=http://127.0.0.1:4010 cargo run --manifest-path {}",
        out.display(),
        out.join("Cargo.toml").display()
    );
    Ok(())
}

/// `to` as a path relative to the folder `from` (both absolute), with `/` separators, as a
/// `Cargo.toml` path dependency writes it: output that does not depend on where it is made.
fn relative(to: &Path, from: &Path) -> String {
    let to: Vec<Component> = to.components().collect();
    let from: Vec<Component> = from.components().collect();
    let common = to.iter().zip(&from).take_while(|(a, b)| a == b).count();
    let mut path = PathBuf::new();
    for _ in common..from.len() {
        path.push("..");
    }
    path.extend(&to[common..]);
    let text = path.to_string_lossy().replace('\\', "/");
    if text.is_empty() { ".".to_string() } else { text }
}

#[cfg(test)]
mod tests {
    use super::relative;
    use std::path::Path;

    #[test]
    fn crate_paths_are_relative_to_the_program() {
        assert_eq!(relative(Path::new("/w/x/crate"), Path::new("/w/x/smoke")), "../crate");
        assert_eq!(relative(Path::new("/a/crate"), Path::new("/b/c/smoke")), "../../../a/crate");
        assert_eq!(relative(Path::new("/w/smoke/crate"), Path::new("/w/smoke")), "crate");
    }
}
