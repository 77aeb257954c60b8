-- Bulk audience jobs: one uploaded file of accounts, one change, sent in
-- batches of 100 by a background runner. The valid accounts wait in a file in
-- the data folder; `resume_offset` is the byte after the last finished batch,
-- so a restart resumes there and never sends a finished batch again.
CREATE TABLE audience_jobs (
    id             BIGSERIAL PRIMARY KEY,
    app_id         TEXT    NOT NULL,
    change_json    TEXT    NOT NULL,
    action         TEXT    NOT NULL,
    file_name      TEXT    NOT NULL,
    -- queued, running, paused, cancelled, done
    status         TEXT    NOT NULL,
    rate           BIGINT  NOT NULL,
    total          BIGINT  NOT NULL,
    malformed      BIGINT  NOT NULL,
    batches_done   BIGINT  NOT NULL DEFAULT 0,
    accounts_done  BIGINT  NOT NULL DEFAULT 0,
    failed         BIGINT  NOT NULL DEFAULT 0,
    requests       BIGINT  NOT NULL DEFAULT 0,
    resume_offset  BIGINT  NOT NULL DEFAULT 0,
    -- Which server process runs it, and until when its claim holds.
    runner         TEXT,
    lease_until_us BIGINT  NOT NULL DEFAULT 0,
    created_by     BIGINT  NOT NULL REFERENCES users (id),
    creator_name   TEXT    NOT NULL,
    created_at_us  BIGINT  NOT NULL,
    started_at_us  BIGINT,
    -- Time spent running, summed over runs, for the rate and time left.
    run_us         BIGINT  NOT NULL DEFAULT 0,
    finished_at_us BIGINT,
    -- Why the runner paused it by itself (the API refused the app's setup,
    -- or kept failing): the code and Tencent's text.
    stop_code      BIGINT,
    stop_info      TEXT
);
CREATE INDEX audience_jobs_queue ON audience_jobs (app_id, status, id);

-- Accounts the API refused, with its error code.
CREATE TABLE audience_job_failures (
    id      BIGSERIAL PRIMARY KEY,
    job_id  BIGINT NOT NULL REFERENCES audience_jobs (id),
    account TEXT   NOT NULL,
    code    BIGINT NOT NULL,
    info    TEXT   NOT NULL
);
CREATE INDEX audience_job_failures_by_job ON audience_job_failures (job_id, id);
