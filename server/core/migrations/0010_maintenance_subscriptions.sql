-- Email subscriptions to maintenance announcements: one per address and tenant, optionally for
-- one module; the token is the one-click unsubscribe link's secret. `origin` is the site the
-- subscriber used, so links in mails lead back to it.
CREATE TABLE maintenance_subscriptions (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    email TEXT NOT NULL,
    locale TEXT NOT NULL,
    module TEXT,
    origin TEXT NOT NULL,
    token TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    UNIQUE (tenant_id, email)
);
