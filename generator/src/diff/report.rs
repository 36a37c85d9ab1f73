//! Printing a report: as text (for a terminal), JSON (for tools; keys documented in
//! docs/change-reports.md) and Markdown (for reviews and the changelog).

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Bump, Change, Class, Report};

/// The output formats of `cargo xtask api-diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Markdown,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        match s {
            "text" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            "markdown" | "md" => Ok(Format::Markdown),
            other => Err(format!("unknown format `{other}` (text, json or markdown)")),
        }
    }
}

pub const CLASSES: [Class; 3] = [Class::Breaking, Class::Additive, Class::Docs];

pub fn class_name(class: Class) -> &'static str {
    match class {
        Class::Breaking => "breaking",
        Class::Additive => "additive",
        Class::Docs => "docs",
    }
}

fn kind_name(change: &Change) -> String {
    serde_json::to_value(change.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn bump_name(bump: Bump) -> &'static str {
    match bump {
        Bump::None => "none",
        Bump::Patch => "patch",
        Bump::Minor => "minor",
        Bump::Major => "major",
    }
}

/// The bump before 1.0, where breaking changes bump the minor version.
pub fn pre_1_0(bump: Bump) -> Bump {
    match bump {
        Bump::Major => Bump::Minor,
        Bump::Minor | Bump::Patch => Bump::Patch,
        Bump::None => Bump::None,
    }
}

/// The summary line: counts per class and the bump they imply.
pub fn summary(report: &Report) -> String {
    let counts: Vec<String> = CLASSES.iter().map(|c| format!("{} {}", report.count(*c), class_name(*c))).collect();
    let bump = report.bump();
    let implies = if bump == Bump::None {
        "no release needed".to_string()
    } else {
        format!("a {} release ({} before 1.0)", bump_name(bump), bump_name(pre_1_0(bump)))
    };
    format!("{}: {implies}", counts.join(", "))
}

/// The report in `format`, ending in a newline.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Text => text(report),
        Format::Json => json(report),
        Format::Markdown => markdown(report),
    }
}

fn text(report: &Report) -> String {
    let mut out = String::new();
    for c in &report.changes {
        out.push_str(&format!(
            "{:<8} {:<18} {}\n         at {}: {}\n",
            class_name(c.class),
            kind_name(c),
            c.item,
            c.location,
            c.detail
        ));
    }
    out.push_str(&summary(report));
    out.push('\n');
    out
}

#[derive(Serialize)]
struct JsonReport<'a> {
    summary: JsonSummary,
    changes: &'a [Change],
}

#[derive(Serialize)]
struct JsonSummary {
    breaking: usize,
    additive: usize,
    docs: usize,
    bump: Bump,
    bump_before_1_0: Bump,
}

fn json(report: &Report) -> String {
    let bump = report.bump();
    let value = JsonReport {
        summary: JsonSummary {
            breaking: report.count(Class::Breaking),
            additive: report.count(Class::Additive),
            docs: report.count(Class::Docs),
            bump,
            bump_before_1_0: pre_1_0(bump),
        },
        changes: &report.changes,
    };
    let mut out = serde_json::to_string_pretty(&value).unwrap_or_default();
    out.push('\n');
    out
}

/// The changes grouped by class under `###` headings, as a changelog entry holds them. In a
/// crate with a feature per API, grouped first by feature (`### \`v2-org-connections\``), each
/// feature's changes by class under `####`: a user reads the APIs they turn on.
pub fn markdown_sections(report: &Report) -> String {
    if report.changes.iter().all(|c| c.features.is_empty()) {
        return class_sections(&report.changes.iter().collect::<Vec<_>>(), "###");
    }
    let mut groups: BTreeMap<Group, Vec<&Change>> = BTreeMap::new();
    for change in &report.changes {
        let group = match change.features.as_slice() {
            [] => Group::Crate,
            [feature] => Group::Feature(feature),
            _ => Group::Shared,
        };
        groups.entry(group).or_default().push(change);
    }
    let mut out = String::new();
    for (group, changes) in groups {
        let title = match group {
            Group::Feature(feature) => format!("`{feature}`"),
            Group::Shared => "Models several APIs use".to_string(),
            Group::Crate => "The whole crate".to_string(),
        };
        out.push_str(&format!("\n### {title}\n{}", class_sections(&changes, "####")));
    }
    out
}

/// Where a change is listed in a crate with a feature per API, in the changelog's order.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Group<'a> {
    /// What is the whole crate's: servers, its docs, models no API uses.
    Crate,
    Feature(&'a str),
    /// A model several APIs use (in the crate's shared models).
    Shared,
}

/// `changes` by class, under headings of `level`.
fn class_sections(changes: &[&Change], level: &str) -> String {
    let mut out = String::new();
    for class in CLASSES {
        let changes: Vec<&&Change> = changes.iter().filter(|c| c.class == class).collect();
        if changes.is_empty() {
            continue;
        }
        let title = match class {
            Class::Breaking => "Breaking",
            Class::Additive => "Added",
            Class::Docs => "Documentation",
        };
        out.push_str(&format!("\n{level} {title}\n\n"));
        for c in changes {
            let kind = kind_name(c).replace('_', " ");
            out.push_str(&format!("- `{}`: {kind}; {} (`{}`)\n", c.item, c.detail, c.location));
        }
    }
    out
}

fn markdown(report: &Report) -> String {
    format!("## API changes\n\n{}\n{}", summary(report), markdown_sections(report))
}
