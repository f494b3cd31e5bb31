-- 7: a member's alert points at the campaign (the centre's alert) it is part of
ALTER TABLE alert ADD COLUMN campaign_id INTEGER REFERENCES alert(id);
