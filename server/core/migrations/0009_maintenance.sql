-- IT maintenance and outage announcements, per tenant (the vendor's desk publishes one copy to
-- each customer tenant, sharing `series`), with their timestamped updates.
CREATE TABLE announcements (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    series TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    time_zone TEXT NOT NULL,
    impact TEXT NOT NULL,
    modules TEXT NOT NULL,
    state TEXT NOT NULL,
    emergency_reason TEXT,
    counts_as_downtime BIGINT NOT NULL,
    author_id TEXT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE INDEX announcements_by_tenant ON announcements (tenant_id, starts_at);

CREATE TABLE announcement_updates (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    announcement_id TEXT NOT NULL REFERENCES announcements (id),
    at BIGINT NOT NULL,
    state TEXT NOT NULL,
    note TEXT,
    author_id TEXT REFERENCES users (id)
);
