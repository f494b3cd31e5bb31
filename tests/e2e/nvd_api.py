#!/usr/bin/env python3
"""A stand-in for the NVD CVE API 2.0 for the e2e tests: serves the records of an NVD
page file by resultsPerPage and startIndex, keeps to lastModStartDate/lastModEndDate
(both or neither, at most 120 days apart, as NVD does), refuses the first request of
each run with 403 as NVD does when its rate limit is passed, and writes each request's
query and whether it carried an apiKey header to LOG, one JSON line each.

    nvd_api.py PORT RECORDS.json LOG
"""
import datetime
import http.server
import json
import sys
import urllib.parse

port, source, log = int(sys.argv[1]), sys.argv[2], sys.argv[3]
records = json.load(open(source, encoding="utf-8"))["vulnerabilities"]
seen = [0]


def when(text):
    """A time as NVD writes it (no zone: UTC) or as a client asks (an offset or Z)."""
    t = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return t if t.tzinfo else t.replace(tzinfo=datetime.timezone.utc)


class Api(http.server.BaseHTTPRequestHandler):
    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        q = {k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()}
        with open(log, "a", encoding="utf-8") as f:
            f.write(json.dumps({"path": url.path, "query": q,
                                "api_key": self.headers.get("apiKey")}) + "\n")
        seen[0] += 1
        if seen[0] == 1:
            return self.answer(403, {"message": "rate limit"})
        if url.path != "/rest/json/cves/2.0":
            return self.answer(404, {"message": "no such path"})
        chosen = records
        if ("lastModStartDate" in q) != ("lastModEndDate" in q):
            return self.answer(404, {"message": "both dates or neither"})
        if "lastModStartDate" in q:
            start, end = when(q["lastModStartDate"]), when(q["lastModEndDate"])
            if end - start > datetime.timedelta(days=120) or end < start:
                return self.answer(404, {"message": "the range is over 120 days"})
            chosen = [r for r in records
                      if start <= when(r["cve"]["lastModified"]) <= end]
        size = min(int(q.get("resultsPerPage", "2000")), 2000)
        first = int(q.get("startIndex", "0"))
        page = chosen[first:first + size]
        self.answer(200, {"resultsPerPage": len(page), "startIndex": first,
                          "totalResults": len(chosen), "format": "NVD_CVE", "version": "2.0",
                          "timestamp": "2026-12-02T00:00:00.000", "vulnerabilities": page})

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", port), Api).serve_forever()
