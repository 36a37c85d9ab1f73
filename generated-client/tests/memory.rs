//! The memory an answer may take, measured: each answer is decoded in a process of its own (this
//! test binary run again, on its one ignored test `child`), whose peak resident set size
//! (`VmHWM`) is read back. The bound the README states: the body, plus at most three times its
//! size plus 8 MiB for what it decodes to; in all, under four times the body plus a constant. A
//! 64 KiB gzip answer inflating to 64 MiB of zeros kept as unknown fields peaked at 1,125 MiB,
//! and the same body as a 400 answer at 2,174 MiB, before that bound (275 and 75 MiB since).
//!
//! Linux only: the peak comes from `/proc/self/status`.
#![cfg(target_os = "linux")]

mod common;

use std::io::Write;
use std::process::Command;

use common::{CONNECTION_ID, config_for_url, connection_json, list_with, raw_response, raw_server};
use datadog_org_connections::datadog;

const MIB: usize = 1024 * 1024;

/// What a child process may hold beyond the bound proportional to the body: the test binary,
/// tokio, reqwest and the budget's own constant.
const FIXED_KIB: u64 = 32 * 1024;

/// A gzip answer: its size once inflated, and its bytes.
struct Body {
    inflated: usize,
    gzip: Vec<u8>,
}

/// A JSON body of `size` bytes (give or take one repetition) made of `head`, `item` repeated
/// with `separator` between, and `tail`, gzip-compressed as it is written.
fn gzip_body(size: usize, head: &str, item: &mut dyn FnMut(usize) -> String, separator: &str, tail: &str) -> Body {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let mut written = 0;
    let mut chunk = String::with_capacity(64 * 1024);
    chunk.push_str(head);
    let mut n = 0;
    while written + chunk.len() + tail.len() < size {
        if n > 0 {
            chunk.push_str(separator);
        }
        chunk.push_str(&item(n));
        n += 1;
        if chunk.len() >= 60 * 1024 {
            encoder.write_all(chunk.as_bytes()).unwrap();
            written += chunk.len();
            chunk.clear();
        }
    }
    chunk.push_str(tail);
    encoder.write_all(chunk.as_bytes()).unwrap();
    written += chunk.len();
    Body { inflated: written, gzip: encoder.finish().unwrap() }
}

/// `{"data":[],"pad":[ITEM,ITEM,...]}`: a valid listing whose unknown field `pad` holds `size`
/// bytes of `item`.
fn padded(size: usize, item: &str) -> Body {
    gzip_body(size, r#"{"data":[],"pad":["#, &mut |_| item.to_string(), ",", "]}")
}

/// Runs the child on an answer of `status` with `body` (gzip) and returns what it printed: the
/// outcome, and the peak resident set size in KiB.
fn measure(status: &str, body: &Body) -> (String, u64) {
    let headers: [&[u8]; 2] = [b"Content-Type: application/json", b"Content-Encoding: gzip"];
    let base = raw_server(raw_response(status, &headers, &body.gzip));
    let output = Command::new(std::env::current_exe().unwrap())
        .args(["child", "--exact", "--ignored", "--nocapture", "--test-threads=1"])
        .env("MEMORY_CHILD_URL", &base)
        .output()
        .expect("run the child");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "the child failed: {stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    let field = |name: &str| {
        // The harness may print `test child ... ` before the line.
        let line = stdout.lines().find_map(|l| l.split_once(name)).unwrap_or_else(|| panic!("no {name} in {stdout}"));
        line.1.to_string()
    };
    (field("MEMORY outcome="), field("MEMORY peak_kib=").parse().unwrap())
}

/// Asserts the bound for an answer of `inflated` bytes that peaked at `peak_kib`.
fn assert_bounded(what: &str, inflated: usize, outcome: &str, peak_kib: u64) {
    let body_kib = (inflated / 1024) as u64;
    eprintln!("{what}: {} MiB answer, peak {} MiB, {outcome}", inflated / MIB, peak_kib / 1024);
    assert!(
        peak_kib < 4 * body_kib + FIXED_KIB,
        "{what}: peak {peak_kib} KiB for a body of {body_kib} KiB, over 4 x body + {FIXED_KIB} KiB ({outcome})"
    );
}

#[test]
fn a_gzip_answer_inflating_to_unknown_fields_stays_within_the_bound() {
    let body = padded(64 * MIB, "0");
    assert!(body.gzip.len() < 128 * 1024, "{} bytes compressed", body.gzip.len());
    let (outcome, peak) = measure("200 OK", &body);
    assert_bounded("200 gzip, zeros", body.inflated, &outcome, peak);
    assert!(outcome.starts_with("serde:") && outcome.contains("memory"), "refused, saying why: {outcome}");
}

#[test]
fn a_large_error_answer_stays_within_the_bound_and_keeps_its_text() {
    let body = padded(64 * MIB, "0");
    let (outcome, peak) = measure("400 Bad Request", &body);
    assert_bounded("400 gzip, zeros", body.inflated, &outcome, peak);
    assert_eq!(outcome, format!("response 400: {} bytes kept, entity: false", body.inflated));
}

/// Other shapes, each the densest of its kind (nested arrays, arrays of every size, objects,
/// strings, unknown fields by the million, the smallest valid connections), refused; and a
/// listing of real connections, which takes about twice its size decoded, accepted.
#[test]
fn other_shapes_stay_within_the_bound() {
    let zeros = |n: usize| format!("[{}0]", "0,".repeat(n - 1));
    let smallest = r#"{"id":"00000000-0000-4000-8000-000000000000","type":"org_connection","attributes":{"connection_types":[],"created_at":"2023-01-01T12:00:00Z"},"relationships":{}}"#;
    let real = connection_json(CONNECTION_ID).to_string();
    let listing = |items: &mut dyn FnMut(usize) -> String| gzip_body(32 * MIB, r#"{"data":["#, items, ",", "]}");
    // What, the answer, and how its outcome starts.
    let shapes: Vec<(&str, Body, &str)> = vec![
        ("nested arrays", padded(32 * MIB, "[0]"), "serde:"),
        ("arrays of 1000", padded(32 * MIB, &zeros(1000)), "serde:"),
        ("arrays of 10000", padded(32 * MIB, &zeros(10000)), "serde:"),
        ("objects", padded(32 * MIB, r#"{"a":0}"#), "serde:"),
        ("strings", padded(32 * MIB, r#""a""#), "serde:"),
        ("unknown fields", gzip_body(32 * MIB, r#"{"data":[],"#, &mut |n| format!(r#""{n:x}":0"#), ",", "}"), "serde:"),
        ("smallest connections", listing(&mut |_| smallest.to_string()), "serde:"),
        ("real connections", listing(&mut |_| real.clone()), "ok:"),
    ];
    // Two children at a time: each measures its own peak.
    let failed: Vec<String> = std::thread::scope(|scope| {
        let (left, right) = shapes.split_at(shapes.len() / 2);
        let run = |shapes: &[(&str, Body, &str)]| {
            let mut failed = Vec::new();
            for (what, body, expected) in shapes {
                let (outcome, peak) = measure("200 OK", body);
                if std::panic::catch_unwind(|| assert_bounded(what, body.inflated, &outcome, peak)).is_err() {
                    failed.push(format!("{what}: over the bound"));
                }
                if !outcome.starts_with(expected) {
                    failed.push(format!("{what}: expected {expected}, got {outcome}"));
                }
            }
            failed
        };
        let left = scope.spawn(move || run(left));
        let mut failed = run(right);
        failed.extend(left.join().unwrap());
        failed
    });
    assert!(failed.is_empty(), "{failed:#?}");
}

/// The child: one call to the server the parent started, then its outcome and peak memory.
#[tokio::test(flavor = "current_thread")]
#[ignore = "run by the tests above, each in a process of its own"]
async fn child() {
    let Ok(base) = std::env::var("MEMORY_CHILD_URL") else { return };
    let mut config = config_for_url(&base);
    config.set_max_response_bytes(128 * MIB as u64);
    let outcome = match list_with(config).await {
        Ok(list) => format!("ok: {} items, {} unknown fields", list.data.len(), list.additional_properties.len()),
        Err(datadog::Error::Serde(e)) => format!("serde: {e}"),
        Err(datadog::Error::ResponseError(content)) => format!(
            "response {}: {} bytes kept, entity: {}",
            content.status.as_u16(),
            content.content.len(),
            content.entity.is_some()
        ),
        Err(other) => format!("other: {other}"),
    };
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let peak = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).expect("VmHWM");
    let peak: u64 = peak.trim().trim_end_matches("kB").trim().parse().unwrap();
    println!("MEMORY outcome={}", outcome.replace('\n', " "));
    println!("MEMORY peak_kib={peak}");
}
