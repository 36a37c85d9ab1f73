//! The stream behind every `…_with_pagination` method.

use super::Error;

/// A stream of every item of a paginated operation: `fetch` returns one page's items and the
/// parameters of the next page, or `None` after the last one.
#[doc(hidden)]
pub fn paginate<'a, P, T, E, F, Fut>(params: P, fetch: F) -> impl futures_util::Stream<Item = Result<T, Error<E>>> + 'a
where
    P: 'a,
    T: 'a,
    E: 'a,
    F: Fn(P) -> Fut + 'a,
    Fut: std::future::Future<Output = Result<(Vec<T>, Option<P>), Error<E>>> + 'a,
{
    use futures_util::stream::{self, TryStreamExt};
    stream::try_unfold(Some(params), move |next| {
        let page = next.map(&fetch);
        async move {
            match page {
                Some(page) => {
                    let (items, next) = page.await?;
                    Ok::<_, Error<E>>(Some((stream::iter(items.into_iter().map(Ok)), next)))
                }
                None => Ok(None),
            }
        }
    })
    .try_flatten()
}
