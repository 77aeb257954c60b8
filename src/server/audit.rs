//! The append-only audit log. Every event carries a MAC, keyed with a key
//! held outside the database (audit_key), over itself and the MAC of the
//! one before it: a changed, removed or inserted row breaks the chain at
//! that event, and without the key nobody can compute a new chain that
//! verifies. What a key cannot show (the tail cut off, or everything wiped)
//! signed checkpoints kept elsewhere do (audit_checkpoint). The database's
//! triggers refuse updates and deletes in the first place.
use super::audit_key::{AuditKey, PreparedKey, KEYED};
use super::clock::Clock;
use super::db::Db;
use super::text_grams;
use super::text_tables::AUDIT_TEXT;
use crate::domain::vocab::AuditAction;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::Row;

pub use super::audit_verify::{verify, Verdict};

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

/// Deserialized from an array of its fields in this order, as a packed page
/// of `audit verify` holds it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
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
    /// The bytes the MAC covers: a compact JSON array of the fields.
    pub fn canonical(&self) -> String {
        let mut out = Vec::with_capacity(256 + self.details.len());
        self.write_canonical(&mut out);
        String::from_utf8(out).expect("JSON is UTF-8")
    }

    /// `canonical` into a reused buffer: the verifier's inner loop. The
    /// same bytes as `serde_json::json!([...]).to_string()` (tested below).
    pub(super) fn write_canonical(&self, out: &mut Vec<u8>) {
        let text = |out: &mut Vec<u8>, s: &str| {
            serde_json::to_writer(&mut *out, s).expect("a string serializes");
        };
        use std::io::Write;
        out.push(b'[');
        text(out, &self.prev_hash);
        let _ = write!(out, ",{},{},", self.id, self.at_us);
        match self.actor_id {
            Some(id) => {
                let _ = write!(out, "{id}");
            }
            None => out.extend_from_slice(b"null"),
        }
        for field in [
            &self.actor_name,
            &self.client_addr,
            &self.action,
            &self.target,
            &self.details,
        ] {
            out.push(b',');
            text(out, field);
        }
        out.push(b']');
    }

    #[cfg(test)]
    fn canonical_as_value(&self) -> String {
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

    /// Whether the event carries the MAC it must: keyed, or for an event
    /// written before the chain was keyed, the bare hash it was written with.
    /// `buf` is scratch space, reused from event to event.
    pub(super) fn carries_its_mac(&self, key: &PreparedKey, buf: &mut Vec<u8>) -> bool {
        buf.clear();
        self.write_canonical(buf);
        match self.hash.strip_prefix(KEYED) {
            Some(hex) => key.mac_hex_is(buf, hex),
            None => super::audit_key::hex(&Sha256::digest(&buf[..])) == self.hash,
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
        "INSERT INTO audit_events (id, at_us, actor_id, actor_name, client_addr, action, target, details, prev_hash, hash, action_group) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
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
    .bind(action.group().as_str())
    .execute(&mut **tx)
    .await?;
    let texts = [event.target.as_str(), event.details.as_str()];
    text_grams::write(tx, AUDIT_TEXT, event.id, &texts).await?;
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
    let mut tx = db.write().await?;
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

#[cfg(test)]
mod tests {
    use super::Event;

    #[test]
    fn the_fast_canonical_form_is_the_json_array_it_always_was() {
        let mut event = Event {
            id: 42,
            at_us: -1_764_547_200_000_001,
            actor_id: Some(7),
            actor_name: "olga \"奥\" \\ \u{1}".into(),
            client_addr: "127.0.0.1".into(),
            action: "push.send".into(),
            target: "push 9\n".into(),
            details: r#"{"text":"双十一</script>\t"}"#.into(),
            prev_hash: "k1:ab".into(),
            hash: String::new(),
        };
        assert_eq!(event.canonical(), event.canonical_as_value());
        event.actor_id = None;
        event.prev_hash = String::new();
        assert_eq!(event.canonical(), event.canonical_as_value());
    }
}
