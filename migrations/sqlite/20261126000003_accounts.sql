-- People who may use the console, the login throttle, and the append-only
-- audit log. Flags are 0/1 integers so the same SQL runs on both backends.
ALTER TABLE instance ADD COLUMN setup_at_us BIGINT;

CREATE TABLE users (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    name                   TEXT    NOT NULL,
    name_key               TEXT    NOT NULL UNIQUE,
    role                   TEXT    NOT NULL CHECK (role IN ('admin', 'operator', 'auditor')),
    password_hash          TEXT    NOT NULL,
    must_change_password   BIGINT  NOT NULL DEFAULT 0,
    enabled                BIGINT  NOT NULL DEFAULT 1,
    -- Raised whenever every session of the user must end (disable, password
    -- reset, role change); sessions carry the value they started with.
    session_version        BIGINT  NOT NULL DEFAULT 0,
    created_at_us          BIGINT  NOT NULL,
    updated_at_us          BIGINT  NOT NULL,
    last_login_at_us       BIGINT
);

CREATE TABLE login_throttle (
    key              TEXT   PRIMARY KEY,
    failures         BIGINT NOT NULL,
    last_failure_us  BIGINT NOT NULL
);

CREATE TABLE audit_events (
    id          BIGINT  PRIMARY KEY,
    at_us       BIGINT  NOT NULL,
    actor_id    BIGINT,
    actor_name  TEXT    NOT NULL,
    client_addr TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    target      TEXT    NOT NULL,
    details     TEXT    NOT NULL,
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL
);
CREATE INDEX audit_events_by_time ON audit_events (at_us, id);
CREATE INDEX audit_events_by_action ON audit_events (action, id);

-- The chain's head: appending locks this one row, so events get consecutive
-- ids and each names its predecessor's hash, even with several writers.
CREATE TABLE audit_head (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    seq   BIGINT  NOT NULL,
    hash  TEXT    NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
