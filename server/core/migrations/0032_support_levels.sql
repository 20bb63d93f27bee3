-- The service document's support levels (§3.1): 1 Customer Care, 2 Technical Support, 3 R&D.
-- Every ticket starts at Customer Care, which stays accountable while another level has it.
ALTER TABLE tickets ADD COLUMN level BIGINT NOT NULL DEFAULT 1;
