//! One module per command, each with one `run`: it reads its flags, calls the library, and prints.

pub mod api_diff;
pub mod codegen;
pub mod smoke;
pub mod spec;
pub mod spec_target;
