-- Search at the scale of years (issue 18).
--
-- Words of a push's first text, and of an audit event's target and details,
-- through trigram full-text indexes: any substring of three characters or
-- more is found from the index, Chinese included, with no word splitter.
-- Contentless (only rowids are read back) and kept in step by triggers, so
-- the same transaction that writes a record writes its index entries.
CREATE VIRTUAL TABLE pushes_text USING fts5(
    first_text, content = '', contentless_delete = 1, tokenize = 'trigram'
);
INSERT INTO pushes_text (rowid, first_text) SELECT id, first_text FROM pushes;
CREATE TRIGGER pushes_text_insert AFTER INSERT ON pushes BEGIN
    INSERT INTO pushes_text (rowid, first_text) VALUES (new.id, new.first_text);
END;
CREATE TRIGGER pushes_text_update AFTER UPDATE OF first_text ON pushes BEGIN
    DELETE FROM pushes_text WHERE rowid = old.id;
    INSERT INTO pushes_text (rowid, first_text) VALUES (new.id, new.first_text);
END;
CREATE TRIGGER pushes_text_delete AFTER DELETE ON pushes BEGIN
    DELETE FROM pushes_text WHERE rowid = old.id;
END;

CREATE VIRTUAL TABLE audit_text USING fts5(
    target, details, content = '', contentless_delete = 1, tokenize = 'trigram'
);
INSERT INTO audit_text (rowid, target, details) SELECT id, target, details FROM audit_events;
CREATE TRIGGER audit_text_insert AFTER INSERT ON audit_events BEGIN
    INSERT INTO audit_text (rowid, target, details) VALUES (new.id, new.target, new.details);
END;
CREATE TRIGGER audit_text_update AFTER UPDATE OF target, details ON audit_events BEGIN
    DELETE FROM audit_text WHERE rowid = old.id;
    INSERT INTO audit_text (rowid, target, details) VALUES (new.id, new.target, new.details);
END;
CREATE TRIGGER audit_text_delete AFTER DELETE ON audit_events BEGIN
    DELETE FROM audit_text WHERE rowid = old.id;
END;

-- The history's filters are equalities on up to four columns, newest first:
-- every combination has an index that starts with exactly its columns and
-- goes on in time order, so a page (or the news that nothing matches) is
-- read from the index, never from a scan of one column's rows. The four
-- single-column ones exist already; pushes are written at most once a
-- second per app, so the extra indexes cost little.
CREATE INDEX pushes_by_app_status ON pushes (app_id, status, created_at_us DESC, id DESC);
CREATE INDEX pushes_by_app_operator ON pushes (app_id, operator_name, created_at_us DESC, id DESC);
CREATE INDEX pushes_by_app_audience ON pushes (app_id, audience_kind, created_at_us DESC, id DESC);
CREATE INDEX pushes_by_status_operator ON pushes (status, operator_name, created_at_us DESC, id DESC);
CREATE INDEX pushes_by_status_audience ON pushes (status, audience_kind, created_at_us DESC, id DESC);
CREATE INDEX pushes_by_operator_audience ON pushes (operator_name, audience_kind, created_at_us DESC, id DESC);
CREATE INDEX pushes_by_app_status_operator ON pushes (app_id, status, operator_name, created_at_us DESC, id DESC);
CREATE INDEX pushes_by_app_status_audience ON pushes (app_id, status, audience_kind, created_at_us DESC, id DESC);
CREATE INDEX pushes_by_app_operator_audience ON pushes (app_id, operator_name, audience_kind, created_at_us DESC, id DESC);
CREATE INDEX pushes_by_status_operator_audience ON pushes (status, operator_name, audience_kind, created_at_us DESC, id DESC);
CREATE INDEX pushes_by_all_four ON pushes (app_id, status, operator_name, audience_kind, created_at_us DESC, id DESC);

-- The audit log's group filter was `action LIKE 'push.%'`, which no index
-- answers; the group is now a column of its own, written with the event.
ALTER TABLE audit_events ADD COLUMN action_group TEXT;
UPDATE audit_events SET action_group =
    CASE WHEN instr(action, '.') > 0 THEN substr(action, 1, instr(action, '.') - 1) ELSE action END;
CREATE INDEX audit_events_by_group ON audit_events (action_group, id);
CREATE INDEX audit_events_by_actor ON audit_events (actor_name, id);
CREATE INDEX audit_events_by_group_actor ON audit_events (action_group, actor_name, id);
