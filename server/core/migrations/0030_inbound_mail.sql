-- Every mail read from the support mailbox, once: the key (SHA-256 of its Message-ID, or of the
-- whole message when it has none) makes a second reading, on this node or another, do nothing.
-- The sender is kept only as a SHA-256, enough to count their mails and refusals.
CREATE TABLE inbound_mails (
    mail_key TEXT PRIMARY KEY,
    sender_hash TEXT NOT NULL,
    outcome TEXT NOT NULL,
    received_at BIGINT NOT NULL
);

CREATE INDEX inbound_mails_by_sender ON inbound_mails (sender_hash, received_at);
