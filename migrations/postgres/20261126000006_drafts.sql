-- Composer drafts: each belongs to the person who saved it, and only they
-- list, reopen or delete it. The draft is the composer's JSON (domain::draft).
CREATE TABLE drafts (
    id             BIGSERIAL PRIMARY KEY,
    owner_id       BIGINT  NOT NULL REFERENCES users (id),
    name           TEXT    NOT NULL,
    app_id         TEXT    NOT NULL,
    draft_json     TEXT    NOT NULL,
    created_at_us  BIGINT  NOT NULL,
    updated_at_us  BIGINT  NOT NULL
);
CREATE INDEX drafts_by_owner ON drafts (owner_id, updated_at_us DESC);
