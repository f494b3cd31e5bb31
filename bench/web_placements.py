#!/usr/bin/env python3
"""The web readers on the project's own payload lists, each payload placed five ways:
as a query parameter's value, as the User-Agent, as a path segment, and in a POST body
as a form field's value and as a JSON member's string (an ECS-shaped JSON log line that
keeps the body, as crs_eval.py writes them).

    python3 bench/web_placements.py build/fukurou tests/data/web-payloads [--misses]

Prints, per list, how many payloads were read as the list's family in each place
(a list named any.txt: any family; readers alone: an empty signature set replaces
rules/web.yml; with --with-signatures,
the signatures too, as shipped); with --misses, each payload not read so, and where. tests/data/web-payloads-second and -third are two more
sets, written on 2026-12-05, and -fourth (what arrives in API and form bodies: Java,
.NET, Python and Ruby serialization and expression payloads, XML entities) written on
2026-12-05 in the next session; each was committed before the readers first ran on it."""
import json
import os
import subprocess
import sys
import tempfile
import urllib.parse

WANT = {"code": {"code", "ssrf", "rce"}, "lfi": {"lfi", "sensitive"}, "ssrf": {"ssrf", "rfi"}}


PLACES = ("query", "user agent", "path", "form body", "JSON body")


def body_line(body):
    return json.dumps({"@timestamp": "2024-01-01T00:00:00Z", "source": {"ip": "192.0.2.1"},
                       "url": {"original": "/api/items"}, "user_agent": {"original": "Mozilla/5.0"},
                       "http": {"request": {"method": "POST", "body": {"content": body}},
                                "response": {"status_code": 200}}}) + "\n"


def line(place, value):
    if place == "form body":
        return body_line("id=7&x=" + urllib.parse.quote_plus(value))
    if place == "JSON body":
        return body_line(json.dumps({"id": 7, "x": value}))
    head = '192.0.2.1 - - [01/Jan/2024:00:00:00 +0000] "GET '
    if place == "query":
        return head + '/a?x=%s HTTP/1.1" 200 512 "-" "Mozilla/5.0"\n' % urllib.parse.quote(value, safe="")
    if place == "user agent":
        return head + '/x HTTP/1.1" 200 512 "-" "%s"\n' % value.replace('"', '\\"')
    return head + '/app/%s HTTP/1.1" 200 512 "-" "Mozilla/5.0"\n' % urllib.parse.quote(value, safe="/")


def main():
    binary, folder = sys.argv[1], sys.argv[2]
    show_misses = "--misses" in sys.argv[3:]
    # --with-signatures: the product as shipped (rules/web.yml and the readers)
    readers_only = "--with-signatures" not in sys.argv[3:]
    misses = []
    with tempfile.TemporaryDirectory() as tmp:
        empty = os.path.join(tmp, "none.yml")
        with open(empty, "w") as f:
            f.write("signatures: []\n")
        print("| list | " + " | ".join(PLACES) + " |\n|---|" + "---:|" * len(PLACES))
        for name in sorted(os.listdir(folder)):
            family = name.rsplit(".", 1)[0]
            payloads = [l.rstrip("\n") for l in open(os.path.join(folder, name)) if l.strip()]
            cells = []
            for place in PLACES:
                log = os.path.join(tmp, "p.log")
                with open(log, "w") as f:
                    for p in payloads:
                        f.write(line(place, p))
                fmt = "json" if place.endswith("body") else "combined"
                out = subprocess.run([binary, "scan", "--output", "json", "--format", fmt,
                                      "--quiet"] + (["--web-signatures=" + empty] if readers_only else []) + [log],
                                     capture_output=True, text=True).stdout
                read = set()
                for l in out.splitlines():
                    a = json.loads(l)
                    if a.get("family") in WANT.get(family, {family}) or (family == "any" and a.get("family")):
                        read.add(a.get("line"))
                cells.append("%d/%d" % (len(read), len(payloads)))
                misses += ["%s\t%s\t%s" % (family, place, p)
                           for k, p in enumerate(payloads) if k + 1 not in read]
            print("| %s | %s |" % (family, " | ".join(cells)))
    if show_misses:
        print("\n".join(misses))


if __name__ == "__main__":
    main()
