#!/usr/bin/env python3
"""A receiver that takes log lines and does nothing with them, for bench/collect.sh: it
measures the shippers, not a hub.

    sink.py http STATS PORTFILE   the hub's ingest endpoint: POST bodies answered 202 as
                                  the hub does, bytes counted (not decompressed: the
                                  sender's own count of delivered lines is used)
    sink.py tcp STATS PORTFILE    a TCP listener (syslog over TCP, one line per message)

Listens on 127.0.0.1 on a free port written to PORTFILE, and rewrites STATS with
"LINES BYTES" every 50 ms.
"""
import http.server
import os
import socket
import socketserver
import sys
import threading
import time

mode, stats_path, port_path = sys.argv[1:4]
count = {"lines": 0, "bytes": 0}
lock = threading.Lock()


def add(lines, nbytes):
    with lock:
        count["lines"] += lines
        count["bytes"] += nbytes


def write_stats():
    while True:
        with lock:
            text = "%d %d\n" % (count["lines"], count["bytes"])
        tmp = stats_path + ".tmp"
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, stats_path)
        time.sleep(0.05)


class Ingest(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        # the answer's headers and body go in two writes: without this, Nagle's algorithm
        # holds the body until the client's delayed ACK (about 40 ms a request)
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        add(0, len(body))
        answer = b'{"duplicate": false}'
        self.send_response(202)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


class Lines(socketserver.BaseRequestHandler):
    def handle(self):
        while True:
            data = self.request.recv(1 << 20)
            if not data:
                return
            add(data.count(b"\n"), len(data))


class Threaded(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


server = Threaded(("127.0.0.1", 0), Ingest if mode == "http" else Lines)
with open(port_path + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.replace(port_path + ".tmp", port_path)
threading.Thread(target=write_stats, daemon=True).start()
server.serve_forever()
