//! Signed checkpoints of the audit chain's head: its sequence number and MAC,
//! signed with the audit key and kept outside the database (printed by
//! `push-console audit checkpoint`, or appended to a file periodically).
//! `audit verify --checkpoint FILE` then detects what a MAC chain alone
//! cannot: events cut off the end, or the whole log wiped, up to the latest
//! checkpoint.
use super::audit_key::AuditKey;
use super::clock::{Clock, SharedClock};
use super::db::Db;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// The id of the last event at the time.
    pub seq: i64,
    /// That event's MAC ("" for an empty log).
    pub hash: String,
    /// When the checkpoint was taken, UTC microseconds.
    pub at_us: i64,
    /// The key's MAC over the three above.
    pub mac: String,
}

fn signed_text(seq: i64, hash: &str, at_us: i64) -> String {
    format!("push-console audit checkpoint\n{seq}\n{hash}\n{at_us}")
}

impl Checkpoint {
    /// Where every chain starts: before its first event, unsigned.
    pub fn origin() -> Checkpoint {
        Checkpoint {
            seq: 0,
            hash: String::new(),
            at_us: 0,
            mac: String::new(),
        }
    }

    /// The head as it is now, signed.
    pub async fn take(db: &Db, clock: &dyn Clock) -> Result<Checkpoint, sqlx::Error> {
        let (seq, hash): (i64, String) =
            sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
                .fetch_one(&db.pool)
                .await?;
        Checkpoint::signed(db, seq, hash, clock.now_micros())
    }

    fn signed(db: &Db, seq: i64, hash: String, at_us: i64) -> Result<Checkpoint, sqlx::Error> {
        let mac = db
            .audit_key
            .mac(signed_text(seq, &hash, at_us).as_bytes())?;
        Ok(Checkpoint {
            seq,
            hash,
            at_us,
            mac,
        })
    }

    /// A checkpoint of event `seq` as it stands, signed now: what `take`
    /// would have printed when that event was the head.
    pub async fn of_event(db: &Db, clock: &dyn Clock, seq: i64) -> Result<Checkpoint, sqlx::Error> {
        let hash: String = sqlx::query_scalar("SELECT hash FROM audit_events WHERE id = $1")
            .bind(seq)
            .fetch_one(&db.pool)
            .await?;
        Checkpoint::signed(db, seq, hash, clock.now_micros())
    }

    pub fn is_signed_by(&self, key: &AuditKey) -> bool {
        key.mac(signed_text(self.seq, &self.hash, self.at_us).as_bytes())
            .is_ok_and(|mac| mac == self.mac)
    }

    /// One line of JSON, as printed and as kept in a checkpoint file.
    pub fn to_line(&self) -> String {
        serde_json::to_string(self).expect("plain data serializes")
    }
}

/// Every checkpoint in a file of JSON lines (blank lines ignored).
pub fn read_file(path: &Path) -> Result<Vec<Checkpoint>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            serde_json::from_str(l)
                .map_err(|e| format!("{}, line {}: not a checkpoint: {e}", path.display(), n + 1))
        })
        .collect()
}

/// Appends a checkpoint to `path` every `every`, when the head has moved.
pub fn spawn_writer(
    db: Db,
    clock: SharedClock,
    path: PathBuf,
    every: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut last_seq = None;
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            match Checkpoint::take(&db, clock.as_ref()).await {
                Ok(cp) if last_seq != Some(cp.seq) => match append_line(&path, &cp.to_line()) {
                    Ok(()) => last_seq = Some(cp.seq),
                    Err(e) => {
                        tracing::error!(path = %path.display(), error = %e, "cannot write the audit checkpoint")
                    }
                },
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "cannot take an audit checkpoint"),
            }
        }
    })
}

fn append_line(path: &Path, line: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    writeln!(file, "{line}")?;
    file.sync_all()
}
