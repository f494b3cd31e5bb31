-- 10 (SQLite 20): counts for the console's overview, kept as alerts are written (store/alert_stats):
-- new alerts and matched events per hour, organisation (0: the centre's own) and engine,
-- and per day and rule (for indicators: the indicator). Reading a week of them is a
-- range on the key, where counting the alert table itself read every alert of the week
-- (a million rows take seconds); the key leads with the organisation, whose rows a
-- member's view reads together. The centre's view has its own rows, so that it reads
-- a few thousand whatever the number of members: per hour by sector, and per day and
-- rule for every organisation at once (org_id -1). Filled here from the alerts stored.
CREATE TABLE alert_hourly (
    hour_ms BIGINT NOT NULL,
    org_id BIGINT NOT NULL,
    engine TEXT COLLATE "C" NOT NULL,
    alerts BIGINT NOT NULL,
    hits BIGINT NOT NULL,
    PRIMARY KEY (org_id, hour_ms, engine)
);
CREATE TABLE alert_hourly_sector (
    hour_ms BIGINT NOT NULL,
    sector TEXT COLLATE "C" NOT NULL,
    engine TEXT COLLATE "C" NOT NULL,
    alerts BIGINT NOT NULL,
    hits BIGINT NOT NULL,
    PRIMARY KEY (hour_ms, sector, engine)
);
CREATE TABLE alert_rule_daily (
    day_ms BIGINT NOT NULL,
    org_id BIGINT NOT NULL,
    engine TEXT COLLATE "C" NOT NULL,
    rule_key TEXT COLLATE "C" NOT NULL,
    title TEXT COLLATE "C" NOT NULL,
    alerts BIGINT NOT NULL,
    hits BIGINT NOT NULL,
    PRIMARY KEY (org_id, day_ms, engine, rule_key)
);
-- how many organisations a rule alerted in, for the few the centre's view lists
CREATE INDEX alert_rule_daily_rule ON alert_rule_daily(engine, rule_key, day_ms);
INSERT INTO alert_hourly
    SELECT (last_ms / 3600000) * 3600000, COALESCE(org_id, 0), engine, count(*), sum(count)
    FROM alert GROUP BY 1, 2, 3;
INSERT INTO alert_hourly_sector
    SELECT h.hour_ms, COALESCE(o.sector, 'centre'), h.engine, sum(h.alerts), sum(h.hits)
    FROM alert_hourly h LEFT JOIN organisation o ON o.id = h.org_id GROUP BY 1, 2, 3;
INSERT INTO alert_rule_daily
    SELECT (last_ms / 86400000) * 86400000, COALESCE(org_id, 0), engine,
        CASE WHEN engine = 'ioc' AND indicator <> '' THEN indicator ELSE rule_id END,
        max(CASE WHEN engine = 'ioc' AND indicator <> '' THEN indicator ELSE title END),
        count(*), sum(count)
    FROM alert GROUP BY 1, 2, 3, 4;
INSERT INTO alert_rule_daily
    SELECT day_ms, -1, engine, rule_key, max(title), sum(alerts), sum(hits)
    FROM alert_rule_daily GROUP BY 1, 3, 4;
-- reports awaiting triage, newest first, without reading the others: the centre's
-- across members, a member's own
CREATE INDEX report_status ON report(status, id);
CREATE INDEX report_org_status ON report(org_id, status, id);
-- releases by deadline, for the ones due soonest
CREATE INDEX release_deadline ON release(deadline);
