-- 9 (SQLite 19): member alerts by the campaign they point at. Deleting an alert checks
-- that no alert points at it (the foreign key on campaign_id); without this index each
-- check read the whole table, so retention deleting many alerts took a read of the
-- table per alert.
CREATE INDEX alert_campaign ON alert(campaign_id);
