"""Real URLs, not generated ones: every http(s) URL with a path that people wrote into the
files of this machine (documentation, manual pages, packages' sources and tests, the
corpus's NVD, JVN, KEV records and Sigma rules' references), made into access-log lines
as a browser would send them, and scanned by fukurou for the share of lines that raise an
alarm. No generator chose these requests and no signature was written from them before
they were first measured.

Four sets that share no URL, so that one can teach and the others measure:
  docs   the plain files under /usr/share, /usr/lib/python3, /usr/lib/node_modules,
         /usr/include, Perl's library and ~/.pyenv (106,074 lines on the machine of
         2026-12-04)
  refs   the compressed documentation and manual pages (/usr/share/doc, man, info) and
         the corpus's references (../shared/corpora/vuln, sigma/rules), less every URL
         of docs
  bins   the programs and libraries themselves (/usr/bin, /usr/sbin, /usr/lib,
         /usr/libexec, /opt: the endpoints, help links and update URLs compiled into
         them), less every URL of docs and refs
  apt    the package lists apt keeps (/var/lib/apt/lists: every Debian package's
         homepage and the links in its description, installed or not), less every
         URL of docs, refs and bins (defined in the fourteenth session, before fukurou
         first ran on it)

A request is what a browser sends: the fragment (#...) is left out. A URL holding a
printf conversion (%s, %d, %04d, %%) or a %NAME% placeholder is a template in a program's
source, never sent as written, and is left out too; so is a URL with bytes outside
printable ASCII or a double quote (a log line cannot hold them as written).

  python3 bench/real_urls.py SET OUT.log [--scan BIN] [--alarms FILE]
"""
import argparse
import gzip
import hashlib
import os
import re
import subprocess
import sys
import json
import lzma
import collections

URL = re.compile(rb"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(/[^][ \"'<>(){}\\`\x00-\x20\x7f-\xff]+)")
TEMPLATE = re.compile(r"%(?:[-+ #0]*[0-9]*(?:\.[0-9]+)?[sdifuxXc%]|[A-Za-z_][A-Za-z0-9_]*%)")
UA = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
HOME = os.path.expanduser("~")
DOCS_ROOTS = ["/usr/share", "/usr/lib/python3", "/usr/lib/node_modules", "/usr/include",
              "/usr/lib/x86_64-linux-gnu/perl5", "/usr/share/perl5", os.path.join(HOME, ".pyenv")]
COMPRESSED_ROOTS = ["/usr/share/doc", "/usr/share/man", "/usr/share/info"]


def files_under(roots, compressed):
    for root in roots:
        for d, _, names in os.walk(root):
            for n in names:
                if n.endswith(".gz") == compressed:
                    p = os.path.join(d, n)
                    if os.path.isfile(p) and not os.path.islink(p):
                        yield p


BIN_ROOTS = ["/usr/bin", "/usr/sbin", "/usr/lib", "/usr/libexec", "/opt"]


def text_of(path, compressed, binaries=False):
    try:
        if compressed:
            with gzip.open(path, "rb") as f:
                return f.read()
        with open(path, "rb") as f:
            data = f.read(64 << 20 if binaries else 8 << 20)
        if binaries:
            return data
        return b"" if b"\x00" in data[:4096] else data  # binaries are not documents
    except (OSError, EOFError, gzip.BadGzipFile):
        return b""


def urls_of(paths, compressed, binaries=False):
    seen = set()
    for p in paths:
        for m in URL.finditer(text_of(p, compressed, binaries)):
            seen.add(m.group(0).rstrip(b".,;:").decode("ascii"))
    return seen


def docs_urls():
    return urls_of(files_under(DOCS_ROOTS, False), False)


def refs_urls(corpora, docs):
    found = urls_of(files_under(COMPRESSED_ROOTS, True), True)
    roots = [os.path.join(corpora, "vuln"), os.path.join(corpora, "sigma", "rules")]
    found |= urls_of(files_under(roots, False), False)
    return found - docs


def bins_urls(corpora):
    docs = docs_urls()
    return urls_of(files_under(BIN_ROOTS, False), False, True) - docs - refs_urls(corpora, docs)


APT_LISTS = "/var/lib/apt/lists"


def package_lists():
    """The text of every package list apt keeps, unpacked (lz4 through lz4cat, which
    Debian's apt depends on; gzip and xz in Python)."""
    for n in sorted(os.listdir(APT_LISTS)) if os.path.isdir(APT_LISTS) else []:
        p = os.path.join(APT_LISTS, n)
        if "_Packages" not in n or not os.path.isfile(p):
            continue
        try:
            if n.endswith(".lz4"):
                yield subprocess.run(["lz4cat", p], capture_output=True, check=True).stdout
            elif n.endswith(".gz"):
                with gzip.open(p, "rb") as f:
                    yield f.read()
            elif n.endswith(".xz"):
                with lzma.open(p, "rb") as f:
                    yield f.read()
            else:
                with open(p, "rb") as f:
                    yield f.read()
        except (OSError, EOFError, subprocess.CalledProcessError, lzma.LZMAError, gzip.BadGzipFile):
            continue


def apt_urls(corpora):
    found = set()
    for text in package_lists():
        for m in URL.finditer(text):
            found.add(m.group(0).rstrip(b".,;:").decode("ascii"))
    docs = docs_urls()
    refs = refs_urls(corpora, docs)
    return found - docs - refs - (urls_of(files_under(BIN_ROOTS, False), False, True) - docs - refs)


def request_of(url):
    """The path and query a browser sends for url, or None when it is not a request."""
    path = re.sub(r"^https?://[^/]+", "", url).split("#", 1)[0]
    if not path or TEMPLATE.search(path) or '"' in path:
        return None
    return path


def log_lines(urls):
    lines = []
    for url in sorted(urls):
        path = request_of(url)
        if path is None:
            continue
        # the client address from the URL's hash: a line's address does not depend on the order
        host = int(hashlib.sha1(url.encode()).hexdigest()[:4], 16) % 250 + 1
        lines.append('198.51.100.%d - - [01/Dec/2026:10:00:00 +0000] "GET %s HTTP/1.1" 200 512 "-" "%s"'
                     % (host, path, UA))
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("set", choices=["docs", "refs", "bins", "apt"])
    ap.add_argument("out")
    ap.add_argument("--corpora", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpora"))
    ap.add_argument("--scan", metavar="BIN", help="scan the lines with this fukurou and report")
    ap.add_argument("--alarms", metavar="FILE", help="write each line with an alarm and its rules here")
    args = ap.parse_args()
    urls = (docs_urls() if args.set == "docs" else refs_urls(args.corpora, docs_urls())
            if args.set == "refs" else bins_urls(args.corpora) if args.set == "bins"
            else apt_urls(args.corpora))
    lines = log_lines(urls)
    with open(args.out, "w") as f:
        f.write("".join(l + "\n" for l in lines))
    print("%s: %d URLs, %d request lines in %s" % (args.set, len(urls), len(lines), args.out))
    if not args.scan:
        return
    proc = subprocess.run([args.scan, "scan", "--output", "json", "--quiet", args.out],
                          capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.exit("fukurou scan failed: " + proc.stderr)
    rules = collections.defaultdict(set)
    for l in proc.stdout.splitlines():
        a = json.loads(l)
        if a.get("engine") == "web":
            rules[a["line"]].add(a["rule"])
    by_rule = collections.Counter(r for rs in rules.values() for r in rs)
    print("lines with an alarm: %d of %d (%.3f%%)" % (len(rules), len(lines), 100.0 * len(rules) / max(1, len(lines))))
    for r, n in by_rule.most_common():
        print("  %-40s %d" % (r, n))
    if args.alarms:
        with open(args.alarms, "w") as f:
            for i in sorted(rules):
                f.write("%s %s\n" % (",".join(sorted(rules[i])), lines[i - 1].split('"')[1][4:-9]))


if __name__ == "__main__":
    main()
