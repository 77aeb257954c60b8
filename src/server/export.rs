//! The CSV exports' bodies: the history and the audit log, streamed in
//! pages through the same queries as the pages, in constant memory. The
//! audience is written in both languages (the file is read by anyone).
use crate::domain::push::Condition;
use crate::i18n::Locale;
use crate::server::audit_query::{self, AuditQuery};
use crate::server::csv::{line, push_line, stream, CHUNK_ROWS};
use crate::server::db::Db;
use crate::server::history::{packed, query::HistoryQuery};
use crate::text::audience::describe_audience;
use axum::body::Body;
use chrono_tz::Tz;

pub fn history(db: Db, query: HistoryQuery, tz: Tz) -> Body {
    let header = line(&[
        "id",
        "time",
        "time_zone",
        "app",
        "operator",
        "audience_kind",
        "audience_en",
        "audience_zh",
        "first_text",
        "status",
        "task_id",
    ]);
    let fetch = move |after| {
        let (db, query) = (db.clone(), query.clone());
        async move {
            let (rows, next) = packed::page(&db, &query, after, CHUNK_ROWS, tz).await?;
            Ok((rows, next.map(Some)))
        }
    };
    stream(header, None, fetch, move |rows| {
        let mut chunk = String::with_capacity(rows.len() * 160);
        // Most pushes go to a handful of audiences: each one's sentences
        // are written once a page, not twice a row.
        let mut sentences: Vec<(Option<&Condition>, String, String)> = Vec::new();
        for row in &rows {
            let condition = row.condition.as_ref();
            let at = match sentences.iter().position(|(c, ..)| *c == condition) {
                Some(i) => i,
                None => {
                    let en = describe_audience(Locale::en, condition);
                    let zh = describe_audience(Locale::zh_CN, condition);
                    sentences.push((condition, en, zh));
                    sentences.len() - 1
                }
            };
            let (_, en, zh) = &sentences[at];
            push_line(
                &mut chunk,
                &[
                    &row.id.to_string(),
                    &row.at,
                    tz.name(),
                    &row.app_id,
                    &row.operator,
                    row.audience_kind.as_str(),
                    en,
                    zh,
                    &row.first_text,
                    row.status.as_str(),
                    row.task_id.as_deref().unwrap_or_default(),
                ],
            );
        }
        chunk
    })
}

pub fn audit(db: Db, query: AuditQuery, tz: Tz) -> Body {
    let header = line(&[
        "id",
        "time",
        "time_zone",
        "actor",
        "client",
        "action",
        "target",
        "details",
    ]);
    let fetch = move |before| {
        let (db, query) = (db.clone(), query.clone());
        async move {
            let (rows, next) = audit_query::rows(&db, &query, before, CHUNK_ROWS, tz).await?;
            Ok((rows, next.map(Some)))
        }
    };
    stream(header, None, fetch, move |rows| {
        let mut chunk = String::with_capacity(rows.len() * 200);
        for e in &rows {
            push_line(
                &mut chunk,
                &[
                    &e.id.to_string(),
                    &e.at,
                    tz.name(),
                    &e.actor,
                    &e.client,
                    &e.action,
                    &e.target,
                    &e.details,
                ],
            );
        }
        chunk
    })
}
