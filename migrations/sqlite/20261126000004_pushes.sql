-- Every push, written before the API is called, and each call made for it.
-- Status: claimed (key taken) -> refused (nothing sent: invalid, too soon,
-- quota) | sending (committed before the call) -> sent | failed | unknown.
CREATE TABLE pushes (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key  TEXT    NOT NULL UNIQUE,
    app_id           TEXT    NOT NULL,
    operator_id      BIGINT,
    operator_name    TEXT    NOT NULL,
    created_at_us    BIGINT  NOT NULL,
    updated_at_us    BIGINT  NOT NULL,
    status           TEXT    NOT NULL,
    msg_random       BIGINT  NOT NULL,
    request_json     TEXT    NOT NULL,
    audience_kind    TEXT    NOT NULL,
    audience_en      TEXT    NOT NULL,
    audience_zh      TEXT    NOT NULL,
    first_text       TEXT    NOT NULL,
    task_id          TEXT,
    error_code       BIGINT,
    error_info       TEXT,
    refusal_json     TEXT
);
CREATE INDEX pushes_newest ON pushes (created_at_us DESC, id DESC);
CREATE INDEX pushes_by_app ON pushes (app_id, created_at_us DESC, id DESC);
CREATE INDEX pushes_by_status ON pushes (status, created_at_us DESC, id DESC);
CREATE INDEX pushes_by_task ON pushes (task_id);

CREATE TABLE push_attempts (
    push_id          BIGINT  NOT NULL,
    attempt          BIGINT  NOT NULL,
    started_at_us    BIGINT  NOT NULL,
    finished_at_us   BIGINT,
    outcome          TEXT    NOT NULL,
    task_id          TEXT,
    error_code       BIGINT,
    error_info       TEXT,
    operator_name    TEXT    NOT NULL,
    PRIMARY KEY (push_id, attempt)
);

-- One row per app: when its last push slot was given, and today's count in
-- the app's time zone. Claimed with one conditional UPDATE.
CREATE TABLE push_rate (
    app_id        TEXT   PRIMARY KEY,
    last_push_us  BIGINT NOT NULL,
    day           TEXT   NOT NULL,
    day_count     BIGINT NOT NULL
);
