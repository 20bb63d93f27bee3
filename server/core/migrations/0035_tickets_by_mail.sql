-- The service document has tickets filed through the help centre; a tenant whose contract says
-- otherwise may file by mail: a mail that answers no ticket then becomes a new one.
ALTER TABLE tenants ADD COLUMN tickets_by_mail BIGINT NOT NULL DEFAULT 0;
