-- Single sign-on: each tenant's identity providers (OIDC now, SAML later) with their settings as
-- one JSON document; the sign-ins under way (state → PKCE verifier, nonce, where to return); and
-- which provider subject is which local account.
CREATE TABLE sso_providers (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    settings TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE INDEX sso_providers_by_tenant ON sso_providers (tenant_id);

-- Only the SHA-256 of the state is stored; a row is claimed once.
CREATE TABLE sso_logins (
    state_hash TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    provider_id TEXT NOT NULL REFERENCES sso_providers (id),
    nonce TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    locale TEXT NOT NULL,
    return_to TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE TABLE sso_identities (
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    provider_id TEXT NOT NULL REFERENCES sso_providers (id),
    subject TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, provider_id, subject)
);

-- Groups that came from a provider's claims are replaced at each sign-in through it; groups an
-- administrator granted stay.
ALTER TABLE user_groups ADD COLUMN source TEXT NOT NULL DEFAULT 'admin';
