//! The front of a generation, spec text -> IR: load, resolve and, for a crate with a feature
//! per API, the features; timed. Its own module, not the crate root's, so that what needs a
//! spec's IR (`diff::manifest_of`) does not depend on the root, which runs `diff`.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::error::Result;
use crate::settings::GenerationSettings;
use crate::{features, ir, load, resolve};

/// Time spent in each stage.
#[derive(Debug, Default, Clone, Copy)]
pub struct Timings {
    pub load: Duration,
    pub resolve: Duration,
    pub render: Duration,
    pub format: Duration,
}

/// Load and resolve: spec text -> IR (with a feature per API when the settings ask for them).
pub fn load_and_resolve(path: &Path, text: &str, settings: &GenerationSettings) -> Result<(ir::Api, Timings)> {
    let mut timings = Timings::default();
    let start = Instant::now();
    let loaded = load::parse(path, text, settings.strict)?;
    timings.load = start.elapsed();

    let start = Instant::now();
    let mut api = resolve::resolve(&loaded, settings)?;
    if settings.features {
        features::assign(&mut api, &settings.operation_prefix);
    }
    timings.resolve = start.elapsed();
    Ok((api, timings))
}
