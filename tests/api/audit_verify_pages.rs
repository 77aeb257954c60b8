//! `audit verify` reads the chain in pages (on SQLite each page packed into
//! one JSON value): every byte of every field comes back exactly, across the
//! pages' boundaries, and one changed character past the first page is found.
use crate::common::spawn_app;
use push_console::domain::vocab::AuditAction;
use push_console::server::audit::{self, Actor, Verdict};
use push_console::server::clock::ManualClock;
use push_console::server::db::Backend;

/// More than a page of 10,000.
const EVENTS: i64 = 10_050;

/// Text a JSON page must escape and give back unchanged.
fn awkward(i: i64) -> String {
    let pieces = [
        "say \"hi\"",
        "back\\slash",
        "line\nbreak\ttab",
        "\u{1}\u{1f}control",
        "双十一 🎉",
        "%_'quote",
        "",
    ];
    format!("{}{i}", pieces[(i % pieces.len() as i64) as usize])
}

#[tokio::test]
async fn verify_reads_every_field_exactly_across_pages_and_finds_one_changed_character() {
    let app = spawn_app().await;
    let db = &app.server.state.db;
    let clock = ManualClock::at_secs(1_795_651_200);
    let mut tx = db.write().await.unwrap();
    for i in 0..EVENTS {
        let actor = Actor {
            id: (i % 2 == 0).then_some(i),
            name: awkward(i + 1),
            client: "::1".into(),
        };
        clock.advance_secs(1);
        audit::append(
            &mut tx,
            &db.audit_key,
            clock.as_ref(),
            &actor,
            AuditAction::UserAdd,
            &awkward(i + 2),
            serde_json::json!({ "text": awkward(i), "n": i }),
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert!(before >= EVENTS, "{before}");
    assert_eq!(
        audit::verify(db, &[]).await.unwrap(),
        Verdict::Intact {
            events: before,
            unkeyed: 0,
            from: 1
        }
    );

    // Someone with the owner's rights adds one character to an event on the
    // second page.
    let unguard = if db.backend == Backend::Postgres {
        "ALTER TABLE audit_events DISABLE TRIGGER USER"
    } else {
        "DROP TRIGGER audit_events_no_update"
    };
    sqlx::query(unguard).execute(&db.pool).await.unwrap();
    let changed = 10_020;
    sqlx::query("UPDATE audit_events SET target = target || 'x' WHERE id = $1")
        .bind(changed)
        .execute(&db.pool)
        .await
        .unwrap();
    assert_eq!(
        audit::verify(db, &[]).await.unwrap(),
        Verdict::Broken {
            event: changed,
            reason: "was changed"
        }
    );
}
