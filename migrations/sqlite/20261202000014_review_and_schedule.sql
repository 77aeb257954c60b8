-- A push that waits: for another person's approval, or for its time.
-- digest: SHA-256 of the request's canonical JSON, which an approval names;
-- scheduled_at_us: when it is to leave (NULL: at once); the approver; why it
-- was rejected or is held; the submission that replaced it after an edit.
ALTER TABLE pushes ADD COLUMN digest TEXT;
ALTER TABLE pushes ADD COLUMN scheduled_at_us BIGINT;
ALTER TABLE pushes ADD COLUMN approved_by_id BIGINT;
ALTER TABLE pushes ADD COLUMN approved_by_name TEXT;
ALTER TABLE pushes ADD COLUMN approved_at_us BIGINT;
ALTER TABLE pushes ADD COLUMN reason TEXT;
ALTER TABLE pushes ADD COLUMN superseded_by BIGINT;
-- The dispatcher's question: what is due now.
CREATE INDEX pushes_due ON pushes (status, scheduled_at_us);

-- Each step of a push's life before and around its calls, for its timeline
-- (the audit log holds the same steps, chained).
CREATE TABLE push_steps (
    push_id     BIGINT NOT NULL,
    at_us       BIGINT NOT NULL,
    action      TEXT   NOT NULL,
    actor_name  TEXT   NOT NULL,
    note        TEXT
);
CREATE INDEX push_steps_by_push ON push_steps (push_id, at_us);
