//! Descriptions -> rustdoc: markdown from the spec made into doc lines that build without
//! rustdoc or clippy warnings.

/// Rustdoc lines for a description, or for `fallback` when it has none (or only white space):
/// an empty doc would fail `deny(missing_docs)`.
pub fn docs(description: Option<&str>, fallback: &str) -> Vec<String> {
    let lines = match description {
        Some(d) if !d.trim().is_empty() => doc_lines(d),
        _ => doc_lines(fallback),
    };
    if lines.iter().all(|l| l.trim().is_empty()) { vec!["Undocumented in the spec.".to_string()] } else { lines }
}

/// Text put into one doc line: line breaks and other control characters become spaces, since a
/// bare CR fails rustc and a line break would end the line.
pub fn doc_text(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// Turns a (markdown) description into rustdoc lines that build without rustdoc or clippy
/// warnings: code fences become `text` (so rustdoc does not compile them as doctests), bare
/// URLs are wrapped in `<>`, square brackets that are not a markdown link are escaped
/// (`page[size]` would otherwise be read as an intra-doc link), and list items are indented as
/// markdown reads them (a nested item at its parent's content, a continuation line under its
/// item's text, a plain line after a list as its own paragraph), and a line that continues a
/// block quote gets its `>`, as markdown reads it.
pub fn doc_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_fence = false;
    // Open list items, outermost first: (indent of the marker, indent of the item's text).
    let mut items: Vec<(usize, usize)> = Vec::new();
    let mut after_blank = false;
    let mut in_quote = false;
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    for line in text.trim().lines() {
        let line = doc_text(line);
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.starts_with("```") {
            lines.push(if in_fence { "```".to_string() } else { "```text".to_string() });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            lines.push(line.to_string());
            continue;
        }
        if trimmed.is_empty() {
            after_blank = true;
            in_quote = false;
            lines.push(String::new());
            continue;
        }
        if trimmed.starts_with('>') {
            in_quote = true;
        } else if in_quote {
            // A lazy continuation of the quote above: clippy wants its `>`.
            lines.push(escape_markdown(&format!("> {}", trimmed.trim_end())));
            continue;
        }
        let indent = if let Some(marker) = list_marker_width(trimmed) {
            while items.last().is_some_and(|&(item, _)| item >= indent) {
                items.pop();
            }
            // Deeper than its parent's text is still one level down.
            let indent = items.last().map_or(indent, |&(_, content)| indent.min(content));
            items.push((indent, indent + marker));
            indent
        } else if let Some(&(_, content)) = items.last() {
            if indent == 0 && !after_blank {
                // A plain line right after a list would continue its last item; a blank line
                // makes it the paragraph the spec's author meant.
                lines.push(String::new());
                items.clear();
                0
            } else if !after_blank || indent >= content {
                // A continuation of the item: under its text.
                indent.max(content)
            } else {
                while items.last().is_some_and(|&(_, content)| content > indent) {
                    items.pop();
                }
                indent
            }
        } else {
            indent
        };
        after_blank = false;
        lines.push(escape_markdown(&format!("{}{}", " ".repeat(indent), trimmed.trim_end())));
    }
    if in_fence {
        lines.push("```".to_string());
    }
    lines
}

/// The width of a Markdown list marker and its space (`- ` is 2, `10. ` is 4), if `line` is
/// a list item.
fn list_marker_width(line: &str) -> Option<usize> {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = if digits > 0 { line[digits..].strip_prefix('.') } else { line.strip_prefix(['-', '*', '+']) };
    rest.filter(|r| r.starts_with(' ')).map(|_| line.len() - rest.map_or(0, str::len) + 1)
}

fn escape_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    let mut in_code = false;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
        }
        if !in_code {
            if let Some(url_len) = bare_url_len(rest, &out) {
                out.push('<');
                out.push_str(&rest[..url_len]);
                out.push('>');
                rest = &rest[url_len..];
                continue;
            }
            if (c == '[' || c == ']') && !is_markdown_link_bracket(line, line.len() - rest.len()) {
                out.push('\\');
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Length of a URL starting at `rest` that is not already inside `<…>` or a markdown link.
fn bare_url_len(rest: &str, before: &str) -> Option<usize> {
    if !(rest.starts_with("https://") || rest.starts_with("http://")) {
        return None;
    }
    if before.ends_with('<') || before.ends_with("](") || before.ends_with('(') {
        return None;
    }
    let len =
        rest.find(|c: char| c.is_whitespace() || c == ')' || c == '>' || c == '"' || c == '`').unwrap_or(rest.len());
    let trimmed = rest[..len].trim_end_matches(['.', ',', ';', ':']);
    Some(trimmed.len())
}

/// A `[` or `]` that belongs to `[text](target)`.
fn is_markdown_link_bracket(line: &str, at: usize) -> bool {
    let bytes = line.as_bytes();
    if bytes[at] == b']' {
        return bytes.get(at + 1) == Some(&b'(') && line[..at].contains('[');
    }
    match line[at..].find(']') {
        Some(close) => bytes.get(at + close + 1) == Some(&b'('),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_are_rustdoc_safe() {
        assert_eq!(doc_lines("Use `page[size]` or page[size]."), ["Use `page[size]` or page\\[size\\]."]);
        assert_eq!(doc_lines("See [docs](https://x.y/z)."), ["See [docs](https://x.y/z)."]);
        assert_eq!(doc_lines("See https://x.y/z."), ["See <https://x.y/z>."]);
        assert_eq!(doc_lines("a\n```\nlet x;\n```"), ["a", "```text", "let x;", "```"]);
        assert_eq!(
            doc_lines("Levels:\n- 0: latest\n2. two\nAt most 2."),
            ["Levels:", "- 0: latest", "2. two", "", "At most 2."]
        );
        assert_eq!(doc_lines("- a\n  more of a"), ["- a", "  more of a"]);
        assert_eq!(doc_lines("- a\n  more of a\nAfter."), ["- a", "  more of a", "", "After."]);
        // Ory's OpenID Connect docs quote the spec over several lines, with one `>`.
        assert_eq!(
            doc_lines("As follows:\n> Requested values.\nthat the server\n\nAfter."),
            ["As follows:", "> Requested values.", "> that the server", "", "After."]
        );
    }

    #[test]
    fn lists_are_indented_as_markdown_reads_them() {
        // Datadog v1's monitor query docs: a nested item indented far past its parent's text.
        assert_eq!(
            doc_lines("- `timeframe_type` the type\n        - for `forecast`\n- next"),
            ["- `timeframe_type` the type", "  - for `forecast`", "- next"]
        );
        // A continuation line under-indented for its item's text.
        assert_eq!(
            doc_lines("Two ways:\n\n  1. Follow the docs.\n  Integrations do the rest.\n\n  2. Remap."),
            ["Two ways:", "", "  1. Follow the docs.", "     Integrations do the rest.", "", "  2. Remap."]
        );
    }
}
