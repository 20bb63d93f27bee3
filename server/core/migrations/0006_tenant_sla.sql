-- A tenant's own SLA terms, over the deployment's defaults: targets in working hours for
-- Blocking, Major and Minor ("15,50,100"), and its public holidays ("2026-12-25,2027-01-01").
CREATE TABLE tenant_sla (
    tenant_id TEXT PRIMARY KEY REFERENCES tenants (id),
    targets_hours TEXT,
    holidays TEXT,
    updated_at BIGINT NOT NULL
);
