#!/usr/bin/env python3
"""Matching checked against an independent reading of the real NVD records (issue 17).

From the corpus's real NVD API 2.0 records (nvd-sample.json), systems are made around each
vulnerable criteria: its own version, a neighbour, each range bound and just beyond it, and
for configurations that need a platform, the same program with and without one of the
platforms the record names. A small oracle written here from the NVD's rules (criteria
attributes by NISTIR 7696 with ANY and NA, version ranges start/end including/excluding,
nodes OR/AND, configurations AND/OR) says which systems each record applies to; fukurou is
run on the same ledger and records, by each way it matches (the records after the ledger:
matched lazily; the ledger after the records: a whole ledger on every core; every ledger
matched again over the kept answers, and over kept answers spoilt beforehand, some
removed, reworded, given another confidence or made up, which it must put right), and
each time the two are compared pair by pair:

  version  - the record's configuration holds for the system (all its nodes)
  product  - a vulnerable criteria takes one of the system's names but the configuration's
             platform is not in the ledger (possible, not proved)

The oracle's version order is the one src/vuln/version.h describes, written again here
(numbers as numbers, leading zeros not counting; a pre-release word before its release;
other letters after it). Where fukurou and the oracle disagree, each pair is printed.

  python3 tests/vuln_match_check.py FUKUROU CORPUS_VULN_DIR [WORKDIR]

Exits 0 when every pair agrees, 1 when one does not, 77 (skipped) without the corpus.
"""
import csv, functools, json, os, re, sqlite3, subprocess, sys, tempfile, time

PRE = {"dev": 1, "snapshot": 1, "alpha": 2, "a": 2, "beta": 3, "b": 3, "pre": 4,
       "preview": 4, "m": 4, "rc": 5, "cr": 5}

def runs(v):
    """Runs of digits (as numbers) and of letters, each letter run with its pre-release
    rank: a word of PRE, a single letter only when a number follows it at once."""
    out = []
    for m in re.finditer(r"[0-9]+|[A-Za-z]+", v):
        r = m.group()
        if r.isdigit():
            out.append(("d", int(r), 0))
        else:
            then_digit = m.end() < len(v) and v[m.end()].isdigit()
            rank = PRE.get(r.lower(), 0) if (len(r) > 1 or then_digit) else 0
            out.append(("l", r.lower(), rank))
    return out

def vcmp(a, b):
    """The order version.h describes, written again here: numbers as numbers, a
    pre-release word before its release and before any number, other letters after."""
    x, y = runs(a), runs(b)
    for p, q in zip(x, y):
        if p[0] == "d" and q[0] == "d":
            c = (p[1] > q[1]) - (p[1] < q[1])
        elif p[0] == "l" and q[0] == "l":
            if p[2] and q[2]:
                c = (p[2] > q[2]) - (p[2] < q[2])
            elif p[2] or q[2]:
                c = -1 if p[2] else 1
            else:
                c = (p[1] > q[1]) - (p[1] < q[1])
        elif p[0] == "d":
            c = 1 if q[2] else -1
        else:
            c = -1 if p[2] else 1
        if c:
            return c
    if len(x) == len(y):
        return 0
    rest, sign = (x[len(y):], 1) if len(x) > len(y) else (y[len(x):], -1)
    for r in rest:
        if r[0] == "d" and r[1] == 0:
            continue
        return -sign if r[0] == "l" and r[2] else sign
    return 0

@functools.lru_cache(maxsize=None)
def split(cpe):
    parts, cur, i = [], "", 0
    s = cpe[len("cpe:2.3:"):]
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            cur += s[i:i + 2]; i += 2; continue
        if s[i] == ":":
            parts.append(cur); cur = ""
        else:
            cur += s[i]
        i += 1
    parts.append(cur)
    return tuple(parts)  # part vendor product version update edition language sw_edition target_sw target_hw other

def unq(v):
    return re.sub(r"\\(.)", r"\1", v)

def takes(crit, name):
    c, n = split(crit["criteria"]), split(name)
    for i in range(11):
        if i == 3:
            continue
        if c[i] == "*":
            continue
        if n[i] == "*":
            if i > 3:
                continue
            return False
        if c[i] != n[i]:
            return False
    cv, nv = c[3], n[3]
    lo = crit.get("versionStartIncluding") or crit.get("versionStartExcluding")
    hi = crit.get("versionEndIncluding") or crit.get("versionEndExcluding")
    if nv == "-":
        return cv == "-" or (cv == "*" and not lo and not hi)
    if nv == "*" or cv == "-":
        return False
    if cv != "*":
        return cv == nv or vcmp(unq(cv), unq(nv)) == 0
    v = unq(nv)
    if lo:
        r = vcmp(v, lo)
        if r < 0 or (r == 0 and "versionStartExcluding" in crit):
            return False
    if hi:
        r = vcmp(v, hi)
        if r > 0 or (r == 0 and "versionEndExcluding" in crit):
            return False
    return True

def judge(record, names):
    """'version', 'product' or None for a system running names."""
    best = None
    for cfg in record.get("configurations", []):
        took_vuln = False
        held = []
        for node in cfg["nodes"]:
            hit = [any(takes(c, n) for n in names) for c in node["cpeMatch"]]
            took_vuln = took_vuln or any(h and c["vulnerable"] for h, c in zip(hit, node["cpeMatch"]))
            h = all(hit) if node.get("operator") == "AND" else any(hit)
            held.append(not h if node.get("negate") else h)
        if not took_vuln:
            continue
        ok = all(held) if cfg.get("operator") == "AND" else any(held)
        if ok:
            return "version"
        if cfg.get("operator") == "AND":
            best = "product"
    return best

def name_with(crit, version):
    p = list(split(crit["criteria"]))
    p[3] = version
    return "cpe:2.3:" + ":".join(p)

def bump(v, d):
    m = list(re.finditer(r"[0-9]+", v))
    if not m:
        return None
    last = m[-1]
    n = int(last.group()) + d
    if n < 0:
        return None
    return v[:last.start()] + str(n) + v[last.end():]

def esc(v):
    return re.sub(r"([^A-Za-z0-9_\-.])", r"\\\1", v)

def systems_for(records):
    """(system name, [cpe names]) around every vulnerable criteria."""
    out, seen = [], set()
    def add(names):
        key = tuple(sorted(names))
        if key not in seen and all(n.count(":") >= 12 for n in names):
            seen.add(key)
            out.append(("s%05d" % len(out), list(key)))
    for rec in records:
        for cfg in rec.get("configurations", []):
            platforms = [c["criteria"] for node in cfg["nodes"] for c in node["cpeMatch"]
                         if not c["vulnerable"] and split(c["criteria"])[3] not in ("*",)]
            for node in cfg["nodes"]:
                for c in node["cpeMatch"]:
                    if not c["vulnerable"]:
                        continue
                    v = split(c["criteria"])[3]
                    versions = set()
                    if v not in ("*", "-"):
                        u = unq(v)
                        versions |= {u, bump(u, 1), bump(u, -1)}
                    for key in ("versionStartIncluding", "versionStartExcluding",
                                "versionEndIncluding", "versionEndExcluding"):
                        if c.get(key):
                            versions |= {c[key], bump(c[key], 1), bump(c[key], -1)}
                    if v == "-":
                        versions.add("-")
                    for ver in versions:
                        if not ver:
                            continue
                        n = name_with(c, ver if ver == "-" else esc(ver))
                        add([n])
                        for p in platforms[:1]:
                            add([n, p])
    return out

def main():
    fukurou, corpus = sys.argv[1:3]
    work = sys.argv[3] if len(sys.argv) > 3 else tempfile.mkdtemp(prefix="fk-match-check-")
    sample = os.path.join(corpus, "nvd/nvd-sample.json")
    if not os.path.exists(sample):
        print("SKIP: %s is not there" % sample)
        return 77
    records = [v["cve"] for v in json.load(open(sample))["vulnerabilities"]]
    systems = systems_for(records)
    ledger = os.path.join(work, "ledger.csv")
    os.makedirs(work, exist_ok=True)
    with open(ledger, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["name", "software"])
        for name, names in systems:
            w.writerow([name, ";".join(names)])
    # every way fukurou matches, each judged alike: records arriving for a ledger already
    # there (matched lazily), a ledger arriving for records already there (a whole ledger
    # on every core), and every ledger matched again (the answers compared with those kept),
    # once as they were and once after they were spoilt
    ways = [("records after the ledger", ["asset", "ledger"], ["vuln", "records"]),
            ("the ledger after the records", ["vuln", "records"], ["asset", "ledger"]),
            ("every ledger again", ["vuln", "records"], ["asset", "ledger"], ["rematch"]),
            ("every ledger again over spoilt answers", ["vuln", "records"], ["asset", "ledger"],
             ["spoil"], ["rematch"])]
    want = judge_all(records, systems)
    failed = 0
    first = None
    for way in ways:
        got, cited = run_way(fukurou, corpus, work, ledger, way[1:])
        failed += report(way[0], got, want, systems, records)
        # where two of a system's names prove the same, the one cited is settled by their
        # text, not by the order the ledger or the records came in
        if first is None:
            first = (way[0], cited)
        elif cited != first[1]:
            print("%s: the names cited for systems differ from %s's: %d rows only here, %d "
                  "only there" % (way[0], first[0], len(cited - first[1]), len(first[1] - cited)))
            failed += 1
    if len(sys.argv) <= 3:
        subprocess.run(["rm", "-rf", work])
    return 1 if failed else 0

def run_way(fukurou, corpus, work, ledger, steps):
    data = os.path.join(work, "d")
    subprocess.run(["rm", "-rf", data], check=True)
    def fk(*args):
        subprocess.run([fukurou, "admin", "--data", data] + list(args), check=True,
                       stdout=subprocess.DEVNULL)
    fk("org", "create", "Checks", "--sector", "electricity")
    for step in steps:
        if step == ["asset", "ledger"]:
            fk("asset", "import", ledger, "--org", "Checks")
        elif step == ["vuln", "records"]:
            fk("vuln", "import", os.path.join(corpus, "nvd/nvd-sample.json"))
        elif step == ["rematch"]:
            fk("vuln", "rematch")
        elif step == ["spoil"]:
            # answers a full match must put right: some removed, some reworded, some that
            # no rule gives
            # (every seventh answer in the key's order: the table has no row numbers)
            db = sqlite3.connect(os.path.join(data, "fukurou.db"))
            keys = db.execute("SELECT cpe, vuln_id FROM vuln_name_match ORDER BY cpe, vuln_id").fetchall()
            some = {k: keys[k::7] for k in (1, 2, 3, 4)}
            db.executemany("INSERT INTO vuln_name_match SELECT cpe, vuln_id || '-stale', confidence, "
                           "evidence, found_ms FROM vuln_name_match WHERE cpe = ? AND vuln_id = ?",
                           some[4])
            db.executemany("DELETE FROM vuln_name_match WHERE cpe = ? AND vuln_id = ?", some[1])
            db.executemany("UPDATE vuln_name_match SET evidence = 'spoilt' WHERE cpe = ? AND vuln_id = ?",
                           some[2])
            db.executemany("UPDATE vuln_name_match SET confidence = 'unversioned' "
                           "WHERE cpe = ? AND vuln_id = ?", some[3])
            db.commit()
            db.close()
    db = sqlite3.connect(os.path.join(data, "fukurou.db"))
    got = {}
    for asset, vuln, conf in db.execute(
            "SELECT a.name, m.vuln_id, m.confidence FROM vuln_match_all m JOIN asset a ON a.id = m.asset_id"):
        rank = {"version": 2, "product": 1}.get(conf, 0)
        if rank > {"version": 2, "product": 1}.get(got.get((asset, vuln)), 0):
            got[(asset, vuln)] = conf
    stale = db.execute("SELECT COUNT(*) FROM vuln_name_match WHERE evidence = 'spoilt' OR "
                       "vuln_id LIKE '%-stale'").fetchone()[0]
    cited = set(db.execute("SELECT a.name, m.vuln_id, m.confidence, m.cpe, m.evidence FROM "
                           "vuln_match m JOIN asset a ON a.id = m.asset_id"))
    db.close()
    if stale:
        got[("(stale answers left)", str(stale))] = "version"
    return got, cited

def judge_all(records, systems):
    # a record can only apply to a system running one of the products it names
    by_product = {}
    for rec in records:
        for cfg in rec.get("configurations", []):
            for node in cfg["nodes"]:
                for c in node["cpeMatch"]:
                    p = split(c["criteria"])
                    by_product.setdefault((p[1], p[2]), set()).add(rec["id"])
    by_id = {rec["id"]: rec for rec in records}
    want = {}
    for name, names in systems:
        ids = set()
        for n in names:
            p = split(n)
            ids |= by_product.get((p[1], p[2]), set())
        for vid in ids:
            j = judge(by_id[vid], names)
            if j:
                want[(name, vid)] = j
    return want

def report(way, got, want, systems, records):
    pairs = set(got) | set(want)
    agree = sum(1 for p in pairs if got.get(p) == want.get(p))
    print("%s: %d systems from %d real records; %d (system, CVE) pairs matched by either; "
          "agreement %d/%d (%.2f%%)" % (way, len(systems), len(records), len(pairs), agree,
                                          len(pairs), 100.0 * agree / max(1, len(pairs))))
    for kind in ("version", "product"):
        w = {p for p, k in want.items() if k == kind}
        g = {p for p, k in got.items() if k == kind}
        print("  %-8s oracle %d, fukurou %d, both %d" % (kind, len(w), len(g), len(w & g)))
    names = dict(systems)
    for p in sorted(pairs):
        if got.get(p) != want.get(p):
            print("  differ: %s %s fukurou=%s oracle=%s %s" % (p[0], p[1], got.get(p), want.get(p),
                                                               names.get(p[0], "")))
    return 0 if agree == len(pairs) and pairs else 1

if __name__ == "__main__":
    sys.exit(main())
