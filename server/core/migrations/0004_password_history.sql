-- Earlier password hashes of each account, so a new password cannot repeat the last few.
CREATE TABLE password_history (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE INDEX password_history_by_user ON password_history (tenant_id, user_id, created_at);
