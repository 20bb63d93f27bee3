-- Answers agents write once and reuse, with placeholders filled from the ticket. A customer
-- tenant's own agents keep theirs; the vendor's desk keeps the vendor's. `level` is the support
-- level (team) a reply belongs to, NULL for every level.
CREATE TABLE canned_replies (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    level BIGINT,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_by TEXT REFERENCES users (id),
    updated_at BIGINT NOT NULL
);
CREATE INDEX canned_replies_by_tenant ON canned_replies (tenant_id, title);
