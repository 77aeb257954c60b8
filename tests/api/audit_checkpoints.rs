//! Checkpoints of the audit head: a rolled-back head, a cut tail, a rewritten chain and a wiped log are found.

use crate::cli_admin::{stdout, Cli};

/// A log of four events and a checkpoint of it in a file outside the data
/// folder, then a fifth event: what each tampering below starts from.
async fn log_with_checkpoint() -> (Cli, std::path::PathBuf, push_console::server::db::Db) {
    let cli = Cli::new().await;
    for name in ["a1", "a2", "a3", "a4"] {
        assert!(cli
            .run(&["user", "add", name, "--role", "auditor"], None)
            .status
            .success());
    }
    let out = cli.run(&["audit", "checkpoint"], None);
    assert!(out.status.success(), "{out:?}");
    let file = cli.dir.path().join("checkpoints.jsonl");
    std::fs::write(&file, stdout(&out)).unwrap();
    assert!(stdout(&out).contains("\"seq\":4"), "{}", stdout(&out));
    assert!(cli
        .run(&["user", "add", "a5", "--role", "auditor"], None)
        .status
        .success());
    let db = cli.db().await;
    // Someone with the database's owner rights switches the guards off.
    let unguard: &[&str] = if db.backend == push_console::server::db::Backend::Postgres {
        &[
            "ALTER TABLE audit_events DISABLE TRIGGER USER",
            "ALTER TABLE audit_head DISABLE TRIGGER USER",
        ]
    } else {
        &[
            "DROP TRIGGER audit_events_no_update",
            "DROP TRIGGER audit_events_no_delete",
            "DROP TRIGGER audit_head_forward",
        ]
    };
    for sql in unguard {
        sqlx::query(sql).execute(&db.pool).await.unwrap();
    }
    (cli, file, db)
}

fn verify_with(cli: &Cli, file: &std::path::Path) -> (bool, String) {
    let out = cli.run(
        &["audit", "verify", "--checkpoint", file.to_str().unwrap()],
        None,
    );
    (
        out.status.success(),
        format!("{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr)),
    )
}

async fn set_head(db: &push_console::server::db::Db, seq: i64) {
    let hash: String =
        sqlx::query_scalar("SELECT COALESCE((SELECT hash FROM audit_events WHERE id = $1), '')")
            .bind(seq)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
        .bind(seq)
        .bind(hash)
        .execute(&db.pool)
        .await
        .unwrap();
}

#[tokio::test]
async fn the_audit_head_cannot_be_rolled_back_and_a_rolled_back_head_is_found() {
    let cli = Cli::new().await;
    for name in ["a1", "a2"] {
        assert!(cli
            .run(&["user", "add", name, "--role", "auditor"], None)
            .status
            .success());
    }
    let db = cli.db().await;
    let refused = sqlx::query("UPDATE audit_head SET seq = 1 WHERE id = 1")
        .execute(&db.pool)
        .await;
    assert!(
        refused.is_err(),
        "the database refuses to move the head back"
    );
    let (cli, file, db) = log_with_checkpoint().await;
    set_head(&db, 4).await;
    let (ok, text) = verify_with(&cli, &file);
    assert!(
        !ok && text.contains("audit event 5 is past the chain's head"),
        "{text}"
    );
}

#[tokio::test]
async fn a_tail_cut_off_with_the_head_rolled_back_is_found_by_the_checkpoint() {
    let (cli, file, db) = log_with_checkpoint().await;
    sqlx::query("DELETE FROM audit_events WHERE id >= 3")
        .execute(&db.pool)
        .await
        .unwrap();
    set_head(&db, 2).await;
    assert!(
        cli.run(&["audit", "verify"], None).status.success(),
        "without a checkpoint the shorter chain looks whole"
    );
    let (ok, text) = verify_with(&cli, &file);
    assert!(
        !ok && text.contains("audit event 3 missing: the log ends before a checkpoint"),
        "{text}"
    );
}

/// An audit event's fields, as the chain's MAC covers them.
type EventRow = (
    i64,
    i64,
    Option<i64>,
    String,
    String,
    String,
    String,
    String,
);

#[tokio::test]
async fn a_rewritten_chain_is_found_without_the_key_and_by_the_checkpoint() {
    use sha2::{Digest, Sha256};
    let (cli, file, db) = log_with_checkpoint().await;
    // The attacker changes event 2 and recomputes every hash after it, as
    // an unkeyed chain would have allowed.
    sqlx::query("UPDATE audit_events SET target = 'mallory' WHERE id = 2")
        .execute(&db.pool)
        .await
        .unwrap();
    let rows: Vec<EventRow> = sqlx::query_as(
        "SELECT id, at_us, actor_id, actor_name, client_addr, action, target, details FROM audit_events ORDER BY id",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let mut prev = String::new();
    for (id, at, actor_id, actor, client, action, target, details) in rows {
        let canonical =
            serde_json::json!([prev, id, at, actor_id, actor, client, action, target, details])
                .to_string();
        let hash: String = Sha256::digest(canonical.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        sqlx::query("UPDATE audit_events SET prev_hash = $1, hash = $2 WHERE id = $3")
            .bind(&prev)
            .bind(&hash)
            .bind(id)
            .execute(&db.pool)
            .await
            .unwrap();
        prev = hash;
    }
    set_head(&db, 5).await;
    let out = cli.run(&["audit", "verify"], None);
    let text = format!("{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
    assert!(
        text.contains("the first 5 events were written before the chain was keyed"),
        "an unkeyed chain is never taken for a keyed one: {text}"
    );
    let (ok, text) = verify_with(&cli, &file);
    assert!(
        !ok && text.contains("audit event 4 is not the event its checkpoint signed"),
        "{text}"
    );

    // Keyed with a key of the attacker's own: no checkpoint needed.
    sqlx::query("UPDATE audit_events SET hash = 'k1:' || hash WHERE id = 5")
        .execute(&db.pool)
        .await
        .unwrap();
    let out = cli.run(&["audit", "verify"], None);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("audit event 5 was changed"),
        "{out:?}"
    );
}

#[tokio::test]
async fn a_wiped_log_is_found_by_the_checkpoint() {
    let (cli, file, db) = log_with_checkpoint().await;
    sqlx::query("DELETE FROM audit_events")
        .execute(&db.pool)
        .await
        .unwrap();
    set_head(&db, 0).await;
    let (ok, text) = verify_with(&cli, &file);
    assert!(
        !ok && text.contains("audit event 1 missing: the log ends before a checkpoint"),
        "{text}"
    );
    // A checkpoint signed with another key is refused as well.
    let forged = std::fs::read_to_string(&file)
        .unwrap()
        .replace("\"seq\":4", "\"seq\":0");
    std::fs::write(&file, forged).unwrap();
    let (ok, text) = verify_with(&cli, &file);
    assert!(
        !ok && text.contains("checkpoint not signed with this key"),
        "{text}"
    );
}

#[tokio::test]
async fn from_a_checkpoint_only_what_came_after_is_verified_and_a_full_verify_sees_the_rest() {
    let (cli, file, db) = log_with_checkpoint().await;
    let file = file.to_str().unwrap();
    let from_checkpoint = |cli: &Cli| {
        let out = cli.run(
            &["audit", "verify", "--checkpoint", file, "--from-checkpoint"],
            None,
        );
        let text = format!("{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
        (out.status.success(), text)
    };
    let (ok, text) = from_checkpoint(&cli);
    assert!(
        ok && text.contains("OK: audit events 5 to 5 (after the latest checkpoint)"),
        "{text}"
    );

    // Changed before the checkpoint: the checkpoint vouches for it, so only
    // the full verify (the default) finds it.
    sqlx::query("UPDATE audit_events SET details = '{}' WHERE id = 2")
        .execute(&db.pool)
        .await
        .unwrap();
    let (ok, text) = from_checkpoint(&cli);
    assert!(ok, "{text}");
    let (ok, text) = verify_with(&cli, std::path::Path::new(file));
    assert!(!ok && text.contains("audit event 2 was changed"), "{text}");

    // The checkpoint's own event, and anything after it, are checked.
    let target: String = sqlx::query_scalar("SELECT target FROM audit_events WHERE id = 4")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE audit_events SET target = 'mallory' WHERE id = 4")
        .execute(&db.pool)
        .await
        .unwrap();
    let (ok, text) = from_checkpoint(&cli);
    assert!(!ok && text.contains("audit event 4 was changed"), "{text}");
    sqlx::query("UPDATE audit_events SET target = $1 WHERE id = 4")
        .bind(&target)
        .execute(&db.pool)
        .await
        .unwrap();
    let (ok, text) = from_checkpoint(&cli);
    assert!(ok, "put back: {text}");
    sqlx::query("UPDATE audit_events SET details = '{}' WHERE id = 5")
        .execute(&db.pool)
        .await
        .unwrap();
    let (ok, text) = from_checkpoint(&cli);
    assert!(!ok && text.contains("audit event 5 was changed"), "{text}");

    // Without a checkpoint file there is nothing to start from.
    let out = cli.run(&["audit", "verify", "--from-checkpoint"], None);
    assert!(!out.status.success());
}
