//! CSV written as it is read: one page of rows at a time becomes one chunk of
//! the response, so an export of millions of rows needs the memory of one page.
use axum::body::{Body, Bytes};
use std::future::Future;

/// Spreadsheet programs (Excel above all) read a CSV file as UTF-8 only when
/// it starts with a byte-order mark; without one, Chinese text is garbled.
pub const BOM: &str = "\u{FEFF}";

/// Rows per database read while exporting.
pub const CHUNK_ROWS: usize = 1000;

/// One CSV line (RFC 4180), ending in CRLF. A field a spreadsheet would run
/// as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a leading `'`.
pub fn line(fields: &[&str]) -> String {
    let mut out = String::new();
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let guarded;
        let field = if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            guarded = format!("'{field}");
            guarded.as_str()
        } else {
            field
        };
        if field.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push_str("\r\n");
    out
}

/// A streamed body: `header`, then each chunk `next(cursor)` returns, until it
/// returns no further cursor. A database error ends the body early, so the
/// download fails visibly instead of looking complete.
pub fn stream<C, F, Fut>(header: String, start: C, mut next: F) -> Body
where
    C: Send + 'static,
    F: FnMut(C) -> Fut + Send + 'static,
    Fut: Future<Output = Result<(String, Option<C>), sqlx::Error>> + Send + 'static,
{
    use futures_util::stream::{self, StreamExt};
    let rows = stream::unfold(Some(start), move |cursor| {
        let chunk = cursor.map(&mut next);
        async move {
            match chunk?.await {
                Ok((chunk, next)) => Some((Ok(Bytes::from(chunk)), next)),
                Err(e) => {
                    tracing::error!(error = %e, "export stopped by a database error");
                    Some((Err(std::io::Error::other("export failed")), None))
                }
            }
        }
    })
    .fuse();
    // Fused, because whoever reads the body may poll it again after its end.
    Body::from_stream(
        stream::once(async move { Ok(Bytes::from(header)) })
            .chain(rows)
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
