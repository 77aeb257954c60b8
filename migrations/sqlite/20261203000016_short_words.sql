-- Words of one or two characters (issue 18): a trigram index holds nothing
-- shorter than three, so "优惠" or "无此" were found by reading every row.
-- Each record's text is also indexed as its single characters and its pairs
-- of neighbouring characters, one token each (written by the server as
-- `u<hex>` and `b<hex>x<hex>`, ASCII letters in lower case, see
-- server::text_grams), so a one- or two-character word is one token: the
-- index names exactly the rows that hold it. SQL cannot split a text into
-- characters, so the server writes these entries in the transaction that
-- writes the record. Records are never deleted (the audit log refuses it);
-- entries of a record deleted by hand name an id no page finds.
CREATE VIRTUAL TABLE pushes_grams USING fts5(
    grams, content = '', contentless_delete = 1, tokenize = 'ascii', detail = none
);
CREATE VIRTUAL TABLE audit_grams USING fts5(
    grams, content = '', contentless_delete = 1, tokenize = 'ascii', detail = none
);

-- Records written before this migration get their entries at the server's
-- next start, in batches: ids after `after_id` up to `last_id`.
CREATE TABLE search_backfill (
    grams_table TEXT PRIMARY KEY,
    after_id BIGINT NOT NULL,
    last_id BIGINT NOT NULL
);
INSERT INTO search_backfill SELECT 'pushes_grams', 0, COALESCE(MAX(id), 0) FROM pushes;
INSERT INTO search_backfill SELECT 'audit_grams', 0, COALESCE(MAX(id), 0) FROM audit_events;
