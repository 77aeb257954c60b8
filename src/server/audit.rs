//! The append-only audit log. Every event carries the hash of the one before
//! it, so a changed, removed or inserted row breaks the chain at that event;
//! the database's triggers refuse updates and deletes in the first place.
use super::clock::Clock;
use super::db::Db;
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::Row;

/// Who acted: the user (id and name at the time) and their client address.
#[derive(Debug, Clone, Serialize)]
pub struct Actor {
    pub id: Option<i64>,
    pub name: String,
    pub client: String,
}

impl Actor {
    /// The command line, acting as the operating-system user who ran it.
    pub fn command_line() -> Actor {
        let who = std::env::var("USER").unwrap_or_else(|_| "unknown".into());
        Actor {
            id: None,
            name: format!("cli:{who}"),
            client: "local".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: i64,
    pub at_us: i64,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub client_addr: String,
    pub action: String,
    pub target: String,
    pub details: String,
    pub prev_hash: String,
    pub hash: String,
}

impl Event {
    fn computed_hash(&self) -> String {
        let canonical = serde_json::json!([
            self.prev_hash,
            self.id,
            self.at_us,
            self.actor_id,
            self.actor_name,
            self.client_addr,
            self.action,
            self.target,
            self.details,
        ]);
        hex(&Sha256::digest(canonical.to_string().as_bytes()))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Appends one event inside the caller's transaction, so the event and the
/// change it describes are committed together or not at all.
pub async fn append(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    clock: &dyn Clock,
    actor: &Actor,
    action: &str,
    target: &str,
    details: Value,
) -> Result<i64, sqlx::Error> {
    // Locks the head row first: writers queue here, in order.
    let head = sqlx::query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
        .fetch_one(&mut **tx)
        .await?;
    let mut event = Event {
        id: head.try_get("seq")?,
        at_us: clock.now_micros(),
        actor_id: actor.id,
        actor_name: actor.name.clone(),
        client_addr: actor.client.clone(),
        action: action.to_string(),
        target: target.to_string(),
        details: details.to_string(),
        prev_hash: head.try_get("hash")?,
        hash: String::new(),
    };
    event.hash = event.computed_hash();
    sqlx::query(
        "INSERT INTO audit_events (id, at_us, actor_id, actor_name, client_addr, action, target, details, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(event.id)
    .bind(event.at_us)
    .bind(event.actor_id)
    .bind(&event.actor_name)
    .bind(&event.client_addr)
    .bind(&event.action)
    .bind(&event.target)
    .bind(&event.details)
    .bind(&event.prev_hash)
    .bind(&event.hash)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(&event.hash)
        .execute(&mut **tx)
        .await?;
    Ok(event.id)
}

/// Appends one event in a transaction of its own.
pub async fn record(
    db: &Db,
    clock: &dyn Clock,
    actor: &Actor,
    action: &str,
    target: &str,
    details: Value,
) -> Result<i64, sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    let id = append(&mut tx, clock, actor, action, target, details).await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Intact { events: i64 },
    Broken { event: i64, reason: &'static str },
}

/// Walks the whole chain in id order, a page at a time.
pub async fn verify(db: &Db) -> Result<Verdict, sqlx::Error> {
    let (mut expected_id, mut prev_hash, mut after) = (1_i64, String::new(), 0_i64);
    loop {
        let rows = sqlx::query(
            "SELECT id, at_us, actor_id, actor_name, client_addr, action, target, details, prev_hash, hash \
             FROM audit_events WHERE id > $1 ORDER BY id LIMIT 1000",
        )
        .bind(after)
        .fetch_all(&db.pool)
        .await?;
        if rows.is_empty() {
            break;
        }
        for row in rows {
            let event = Event {
                id: row.try_get("id")?,
                at_us: row.try_get("at_us")?,
                actor_id: row.try_get("actor_id")?,
                actor_name: row.try_get("actor_name")?,
                client_addr: row.try_get("client_addr")?,
                action: row.try_get("action")?,
                target: row.try_get("target")?,
                details: row.try_get("details")?,
                prev_hash: row.try_get("prev_hash")?,
                hash: row.try_get("hash")?,
            };
            if event.id != expected_id {
                return Ok(Verdict::Broken {
                    event: expected_id,
                    reason: "missing",
                });
            }
            if event.prev_hash != prev_hash {
                return Ok(Verdict::Broken {
                    event: event.id,
                    reason: "does not follow the event before it",
                });
            }
            if event.computed_hash() != event.hash {
                return Ok(Verdict::Broken {
                    event: event.id,
                    reason: "was changed",
                });
            }
            prev_hash = event.hash;
            after = event.id;
            expected_id += 1;
        }
    }
    let head: (i64, String) = sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(&db.pool)
        .await?;
    if head.0 != after || head.1 != prev_hash {
        return Ok(Verdict::Broken {
            event: after + 1,
            reason: "missing",
        });
    }
    Ok(Verdict::Intact { events: after })
}
