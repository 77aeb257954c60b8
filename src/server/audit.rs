//! The append-only audit log. Every event carries a MAC, keyed with a key
//! held outside the database (audit_key), over itself and the MAC of the
//! one before it: a changed, removed or inserted row breaks the chain at
//! that event, and without the key nobody can compute a new chain that
//! verifies. What a key cannot show (the tail cut off, or everything wiped)
//! signed checkpoints kept elsewhere do (audit_checkpoint). The database's
//! triggers refuse updates and deletes in the first place.
use super::audit_checkpoint::Checkpoint;
use super::audit_key::{AuditKey, KEYED};
use super::clock::Clock;
use super::db::Db;
use crate::domain::vocab::AuditAction;
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
    fn canonical(&self) -> String {
        serde_json::json!([
            self.prev_hash,
            self.id,
            self.at_us,
            self.actor_id,
            self.actor_name,
            self.client_addr,
            self.action,
            self.target,
            self.details,
        ])
        .to_string()
    }

    /// The MAC this event must carry: keyed, or for an event written
    /// before the chain was keyed, the bare hash it was written with.
    fn expected_hash(&self, key: &AuditKey) -> Result<String, sqlx::Error> {
        if self.hash.starts_with(KEYED) {
            key.mac(self.canonical().as_bytes())
        } else {
            Ok(super::audit_key::hex(&Sha256::digest(
                self.canonical().as_bytes(),
            )))
        }
    }
}

/// Appends one event inside the caller's transaction, so the event and the
/// change it describes are committed together or not at all.
pub async fn append(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    key: &AuditKey,
    clock: &dyn Clock,
    actor: &Actor,
    action: AuditAction,
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
        action: action.as_str().to_string(),
        target: target.to_string(),
        details: details.to_string(),
        prev_hash: head.try_get("hash")?,
        hash: String::new(),
    };
    event.hash = key.mac(event.canonical().as_bytes())?;
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
    action: AuditAction,
    target: &str,
    details: Value,
) -> Result<i64, sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    let id = append(
        &mut tx,
        &db.audit_key,
        clock,
        actor,
        action,
        target,
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Every event verified; `unkeyed` of them (the first ones) were written
    /// before the chain was keyed, and only a checkpoint vouches for those.
    Intact {
        events: i64,
        unkeyed: i64,
    },
    Broken {
        event: i64,
        reason: &'static str,
    },
}

/// Walks the whole chain in id order, a page at a time, with the database's
/// key; every checkpoint given must be signed with that key and must match
/// the event it names, which must still be there.
pub async fn verify(db: &Db, checkpoints: &[Checkpoint]) -> Result<Verdict, sqlx::Error> {
    let key = &db.audit_key;
    if let Some(bad) = checkpoints.iter().find(|c| !c.is_signed_by(key)) {
        return Ok(Verdict::Broken {
            event: bad.seq,
            reason: "is named by a checkpoint not signed with this key",
        });
    }
    // Looked up once per event: a checkpoint file grows by one line an hour.
    let signed: std::collections::HashMap<i64, &String> =
        checkpoints.iter().map(|c| (c.seq, &c.hash)).collect();
    let last_signed = checkpoints.iter().map(|c| c.seq).max().unwrap_or(0);
    let (mut expected_id, mut prev_hash, mut after) = (1_i64, String::new(), 0_i64);
    let mut unkeyed = 0;
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
            // Unkeyed events only before the first keyed one.
            let keyed = event.hash.starts_with(KEYED);
            if !keyed && unkeyed != event.id - 1 {
                return Ok(Verdict::Broken {
                    event: event.id,
                    reason: "is not keyed, though events before it are",
                });
            }
            if event.expected_hash(key)? != event.hash {
                return Ok(Verdict::Broken {
                    event: event.id,
                    reason: "was changed",
                });
            }
            if signed
                .get(&event.id)
                .is_some_and(|hash| **hash != event.hash)
            {
                return Ok(Verdict::Broken {
                    event: event.id,
                    reason: "is not the event its checkpoint signed",
                });
            }
            unkeyed += i64::from(!keyed);
            prev_hash = event.hash;
            after = event.id;
            expected_id += 1;
        }
    }
    if last_signed > after {
        return Ok(Verdict::Broken {
            event: after + 1,
            reason: "missing: the log ends before a checkpoint",
        });
    }
    let head: (i64, String) = sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(&db.pool)
        .await?;
    if head.0 < after {
        return Ok(Verdict::Broken {
            event: head.0 + 1,
            reason: "is past the chain's head (the head was moved back)",
        });
    }
    if head.0 != after || head.1 != prev_hash {
        return Ok(Verdict::Broken {
            event: after + 1,
            reason: "missing",
        });
    }
    Ok(Verdict::Intact {
        events: after,
        unkeyed,
    })
}
