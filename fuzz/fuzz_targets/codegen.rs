//! Any text through load -> resolve -> render -> format: the generator must return a result
//! (a crate or an error), never panic, hang or overflow its stack.
#![no_main]

use std::path::Path;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let settings = generator::GenerationSettings::datadog_v2("fuzz-client");
        let _ = generator::generate_from_str(Path::new("fuzz.yaml"), text, &settings, None);
    }
});
