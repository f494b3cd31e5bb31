-- 6 (SQLite 16): the privacy policy a batch went through at the member before it was
-- sent (the collector's X-Fukurou-Policy: name and a digest of its rules; '' when none
-- was declared), kept with the batch and, as the latest, with its source.
ALTER TABLE ingest_batch ADD COLUMN policy TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE ingest_source ADD COLUMN policy TEXT COLLATE "C" NOT NULL DEFAULT '';
