-- The history's other filters, each newest first like the list, so a filtered
-- page reads one index range instead of scanning every push.
CREATE INDEX pushes_by_operator ON pushes (operator_name, created_at_us DESC, id DESC);
CREATE INDEX pushes_by_audience ON pushes (audience_kind, created_at_us DESC, id DESC);
