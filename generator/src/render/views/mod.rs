//! One view per template: the named, typed data each template reads, built from the IR and the
//! settings. A misspelled field is a compile error here; minijinja's strict undefined behaviour
//! catches the rest at render time, in the generator's tests.

mod crate_root;
mod manifest;
mod mock;
mod modules;

pub use crate_root::*;
pub use manifest::*;
pub use mock::*;
pub use modules::*;
