-- Review before publication: the revision an editor asked a publisher to review, where that
-- stands (in review, sent back, or approved and scheduled), and the thread of notes.
CREATE TABLE content_reviews (
    path TEXT PRIMARY KEY,
    number BIGINT NOT NULL,
    state TEXT NOT NULL,
    requester_id TEXT NOT NULL REFERENCES users (id),
    requester_name TEXT NOT NULL,
    reviewer_id TEXT NOT NULL REFERENCES users (id),
    reviewer_name TEXT NOT NULL,
    publish_at BIGINT,
    updated_at BIGINT NOT NULL
);

CREATE TABLE content_review_notes (
    id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    number BIGINT NOT NULL,
    author_id TEXT NOT NULL REFERENCES users (id),
    author_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    at BIGINT NOT NULL
);

CREATE INDEX content_review_notes_by_path ON content_review_notes (path, at);
