-- My Activities and the agents' queue read a page at a time in update order within a status
-- group, and the queue reads only open tickets: indexes that serve both without a full scan.
CREATE INDEX tickets_by_status_updated ON tickets (tenant_id, status, updated_at);
CREATE INDEX tickets_by_requester_updated ON tickets (tenant_id, requester_id, status, updated_at);
