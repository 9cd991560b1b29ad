//! The page's files, compiled into the binary: the style sheet, the upload script, and htmx
//! (2.0.11 from the npm registry, `htmx.min.js`, under its Zero-Clause BSD licence in
//! `htmx.LICENSE`). Nothing is read from disk and nothing needs Node at run time.

/// The file served at `/assets/<name>`: its bytes and content type.
pub fn get(name: &str) -> Option<(&'static [u8], &'static str)> {
    Some(match name {
        "app.css" => (include_bytes!("assets/app.css"), "text/css; charset=utf-8"),
        "app.js" => (
            include_bytes!("assets/app.js"),
            "text/javascript; charset=utf-8",
        ),
        "htmx.min.js" => (
            include_bytes!("assets/htmx.min.js"),
            "text/javascript; charset=utf-8",
        ),
        "htmx.LICENSE" => (
            include_bytes!("assets/htmx.LICENSE"),
            "text/plain; charset=utf-8",
        ),
        _ => return None,
    })
}
