-- The audience sentence is written in the reader's language when a push is
-- shown or exported, from the push's condition; it is no longer stored in
-- two languages. Every existing record keeps its condition, taken from the
-- exact request it was sent with.
ALTER TABLE pushes ADD COLUMN condition_json TEXT;
UPDATE pushes SET condition_json = json_extract(request_json, '$.Condition')
    WHERE json_valid(request_json);
ALTER TABLE pushes DROP COLUMN audience_en;
ALTER TABLE pushes DROP COLUMN audience_zh;
