-- The vendor's own tenant: its support agents work the tickets of every customer tenant (each
-- query still names one tenant). Customers' tenants keep 0.
ALTER TABLE tenants ADD COLUMN is_vendor BIGINT NOT NULL DEFAULT 0;
