-- Local accounts, documentation access groups and server-side sessions. Every row names its tenant.
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    email TEXT NOT NULL,
    display_name TEXT NOT NULL,
    -- argon2id PHC string; NULL for accounts that only sign in through SSO.
    password_hash TEXT,
    role TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (tenant_id, email)
);

CREATE TABLE user_groups (
    user_id TEXT NOT NULL REFERENCES users (id),
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    group_name TEXT NOT NULL,
    PRIMARY KEY (user_id, group_name)
);

-- The cookie holds a random token; only its SHA-256 is stored, so a copy of the database
-- cannot be replayed as cookies.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);

CREATE INDEX sessions_by_user ON sessions (tenant_id, user_id);

-- Failed sign-ins per email address, whether or not an account exists, so the lockout
-- message never tells an attacker which addresses have accounts.
CREATE TABLE sign_in_failures (
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    email TEXT NOT NULL,
    failures BIGINT NOT NULL,
    locked_until BIGINT,
    PRIMARY KEY (tenant_id, email)
);
