#!/usr/bin/env python3
"""The web readers and signatures on long values made of one opening repeated with
nothing to close it ('<a' with no '>', '{{a' with no '}}', '$(<a'): a reader that looks
from each opening to the value's end reads such a value in time quadratic in its length,
and one request can hold the scan for seconds. Each pattern fills a query value of SIZE
bytes (default 200,000); the time of `fukurou scan` on that one line is printed beside
the time for a value of plain letters of the same length, and their ratio.

    python3 bench/web_worst_case.py build/fukurou [SIZE]
"""
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse

PATTERNS = ["x", "'a", '"a ', "<a x", "<a", "$(", "$(<a", "{{a", "${a", "#{", "%{", "/*",
            "(a", "[a", "`a", "a=b&", ";a ", "|a", "<?", "window[", "\\x41", "&#x41;", "--",
            "select ", "or 1=1 ", "${jndi:", "$a$a;", "'-", "a(", ";awk '", "top[",
            "<!entity &a;", " !!a.b", "=gasv", "'.execute(", "system.", ";ls '-", ";ssh a@",
            "||'", "|| 1==", "db.a.", "', $a", "where 1", "hello ${a} ", ")(&",
            "{{{", "response.write ", "/usr/a", "/logs/a_log", "~/.", "'collate a ", "elt(1=1,",
            "a=alert,", "onerror=alert,", b"\xbcscript", "http://a@", "http://\u2460."]


def seconds(binary, path):
    start = time.monotonic()
    subprocess.run([binary, "scan", "--output", "json", "--format", "combined", path],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - start


def main():
    binary = sys.argv[1]
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 200000
    head = '192.0.2.1 - - [01/Jan/2024:00:00:00 +0000] "GET '
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "one.log")
        times = {}
        for p in PATTERNS:
            value = urllib.parse.quote(p * (size // len(p)), safe="")  # bytes: sent as they are
            with open(path, "w") as f:
                f.write(head + '/a?x=%s HTTP/1.1" 200 512 "-" "Mozilla/5.0"\n' % value)
            times[p] = min(seconds(binary, path) for _ in range(2))
        plain = times["x"]
        print("| value of %d bytes made of | seconds | against plain letters |\n|---|---:|---:|" % size)
        for p in PATTERNS:
            name = p.decode("latin-1").encode("unicode_escape").decode() if isinstance(p, bytes) else p
            print("| `%s` | %.2f | %.1f |" % (name, times[p], times[p] / plain))


if __name__ == "__main__":
    main()
