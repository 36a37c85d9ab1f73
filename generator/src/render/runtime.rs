//! The runtime (`runtime/src/datadog/`) as it goes into a generated crate: every file of the
//! folder (listed by `build.rs`), less its `#[cfg(test)]` items. Its `spec.rs` is a stand-in
//! there; a generated crate's is rendered from `spec.rs.j2`.

use crate::error::{Error, Result};

/// Each runtime file's name and text, as compiled and tested in the `runtime` crate.
pub(crate) const RUNTIME: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/runtime_files.rs"));

/// The runtime file that the spec's template replaces.
pub const SPEC_FILE: &str = "spec.rs";

/// The runtime files as they go into a generated crate, stripped once per process: the same for
/// every crate, and parsing them is not free.
pub fn files() -> Result<&'static [(&'static str, String)]> {
    /// Each runtime file's name and text, or the file that would not parse and why.
    type Stripped = std::result::Result<Vec<(&'static str, String)>, (String, String)>;
    static FILES: std::sync::LazyLock<Stripped> = std::sync::LazyLock::new(|| {
        RUNTIME
            .iter()
            .filter(|(name, _)| *name != SPEC_FILE)
            .map(|(name, source)| Ok((*name, without_tests(name, source)?)))
            .collect()
    });
    FILES.as_deref().map_err(|(name, message)| Error::Render {
        template: format!("runtime/src/datadog/{name}"),
        message: message.clone(),
    })
}

/// A runtime file as it goes into a generated crate: without its `#[cfg(test)]` items.
fn without_tests(name: &str, source: &str) -> std::result::Result<String, (String, String)> {
    let mut file = syn::parse_file(source).map_err(|e| (name.to_string(), e.to_string()))?;
    let is_test = |attrs: &[syn::Attribute]| {
        attrs.iter().any(|a| a.path().is_ident("cfg") && a.parse_args::<syn::Ident>().is_ok_and(|i| i == "test"))
    };
    file.items.retain(|item| match item {
        syn::Item::Mod(m) => !is_test(&m.attrs),
        syn::Item::Fn(f) => !is_test(&f.attrs),
        syn::Item::Use(u) => !is_test(&u.attrs),
        _ => true,
    });
    Ok(super::space_items(&prettyplease::unparse(&file)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file the generator copies is a module the runtime declares (`mod.rs` its modules,
    /// `mock.rs` those in `mock/`), and the other way round: the folder and the declarations
    /// are one list. Test-only modules stay behind.
    #[test]
    fn the_folder_is_the_module_list() {
        let mut declared = vec!["mod.rs".to_string()];
        for (name, source) in RUNTIME {
            let folder = match name.strip_suffix(".rs") {
                Some("mod") => String::new(),
                Some(module) => format!("{module}/"),
                None => continue,
            };
            let file = syn::parse_file(source).unwrap();
            declared.extend(file.items.iter().filter_map(|item| match item {
                syn::Item::Mod(m) if m.content.is_none() && m.ident != "tests" => {
                    Some(format!("{folder}{}.rs", m.ident))
                }
                _ => None,
            }));
        }
        declared.sort();
        let mut files: Vec<String> = RUNTIME.iter().map(|(name, _)| name.to_string()).collect();
        files.sort();
        assert_eq!(files, declared);
        assert!(files.iter().any(|f| f == "mock/incoming.rs"), "submodules are copied: {files:?}");
        assert!(files.iter().any(|f| f == SPEC_FILE));
    }
}
