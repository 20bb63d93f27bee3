-- One node at a time runs the scheduled jobs: the holder of a named lease until it expires.
-- A node that dies stops renewing, and another takes over once the lease has run out.
CREATE TABLE job_leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
-- Each pass of a scheduled job, for /metrics and for operators (purged with the system logs).
CREATE TABLE job_runs (
    id TEXT PRIMARY KEY,
    job TEXT NOT NULL,
    node TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    finished_at BIGINT NOT NULL,
    outcome TEXT NOT NULL,
    items BIGINT NOT NULL
);
CREATE INDEX job_runs_by_time ON job_runs (started_at);
-- The application audit log: who did what, kept one year (service document §9.1.1).
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    actor_id TEXT,
    action TEXT NOT NULL,
    subject TEXT,
    at BIGINT NOT NULL
);
CREATE INDEX audit_log_by_tenant ON audit_log (tenant_id, at);
CREATE INDEX audit_log_by_time ON audit_log (at);
CREATE INDEX search_log_by_time ON search_log (created_at);
-- Files of tickets closed for longer than the retention are removed; the ticket keeps their names.
ALTER TABLE ticket_attachments ADD COLUMN purged_at BIGINT;
