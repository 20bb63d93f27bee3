-- What readers search for, without who they are: the query, where, how many results, and which
-- result (if any) they opened. Content editors read it to find missing documentation.
CREATE TABLE search_log (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    locale TEXT NOT NULL,
    module TEXT,
    query TEXT NOT NULL,
    result_count BIGINT NOT NULL,
    clicked_path TEXT,
    created_at BIGINT NOT NULL
);

CREATE INDEX search_log_by_tenant ON search_log (tenant_id, created_at);
