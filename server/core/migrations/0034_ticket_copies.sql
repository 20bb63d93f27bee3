-- People in copy of a ticket, space-separated user ids: colleagues of the requester's company
-- the customer added, and agents following it. Each gets the ticket's mails and may answer.
ALTER TABLE tickets ADD COLUMN copied TEXT NOT NULL DEFAULT '';
