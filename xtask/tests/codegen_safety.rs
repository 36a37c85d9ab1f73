//! Mistakes that must write nothing, through the `cargo xtask` binary: another spec without
//! `--out` (which would land in generated-client/), and a crate written where another crate is.
//! And `api-diff`, which needs no crate name and names items by the vendor's paths.

use std::path::Path;

mod common;
use common::{copy_dir, root, snapshot, xtask};

/// The committed crate's generated files, as on disk.
fn committed() -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let crate_dir = root().join("generated-client");
    let mut files = snapshot(&crate_dir.join("src"));
    for f in ["Cargo.toml", "api-manifest.json", "CHANGELOG.md"] {
        files.push((crate_dir.join(f), std::fs::read(crate_dir.join(f)).unwrap()));
    }
    files
}

#[test]
fn another_spec_without_out_is_refused_and_leaves_generated_client_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("petstore.yaml");
    std::fs::copy(root().join("generator/tests/fixtures/features.yaml"), &spec).unwrap();
    let before = committed();
    let (ok, stdout, stderr) = xtask(&["codegen", "--spec", spec.to_str().unwrap()]);
    assert!(!ok, "{stdout}");
    assert!(stderr.contains("without --out") && stderr.contains("Nothing was written"), "{stderr}");
    assert_eq!(committed(), before, "generated-client/ untouched");

    // The committed spec, named by its path, is generated-client's: only checked here.
    let committed_spec = root().join("spec/org_connections.yaml");
    let (ok, stdout, stderr) = xtask(&["codegen", "--spec", committed_spec.to_str().unwrap(), "--check"]);
    assert!(ok, "{stdout}\n{stderr}");
}

#[test]
fn a_folder_that_holds_another_crate_is_replaced_only_with_replace_crate() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("crate");
    copy_dir(&root().join("generated-client/src"), &out.join("src"));
    for f in ["Cargo.toml", "api-manifest.json"] {
        std::fs::copy(root().join("generated-client").join(f), out.join(f)).unwrap();
    }
    let spec = dir.path().join("petstore.yaml");
    std::fs::copy(root().join("generator/tests/fixtures/features.yaml"), &spec).unwrap();
    let before = snapshot(&out);
    let args = ["codegen", "--spec", spec.to_str().unwrap(), "--out", out.to_str().unwrap()];
    let (ok, stdout, stderr) = xtask(&args);
    assert!(!ok, "{stdout}");
    assert!(stderr.contains("holds the crate `datadog-org-connections`; writing `petstore` there"), "{stderr}");
    assert!(stderr.contains("--replace-crate"), "{stderr}");
    assert!(!stdout.contains("API changes"), "no report against another crate: {stdout}");
    assert_eq!(snapshot(&out), before, "nothing written");

    let (ok, stdout, stderr) = xtask(&[&args[..], &["--replace-crate"]].concat());
    assert!(ok, "{stdout}\n{stderr}");
    assert!(stderr.contains("note: the crate is named `petstore`, taken from the spec's file name"), "{stderr}");
    assert!(stderr.contains("--crate-name"), "{stderr}");
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"petstore\"") && manifest.contains("version = \"0.1.0\""), "{manifest}");
}

/// Items are named as the generated crate names them (`datadogV1::model::...`), from the
/// settings beside the old spec or of the target whose spec it is; the new file's name, which
/// is no valid crate name, plays no part.
#[test]
fn api_diff_needs_no_crate_name_and_names_items_by_the_vendors_paths() {
    let dir = tempfile::tempdir().unwrap();
    let edit = |from: &Path, old: &str, new: &str| {
        let to = dir.path().join(from.file_name().unwrap().to_string_lossy().replace(".yaml", ".updated"));
        let text = std::fs::read_to_string(from).unwrap();
        assert!(text.contains(old), "`{old}` is no longer in {}", from.display());
        std::fs::write(&to, text.replacen(old, new, 1)).unwrap();
        to
    };
    let fragment = root().join("spec/org_connections.yaml");
    let updated = edit(
        &fragment,
        "        created_at:\n",
        "        archived_at:\n          format: date-time\n          type: string\n        created_at:\n",
    );
    let (ok, stdout, stderr) =
        xtask(&["api-diff", "--old", fragment.to_str().unwrap(), "--new", updated.to_str().unwrap()]);
    assert!(ok, "{stdout}\n{stderr}");
    assert!(stdout.contains("datadogV2::model::OrgConnectionAttributes::archived_at"), "{stdout}");

    let v1 = root().join("spec/datadog/datadog-v1-openapi.yaml");
    let updated = edit(
        &v1,
        "      description: Error response object.\n      properties:\n",
        "      description: Error response object.\n      properties:\n        code:\n          type: integer\n",
    );
    let (ok, stdout, stderr) = xtask(&["api-diff", "--old", v1.to_str().unwrap(), "--new", updated.to_str().unwrap()]);
    assert!(ok, "{stdout}\n{stderr}");
    assert!(stdout.contains("additive added              datadogV1::model::APIErrorResponse::code"), "{stdout}");
}
