-- 25: the deadline clock of each case's current step (cases/deadlines.c): when it runs
-- out (NULL: the step has no clock, as a waiting or closed one) and how many contacts
-- were alerted since. The scheduler reads only the clocks that ran out, by the index.
ALTER TABLE case_record ADD COLUMN due_ms INTEGER;
ALTER TABLE case_record ADD COLUMN escalation INTEGER NOT NULL DEFAULT 0;
CREATE INDEX case_due ON case_record(due_ms) WHERE due_ms IS NOT NULL;
