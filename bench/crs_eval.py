#!/usr/bin/env python3
"""Measures fukurou's web signatures on the OWASP CRS regression tests (issue 4).

usage: crs_eval.py CRS_TESTS_DIR FUKUROU_BINARY OUT_DIR [--modsec build/bench/fk-bench-modsec]

Every test whose request fits an access-log line (no body; the payload in the path,
query, User-Agent or Referer) becomes one combined-format line, written as Apache
writes it (quotes and backslashes escaped, other bytes as \\xhh). Tests that expect a
rule to fire form the attack set, tests that expect none the benign set. The family a
test belongs to comes from its CRS rule file. Prints a per-family table: attacks,
detected with the right family, detected at all, benign lines, and alarms on them,
counted twice: any alarm, and alarms of the test's own family. (A CRS test without
expected rules only says that one rule must stay quiet; many of them are attacks that
other rules catch, such as `system('echo cd /tmp;wget ...')`, so "any alarm" overstates
the false alarms.)
"""
import argparse
import collections
import glob
import json
import os
import re
import subprocess
import sys
import time
import zlib

import yaml

import importlib

FAMILY = {  # CRS rule file -> the fukurou families that count as the right one
    "911": ("protocol", {"protocol"}),
    "913": ("scanner", {"scanner"}),
    "920": ("protocol", {"protocol"}),
    "921": ("protocol", {"protocol"}),
    "922": ("protocol", {"protocol"}),
    "930": ("lfi", {"lfi"}),
    "931": ("rfi", {"rfi"}),
    "932": ("rce", {"rce"}),
    "933": ("code-php", {"code"}),
    "934": ("code-generic", {"code", "ssrf", "rce"}),
    "941": ("xss", {"xss"}),
    "942": ("sqli", {"sqli"}),
    "943": ("session-fixation", {"session"}),
    "944": ("code-java", {"code"}),
}
# CRS files that mix what fukurou keeps apart: restricted files and extensions are
# fukurou's "sensitive" family as much as LFI or protocol policy.
RULE_FAMILY = {
    "920440": {"protocol", "sensitive"},
    # "Attempt to access a backup or working file" (its message in Debian's CRS): a
    # backup copy is a file by what it is, as 920440's extensions are. Not in the
    # shared half of the tests; mapped by the rule's meaning alone.
    "920500": {"protocol", "sensitive"},
    "930120": {"lfi", "sensitive"},
    "930130": {"lfi", "sensitive"},
    "932171": {"rce", "code"},  # Shellshock: the issue files it under code injection
    # a bare Unix system-file path (/etc/shadow in a header): CRS files it under shell
    # code, fukurou under file access, as CRS's own 930120 does for the same paths
    "932160": {"rce", "lfi"},
    "932161": {"rce", "lfi"},
    # CRS files LDAP injection and mod_proxy's unix-socket SSRF under protocol attacks;
    # fukurou reports them as what they reach: an LDAP filter, an internal fetch
    "921200": {"protocol", "ldap"},
    "921240": {"protocol", "ssrf"},
}
# CRS tests in the benign set that are attacks by the issue's own families: a test
# without expected rules only says that ONE rule must stay quiet. Read by hand; each
# line is in crs-false-alarms.txt. The table reports alarms with and without them.
BENIGN_BUT_ATTACK = {
    # tests with the payload in a body or a cookie (the JSON section), read in the folds
    # not held out: each is expected not to trigger its own rule, yet is an attack
    "932230#9": "system('dig ...;ftp http://...'): download-and-run chain in a form body",
    "932230#10": "system('echo cd /tmp;wget ...;curl -O ...'): download-and-run chain",
    "932230#11": "... system('echo cd /tmp;wget ...'): download-and-run chain after text",
    "932230#12": "system('echo cd /tmp;wget ...;curl -O ...'): download-and-run chain",
    "932230#14": "<!--#exec cmd=\"/bin/cat /etc/shadow\"-->: server-side include running a command",
    "932230#15": "\\ncat /etc/passwd;: a command on a line of its own",
    "932230#16": "() { :;}; /bin/bash -c \"curl ...\": Shellshock",
    "932230#17": "&#59; ;top: a command after a separator",
    "932230#18": "<!--#exec cmd=\"/bin/cat /etc/shadow\"-->: server-side include running a command",
    "932230#19": "<!--#exec cmd=\"/bin/cat /etc/shadow\"-->: server-side include running a command",
    "932230#20": "\\ncat /etc/passwd;: a command on a line of its own",
    "932230#21": "\\ncat /etc/passwd;: a command on a line of its own",
    "932230#23": "() { :;}; /bin/bash -c \"ftp ...\": Shellshock",
    "932230#26": "` /bin/cat /etc/passwd`: command substitution",
    "932230#27": "`cut crs312``dig 34test`: command substitutions",
    "932230#42": ";vi -c:\\!pwd: a command after a separator, escaping to a shell",
    "932230#43": ";vim -c:\\!pwd: a command after a separator, escaping to a shell",
    "932230#44": ";ex -c:\\!pwd: a command after a separator, escaping to a shell",
    "932230#46": ";cat /path/file.gz: a command after a separator",
    "932236#9": ";vi -c:\\!pwd: a command after a separator, escaping to a shell",
    "932260#2": "exec 5<>/dev/tcp/8.8.8.8/80 in a cookie: a shell's reverse connection",
    "932260#3": "...;tar -xzf /var/www/exfiltrate.tar.gz /etc: a command after a separator",
    "933100#24": "<?php as a cookie's value: PHP's open tag",
    "942120#30": "user'collate foo--: a string closed, a clause added, the rest commented out",
    "932230#1": "system('echo cd /tmp;wget ...;perl p.txt;rm -rf'): download-and-run chain",
    "932230#2": "upload.php;lwp-download ...;wget ...;perl appa.jpg;chmod 755 ca.php: download-and-run chain",
    "932260#1": "bash -c \"echo test\": shell command",
    "932260#14": "time curl coreruleset.org: the same request is an attack in 932236#42 (with ti''me)",
    "932260#15": "ti''me curl coreruleset.org: identical to the attack test 932236#42",
    "932310#8": "%02 control bytes in the query: a protocol anomaly (CRS 920271 at PL2 flags them too)",
    "933100#25": "<?php as a parameter name: PHP open tag",
    "933100#81": "<?xphp system('id'); ?>: PHP system() call",
    "933100#86": "<?echo \"test\";?>: PHP short open tag with code",
    "934170#2": "data://text/plain;base64,...: PHP's data:// stream wrapper, which includes what the attacker wrote",
    "934110#6": "169.254.169.254/latest/user-data: cloud metadata SSRF",
    "934110#7": "http://169.254.169.254/latest: cloud metadata SSRF",
    "934110#8": "http://metadata.google.internal: cloud metadata SSRF",
    "941100#5": "<script xmlns=...>setTimeout(... document.createElement(\"script\") ...): XSS in the Referer",
    "941110#10": "%9cscript %bcalert(1);%bc/script%9e: XSS with lossy-charset brackets",
    # read 2026-12-04 (fold 1, not held out): the only line left in the training folds'
    # benign alarms. In a quoted context the string ends at the quote and the INSERT runs:
    # ... = '/*';INSERT INTO category(id) VALUES (3)-- -*/'
    "942350#9": "/*';INSERT INTO category(id) VALUES (3)-- -*/: a string closed, a stacked INSERT, the rest commented out",
}
PLAIN_HEADERS = {"host", "user-agent", "accept", "referer", "connection", "content-type", "content-length",
                 "accept-encoding", "accept-language", "cache-control", "proxy-connection", "keep-alive", "pragma"}
DEFAULT_UA = "OWASP CRS test agent"


def escape(value):
    out = []
    for ch in value.encode("utf-8", "surrogateescape"):
        if ch == 0x22:
            out.append('\\"')
        elif ch == 0x5C:
            out.append("\\\\")
        elif ch < 0x20 or ch >= 0x7F:
            out.append("\\x%02x" % ch)
        else:
            out.append(chr(ch))
    return "".join(out)


def fits(inp):
    """The request's payload is visible in an access-log line."""
    if inp.get("data") or inp.get("encoded_request") or inp.get("raw_request"):
        return False
    headers = {k.lower(): str(v) for k, v in (inp.get("headers") or {}).items()}
    uri = str(inp.get("uri", "/"))
    ua = headers.get("user-agent", "")
    if any(k not in PLAIN_HEADERS and v for k, v in headers.items()):
        return False  # the payload may be in a header no log line has
    if headers.get("content-type", "").startswith("multipart"):
        return False
    return uri not in ("/", "/get", "/post") or (ua and ua != DEFAULT_UA) or "referer" in headers


def fits_json(inp):
    """The request's payload is visible in a JSON log that keeps the body and the cookies
    (ECS's http.request.body.content, nginx's $request_body and $http_cookie, a WAF's
    audit log), though not in an access-log line."""
    if inp.get("encoded_request") or inp.get("raw_request"):
        return False
    headers = {k.lower(): str(v) for k, v in (inp.get("headers") or {}).items()}
    if any(k not in PLAIN_HEADERS and k != "cookie" and v for k, v in headers.items()):
        return False
    return bool(inp.get("data") or headers.get("cookie"))


def json_line(method, uri, ua, referrer, body, cookie):
    """One request as an ECS-shaped JSON log line, body and Cookie header included."""
    request = {"method": method}
    if referrer != "-":
        request["referrer"] = referrer
    if body:
        request["body"] = {"content": body}
    if cookie:
        request["headers"] = {"cookie": cookie}
    return json.dumps({"@timestamp": "2024-01-01T00:00:00Z", "source": {"ip": "192.0.2.10"},
                       "url": {"original": uri}, "user_agent": {"original": ua},
                       "http": {"request": request, "response": {"status_code": 200}}})


def main():
    ap = argparse.ArgumentParser(description="fukurou's web signatures on the CRS regression tests")
    ap.add_argument("tests_dir")
    ap.add_argument("binary")
    ap.add_argument("out_dir")
    ap.add_argument("--modsec", help="fk-bench-modsec binary: adds ModSecurity + CRS at PL1 and PL2")
    ap.add_argument("--crs-rules", default="/usr/share/modsecurity-crs/rules")
    ap.add_argument("--repeat", type=int, default=200, help="copies of the set for the speed figures")
    ap.add_argument("--generated", type=int, default=5000, help="lines of generated everyday traffic")
    ap.add_argument("--generator", default="benign_traffic",
                    help="the module under bench/ that generates them: benign_traffic (the set the "
                         "readers were checked against), site_traffic (the set the Referer and free-text "
                         "rules were checked against), portal_traffic, infra_traffic or sector_traffic (written "
                         "2026-12-04, each held out for its first measurement)")
    ap.add_argument("--generated-bodies", type=int, default=5000,
                    help="JSON log lines of everyday requests with bodies and cookies (bench/benign_bodies.py)")
    ap.add_argument("--body-generator", default="benign_bodies",
                    help="the module under bench/ that generates them: benign_bodies (the set the "
                         "free-text rules were checked against), site_bodies (the set the prose rule was checked against) or "
                         "portal_bodies (written 2026-12-04, held out for its first measurement)")
    ap.add_argument("--scan-arg", action="append", default=[],
                    help="an extra argument for fukurou scan (repeatable), e.g. --web-signatures=F")
    ap.add_argument("--readers-only", action="store_true",
                    help="the structural readers alone: an empty signature set replaces rules/web.yml")
    ap.add_argument("--folds", type=int, default=5,
                    help="folds by CRS rule id for the cross-validated table (a rule's tests stay together)")
    ap.add_argument("--holdout", type=int, default=None,
                    help="fold to keep out of the misses and false-alarm files: change the detectors "
                         "only from what the other folds show, then report this one")
    args = ap.parse_args()
    tests_dir, binary, out_dir = args.tests_dir, args.binary, args.out_dir
    os.makedirs(out_dir, exist_ok=True)
    if args.readers_only:
        empty = os.path.join(out_dir, "no-signatures.yml")
        with open(empty, "w") as f:
            f.write("signatures: []\n")
        args.scan_arg.append("--web-signatures=" + empty)
    lines = {"attack": [], "benign": [], "generated": []}
    meta = {"attack": [], "benign": []}
    requests = {"attack": [], "benign": [], "generated": []}
    skipped = 0
    # requests whose payload only a body or cookie-keeping JSON log shows
    jlines = {"attack": [], "benign": []}
    jmeta = {"attack": [], "benign": []}
    jrequests = {"attack": [], "benign": []}
    for path in sorted(glob.glob(os.path.join(tests_dir, "*", "*.yaml"))):
        fam_key = os.path.basename(os.path.dirname(path)).split("-")[1]
        if fam_key not in FAMILY:
            continue
        with open(path) as f:
            doc = yaml.safe_load(f)
        for test in (doc or {}).get("tests", []) or []:
            for stage in test.get("stages", []):
                st = stage.get("stage", stage)
                inp, out = st.get("input", {}), st.get("output", {})
                log = out.get("log", {}) if isinstance(out, dict) else {}
                kind = "attack" if log.get("expect_ids") else "benign" if "no_expect_ids" in log else None
                if kind is not None and not fits(inp) and fits_json(inp):
                    headers = {k.lower(): str(v) for k, v in (inp.get("headers") or {}).items()}
                    jlines[kind].append(json_line(str(inp.get("method", "GET")), str(inp.get("uri", "/")),
                                                  headers.get("user-agent", "-"), headers.get("referer", "-"),
                                                  str(inp.get("data") or ""), headers.get("cookie", "")))
                    jmeta[kind].append((fam_key, "%s#%s" % (doc.get("rule_id"), test.get("test_id"))))
                    data = str(inp.get("data") or "")
                    jrequests[kind].append(body_request(
                        str(inp.get("method", "GET")), str(inp.get("uri", "/")), str(inp.get("version", "HTTP/1.1")),
                        headers.get("user-agent", "-"), headers.get("referer", "-"),
                        headers.get("content-type", "application/x-www-form-urlencoded" if data else "-"),
                        headers.get("cookie", "-"), data or "-"))
                if kind is None or not fits(inp):
                    skipped += 1
                    continue
                headers = {k.lower(): str(v) for k, v in (inp.get("headers") or {}).items()}
                method = str(inp.get("method", "GET"))
                uri = str(inp.get("uri", "/"))
                version = str(inp.get("version", "HTTP/1.1"))
                add_request(lines[kind], requests[kind], method, uri, version, headers.get("user-agent", "-"),
                            headers.get("referer", "-"))
                meta[kind].append((fam_key, "%s#%s" % (doc.get("rule_id"), test.get("test_id"))))
    generator = importlib.import_module(args.generator)
    for method, uri, version, ua, referrer in generator.generate(args.generated):
        add_request(lines["generated"], requests["generated"], method, uri, version, ua, referrer)
    results = {}
    jresults = {}
    jlines["generated"] = importlib.import_module(args.body_generator).generate(args.generated_bodies)
    jrequests["generated"] = [request_of_json_line(l) for l in jlines["generated"]]
    for kind in ("attack", "benign", "generated"):
        logfile = write_set(out_dir, "crs-body-%s" % kind, ".json", jlines[kind], jrequests[kind])
        jresults[kind] = web_families(binary, "json", args.scan_arg, logfile)
        logfile = write_set(out_dir, "crs-%s" % kind, ".log", lines[kind], requests[kind])
        results[kind] = web_families(binary, "combined", args.scan_arg, logfile)
        if results[kind] is None or jresults[kind] is None:
            return 2
    engines = [("fukurou", results)]
    speed = {"fukurou": fukurou_speed(binary, out_dir, lines, args.repeat)}
    body_engines = [("fukurou", jresults)]
    if args.modsec:
        for pl in (1, 2):
            name = "CRS PL%d" % pl
            res, jres = {}, {}
            for kind in ("attack", "benign", "generated"):
                repeat = max(1, args.repeat // 10) if kind == "attack" else 0
                res[kind], rate = modsec_families(args, pl, os.path.join(out_dir, "crs-%s.tsv" % kind), repeat)
                jres[kind], _ = modsec_families(args, pl, os.path.join(out_dir, "crs-body-%s.tsv" % kind), 0)
                if res[kind] is None or jres[kind] is None:
                    return 2
                if rate:
                    speed[name] = rate
            engines.append((name, res))
            body_engines.append((name, jres))

    def right(engine, key, fams, tid):
        if engine != "fukurou":
            return bool(fams & {"crs-" + key})
        return bool(fams & RULE_FAMILY.get(tid.split("#")[0], FAMILY[key][1]))

    rows = collections.OrderedDict((k, collections.defaultdict(int)) for k in sorted(FAMILY))
    misses, false_alarms, generated_alarms = [], [], []
    reviewed = collections.defaultdict(int)
    for i, (key, tid) in enumerate(meta["attack"], 1):
        rows[key]["attacks"] += 1
        for engine, res in engines:
            fams = res["attack"].get(i, set())
            rows[key][engine + " right"] += right(engine, key, fams, tid)
            rows[key][engine + " any"] += bool(fams)
            if engine == "fukurou" and not right(engine, key, fams, tid) and fold_of(tid, args.folds) != args.holdout:
                misses.append((key, tid, lines["attack"][i - 1]))
    for i, (key, tid) in enumerate(meta["benign"], 1):
        rows[key]["benign"] += 1
        for engine, res in engines:
            fams = res["benign"].get(i, set())
            rows[key][engine + " alarm"] += bool(fams)
            rows[key][engine + " own"] += right(engine, key, fams, tid)
            if engine == "fukurou" and fams and fold_of(tid, args.folds) != args.holdout:
                false_alarms.append((key, tid, sorted(fams), lines["benign"][i - 1]))
            if tid not in BENIGN_BUT_ATTACK:
                reviewed[engine + " alarm"] += bool(fams)
    for engine, res in engines:
        reviewed[engine + " generated"] = len(res["generated"])
    for i in sorted(results["generated"]):
        generated_alarms.append((sorted(results["generated"][i]), lines["generated"][i - 1]))

    def pct(a, b):
        return "%.1f%%" % (100.0 * a / b) if b else "-"

    names = [e for e, _ in engines]
    print("Attack lines detected with the right family (and with any family), per CRS rule file:\n")
    print("| CRS file | family | attack lines | " + " | ".join("%s right (any)" % n for n in names) + " |")
    print("|---|---|---:|" + "---:|" * len(names))
    total = collections.defaultdict(int)
    for key, v in rows.items():
        for k, x in v.items():
            total[k] += x
        if v["attacks"]:
            print("| %s | %s | %d | %s |" % (key, FAMILY[key][0], v["attacks"], " | ".join(
                "%s (%s)" % (pct(v[n + " right"], v["attacks"]), pct(v[n + " any"], v["attacks"])) for n in names)))
    print("| all | | %d | %s |" % (total["attacks"], " | ".join(
        "**%s** (%s)" % (pct(total[n + " right"], total["attacks"]), pct(total[n + " any"], total["attacks"]))
        for n in names)))
    print("\nBenign lines that raised an alarm (any family; own family of the test):\n")
    print("| CRS file | family | benign lines | " + " | ".join("%s alarm (own)" % n for n in names) + " |")
    print("|---|---|---:|" + "---:|" * len(names))
    for key, v in rows.items():
        if v["benign"]:
            print("| %s | %s | %d | %s |" % (key, FAMILY[key][0], v["benign"], " | ".join(
                "%s (%s)" % (pct(v[n + " alarm"], v["benign"]), pct(v[n + " own"], v["benign"])) for n in names)))
    print("| all | | %d | %s |" % (total["benign"], " | ".join(
        "**%s** (%s)" % (pct(total[n + " alarm"], total["benign"]), pct(total[n + " own"], total["benign"]))
        for n in names)))
    nrev = sum(1 for _, tid in meta["benign"] if tid not in BENIGN_BUT_ATTACK)
    print("| all, without the %d attacks listed in BENIGN_BUT_ATTACK | | %d | %s |" % (
        total["benign"] - nrev, nrev, " | ".join("**%s**" % pct(reviewed[n + " alarm"], nrev) for n in names)))
    cross_validated(args.folds, meta, results, right, names)
    print("\nGenerated everyday traffic (bench/%s.py), lines that raised an alarm:\n" % args.generator)
    print("| lines | " + " | ".join(names) + " |")
    print("|---:|" + "---:|" * len(names))
    ng = len(lines["generated"])
    print("| %d | %s |" % (ng, " | ".join("%d (**%s**)" % (reviewed[n + " generated"], pct(
        reviewed[n + " generated"], ng)) for n in names)))
    print("\nRequests/s on one core: " + ", ".join("%s %.0f" % (n, speed[n]) for n in names if n in speed))
    print("\n%d tests did not fit an access-log line (a body, a raw request, or the payload in another header)" % skipped)
    body_section(args, jmeta, body_engines, jlines, right, out_dir)
    with open(os.path.join(out_dir, "crs-misses.txt"), "w") as f:
        for m in misses:
            f.write("%s %s %s\n" % m)
    with open(os.path.join(out_dir, "crs-false-alarms.txt"), "w") as f:
        for m in false_alarms:
            f.write("%s %s %s %s\n" % (m[0], m[1], ",".join(m[2]), m[3]))
    with open(os.path.join(out_dir, "generated-false-alarms.txt"), "w") as f:
        for fams, line in generated_alarms:
            f.write("%s %s\n" % (",".join(fams), line))
    return 0


def body_request(method, uri, version, ua, referrer, ctype, cookie, body):
    """One request with its Content-Type, Cookie and body, as a row for the ModSecurity harness."""
    return tuple(escape(x) for x in (method, uri, version, ua, referrer, ctype, cookie, body))


def request_of_json_line(line):
    """The harness row of a generated JSON log line; its Content-Type told from its body, as
    the client that sent it would have declared it."""
    d = json.loads(line)
    r = d["http"]["request"]
    body = r.get("body", {}).get("content", "")
    head = body.lstrip()[:1]
    ctype = ("-" if not body else "application/json" if head in "{[" else "text/xml" if head == "<" else
             "multipart/form-data; boundary=" + body[2:body.index("\r\n")] if body.startswith("--") else
             "application/x-www-form-urlencoded")
    return body_request(r["method"], d["url"]["original"], "HTTP/1.1", d["user_agent"]["original"], "-", ctype,
                        r.get("headers", {}).get("cookie", "-"), body or "-")


def modsec_families(args, pl, tsv, repeat):
    """ModSecurity + CRS at paranoia pl on a harness file: line -> {"crs-NNN", ...} for the
    requests it would block, and its requests/s when repeat > 0 (None, 0 on error)."""
    cmd = [args.modsec, "--crs", args.crs_rules, "--paranoia", str(pl)]
    if repeat:
        cmd += ["--repeat", str(repeat)]
    proc = subprocess.run(cmd + [tsv], capture_output=True, text=True)
    if proc.returncode != 0:
        print(proc.stderr, file=sys.stderr)
        return None, 0
    hits = collections.defaultdict(set)
    for i, l in enumerate(proc.stdout.splitlines(), 1):
        blocked, _, ids = l.partition("\t")
        if blocked == "1":  # what the WAF acts on: the anomaly threshold
            hits[i] = {"crs-" + x[:3] for x in ids.split(",") if x} or {"crs-other"}
    m = re.search(r"([0-9.]+) requests/s", proc.stderr)
    return hits, float(m.group(1)) if m else 0


def write_set(out_dir, stem, ext, lines, rows):
    """A set as log lines for fukurou (stem + ext) and as rows for the ModSecurity harness
    (stem.tsv); returns the log file's path."""
    logfile = os.path.join(out_dir, stem + ext)
    with open(logfile, "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(out_dir, stem + ".tsv"), "w") as f:
        for r in rows:
            f.write("\t".join(r) + "\n")
    return logfile


def web_families(binary, fmt, scan_args, logfile):
    """fukurou scan on one file: line number -> the web families it raised (None on error)."""
    proc = subprocess.run([binary, "scan", "--output", "json", "--format", fmt, "--quiet"] + scan_args +
                          [logfile], capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        print(proc.stderr, file=sys.stderr)
        return None
    hits = collections.defaultdict(set)
    for l in proc.stdout.splitlines():
        a = json.loads(l)
        if a.get("engine") == "web" and a.get("family"):
            hits[a["line"]].add(a["family"])
    return hits


def body_section(args, jmeta, engines, jlines, right, out_dir):
    """The tests whose payload is in a body or a cookie, as JSON log lines that keep them
    (and, for ModSecurity, as requests with their Content-Type): right family per family,
    fukurou by the same folds, alarms on the generated everyday set; fukurou's misses and
    false alarms of the folds not held out in crs-body-misses.txt and crs-body-false-alarms.txt."""
    n_att, n_ben = len(jmeta["attack"]), len(jmeta["benign"])
    names = [e for e, _ in engines]
    jresults = engines[0][1]
    print("\nOf those, %d attack and %d benign tests carry their payload in a body or a cookie: "
          "as JSON log lines that keep both (ECS http.request.body.content, a Cookie header):\n" % (n_att, n_ben))
    per = collections.OrderedDict()
    misses, alarms = [], []
    for i, (key, tid) in enumerate(jmeta["attack"], 1):
        fam = FAMILY[key][0]
        per.setdefault(fam, collections.defaultdict(int))
        per[fam]["n"] += 1
        for name, res in engines:
            ok = right(name, key, res["attack"].get(i, set()), tid)
            per[fam][name] += ok
            if name == "fukurou" and not ok and fold_of(tid, args.folds) != args.holdout:
                misses.append((key, tid, jlines["attack"][i - 1]))
    for i, (key, tid) in enumerate(jmeta["benign"], 1):
        fams = jresults["benign"].get(i, set())
        if fams and fold_of(tid, args.folds) != args.holdout:
            alarms.append((key, tid, ",".join(sorted(fams)), jlines["benign"][i - 1]))
    print("| family | attack tests | " + " | ".join("%s right family" % n for n in names) + " |")
    print("|---|---:|" + "---:|" * len(names))
    for fam in sorted(per):
        v = per[fam]
        print("| %s | %d | %s |" % (fam, v["n"], " | ".join("%.1f%%" % (100.0 * v[n] / v["n"]) for n in names)))
    if n_att:
        print("| **all** | %d | %s |" % (n_att, " | ".join(
            "**%.1f%%**" % (100.0 * sum(v[n] for v in per.values()) / n_att) for n in names)))
    nrev = [i for i, (_, tid) in enumerate(jmeta["benign"], 1) if tid not in BENIGN_BUT_ATTACK]
    ng = len(jlines["generated"])
    print("| benign tests without BENIGN_BUT_ATTACK, with an alarm | %d | %s |" % (len(nrev), " | ".join(
        "%.1f%%" % (100.0 * sum(1 for i in nrev if res["benign"].get(i)) / len(nrev) if nrev else 0)
        for _, res in engines)))
    print("| generated everyday requests (bench/%s.py) with an alarm | %d | %s |" % (args.body_generator, ng, " | ".join(
        "**%.2f%%**" % (100.0 * len(res["generated"]) / ng if ng else 0) for _, res in engines)))
    cross_validated(args.folds, jmeta, jresults, right, ["fukurou"])
    with open(os.path.join(out_dir, "crs-body-misses.txt"), "w") as f:
        for m in misses:
            f.write("%s %s %s\n" % m)
    with open(os.path.join(out_dir, "crs-body-false-alarms.txt"), "w") as f:
        for m in alarms:
            f.write("%s %s %s %s\n" % m)
    with open(os.path.join(out_dir, "generated-body-false-alarms.txt"), "w") as f:
        for i in sorted(jresults["generated"]):
            f.write("%s %s\n" % (",".join(sorted(jresults["generated"][i])), jlines["generated"][i - 1]))


def fold_of(tid, folds):
    """The fold of a test: by its CRS rule id, so that every test of a rule is held out
    together, as the half of the tests not in ../shared is made of other rules."""
    return zlib.crc32(tid.split("#")[0].encode()) % folds


def cross_validated(folds, meta, results, right, names):
    """fukurou per fold: right family on the fold's attacks, alarms on its benign lines
    (without BENIGN_BUT_ATTACK), per family and over all; mean and worst fold."""
    fam_of = {k: FAMILY[k][0] for k in FAMILY}
    att = collections.defaultdict(lambda: [0, 0])  # (family, fold) -> [right, total]
    ben = collections.defaultdict(lambda: [0, 0])
    for i, (key, tid) in enumerate(meta["attack"], 1):
        f = fold_of(tid, folds)
        ok = right("fukurou", key, results["attack"].get(i, set()), tid)
        for k in ((fam_of[key], f), ("all", f)):
            att[k][0] += ok
            att[k][1] += 1
    for i, (key, tid) in enumerate(meta["benign"], 1):
        if tid in BENIGN_BUT_ATTACK:
            continue
        f = fold_of(tid, folds)
        alarm = bool(results["benign"].get(i, set()))
        for k in ((fam_of[key], f), ("all", f)):
            ben[k][0] += alarm
            ben[k][1] += 1
    print("\nfukurou by fold of CRS rules (%d folds; each fold is rules whose tests the others do not hold):\n" % folds)
    print("| family | " + " | ".join("fold %d" % f for f in range(folds)) + " | mean | worst |")
    print("|---|" + "---:|" * (folds + 2))
    fams = sorted({k[0] for k in att} - {"all"}) + ["all"]
    for fam in fams:
        cells, vals = [], []
        for f in range(folds):
            r, t = att[(fam, f)]
            cells.append("%.0f%% (%d)" % (100.0 * r / t, t) if t else "-")
            if t:
                vals.append(100.0 * r / t)
        if vals:
            print("| %s | %s | %.1f%% | %.1f%% |" % (fam if fam != "all" else "**all attacks, right family**",
                                                     " | ".join(cells), sum(vals) / len(vals), min(vals)))
    cells, vals = [], []
    for f in range(folds):
        a, t = ben[("all", f)]
        cells.append("%.1f%% (%d)" % (100.0 * a / t, t) if t else "-")
        if t:
            vals.append(100.0 * a / t)
    if vals:
        print("| **benign, false alarms** | %s | %.1f%% | %.1f%% |" % (" | ".join(cells), sum(vals) / len(vals), max(vals)))


def add_request(lines, requests, method, uri, version, ua, referrer):
    """One request as a combined-format line and as a row for the ModSecurity harness."""
    lines.append('192.0.2.10 - - [01/Jan/2024:00:00:00 +0000] "%s %s %s" 200 512 "%s" "%s"' % (
        escape(method), escape(uri), escape(version), escape(referrer), escape(ua)))
    requests.append((escape(method), escape(uri), escape(version), escape(ua), escape(referrer)))


def fukurou_speed(binary, out_dir, lines, repeat):
    """Lines/s of `fukurou scan` over the attack and benign lines repeated, startup included."""
    path = os.path.join(out_dir, "crs-repeated.log")
    with open(path, "w") as f:
        block = "\n".join(lines["attack"] + lines["benign"]) + "\n"
        for _ in range(repeat):
            f.write(block)
    n = repeat * (len(lines["attack"]) + len(lines["benign"]))
    t0 = time.monotonic()
    subprocess.run([binary, "scan", "--output", "json", "--format", "combined", "--quiet", path],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return n / (time.monotonic() - t0)


if __name__ == "__main__":
    sys.exit(main())
