-- The content studio: every save of an article is a revision; publishing points the article's
-- path at one of them. The content folder stays the base layer: a published path replaces the
-- file at the same path or adds one. (path, number) is unique, so two editors saving on top of
-- the same revision cannot both win: the second is told.
CREATE TABLE content_revisions (
    id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    number BIGINT NOT NULL,
    text TEXT NOT NULL,
    author_id TEXT NOT NULL REFERENCES users (id),
    author_name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (path, number)
);

CREATE TABLE content_published (
    path TEXT PRIMARY KEY,
    number BIGINT NOT NULL,
    published_by TEXT NOT NULL REFERENCES users (id),
    published_at BIGINT NOT NULL
);

-- Every node rebuilds its content and search index when a publication moves this row.
INSERT INTO shared_versions (name, version) VALUES ('content', 0);
