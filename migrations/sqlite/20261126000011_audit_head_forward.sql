-- The audit chain's head only moves forward and is never removed. (Whoever
-- can drop a trigger can still roll it back; signed checkpoints kept outside
-- the database show that.)
CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head
WHEN NEW.seq < OLD.seq OR NEW.id <> OLD.id
BEGIN SELECT RAISE(ABORT, 'the audit head only moves forward'); END;
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN SELECT RAISE(ABORT, 'the audit head only moves forward'); END;
