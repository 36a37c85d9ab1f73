//! The runtime every generated client carries, as ordinary Rust: compiled, linted and tested
//! here, then copied into each generated crate as `src/datadog/` by the generator (which drops
//! `#[cfg(test)]` items and renders `spec.rs` from the spec instead of using the stand-in).
#![deny(missing_docs)]

pub mod datadog;
