#!/usr/bin/env python3
"""A stand-in for MyJVN's API for the e2e tests, serving the VULDEF entries of the given
detail documents: getVulnOverviewList lists them (a JVNRSS page of maxCountItem items
from startItem, with status:Status counting them) and getVulnDetailInfo answers the ones
named by vulnId ("A+B"), each as MyJVN would. Each request's query goes to LOG, one
JSON line each. An unknown method is answered with MyJVN's own error status.

    myjvn_api.py PORT LOG DETAIL.xml...
"""
import http.server
import json
import re
import sys
import urllib.parse

port, log, files = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
entries = {}  # JVNDB id -> its Vulinfo element, as written
root = None  # the documents' own root start tag, with every namespace they declare
for path in files:
    text = open(path, encoding="utf-8").read()
    root = root or re.search(r"<VULDEF-Document[^>]*>", text, re.S).group(0)
    for block in re.findall(r"<Vulinfo>.*?</Vulinfo>", text, re.S):
        vid = re.search(r"<VulinfoID>([^<]+)</VulinfoID>", block).group(1)
        entries[vid] = block
ordered = sorted(entries)

STATUS = ('<status:Status version="3.3" method="%s" lang="ja" retCd="%s" retMax="50" '
          'errCd="%s" errMsg="%s" totalRes="%d" totalResRet="%d" firstRes="%d" feed="hnd"/>')


def overview(first, count):
    chosen = ordered[first - 1:first - 1 + count]
    items = "".join(
        '<item rdf:about="https://jvndb.jvn.jp/ja/contents/%s.html"><title>%s</title>'
        '<sec:identifier>%s</sec:identifier><dcterms:issued>2025-01-01T00:00:00+09:00'
        '</dcterms:issued><dcterms:modified>2025-04-03T12:27:09+09:00</dcterms:modified>'
        '</item>' % (v, v, v) for v in chosen)
    return ('<?xml version="1.0" encoding="UTF-8"?><rdf:RDF '
            'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns="http://purl.org/rss/1.0/" xmlns:sec="http://jvn.jp/rss/mod_sec/3.0/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:status="http://jvndb.jvn.jp/myjvn/Status" xml:lang="ja">%s%s</rdf:RDF>' % (
                items, STATUS % ("getVulnOverviewList", "0", "", "", len(ordered), len(chosen),
                                 first)))


def details(ids):
    chosen = [entries[i] for i in ids if i in entries]
    return ('<?xml version="1.0" encoding="UTF-8"?>%s%s%s</VULDEF-Document>' % (
        root, "".join(chosen), STATUS % ("getVulnDetailInfo", "0", "", "", len(chosen),
                                         len(chosen), 1)))


class Api(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        q = {k: v[0] for k, v in urllib.parse.parse_qs(
            urllib.parse.urlsplit(self.path).query, keep_blank_values=True).items()}
        with open(log, "a", encoding="utf-8") as f:
            f.write(json.dumps(q) + "\n")
        method = q.get("method")
        if method == "getVulnOverviewList":
            body = overview(int(q.get("startItem", "1")), int(q.get("maxCountItem", "50")))
        elif method == "getVulnDetailInfo":
            body = details(q.get("vulnId", "").split(" "))  # '+' reads as a space
        else:
            body = ('<?xml version="1.0"?><VULDEF-Document xmlns:status="http://jvndb.jvn.jp/'
                    'myjvn/Status">%s</VULDEF-Document>' % (
                        STATUS % (method, "1", "1000", "method is invalid", 0, 0, 0)))
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", port), Api).serve_forever()
