-- The built-in sandbox IM server's own data: the demo population, its tags and
-- attributes, the app's attribute names, and every push it accepted.
CREATE TABLE sandbox_users (
    sdk_app_id BIGINT NOT NULL,
    account    TEXT   NOT NULL,
    PRIMARY KEY (sdk_app_id, account)
);
CREATE TABLE sandbox_attr_names (
    sdk_app_id BIGINT NOT NULL,
    idx        TEXT   NOT NULL,
    name       TEXT   NOT NULL,
    PRIMARY KEY (sdk_app_id, idx)
);
CREATE TABLE sandbox_user_tags (
    sdk_app_id BIGINT NOT NULL,
    account    TEXT   NOT NULL,
    tag        TEXT   NOT NULL,
    PRIMARY KEY (sdk_app_id, account, tag)
);
CREATE INDEX sandbox_user_tags_by_tag ON sandbox_user_tags (sdk_app_id, tag);
CREATE TABLE sandbox_user_attrs (
    sdk_app_id BIGINT NOT NULL,
    account    TEXT   NOT NULL,
    name       TEXT   NOT NULL,
    value      TEXT   NOT NULL,
    PRIMARY KEY (sdk_app_id, account, name)
);
CREATE INDEX sandbox_user_attrs_by_value ON sandbox_user_attrs (sdk_app_id, name, value);
CREATE TABLE sandbox_pushes (
    task_id     TEXT   PRIMARY KEY,
    sdk_app_id  BIGINT NOT NULL,
    msg_random  BIGINT NOT NULL,
    received_us BIGINT NOT NULL,
    reach       BIGINT NOT NULL,
    body        TEXT   NOT NULL
);
CREATE INDEX sandbox_pushes_by_random ON sandbox_pushes (sdk_app_id, msg_random);
