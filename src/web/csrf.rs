//! Cross-site request forgery: every request that changes something (a POST) must carry the
//! session's token — in the form field [`FIELD`] or the header [`HEADER`] (htmx and the upload
//! script send the header) — and, when the browser says where it comes from (`Origin`), come
//! from this server. The session cookie is `SameSite=Strict` besides.
//!
//! The Host check also stops DNS rebinding: a page of another site whose name was made to
//! point at 127.0.0.1 sends its own name as the Host, which is refused.

use axum::http::HeaderMap;

use super::auth::same_secret;

/// The form field holding the token.
pub const FIELD: &str = "_csrf";
/// The request header holding the token.
pub const HEADER: &str = "x-csrf-token";

/// Whether a request's token matches its session's.
pub fn token_ok(headers: &HeaderMap, form_token: Option<&str>, session_token: &str) -> bool {
    let sent = headers
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .or(form_token);
    sent.is_some_and(|t| same_secret(t, session_token))
}

/// Whether the request's `Origin`, when it has one, is this server (`scheme://host`).
pub fn origin_ok(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get("origin").and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let Some(host) = headers.get("host").and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let bare = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    bare == Some(host) || forwarded_host(headers).is_some_and(|h| bare == Some(h))
}

/// The host a reverse proxy says the browser asked for.
fn forwarded_host(headers: &HeaderMap) -> Option<&str> {
    headers
        .get("x-forwarded-host")
        .and_then(|v| v.to_str().ok())
}

/// Whether the `Host` header names a server the page may be served as: on loopback, only
/// `127.0.0.1`, `localhost` or `[::1]` (with any port); beyond loopback any host (the reverse
/// proxy decides), since the password guards it.
pub fn host_ok(headers: &HeaderMap, loopback: bool) -> bool {
    if !loopback {
        return true;
    }
    let Some(host) = headers.get("host").and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let name = if host.starts_with('[') {
        host.split(']').next().map(|h| format!("{h}]"))
    } else {
        host.split(':').next().map(str::to_string)
    };
    matches!(name.as_deref(), Some("127.0.0.1" | "localhost" | "[::1]"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn the_token_must_match_from_header_or_form() {
        assert!(token_ok(&headers(&[(HEADER, "abc")]), None, "abc"));
        assert!(token_ok(&headers(&[]), Some("abc"), "abc"));
        assert!(!token_ok(&headers(&[]), None, "abc"));
        assert!(!token_ok(&headers(&[(HEADER, "abd")]), Some("abc"), "abc"));
    }

    #[test]
    fn other_origins_and_rebound_hosts_are_refused() {
        let same = headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://127.0.0.1:8080"),
        ]);
        assert!(origin_ok(&same));
        let other = headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://evil.example"),
        ]);
        assert!(!origin_ok(&other));
        assert!(host_ok(&headers(&[("host", "localhost:1")]), true));
        assert!(host_ok(&headers(&[("host", "[::1]:1")]), true));
        assert!(!host_ok(&headers(&[("host", "evil.example:8080")]), true));
        assert!(host_ok(&headers(&[("host", "desk.gov.cn")]), false));
    }
}
