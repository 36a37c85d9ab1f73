//! The retry policy: which answers and failures are tried again, and after how long.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

use super::Configuration;

/// When one request may be sent again: retries on in the configuration, fewer than
/// `max_retries` so far, and an answer or failure worth retrying for its method.
pub(super) struct Retry {
    enabled: bool,
    max_retries: u32,
    max_wait: Duration,
    idempotent: bool,
}

impl Retry {
    /// The policy for a request with `method`, as `config` sets retries.
    pub(super) fn new(config: &Configuration, method: &Method) -> Self {
        Retry {
            enabled: config.enable_retry,
            max_retries: config.max_retries,
            max_wait: config.max_retry_wait,
            idempotent: idempotent(method),
        }
    }

    /// How long to wait before attempt `attempt + 1`, after `outcome`; `None` when it stands.
    /// A 5xx answer, a refused connection or a timeout is retried only for an idempotent
    /// method, since a POST or PATCH may have taken effect; a 429 always is.
    pub(super) fn wait(
        &self,
        outcome: &Result<reqwest::Response, reqwest_middleware::Error>,
        attempt: u32,
    ) -> Option<Duration> {
        if !self.enabled || attempt >= self.max_retries {
            return None;
        }
        match outcome {
            Ok(response) => retry_wait(response.status(), response.headers(), self.idempotent, attempt, self.max_wait),
            Err(reqwest_middleware::Error::Reqwest(e)) if self.idempotent && (e.is_connect() || e.is_timeout()) => {
                Some(backoff(attempt))
            }
            Err(_) => None,
        }
    }
}

/// Whether sending a request with `method` twice does what sending it once does.
fn idempotent(method: &Method) -> bool {
    !matches!(*method, Method::POST | Method::PATCH)
}

/// How long to wait before retrying this answer, or `None` when it must not be retried:
/// 429 always, 5xx only for idempotent methods. The server's own `X-RateLimit-Reset` or
/// `Retry-After` wins over backoff; a wait it asks for beyond `max_wait` is not slept, and the
/// answer is returned at once.
fn retry_wait(
    status: StatusCode,
    headers: &HeaderMap,
    idempotent: bool,
    attempt: u32,
    max_wait: Duration,
) -> Option<Duration> {
    let retryable = status == StatusCode::TOO_MANY_REQUESTS || (idempotent && status.is_server_error());
    if !retryable {
        return None;
    }
    match server_wait(headers) {
        Some(wait) if wait > max_wait => None,
        Some(wait) => Some(wait),
        None => Some(backoff(attempt)),
    }
}

/// Exponential backoff (0.5 s, 1 s, 2 s, ... up to 30 s) with full jitter.
fn backoff(attempt: u32) -> Duration {
    use std::hash::{BuildHasher, RandomState};
    let ceiling = Duration::from_millis(500).saturating_mul(1 << attempt.min(6)).min(Duration::from_secs(30));
    let jitter = (RandomState::new().hash_one(attempt) % 1000) as f64 / 1000.0;
    ceiling.mul_f64(0.5 + jitter / 2.0)
}

/// The wait a response asks for: `X-RateLimit-Reset` (seconds), else `Retry-After` (seconds or
/// an HTTP date; a date in the past is zero). `None` when it asks for none or the value cannot
/// be read. Also what [`ResponseContent::retry_after`](super::ResponseContent::retry_after) says.
pub(super) fn server_wait(headers: &HeaderMap) -> Option<Duration> {
    let text = |name: &str| headers.get(name)?.to_str().ok().map(str::trim);
    let seconds = |value: &str| {
        let seconds = value.parse::<f64>().ok().filter(|s| *s >= 0.0)?;
        Duration::try_from_secs_f64(seconds).ok()
    };
    if let Some(wait) = text("x-ratelimit-reset").and_then(seconds) {
        return Some(wait);
    }
    let value = text("retry-after")?;
    seconds(value).or_else(|| {
        let date = httpdate::parse_http_date(value).ok()?;
        Some(date.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn retries_follow_the_server_and_back_off_otherwise() {
        let max = Duration::from_secs(60);
        let mut headers = HeaderMap::new();
        assert_eq!(retry_wait(StatusCode::BAD_REQUEST, &headers, true, 0, max), None);
        assert_eq!(retry_wait(StatusCode::INTERNAL_SERVER_ERROR, &headers, false, 0, max), None);
        let backoff = retry_wait(StatusCode::INTERNAL_SERVER_ERROR, &headers, true, 0, max).unwrap();
        assert!(backoff >= Duration::from_millis(250) && backoff <= Duration::from_millis(500), "{backoff:?}");
        headers.insert("x-ratelimit-reset", HeaderValue::from_static("2"));
        assert_eq!(retry_wait(StatusCode::TOO_MANY_REQUESTS, &headers, false, 0, max), Some(Duration::from_secs(2)));
    }

    #[test]
    fn a_wait_longer_than_the_maximum_is_not_retried() {
        let max = Duration::from_secs(60);
        let mut headers = HeaderMap::new();
        headers.insert("x-ratelimit-reset", HeaderValue::from_static("999999"));
        assert_eq!(retry_wait(StatusCode::TOO_MANY_REQUESTS, &headers, true, 0, max), None);
        headers.insert("x-ratelimit-reset", HeaderValue::from_static("60"));
        assert_eq!(retry_wait(StatusCode::TOO_MANY_REQUESTS, &headers, true, 0, max), Some(max));
        let mut headers = HeaderMap::new();
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3600));
        headers.insert("retry-after", HeaderValue::from_str(&later).unwrap());
        assert_eq!(retry_wait(StatusCode::SERVICE_UNAVAILABLE, &headers, true, 0, max), None);
    }

    #[test]
    fn only_post_and_patch_are_not_idempotent() {
        for method in [Method::GET, Method::DELETE, Method::PUT, Method::HEAD] {
            assert!(idempotent(&method), "{method}");
        }
        for method in [Method::POST, Method::PATCH] {
            assert!(!idempotent(&method), "{method}");
        }
    }

    #[test]
    fn backoff_doubles_up_to_thirty_seconds() {
        for (attempt, ceiling) in [(0, 500), (1, 1_000), (2, 2_000), (6, 30_000), (40, 30_000)] {
            let wait = backoff(attempt);
            let ceiling = Duration::from_millis(ceiling);
            assert!(wait >= ceiling / 2 && wait <= ceiling, "attempt {attempt}: {wait:?}");
        }
    }

    #[test]
    fn server_wait_reads_seconds_and_http_dates() {
        assert_eq!(server_wait(&headers(&[])), None);
        assert_eq!(server_wait(&headers(&[("x-ratelimit-reset", "7")])), Some(Duration::from_secs(7)));
        assert_eq!(server_wait(&headers(&[("x-ratelimit-reset", "-1")])), None);
        assert_eq!(server_wait(&headers(&[("x-ratelimit-reset", "1e300")])), None);
        assert_eq!(
            server_wait(&headers(&[("x-ratelimit-reset", "3"), ("retry-after", "9")])),
            Some(Duration::from_secs(3))
        );
        assert_eq!(server_wait(&headers(&[("retry-after", "120")])), Some(Duration::from_secs(120)));
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(100));
        let wait = server_wait(&headers(&[("retry-after", &later)])).unwrap();
        assert!(wait > Duration::from_secs(98) && wait <= Duration::from_secs(100), "{wait:?}");
        let past = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(100));
        assert_eq!(server_wait(&headers(&[("retry-after", &past)])), Some(Duration::ZERO));
        assert_eq!(server_wait(&headers(&[("retry-after", "soon")])), None);
    }
}
