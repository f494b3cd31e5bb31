-- 19: member alerts by the campaign they point at. Deleting an alert checks that no
-- alert points at it (the foreign key of 7); without this index each check read the
-- whole table, so retention deleting a million alerts took hours (a read of the table
-- per alert) and held the write lock all that time.
CREATE INDEX alert_campaign ON alert(campaign_id);
