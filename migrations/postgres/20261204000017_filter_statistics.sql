-- The history's and the audit log's filter columns go together (an operator
-- sends to some audiences only, a status follows an app's setup), which the
-- planner cannot know from each column alone: it took "olga, tag pushes",
-- where olga never sent one, for 110,000 rows and walked the whole time
-- index of a million pushes to find none (0.4 to 0.9 s). Counted together,
-- a combination that does not occur is known to be rare, and the index
-- made for it answers at once. ANALYZE (autovacuum's, in a running
-- database) fills them.
CREATE STATISTICS pushes_filters_together (mcv)
    ON app_id, status, operator_name, audience_kind FROM pushes;
CREATE STATISTICS audit_events_filters_together (mcv)
    ON action_group, actor_name FROM audit_events;
