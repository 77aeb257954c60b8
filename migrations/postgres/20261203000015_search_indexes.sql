-- Search at the scale of years (issue 18).
--
-- Words of a push's first text, and of an audit event's target and details,
-- through trigram GIN indexes: `ILIKE '%words%'` is answered from the index
-- for any substring of three characters or more, Chinese included. An index
-- is written by the same transaction as its row.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX pushes_first_text_trgm ON pushes USING gin (first_text gin_trgm_ops);
CREATE INDEX audit_events_target_trgm ON audit_events USING gin (target gin_trgm_ops);
CREATE INDEX audit_events_details_trgm ON audit_events USING gin (details gin_trgm_ops);

-- Every combination of the history's equality filters has an index that
-- starts with exactly its columns and goes on in time order (the four
-- single-column ones exist already).
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

-- The audit log's group filter, answered from an index.
ALTER TABLE audit_events ADD COLUMN action_group TEXT;
UPDATE audit_events SET action_group = split_part(action, '.', 1);
CREATE INDEX audit_events_by_group ON audit_events (action_group, id);
CREATE INDEX audit_events_by_actor ON audit_events (actor_name, id);
CREATE INDEX audit_events_by_group_actor ON audit_events (action_group, actor_name, id);
