-- Account lifecycle: password age and forced changes, email verification, validity end date,
-- single-use account links (reset, invitation, forced renewal), and each tenant's own sign-in
-- rules. Existing accounts count as verified, with a password set now.
ALTER TABLE users ADD COLUMN password_changed_at BIGINT;
ALTER TABLE users ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN email_verified BIGINT NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN valid_until BIGINT;
UPDATE users SET password_changed_at = created_at WHERE password_hash IS NOT NULL;

-- Only the SHA-256 of a link's token is stored: a copy of the database opens no account.
CREATE TABLE account_tokens (
    token_hash TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    purpose TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE INDEX account_tokens_by_user ON account_tokens (tenant_id, user_id);

-- The tenant's password, lockout and session rules as one JSON document (absent: defaults).
CREATE TABLE tenant_identity_settings (
    tenant_id TEXT PRIMARY KEY REFERENCES tenants (id),
    settings TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
