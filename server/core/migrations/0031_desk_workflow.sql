-- A Customer Success manager records the call an escalation asked for; the escalation then
-- leaves the managers' queue and its count.
ALTER TABLE tickets ADD COLUMN escalation_called_at BIGINT;
-- A request filed once a closed ticket can no longer be reopened names the ticket it follows.
ALTER TABLE tickets ADD COLUMN follows_number BIGINT;
