-- 11 (SQLite 21): what a person chose in the console, kept with the account so that it holds at
-- every sign-in: the language ('' until chosen: the browser's is taken) and the time
-- zone times are shown in (an IANA name; '' for the default, Japan).
ALTER TABLE account ADD COLUMN lang TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE account ADD COLUMN time_zone TEXT COLLATE "C" NOT NULL DEFAULT '';
