#!/usr/bin/env bash
# Benchmarks of the sharing hub (issue 3, point 10):
#
#   bash bench/hub.sh [OBJECTS]     (default 1,000,000)
#
# 1. a collection of OBJECTS indicators is loaded into a fresh data folder;
# 2. TAXII GET objects in pages of 1000, following `next` through the whole collection
#    (latency of every page: p50, p99, max; objects/s);
# 3. TAXII POST ingest: 20 envelopes of 1000 new objects, each acknowledged only once
#    committed (objects/s);
# 4. 10,000 connections opened, each making a request, all held open; then one more
#    request on a new connection.
# The server runs pinned to core 0, the client to core 1.
set -euo pipefail
cd "$(dirname "$0")/.."
objects=${1:-1000000}
make -s build >/dev/null
bin=build/fukurou
bench=build/bench/fk-bench-hub
[ -x "$bench" ] || { echo "fk-bench-hub was not built (libcurl missing?)"; exit 2; }
data=$(mktemp -d /tmp/fk-bench-hub-XXXXXX)
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
key=$($bench load "$data" "$objects")
port=18091
taskset -c 0 $bin serve --data "$data" --listen 127.0.0.1:$port --quiet --max-body 100000000 --max-per-address 20000 2>/dev/null &
server=$!
sleep 1
coll=0b0e7f2a-1c4d-4e8f-9a0b-1c2d3e4f5a6b
echo "collection: $objects objects, $(du -m "$data/fukurou.db" | cut -f1) MB database"
echo
echo "GET objects, pages of 1000: $(taskset -c 1 $bench page http://127.0.0.1:$port "$key" $coll)"
echo "POST ingest, 1000 per request: $(taskset -c 1 $bench ingest http://127.0.0.1:$port "$key" $coll 20)"
echo "held connections: $(taskset -c 1 $bench hold 127.0.0.1 $port "$key" 10000)"
