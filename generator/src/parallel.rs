//! Work spread over every core, in order: rendering and formatting are per file and
//! independent, and most of the generator's time on a large spec.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::{Error, Result};

/// How many batches each thread takes on average: enough that the threads end together (files
/// differ a hundredfold in size), few enough that taking them costs nothing.
const BATCHES_PER_THREAD: usize = 64;

/// `items.iter().map(f)`, on one thread per core; the results keep the items' order. Threads
/// take the next batch as they finish one, so a run of large files does not hold back the end.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Result<Vec<R>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len());
    if threads <= 1 {
        return Ok(items.iter().map(f).collect());
    }
    let batch = (items.len() / (threads * BATCHES_PER_THREAD)).max(1);
    let next = AtomicUsize::new(0);
    let (f, next) = (&f, &next);
    let batches = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let start = next.fetch_add(batch, Ordering::Relaxed);
                        let Some(batch) = items.get(start..items.len().min(start + batch)) else { break };
                        if batch.is_empty() {
                            break;
                        }
                        done.push((start, batch.iter().map(f).collect::<Vec<_>>()));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| worker.join().map_err(|_| Error::Other("a generator thread panicked".into())))
            .collect::<Result<Vec<_>>>()
    })?;
    let mut batches: Vec<_> = batches.into_iter().flatten().collect();
    batches.sort_unstable_by_key(|(start, _)| *start);
    Ok(batches.into_iter().flat_map(|(_, results)| results).collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_items_order_whatever_thread_made_them() {
        for len in [0, 1, 2, 3, 127, 128, 129, 1000] {
            let items: Vec<usize> = (0..len).collect();
            let squares = super::map(&items, |n| n * n).unwrap();
            assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>(), "{len} items");
        }
    }
}
