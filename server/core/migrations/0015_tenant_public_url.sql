-- Every absolute link a tenant's mails, feeds and SSO exchanges carry is built from its canonical
-- public address, never from a request's Host header. `public_url` is the tenant's own setting
-- (scheme://host[:port]); without it the address is the configured default's scheme and port
-- with the tenant's primary host, the first host it was created with.
ALTER TABLE tenants ADD COLUMN public_url TEXT;
ALTER TABLE tenants ADD COLUMN primary_host TEXT;
