#!/usr/bin/env python3
"""The peer of bench/vulns.sh: the least an NVD importer does, in Python: parse each page
with the standard json module and store each CVE as one row (id, the record as JSON) in
SQLite, in one transaction a page. No checks, no index of products, no merging.

  vulns_peer.py DB PAGE.json...
"""
import json
import sqlite3
import sys


def main():
    db = sqlite3.connect(sys.argv[1])
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("CREATE TABLE IF NOT EXISTS cve (id TEXT PRIMARY KEY, record TEXT)")
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            page = json.load(f)
        with db:
            db.executemany("INSERT OR REPLACE INTO cve VALUES (?, ?)",
                           ((v["cve"]["id"], json.dumps(v["cve"])) for v in page["vulnerabilities"]))
    db.close()


if __name__ == "__main__":
    main()
