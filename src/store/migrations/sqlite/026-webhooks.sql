-- 26: signed webhooks and the outbox that delivers them. An organisation subscribes a
-- URL; its signing secret is not stored (it is derived from the hub's key in the
-- environment and the webhook's id, and shown once). Every change of a case writes, in
-- the same transaction, one outbox row per webhook of the case's organisation and of the
-- centre, so that a change is never announced without having happened nor lost once it
-- happened; the scheduler delivers them and retries with a growing pause.
CREATE TABLE webhook (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisation(id),
    url TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    removed_ms INTEGER
);
CREATE INDEX webhook_org ON webhook(org_id);
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    webhook_id INTEGER NOT NULL REFERENCES webhook(id),
    event TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_ms INTEGER,
    delivered_ms INTEGER,
    last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_due ON outbox(next_ms) WHERE next_ms IS NOT NULL;
CREATE INDEX outbox_webhook ON outbox(webhook_id, id);
