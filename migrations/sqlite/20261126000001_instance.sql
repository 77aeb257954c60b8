-- One row describing this installation: when its database was created and by
-- which version. Times are UTC microseconds in every table.
CREATE TABLE instance (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    created_at_us   BIGINT  NOT NULL,
    created_version TEXT    NOT NULL
);
