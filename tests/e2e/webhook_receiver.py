#!/usr/bin/env python3
"""A webhook receiver for the e2e tests: answers 200 to every POST and writes its
headers and body to DIR/N.hdr and DIR/N.json (N counting from 1).

    webhook_receiver.py PORT DIR
"""
import http.server
import os
import sys

port, out = int(sys.argv[1]), sys.argv[2]
os.makedirs(out, exist_ok=True)
count = [0]


class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        count[0] += 1
        base = os.path.join(out, str(count[0]))
        with open(base + ".json.tmp", "wb") as f:
            f.write(body)
        with open(base + ".hdr", "w") as f:
            for k, v in self.headers.items():
                f.write(f"{k}: {v}\n")
        os.rename(base + ".json.tmp", base + ".json")
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


http.server.HTTPServer(("127.0.0.1", port), Hook).serve_forever()
