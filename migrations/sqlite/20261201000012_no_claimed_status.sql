-- `claimed` was a row whose idempotency key was taken while its request was
-- still being checked; no version writes it any more. One left behind was
-- never sent: it becomes refused as interrupted, as start-up made it before.
UPDATE pushes SET status = 'refused', refusal_json = '"Interrupted"' WHERE status = 'claimed';
