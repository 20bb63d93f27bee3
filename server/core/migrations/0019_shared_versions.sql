-- What nodes keep a copy of (the host → tenant directory) has a version here, raised in the same
-- transaction as each change; every node polls it cheaply and reloads its copy when it moves.
CREATE TABLE shared_versions (name TEXT PRIMARY KEY, version BIGINT NOT NULL);
INSERT INTO shared_versions (name, version) VALUES ('tenants', 0);
