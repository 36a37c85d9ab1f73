//! End to end, through the `cargo xtask` binary: a copy of the committed crate regenerated from
//! an updated copy of the fragment prints the report, bumps the version, writes a changelog
//! entry, changes nothing when run again, and `--deny-breaking` fails (writing nothing) when the
//! update breaks users. `spec update` reads the full spec from a server on loopback.

use std::path::{Path, PathBuf};

mod common;
use common::{copy_dir, read, root, xtask};

/// A copy of the spec folder and of the generated crate's own files, in a temporary folder.
struct Copy {
    _dir: tempfile::TempDir,
    spec: PathBuf,
    out: PathBuf,
}

fn copy() -> Copy {
    let dir = tempfile::tempdir().unwrap();
    let spec_dir = dir.path().join("spec");
    std::fs::create_dir_all(&spec_dir).unwrap();
    for f in ["org_connections.yaml", "org_connections.codegen.yaml", "overlay.yaml"] {
        std::fs::copy(root().join("spec").join(f), spec_dir.join(f)).unwrap();
    }
    let out = dir.path().join("crate");
    copy_dir(&root().join("generated-client/src"), &out.join("src"));
    for f in ["Cargo.toml", "api-manifest.json", "CHANGELOG.md"] {
        std::fs::copy(root().join("generated-client").join(f), out.join(f)).unwrap();
    }
    Copy { spec: spec_dir.join("org_connections.yaml"), out, _dir: dir }
}

fn edit(path: &Path, old: &str, new: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(old), "`{old}` is no longer in the spec");
    std::fs::write(path, text.replacen(old, new, 1)).unwrap();
}

fn version(out: &Path) -> String {
    let toml = read(&out.join("Cargo.toml"));
    let line = toml.lines().find(|l| l.starts_with("version = ")).unwrap();
    line.trim_start_matches("version = ").trim_matches('"').to_string()
}

const NEW_OPTIONAL: &str = "        created_at:\n          description: Timestamp when the connection was created.";
const WITH_OPTIONAL: &str = "        archived_at:\n          description: When the connection was archived.\n          format: date-time\n          type: string\n        created_at:\n          description: Timestamp when the connection was created.";

#[test]
fn an_update_is_reported_versioned_and_logged_and_deny_breaking_stops_a_breaking_one() {
    let c = copy();
    let (spec, out) = (c.spec.to_str().unwrap(), c.out.to_str().unwrap());
    let before = version(&c.out);

    // Additive: a new optional field of a response model.
    edit(&c.spec, NEW_OPTIONAL, WITH_OPTIONAL);
    let (ok, stdout, stderr) = xtask(&["codegen", "--spec", spec, "--out", out, "--deny-breaking"]);
    assert!(ok, "{stdout}\n{stderr}");
    assert!(
        stdout.contains("additive added              datadogV2::model::OrgConnectionAttributes::archived_at"),
        "{stdout}"
    );
    assert!(stdout.contains("0 breaking, 1 additive, 0 docs"), "{stdout}");
    let additive = version(&c.out);
    assert_ne!(additive, before);
    let changelog = read(&c.out.join("CHANGELOG.md"));
    assert!(
        changelog.contains(&format!("## [{additive}]")) && changelog.contains(&format!("## [{before}]")),
        "{changelog}"
    );
    assert!(
        changelog.contains("### Added\n\n- `datadogV2::model::OrgConnectionAttributes::archived_at`"),
        "{changelog}"
    );
    assert!(read(&c.out.join("api-manifest.json")).contains(&format!("\"version\": \"{additive}\"")));

    // Idempotent: the same spec again changes nothing, the changelog included.
    let (ok, stdout, _) = xtask(&["codegen", "--spec", spec, "--out", out]);
    assert!(ok && !stdout.contains("API changes"), "{stdout}");
    assert!(stdout.contains("(0 changed)"), "{stdout}");
    assert_eq!(read(&c.out.join("CHANGELOG.md")), changelog);
    let (ok, _, _) = xtask(&["codegen", "--spec", spec, "--out", out, "--check"]);
    assert!(ok);

    // Breaking: a new required field of a request model changes its `new()`.
    edit(
        &c.spec,
        "          minItems: 1\n          type: array\n      required:\n      - connection_types",
        "          minItems: 1\n          type: array\n        label:\n          description: A label.\n          type: string\n      required:\n      - connection_types\n      - label",
    );
    let (ok, stdout, stderr) = xtask(&["codegen", "--spec", spec, "--out", out, "--deny-breaking"]);
    assert!(!ok, "{stdout}");
    assert!(
        stdout.contains("breaking added              datadogV2::model::OrgConnectionCreateAttributes::label"),
        "{stdout}"
    );
    assert!(stderr.contains("--deny-breaking"), "{stderr}");
    assert_eq!(version(&c.out), additive, "a denied update writes nothing");
    assert_eq!(read(&c.out.join("CHANGELOG.md")), changelog);

    let (ok, stdout, _) = xtask(&["codegen", "--spec", spec, "--out", out]);
    assert!(ok, "{stdout}");
    let breaking = version(&c.out);
    let minor = |v: &str| v.split('.').nth(1).unwrap().parse::<u32>().unwrap();
    assert_eq!(minor(&breaking), minor(&additive) + 1, "breaking before 1.0 bumps the minor version");
    assert!(read(&c.out.join("CHANGELOG.md")).contains("### Breaking"));
}

fn serve(status: &'static str, body: String, n: usize) -> String {
    common::serve(status, body, n, "datadog-v2-openapi.yaml")
}

#[test]
fn spec_update_downloads_extracts_and_regenerates_and_writes_nothing_on_failure() {
    let c = copy();
    let (spec, out) = (c.spec.to_str().unwrap(), c.out.to_str().unwrap());
    // The fragment stands in for the vendor's full spec: it has the tag, and (as the overlay is
    // already applied) upstream "has" every correction, so each is reported redundant.
    let full = read(&c.spec).replacen(NEW_OPTIONAL, WITH_OPTIONAL, 1);

    let url = serve("404 Not Found", "gone".into(), 1);
    let (ok, stdout, stderr) = xtask(&["spec", "update", "--from", &url, "--spec", spec, "--out", out]);
    assert!(!ok && stderr.contains("404") && stderr.contains(&url), "{stdout}\n{stderr}");
    assert_eq!(read(&c.spec), read(&root().join("spec/org_connections.yaml")), "nothing written");

    let url = serve("200 OK", full, 1);
    let (ok, stdout, stderr) =
        xtask(&["spec", "update", "--from", &url, "--spec", spec, "--out", out, "--deny-breaking"]);
    assert!(ok, "{stdout}\n{stderr}");
    assert!(
        stdout.contains(
            "overlay: #/paths/~1api~1v2~1org_connections/get/x-pagination/limitParam: upstream now has the same value"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("datadogV2::model::OrgConnectionAttributes::archived_at"), "{stdout}");
    assert!(read(&c.spec).contains("archived_at"));
    assert!(read(&c.out.join("CHANGELOG.md")).contains("archived_at"));
}

#[test]
fn an_overlay_correction_upstream_no_longer_has_a_place_for_stops_the_update() {
    let c = copy();
    let (spec, out) = (c.spec.to_str().unwrap(), c.out.to_str().unwrap());
    std::fs::write(
        c.spec.with_file_name("overlay.yaml"),
        "components:\n  schemas:\n    GoneSchema:\n      properties:\n        x:\n          description: y\n",
    )
    .unwrap();
    let full = c.spec.with_file_name("full.yaml");
    std::fs::copy(&c.spec, &full).unwrap();
    let (ok, stdout, stderr) =
        xtask(&["spec", "update", "--from", full.to_str().unwrap(), "--spec", spec, "--out", out]);
    assert!(!ok, "{stdout}");
    assert!(stderr.contains("#/components/schemas/GoneSchema: upstream no longer has"), "{stderr}");
    assert_eq!(read(&c.spec), read(&full), "nothing written");
}

/// An overlay named on the command line that does not exist is an error, not silently skipped.
#[test]
fn a_missing_overlay_named_on_the_command_line_is_an_error() {
    let copy = copy();
    let from = root().join("spec/datadog/datadog-v2-openapi.yaml");
    let out = copy.spec.with_file_name("users.yaml");
    let missing = copy.spec.with_file_name("nope.yaml");
    let (ok, _, stderr) = xtask(&[
        "spec",
        "extract",
        "--from",
        from.to_str().unwrap(),
        "--tag",
        "Org Connections",
        "--out",
        out.to_str().unwrap(),
        "--overlay",
        missing.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(stderr.contains("nope.yaml does not exist"), "{stderr}");
    assert!(!out.exists(), "nothing is written");
}
