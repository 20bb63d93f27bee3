-- Customer tenants' content editors write the vendor's shared articles too. When such a tenant is
-- destroyed, its accounts go, and the shared articles' history keeps what they wrote without
-- naming them: the columns that point at an account may now be empty. SQLite cannot drop NOT
-- NULL in place, so each table is rebuilt (the same statements work on PostgreSQL).
CREATE TABLE content_revisions_next (
    id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    number BIGINT NOT NULL,
    text TEXT NOT NULL,
    author_id TEXT REFERENCES users (id),
    author_name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    scope TEXT NOT NULL DEFAULT '',
    UNIQUE (path, number)
);
INSERT INTO content_revisions_next (id, path, number, text, author_id, author_name, created_at, scope)
    SELECT id, path, number, text, author_id, author_name, created_at, scope FROM content_revisions;
DROP TABLE content_revisions;
ALTER TABLE content_revisions_next RENAME TO content_revisions;

CREATE TABLE content_published_next (
    path TEXT PRIMARY KEY,
    number BIGINT NOT NULL,
    published_by TEXT REFERENCES users (id),
    published_at BIGINT NOT NULL,
    scope TEXT NOT NULL DEFAULT ''
);
INSERT INTO content_published_next (path, number, published_by, published_at, scope)
    SELECT path, number, published_by, published_at, scope FROM content_published;
DROP TABLE content_published;
ALTER TABLE content_published_next RENAME TO content_published;

CREATE TABLE content_reviews_next (
    path TEXT PRIMARY KEY,
    number BIGINT NOT NULL,
    state TEXT NOT NULL,
    requester_id TEXT REFERENCES users (id),
    requester_name TEXT NOT NULL,
    reviewer_id TEXT REFERENCES users (id),
    reviewer_name TEXT NOT NULL,
    publish_at BIGINT,
    updated_at BIGINT NOT NULL,
    scope TEXT NOT NULL DEFAULT ''
);
INSERT INTO content_reviews_next (path, number, state, requester_id, requester_name, reviewer_id, reviewer_name, publish_at, updated_at, scope)
    SELECT path, number, state, requester_id, requester_name, reviewer_id, reviewer_name, publish_at, updated_at, scope FROM content_reviews;
DROP TABLE content_reviews;
ALTER TABLE content_reviews_next RENAME TO content_reviews;

CREATE TABLE content_review_notes_next (
    id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    number BIGINT NOT NULL,
    author_id TEXT REFERENCES users (id),
    author_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    at BIGINT NOT NULL,
    scope TEXT NOT NULL DEFAULT ''
);
INSERT INTO content_review_notes_next (id, path, number, author_id, author_name, kind, body, at, scope)
    SELECT id, path, number, author_id, author_name, kind, body, at, scope FROM content_review_notes;
DROP TABLE content_review_notes;
ALTER TABLE content_review_notes_next RENAME TO content_review_notes;
CREATE INDEX content_review_notes_by_path ON content_review_notes (path, at);
