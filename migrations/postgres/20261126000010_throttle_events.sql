-- Throttled sign-ins are counted per key and recorded in the audit log once
-- a minute (throttle::note_throttled), not once per attempt.
ALTER TABLE login_throttle ADD COLUMN throttled_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE login_throttle ADD COLUMN throttled_logged_us BIGINT NOT NULL DEFAULT 0;
