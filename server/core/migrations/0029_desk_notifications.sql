-- What each agent chooses to be told by mail, and in which language. No row: every kind on,
-- in the vendor's working language.
CREATE TABLE agent_notifications (
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    new_ticket BIGINT NOT NULL,
    customer_reply BIGINT NOT NULL,
    escalation BIGINT NOT NULL,
    at_risk BIGINT NOT NULL,
    locale TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);

-- Mails about a ticket join its thread in mail programs (`In-Reply-To`, `References`), and mails
-- no person wrote say so (`Auto-Submitted`), so auto-replies are not sent back to them.
ALTER TABLE mail_outbox ADD COLUMN thread TEXT;
ALTER TABLE mail_outbox ADD COLUMN from_person BIGINT NOT NULL DEFAULT 0;
