#!/usr/bin/env python3
"""Generated data for the vulnerability benchmarks, shaped like the real thing.

  vulngen.py nvd SAMPLE OUT [--count N] [--page P]
      An NVD CVE API 2.0 data set of N CVEs (default 300,000, about today's NVD) in
      response pages of P records (default 2,000, the API's page size). Each record is a
      real record of SAMPLE (the shared corpus's nvd-sample.json) with a new id, dates,
      description and products: its structure (metrics, configurations with their AND/OR
      nodes, platforms, version ranges, references) is the real one's.
  vulngen.py update SAMPLE OUT --count N [--of TOTAL] [--seed N]
      One page of N CVEs already in the data set of TOTAL, modified later, with other
      version ranges: an incremental update as the API's lastModStartDate gives it.
  vulngen.py words DATASET OUT --count N [--seed N]
      One page of N CVEs of a generated data set (the folder of pages) modified later in
      their words alone: the description and the modification date change, the
      configurations stay as they were (most of NVD's modifications are of this kind).
  vulngen.py ranges DATASET OUT --count N [--seed N]
      One page of N CVEs of a generated data set whose version ranges moved one step
      (versionEndExcluding 2.4.1 -> 2.4.2), their products the same: a reanalysis.
  vulngen.py ledger OUT --assets N [--orgs K]
      K ledger CSVs (one per member organisation) of N systems in all, each running an
      operating system and 2 to 11 programs named as the data set names them (popular
      products more often), each at one of its product's releases.

Products come from one vocabulary made from a fixed seed, so the ledger and the data set
name the same products. Records far larger than most (CVE-2022-0004 has 398
configurations) are drawn a tenth as often as the others, as such records are rare.
"""
import json
import os
import random
import re
import sys

VENDORS, PRODUCTS = 20000, 60000


def vocabulary():
    rnd = random.Random(17)
    syll = ["ka", "ri", "to", "mo", "su", "na", "ve", "lo", "tex", "net", "sys", "soft", "data",
            "web", "core", "link", "gate", "cloud", "sec", "ware", "hub", "lab", "on", "io"]
    vendors = []
    seen = set()
    while len(vendors) < VENDORS:
        v = "".join(rnd.choice(syll) for _ in range(rnd.randint(2, 4)))
        if v not in seen:
            seen.add(v)
            vendors.append(v)
    products = []
    for i in range(PRODUCTS):
        v = vendors[int(rnd.paretovariate(1.2)) % VENDORS] if rnd.random() < 0.7 else vendors[
            rnd.randrange(VENDORS)]
        p = "_".join(rnd.choice(syll) for _ in range(rnd.randint(1, 3))) + "_%d" % i
        part = rnd.choices("aoh", [80, 12, 8])[0]
        products.append((v, p, part))
    return products


ZIPF = None


def popular(rnd, products):
    """A product index by Zipf's law over the products (exponent 0.8): the most common
    has some 2.5% of the draws, as NVD's most named product (the Linux kernel) has about
    2% of its CVEs, and a long tail of products has one or two."""
    global ZIPF
    if ZIPF is None:
        total, ZIPF = 0.0, []
        for r in range(len(products)):
            total += 1.0 / (r + 1) ** 0.8
            ZIPF.append(total)
    return rnd.choices(range(len(products)), cum_weights=ZIPF)[0]


def releases(index):
    """A product's fifteen releases, the same in every run: systems run these, not any
    number, so many systems share a name (as a fleet runs a few builds)."""
    rnd = random.Random(index)
    major, out = rnd.randint(0, 9), []
    for _ in range(15):
        out.append("%d.%d.%d" % (major, rnd.randint(0, 20), rnd.randint(0, 40)))
        if rnd.random() < 0.2:
            major += 1
    return out


CRITERIA = re.compile(r'"cpe:2\.3:([aoh]):([^:"]+):([^:"]+):')


def load_templates(sample):
    with open(sample, encoding="utf-8") as f:
        doc = json.load(f)
    out = []
    for v in doc["vulnerabilities"]:
        text = json.dumps(v["cve"], ensure_ascii=False, separators=(",", ":"))
        weight = 0.1 if len(text) > 50000 else 1.0
        out.append((text, weight, v["cve"]["id"]))
    return out


def make_record(rnd, templates, weights, products, n, year, modified):
    text, _, old_id = rnd.choices(templates, weights)[0]
    mapping = {}

    def product(m):
        key = (m.group(2), m.group(3))
        if key not in mapping:
            mapping[key] = products[popular(rnd, products)]
        v, p, part = mapping[key]
        return '"cpe:2.3:%s:%s:%s:' % (part, v, p)

    text = CRITERIA.sub(product, text)
    new_id = "CVE-%d-%05d" % (year, n)
    text = text.replace(old_id, new_id)
    rec = json.loads(text)
    rec["id"] = new_id
    day = "%d-%02d-%02dT%02d:%02d:%02d.%03d" % (year, rnd.randint(1, 12), rnd.randint(1, 28),
                                               rnd.randint(0, 23), rnd.randint(0, 59),
                                               rnd.randint(0, 59), rnd.randint(0, 999))
    rec["published"] = day
    rec["lastModified"] = modified or day
    for d in rec.get("descriptions", []):
        d["value"] = "%s (%s)" % (d["value"][:400], new_id)
    return rec


def write_page(path, records, start, total):
    doc = {"resultsPerPage": len(records), "startIndex": start, "totalResults": total,
           "format": "NVD_CVE", "version": "2.0", "timestamp": "2026-12-01T00:00:00.000",
           "vulnerabilities": [{"cve": r} for r in records]}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, separators=(",", ":"))


def ids(count):
    """The data set's ids in order: years 1999 to 2026, more in later years."""
    years = list(range(1999, 2027))
    weights = [1 + (y - 1999) ** 2 for y in years]
    per = [max(1, int(count * w / sum(weights))) for w in weights]
    per[-1] += count - sum(per)
    for y, k in zip(years, per):
        for i in range(k):
            yield y, i + 1


def nvd(sample, out, count, page):
    os.makedirs(out, exist_ok=True)
    templates = load_templates(sample)
    weights = [w for _, w, _ in templates]
    products = vocabulary()
    rnd = random.Random(1)
    batch, start, files = [], 0, 0
    for y, n in ids(count):
        batch.append(make_record(rnd, templates, weights, products, n, y, None))
        if len(batch) == page:
            write_page(os.path.join(out, "nvdcve-%04d.json" % files), batch, start, count)
            start += len(batch)
            files += 1
            batch = []
    if batch:
        write_page(os.path.join(out, "nvdcve-%04d.json" % files), batch, start, count)


def update(sample, out, count, total, seed=2):
    """count records of the data set changed: new text, new products (so their matches
    change too); seed picks which records and which products, so that two seeds are
    two different updates of the same size."""
    templates = load_templates(sample)
    weights = [w for _, w, _ in templates]
    products = vocabulary()
    rnd = random.Random(seed)
    every = list(ids(total))
    chosen = rnd.sample(every, count)
    recs = [make_record(rnd, templates, weights, products, n, y, "2026-12-01T00:00:00.000")
            for y, n in chosen]
    write_page(out, recs, 0, count)


def records_of_pages(dataset, rnd, wanted):
    """The records of wanted pages of a generated data set (the folder of pages), the
    pages picked by rnd."""
    pages = sorted(os.path.join(dataset, f) for f in os.listdir(dataset) if f.endswith(".json"))
    recs = []
    for path in rnd.sample(pages, min(len(pages), max(1, wanted))):
        with open(path, encoding="utf-8") as f:
            recs += [v["cve"] for v in json.load(f)["vulnerabilities"]]
    return recs


def words(dataset, out, count, seed=2):
    """count records of the data set with new words and a later date, nothing else."""
    rnd = random.Random(seed)
    recs = records_of_pages(dataset, rnd, count // 100)
    recs = rnd.sample(recs, min(count, len(recs)))
    for r in recs:
        r["lastModified"] = "2026-12-02T00:00:00.000"
        r["descriptions"][0]["value"] += " The vendor's advisory has been updated."
    write_page(out, recs, 0, len(recs))


def bump(version):
    """The version one step later in its last number (2.4.1 -> 2.4.2), or None."""
    parts = version.split(".")
    if not parts[-1].isdigit():
        return None
    parts[-1] = str(int(parts[-1]) + 1)
    return ".".join(parts)


def ranges(dataset, out, count, seed=2):
    """count records of the data set whose version ranges moved and nothing else of
    their configurations: each bound one step later (versionEndExcluding 2.4.1 -> 2.4.2),
    the products the same, as NVD's reanalyses mostly change them. Records without a
    bound are left out."""
    rnd = random.Random(seed)
    recs = records_of_pages(dataset, rnd, count // 50)
    rnd.shuffle(recs)
    chosen = []
    for r in recs:
        moved = False
        for conf in r.get("configurations", []):
            for node in conf.get("nodes", []):
                for m in node.get("cpeMatch", []):
                    for key in ("versionEndExcluding", "versionEndIncluding",
                                "versionStartIncluding", "versionStartExcluding"):
                        later = bump(m[key]) if key in m else None
                        if later:
                            m[key] = later
                            moved = True
        if moved:
            r["lastModified"] = "2026-12-03T00:00:00.000"
            chosen.append(r)
        if len(chosen) == count:
            break
    write_page(out, chosen, 0, len(chosen))


def ledger(out, assets, orgs):
    """Each system runs an operating system (one of the 30 most common of those the
    vocabulary has) and 2 to 11 other programs, each at one of its product's releases
    (the newer ones more often)."""
    os.makedirs(out, exist_ok=True)
    products = vocabulary()
    systems = [i for i, p in enumerate(products) if p[2] == "o"][:30]
    rnd = random.Random(3)
    for k in range(orgs):
        with open(os.path.join(out, "org%02d.csv" % k), "w", encoding="utf-8") as f:
            f.write("name,exposure,criticality,ics,software,crypto\n")
            share = assets // orgs + (1 if k < assets % orgs else 0)
            for i in range(share):
                chosen = [systems[min(int(rnd.paretovariate(1.0)) - 1, len(systems) - 1)]]
                chosen += [popular(rnd, products) for _ in range(rnd.randint(2, 11))]
                progs = []
                for index in chosen:
                    v, p, part = products[index]
                    rel = releases(index)
                    version = rel[len(rel) - min(int(rnd.paretovariate(1.0)), len(rel))]
                    progs.append("cpe:2.3:%s:%s:%s:%s:*:*:*:*:*:*:*" % (part, v, p, version))
                f.write("sys-%02d-%06d,%s,%s,%s,%s,%s\n" % (
                    k, i, rnd.choice(["internet", "internal", "internal", "isolated"]),
                    rnd.choice(["low", "medium", "medium", "high", "critical"]),
                    "yes" if rnd.random() < 0.03 else "no", ";".join(progs),
                    rnd.choice(["", "", "SHA-1", "RSA-1024", "RSA-2048;TLS1.2"])))


def option(args, name, default):
    if name in args:
        i = args.index(name)
        value = args[i + 1]
        del args[i:i + 2]
        return int(value)
    return default


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        return 2
    cmd = args.pop(0)
    count = option(args, "--count", 300000)
    page = option(args, "--page", 2000)
    total = option(args, "--of", 300000)
    n_assets = option(args, "--assets", 100000)
    orgs = option(args, "--orgs", 40)
    seed = option(args, "--seed", 2)
    if cmd == "nvd" and len(args) == 2:
        nvd(args[0], args[1], count, page)
    elif cmd == "update" and len(args) == 2:
        update(args[0], args[1], count, total, seed)
    elif cmd == "words" and len(args) == 2:
        words(args[0], args[1], count, seed)
    elif cmd == "ranges" and len(args) == 2:
        ranges(args[0], args[1], count, seed)
    elif cmd == "ledger" and len(args) == 1:
        ledger(args[0], n_assets, orgs)
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
