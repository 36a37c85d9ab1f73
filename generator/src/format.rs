//! Format: every rendered Rust file is parsed with syn (so a template bug is caught here, with
//! the file and line) and printed with prettyplease; then the header is put on top.

use crate::error::{Error, Result};
use crate::render::File;

/// Formats every file, on all cores: formatting is most of the generator's time on a large spec.
pub fn format_all(files: Vec<File>, header: &str) -> Result<Vec<File>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = files.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || part.iter().cloned().map(|f| format_file(f, header)).collect::<Result<Vec<_>>>())
            })
            .collect();
        let mut formatted = Vec::with_capacity(files.len());
        for worker in workers {
            let part = worker.join().map_err(|_| Error::Other("a formatting thread panicked".into()))??;
            formatted.extend(part);
        }
        Ok(formatted)
    })
}

/// Formats one rendered file and puts the generated-file header on it.
pub fn format_file(file: File, header: &str) -> Result<File> {
    let contents = if file.path.ends_with(".rs") {
        let syntax = syn::parse_file(&file.contents).map_err(|e| {
            let start = e.span().start();
            let source = file.contents.lines().nth(start.line.saturating_sub(1)).unwrap_or_default().trim();
            Error::Format {
                file: file.path.clone(),
                line: start.line,
                column: start.column + 1,
                message: format!("{e}\n  | {source}"),
            }
        })?;
        format!("// {header}\n\n{}", space_items(&prettyplease::unparse(&syntax)))
    } else {
        format!("# {header}\n\n{}", file.contents.trim_start())
    };
    Ok(File { path: file.path, contents })
}

/// Puts a blank line between consecutive items, as a person would (prettyplease prints none).
fn space_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    let mut previous = "";
    for line in code.lines() {
        let indent = |l: &str| l.len() - l.trim_start().len();
        let ends_item = matches!(previous.trim(), "}" | "};")
            || (previous.trim_start().starts_with("use ") && !line.trim_start().starts_with("use "));
        let starts_item = !line.trim().is_empty()
            && !line.trim_start().starts_with(['}', ')', ']', '.'])
            && !line.trim_start().starts_with("else");
        let after_inner_docs = previous.starts_with("//!") && !line.starts_with("//!");
        if (ends_item && starts_item && indent(line) == indent(previous)) || after_inner_docs {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = line;
    }
    out
}
