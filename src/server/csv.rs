//! CSV written as it is read: one page of rows at a time becomes one chunk of
//! the response, so an export of millions of rows needs the memory of one page.
use axum::body::{Body, Bytes};
use std::future::Future;

/// Spreadsheet programs (Excel above all) read a CSV file as UTF-8 only when
/// it starts with a byte-order mark; without one, Chinese text is garbled.
pub const BOM: &str = "\u{FEFF}";

/// Rows per database read while exporting: large enough that a read's own
/// cost is spread thin, small enough that a page is a few megabytes.
pub const CHUNK_ROWS: usize = 5000;

/// One CSV line (RFC 4180), ending in CRLF. A field a spreadsheet would run
/// as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a leading `'`.
pub fn line(fields: &[&str]) -> String {
    let mut out = String::new();
    push_line(&mut out, fields);
    out
}

/// `line`, appended to `out`: an export writes a page of lines into one buffer.
pub fn push_line(out: &mut String, fields: &[&str]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let guard = field.starts_with(['=', '+', '-', '@', '\t', '\r']);
        if field.contains([',', '"', '\n', '\r']) {
            out.push('"');
            if guard {
                out.push('\'');
            }
            for (j, part) in field.split('"').enumerate() {
                if j > 0 {
                    out.push_str("\"\"");
                }
                out.push_str(part);
            }
            out.push('"');
        } else {
            if guard {
                out.push('\'');
            }
            out.push_str(field);
        }
    }
    out.push_str("\r\n");
}

/// A streamed body: `header`, then each page `fetch(cursor)` returns, as
/// `render` writes it, until there is no further cursor. The next page is
/// read while this one is written and sent, so the database and the CPU
/// work at once; memory holds two pages. A database error ends the body
/// early, so the download fails visibly instead of looking complete.
pub fn stream<C, P, F, Fut, R>(header: String, start: C, fetch: F, render: R) -> Body
where
    C: Send + 'static,
    P: Send + 'static,
    F: Fn(C) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(P, Option<C>), sqlx::Error>> + Send + 'static,
    R: Fn(P) -> String + Send + 'static,
{
    use futures_util::stream::{self, StreamExt};
    let fetch = std::sync::Arc::new(fetch);
    let first = tokio::spawn(fetch(start));
    let pages = stream::unfold(
        (Some(first), fetch, render),
        |(pending, fetch, render)| async move {
            let read = match pending?.await {
                Ok(read) => read,
                Err(e) => Err(sqlx::Error::Protocol(format!("export read stopped: {e}"))),
            };
            match read {
                Ok((page, cursor)) => {
                    let next = cursor.map(|c| tokio::spawn(fetch(c)));
                    let chunk = render(page);
                    Some((Ok(Bytes::from(chunk)), (next, fetch, render)))
                }
                Err(e) => {
                    tracing::error!(error = %e, "export stopped by a database error");
                    Some((
                        Err(std::io::Error::other("export failed")),
                        (None, fetch, render),
                    ))
                }
            }
        },
    )
    .fuse();
    // Fused, because whoever reads the body may poll it again after its end.
    Body::from_stream(
        stream::once(async move { Ok(Bytes::from(header)) })
            .chain(pages)
            .fuse(),
    )
}

#[cfg(test)]
mod tests {
    use super::line;

    #[test]
    fn quotes_what_needs_quoting_and_defuses_formulas() {
        assert_eq!(line(&["a", "b c"]), "a,b c\r\n");
        assert_eq!(
            line(&["say \"hi\", then go", "x\ny"]),
            "\"say \"\"hi\"\", then go\",\"x\ny\"\r\n"
        );
        assert_eq!(
            line(&["=HYPERLINK(\"x\")", "-1", "标签"]),
            "\"'=HYPERLINK(\"\"x\"\")\",'-1,标签\r\n"
        );
    }
}
