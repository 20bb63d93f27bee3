-- SAML assertions already accepted, per tenant, until the last moment they could still be valid:
-- a second post of the same assertion is a replay and is refused.
CREATE TABLE saml_assertions (
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    assertion_id TEXT NOT NULL,
    remember_until BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, assertion_id)
);
