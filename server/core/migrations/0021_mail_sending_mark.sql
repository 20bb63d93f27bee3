-- Written just before a mail's message goes to the relay, after MAIL, RCPT and DATA: a row with
-- this mark and no sent_at may have arrived, so no node sends it again without an operator.
ALTER TABLE mail_outbox ADD COLUMN sending_at BIGINT;
