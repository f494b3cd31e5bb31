-- 6: sectors as data (seeded from the shipped lists by fk_sectors_seed)
CREATE TABLE sector (
    list TEXT NOT NULL,
    code TEXT NOT NULL,
    position INTEGER NOT NULL,
    name_ja TEXT NOT NULL,
    name_en TEXT NOT NULL,
    critical_infrastructure INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (list, code)
);
CREATE INDEX sector_code ON sector(code);
