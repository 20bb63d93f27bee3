-- Subscription mails carry `List-Unsubscribe` with their one-click link.
ALTER TABLE mail_outbox ADD COLUMN list_unsubscribe TEXT;
