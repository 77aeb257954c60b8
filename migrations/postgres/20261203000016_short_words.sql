-- Words of one or two characters (issue 18): pg_trgm extracts no trigram
-- from them, so `ILIKE '%优惠%'` read the whole index. Each text's single
-- characters and pairs of neighbouring characters, in lower case as ILIKE
-- compares them, are the keys of a GIN index: a one- or two-character word
-- is one key, and the index names exactly the rows that hold it.
CREATE FUNCTION search_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT coalesce(array_agg(DISTINCT g), '{}')
    FROM (SELECT lower(t) AS s) AS folded,
         LATERAL (
             SELECT substr(s, i, 1) AS g FROM generate_series(1, length(s)) AS i
             UNION ALL
             SELECT substr(s, i, 2) FROM generate_series(1, length(s) - 1) AS i
         ) AS grams
$$;
CREATE INDEX pushes_first_text_grams ON pushes USING gin (search_grams(first_text));
CREATE INDEX audit_events_target_grams ON audit_events USING gin (search_grams(target));
CREATE INDEX audit_events_details_grams ON audit_events USING gin (search_grams(details));
