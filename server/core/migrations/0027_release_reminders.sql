-- A release note's reminder (a major feature delivered straight to production is announced two
-- months ahead) is mailed once, by whichever node's scheduled jobs claim it first.
CREATE TABLE release_reminders (
    slug TEXT PRIMARY KEY,
    sent_at BIGINT NOT NULL
);
