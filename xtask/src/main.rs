//! `cargo xtask`: the command line over the generator library. The flags are in `cli.rs`; each
//! command is a module of `commands/` with one `run`, and the order of its steps is library code.

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

mod cli;
mod commands;
mod fetch;
mod progress;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codegen(args) => commands::codegen::run(args),
        Command::ApiDiff(args) => commands::api_diff::run(args),
        Command::Smoke(args) => commands::smoke::run(args),
        Command::Spec { command } => commands::spec::run(command),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
