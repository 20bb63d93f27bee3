-- Support tickets (service document §2.5–2.6). Every row names its tenant; the history is
-- append-only: the application only ever inserts into ticket_events.
CREATE TABLE tickets (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    -- What people quote on the phone: 1, 2, 3… per tenant.
    number BIGINT NOT NULL,
    requester_id TEXT NOT NULL REFERENCES users (id),
    assignee_id TEXT REFERENCES users (id),
    kind TEXT NOT NULL,
    severity TEXT NOT NULL,
    impact TEXT,
    status TEXT NOT NULL,
    subject TEXT NOT NULL,
    description TEXT NOT NULL,
    module TEXT NOT NULL,
    article_path TEXT,
    locale TEXT NOT NULL,
    action_path TEXT NOT NULL,
    -- Scheme and host the ticket was filed on, so links in later mails lead back there.
    origin TEXT NOT NULL,
    incident_at BIGINT,
    -- JSON object of the request form's extra fields (configured per module).
    extra TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    status_since BIGINT NOT NULL,
    -- SLA clock: working seconds spent in finished runs, the start of the running one (NULL when
    -- paused or stopped), the target, and whether the 80 % alert went out.
    sla_target_secs BIGINT NOT NULL,
    sla_spent_secs BIGINT NOT NULL,
    sla_running_since BIGINT,
    sla_stopped_at BIGINT,
    sla_alerted BIGINT NOT NULL,
    -- Reminders sent in the current Pending/Awaiting Approval stretch (reset on each entry).
    reminders_sent BIGINT NOT NULL,
    escalated_at BIGINT,
    escalation_due BIGINT,
    closed_at BIGINT,
    UNIQUE (tenant_id, number)
);

CREATE INDEX tickets_by_requester ON tickets (tenant_id, requester_id);
CREATE INDEX tickets_by_status ON tickets (tenant_id, status);

CREATE TABLE ticket_events (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    -- NULL for what the system did by itself (auto-close, reminders, SLA alerts).
    author_id TEXT REFERENCES users (id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    body TEXT,
    internal BIGINT NOT NULL
);

CREATE INDEX ticket_events_by_ticket ON ticket_events (tenant_id, ticket_id, at);

-- Screenshots, checked by content; stored in the database (base64) so every node sees them.
CREATE TABLE ticket_attachments (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    event_id TEXT NOT NULL REFERENCES ticket_events (id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    data TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE INDEX ticket_attachments_by_ticket ON ticket_attachments (tenant_id, ticket_id);

-- A form that failed validation, kept so the page can show every typed value again.
CREATE TABLE ticket_drafts (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    fields TEXT NOT NULL,
    errors TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Suggested articles opened from the ticket form; those whose form was never filed are
-- deflections, reported to content teams.
CREATE TABLE ticket_deflections (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    form_session TEXT NOT NULL,
    article_path TEXT NOT NULL,
    opened_at BIGINT NOT NULL,
    filed BIGINT NOT NULL
);

CREATE INDEX ticket_deflections_by_session ON ticket_deflections (tenant_id, form_session);

-- Outgoing mail, written in the same transaction as what caused it and sent by a job, so a
-- crash never loses a mail and two nodes never send the same one.
CREATE TABLE mail_outbox (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    claimed_at BIGINT,
    sent_at BIGINT,
    attempts BIGINT NOT NULL,
    last_error TEXT
);

CREATE INDEX mail_outbox_pending ON mail_outbox (sent_at, created_at);
