-- Portable SQL only: these migrations run unchanged on SQLite and PostgreSQL.
-- Ids are application-made UUIDv7 strings (no AUTOINCREMENT/SERIAL), times are Unix seconds.
CREATE TABLE tenants (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    brand_colour TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE tenant_hosts (
    host TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id)
);

CREATE TABLE article_feedback (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    locale TEXT NOT NULL,
    module TEXT NOT NULL,
    translation_key TEXT NOT NULL,
    helpful BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE INDEX article_feedback_by_article ON article_feedback (tenant_id, module, translation_key);
