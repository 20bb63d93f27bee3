-- What a reader who voted "not helpful" says was missing: read by the content team in the
-- content-gap report.
ALTER TABLE article_feedback ADD COLUMN comment TEXT;
