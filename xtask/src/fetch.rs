//! Reading the vendor's full spec from a file or an https URL (downloaded with reqwest, a
//! progress bar on a terminal, a timeout, and an error naming the URL on any failure).

use std::io::{IsTerminal, Read, Write};
use std::time::Duration;

/// How long a download may take, connecting included.
const TIMEOUT: Duration = Duration::from_secs(300);

/// The text at `source`: a URL (`https://`, or `http://` on loopback for tests) or a file path.
pub fn read_source(source: &str) -> Result<String, String> {
    if source.starts_with("https://") || source.starts_with("http://") {
        download(source, TIMEOUT)
    } else {
        generator::load::read(std::path::Path::new(source)).map_err(|e| e.to_string())
    }
}

/// Downloads `url` as text. Plain `http` is refused except on loopback, where tests serve it.
pub fn download(url: &str, timeout: Duration) -> Result<String, String> {
    let parsed = reqwest::Url::parse(url).map_err(|e| format!("{url} is not a valid URL: {e}"))?;
    let loopback = matches!(parsed.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    if parsed.scheme() != "https" && !loopback {
        return Err(format!("{url}: only https URLs are accepted"));
    }
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::blocking::Client::builder()
        .timeout(timeout)
        .connect_timeout(Duration::from_secs(30))
        .user_agent(concat!("datadog-org-connections-xtask/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("cannot set up the HTTP client: {e}"))?;
    let fail = |e: reqwest::Error| format!("downloading {url} failed: {e}");
    let mut response = client.get(parsed.clone()).send().map_err(fail)?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("downloading {url} failed: the server answered {status}"));
    }
    let total = response.content_length();
    let show = std::io::stderr().is_terminal();
    let mut body = Vec::with_capacity(total.unwrap_or(0).min(64 << 20) as usize);
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = response.read(&mut chunk).map_err(|e| format!("downloading {url} failed: {e}"))?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
        if show {
            progress(body.len() as u64, total);
        }
    }
    if show {
        eprintln!();
    }
    if let Some(total) = total.filter(|t| *t != body.len() as u64) {
        return Err(format!("downloading {url} failed: got {} of {total} bytes", body.len()));
    }
    String::from_utf8(body).map_err(|_| format!("{url} is not UTF-8 text"))
}

/// One line, redrawn: a bar when the size is known, else the bytes so far.
fn progress(done: u64, total: Option<u64>) {
    const WIDTH: u64 = 30;
    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    let line = match total {
        Some(total) if total > 0 => {
            let filled = (done * WIDTH / total).min(WIDTH) as usize;
            format!(
                "[{}{}] {:.1}/{:.1} MiB",
                "#".repeat(filled),
                " ".repeat(WIDTH as usize - filled),
                mib(done),
                mib(total)
            )
        }
        _ => format!("{:.1} MiB", mib(done)),
    };
    let mut err = std::io::stderr();
    let _ = write!(err, "\rdownloading {line}");
    let _ = err.flush();
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader};
    use std::net::TcpListener;

    /// Serves one request on loopback with `status` and `body`; returns the URL.
    fn serve_once(status: &'static str, body: &'static str) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        });
        format!("http://{addr}/spec.yaml")
    }

    #[test]
    fn a_spec_is_downloaded_from_a_server() {
        let url = serve_once("200 OK", "openapi: 3.0.0\n");
        assert_eq!(read_source(&url).unwrap(), "openapi: 3.0.0\n");
    }

    #[test]
    fn an_http_error_names_the_url_and_the_status() {
        let url = serve_once("404 Not Found", "no");
        let err = read_source(&url).unwrap_err();
        assert!(err.contains(&url) && err.contains("404"), "{err}");
    }

    #[test]
    fn a_refused_connection_and_a_timeout_are_errors() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/spec.yaml", listener.local_addr().unwrap());
        drop(listener);
        assert!(read_source(&url).unwrap_err().contains("failed"));
        // A server that accepts and never answers.
        let silent = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/spec.yaml", silent.local_addr().unwrap());
        let err = download(&url, Duration::from_millis(300)).unwrap_err();
        assert!(err.contains("failed"), "{err}");
    }

    #[test]
    fn plain_http_is_refused_off_loopback() {
        assert!(read_source("http://example.com/spec.yaml").unwrap_err().contains("only https"));
    }
}
