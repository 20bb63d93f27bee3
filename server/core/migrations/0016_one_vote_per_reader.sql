-- "Was this article helpful?" counts one vote per reader and article: a second click changes the
-- reader's vote. `voter` is `user:<id>` for a signed-in reader, or the SHA-256 of an anonymous
-- browser's voter cookie. Votes cast before this had no voter and stay as they were.
ALTER TABLE article_feedback ADD COLUMN voter TEXT;
CREATE UNIQUE INDEX article_feedback_one_per_voter ON article_feedback (tenant_id, module, translation_key, voter);
