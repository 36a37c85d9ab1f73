//! Format: every rendered Rust file is parsed with syn (so a template bug is caught here, with
//! the file and line) and printed with prettyplease; then the header is put on top.

use crate::cache::Cache;
use crate::error::{Error, Result};
use crate::render::File;
use crate::render::space_items;

/// Formats every file, on all cores: formatting is most of the generator's time on a large spec.
/// With a cache, files whose rendered text is unchanged since the last run are not formatted
/// again. Files already formatted (the runtime's) only get the header. Returns the files and how
/// many were formatted.
pub fn format_all(files: Vec<File>, header: &str, cache: Option<&Cache>) -> Result<(Vec<File>, usize)> {
    let results = crate::parallel::map(&files, |f| format_cached(f, header, cache))?;
    let results = results.into_iter().collect::<Result<Vec<_>>>()?;
    let misses = results.iter().filter(|(_, _, missed)| *missed).count();
    if let Some(cache) = cache {
        let used = results.iter().filter_map(|(file, key, _)| Some((key.as_deref()?, file.contents.as_str())));
        cache.save(used, misses > 0);
    }
    Ok((results.into_iter().map(|(file, _, _)| file).collect(), misses))
}

/// Formats one file, or takes it from the cache: the file, its cache key, whether it was formatted.
fn format_cached(file: &File, header: &str, cache: Option<&Cache>) -> Result<(File, Option<String>, bool)> {
    if file.formatted {
        return Ok((format_file(file.clone(), header)?, None, false));
    }
    let Some(cache) = cache else {
        return Ok((format_file(file.clone(), header)?, None, true));
    };
    let key = cache.key(file, header);
    if let Some(contents) = cache.take(&key) {
        return Ok((File { path: file.path.clone(), contents, formatted: true }, Some(key), false));
    }
    Ok((format_file(file.clone(), header)?, Some(key), true))
}

/// Formats one rendered file and puts the generated-file header on it.
pub fn format_file(file: File, header: &str) -> Result<File> {
    let contents = if file.formatted && file.path.ends_with(".rs") {
        format!("// {header}\n\n{}", file.contents)
    } else if file.path.ends_with(".rs") {
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
        let comment = if file.path.ends_with(".md") { format!("<!-- {header} -->") } else { format!("# {header}") };
        format!("{comment}\n\n{}", file.contents.trim_start())
    };
    Ok(File { path: file.path, contents, formatted: true })
}
