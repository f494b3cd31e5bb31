-- 8: each member's choice of detection engines (all, or a list)
ALTER TABLE organisation ADD COLUMN engines TEXT NOT NULL DEFAULT 'all';
