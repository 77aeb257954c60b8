//! `audit verify`: the chain walked in id order, in keyset pages read by one
//! task while another checks the MACs, so memory stays at a few pages
//! whatever the log's length and both cores work. From a checkpoint, only the
//! events after it are checked: the checkpoint vouches for the rest.
use super::audit::Event;
use super::audit_checkpoint::Checkpoint;
use super::audit_key::KEYED;
use super::db::{Backend, Db};
use super::packed_page;
use super::sql_filter::Arg;
use sqlx::Row;

/// Events per read.
const PAGE: i64 = 10_000;

#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Every event from `from` to `events` verified; `unkeyed` of them (the
    /// first ones) were written before the chain was keyed, and only a
    /// checkpoint vouches for those.
    Intact {
        events: i64,
        unkeyed: i64,
        from: i64,
    },
    Broken {
        event: i64,
        reason: &'static str,
    },
}

/// How far a verification has come: events checked, of how many.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub checked: i64,
    pub of: i64,
}

/// Verifies the whole chain with the database's key; every checkpoint given
/// must be signed with that key and match the event it names.
pub async fn verify(db: &Db, checkpoints: &[Checkpoint]) -> Result<Verdict, sqlx::Error> {
    verify_with(db, checkpoints, false, &mut |_| {}).await
}

/// `verify`, or with `from_checkpoint` only the events after the latest
/// checkpoint (whose event must still carry the MAC it signed); `progress`
/// hears after each page.
pub async fn verify_with(
    db: &Db,
    checkpoints: &[Checkpoint],
    from_checkpoint: bool,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Result<Verdict, sqlx::Error> {
    let key = db.audit_key.prepared()?;
    if let Some(bad) = checkpoints.iter().find(|c| !c.is_signed_by(&db.audit_key)) {
        return Ok(Verdict::Broken {
            event: bad.seq,
            reason: "is named by a checkpoint not signed with this key",
        });
    }
    // Looked up once per event: a checkpoint file grows by one line an hour.
    let signed: std::collections::HashMap<i64, &String> =
        checkpoints.iter().map(|c| (c.seq, &c.hash)).collect();
    let last_signed = checkpoints.iter().map(|c| c.seq).max().unwrap_or(0);
    let head: (i64, String) = sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(&db.pool)
        .await?;

    let start = match checkpoints.iter().max_by_key(|c| c.seq) {
        Some(latest) if from_checkpoint => latest.clone(),
        _ => Checkpoint::origin(),
    };
    if start.seq > 0 {
        // The checkpoint's own event must still be the one it signed, and
        // still carry its MAC.
        let mut buf = Vec::new();
        let stored = read_page(db, start.seq - 1, 1).await?;
        match stored.first() {
            Some(e) if e.id != start.seq => {
                return Ok(Verdict::Broken {
                    event: start.seq,
                    reason: "missing",
                })
            }
            None => {
                return Ok(Verdict::Broken {
                    event: start.seq,
                    reason: "missing: the log ends before a checkpoint",
                })
            }
            Some(e) if e.hash != start.hash => {
                return Ok(Verdict::Broken {
                    event: start.seq,
                    reason: "is not the event its checkpoint signed",
                })
            }
            Some(e) if !e.carries_its_mac(&key, &mut buf) => {
                return Ok(Verdict::Broken {
                    event: start.seq,
                    reason: "was changed",
                })
            }
            Some(_) => {}
        }
    }

    let (pages_tx, mut pages) = tokio::sync::mpsc::channel(1);
    let reader = tokio::spawn(read_pages(db.clone(), start.seq, pages_tx));
    let (mut prev_hash, mut after) = (start.hash.clone(), start.seq);
    // Unkeyed events may only open the chain, before the first keyed one.
    let mut in_unkeyed_start = !start.hash.starts_with(KEYED);
    let mut unkeyed = 0;
    let mut buf = Vec::with_capacity(1024);
    let verdict = 'walk: {
        while let Some(page) = pages.recv().await {
            for event in page? {
                let broken = |reason| Verdict::Broken {
                    event: event.id,
                    reason,
                };
                if event.id != after + 1 {
                    break 'walk Verdict::Broken {
                        event: after + 1,
                        reason: "missing",
                    };
                }
                if event.prev_hash != prev_hash {
                    break 'walk broken("does not follow the event before it");
                }
                let keyed = event.hash.starts_with(KEYED);
                if !keyed && !in_unkeyed_start {
                    break 'walk broken("is not keyed, though events before it are");
                }
                if !event.carries_its_mac(&key, &mut buf) {
                    break 'walk broken("was changed");
                }
                if signed.get(&event.id).is_some_and(|h| **h != event.hash) {
                    break 'walk broken("is not the event its checkpoint signed");
                }
                in_unkeyed_start &= !keyed;
                unkeyed += i64::from(!keyed);
                prev_hash = event.hash;
                after = event.id;
            }
            progress(Progress {
                checked: after - start.seq,
                of: (head.0 - start.seq).max(after - start.seq),
            });
        }
        if last_signed > after {
            break 'walk Verdict::Broken {
                event: after + 1,
                reason: "missing: the log ends before a checkpoint",
            };
        }
        if head.0 < after {
            break 'walk Verdict::Broken {
                event: head.0 + 1,
                reason: "is past the chain's head (the head was moved back)",
            };
        }
        if head.0 != after || head.1 != prev_hash {
            break 'walk Verdict::Broken {
                event: after + 1,
                reason: "missing",
            };
        }
        Verdict::Intact {
            events: after,
            unkeyed,
            from: start.seq + 1,
        }
    };
    // A broken chain stops the walk early: the reader stops with it.
    reader.abort();
    Ok(verdict)
}

/// Reads the events after `after` a page at a time into `pages`, until the
/// end or until nobody listens.
async fn read_pages(
    db: Db,
    mut after: i64,
    pages: tokio::sync::mpsc::Sender<Result<Vec<Event>, sqlx::Error>>,
) {
    loop {
        let page = read_page(&db, after, PAGE).await;
        let last = match &page {
            Ok(events) => events.last().map(|e| e.id),
            Err(_) => None,
        };
        let end = last.is_none();
        if pages.send(page).await.is_err() || end {
            return;
        }
        after = last.unwrap_or(after);
    }
}

async fn read_page(db: &Db, after: i64, count: i64) -> Result<Vec<Event>, sqlx::Error> {
    match db.backend {
        Backend::Sqlite => read_packed_page(db, after, count).await,
        Backend::Postgres => read_rows_page(db, after, count).await,
    }
}

/// The columns of an event, in `Event`'s order.
const COLUMNS: &str =
    "id, at_us, actor_id, actor_name, client_addr, action, target, details, prev_hash, hash";

/// On SQLite a page is read packed (`packed_page`): row by row, `audit
/// verify` checked about 120,000 events a second. A value JSON cannot carry
/// as the column's type (a number where text belongs, a blob) fails the
/// read, as a row that did not decode failed it before.
async fn read_packed_page(db: &Db, after: i64, count: i64) -> Result<Vec<Event>, sqlx::Error> {
    let mut events: Vec<Event> = packed_page::fetch(
        db,
        COLUMNS,
        "FROM audit_events WHERE id > $1 ORDER BY id LIMIT $2",
        &[Arg::Int(after), Arg::Int(count)],
    )
    .await?;
    events.sort_unstable_by_key(|e| e.id);
    Ok(events)
}

async fn read_rows_page(db: &Db, after: i64, count: i64) -> Result<Vec<Event>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM audit_events WHERE id > $1 ORDER BY id LIMIT $2"
    ))
    .bind(after)
    .bind(count)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Event {
                id: row.try_get(0)?,
                at_us: row.try_get(1)?,
                actor_id: row.try_get(2)?,
                actor_name: row.try_get(3)?,
                client_addr: row.try_get(4)?,
                action: row.try_get(5)?,
                target: row.try_get(6)?,
                details: row.try_get(7)?,
                prev_hash: row.try_get(8)?,
                hash: row.try_get(9)?,
            })
        })
        .collect()
}
