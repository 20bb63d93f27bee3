-- Keys the application makes itself and every node must share (the survey link signing key).
CREATE TABLE app_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- One satisfaction survey per ticket (UNIQUE: sent once), sent when the ticket closes. The rating
-- is kept on the row, so a second answer updates it; `completed_at` ends the link's use.
CREATE TABLE surveys (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    ticket_id TEXT NOT NULL UNIQUE REFERENCES tickets (id),
    module TEXT NOT NULL,
    agent_id TEXT REFERENCES users (id),
    locale TEXT NOT NULL,
    sent_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    rating BIGINT,
    reason TEXT,
    comment TEXT,
    answered_at BIGINT,
    completed_at BIGINT
);

CREATE INDEX surveys_by_tenant ON surveys (tenant_id, answered_at);
