-- `/readyz` writes this one row to learn whether the database still accepts writes (a full disk
-- or a read-only file system fails it while reads still work).
CREATE TABLE write_probe (id INTEGER PRIMARY KEY, at BIGINT NOT NULL, pad TEXT NOT NULL);
INSERT INTO write_probe (id, at, pad) VALUES (1, 0, '');
