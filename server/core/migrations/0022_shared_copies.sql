-- Each node keeps the banner's announcements and the articles' vote tallies in memory, and
-- follows these rows to drop its copies when any node changes them.
INSERT INTO shared_versions (name, version) VALUES ('announcements', 0);
INSERT INTO shared_versions (name, version) VALUES ('votes', 0);
