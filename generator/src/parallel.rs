//! Work spread over every core, in order: rendering and formatting are per file and
//! independent, and most of the generator's time on a large spec.

use crate::error::{Error, Result};

/// `items.iter().map(f)`, in chunks on one thread per core; the results keep the items' order.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Result<Vec<R>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = items.len().div_ceil(threads).max(1);
    let f = &f;
    std::thread::scope(|scope| {
        let workers: Vec<_> =
            items.chunks(chunk).map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<_>>())).collect();
        let mut results = Vec::with_capacity(items.len());
        for worker in workers {
            results.extend(worker.join().map_err(|_| Error::Other("a generator thread panicked".into()))?);
        }
        Ok(results)
    })
}
