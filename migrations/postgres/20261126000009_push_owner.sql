-- A push being sent names the process that owns its call (owner_id) and how
-- long that claim holds (lease_until_us, renewed while the call runs). Only a
-- record whose lease has run out is taken for lost and becomes `unknown`.
ALTER TABLE pushes ADD COLUMN owner_id TEXT;
ALTER TABLE pushes ADD COLUMN lease_until_us BIGINT;
