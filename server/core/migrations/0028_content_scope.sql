-- A customer's own articles are theirs: their revisions, publications and reviews carry the
-- customer (`scope`, '' for the vendor's documentation), so the tenant's export and destruction
-- find them.
ALTER TABLE content_revisions ADD COLUMN scope TEXT NOT NULL DEFAULT '';
ALTER TABLE content_published ADD COLUMN scope TEXT NOT NULL DEFAULT '';
ALTER TABLE content_reviews ADD COLUMN scope TEXT NOT NULL DEFAULT '';
ALTER TABLE content_review_notes ADD COLUMN scope TEXT NOT NULL DEFAULT '';
