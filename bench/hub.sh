#!/usr/bin/env bash
# Benchmarks of the sharing hub (issue 3, point 10; both stores: issue 13):
#
#   bash bench/hub.sh [OBJECTS] [STORES]     (default 1,000,000; "sqlite postgres")
#
# For each store (SQLite in a fresh data folder; PostgreSQL in a throw-away cluster
# started here, when the Debian package is installed):
# 1. a collection of OBJECTS indicators is loaded;
# 2. TAXII GET objects in pages of 1000, following `next` through the whole collection
#    (latency of every page: p50, p99, max; objects/s);
# 3. TAXII POST ingest: 20 envelopes of 1000 new objects, each acknowledged only once
#    committed (objects/s);
# 4. 10,000 connections opened, each making a request, all held open; then one more
#    request on a new connection.
# The server runs pinned to core 0, the client (and PostgreSQL) to core 1.
set -euo pipefail
cd "$(dirname "$0")/.."
objects=${1:-1000000}
stores=${2:-sqlite postgres}
make -s build >/dev/null
bin=build/fukurou
bench=build/bench/fk-bench-hub
[ -x "$bench" ] || { echo "fk-bench-hub was not built (libcurl missing?)"; exit 2; }
source scripts/services.sh
data=$(mktemp -d /tmp/fk-bench-hub-XXXXXX)
chmod 755 "$data" # a cluster in it runs as the postgres user when this runs as root
server=
trap '[ -n "$server" ] && kill $server 2>/dev/null; [ -d "$data/pg" ] && pg_cluster_ctl "$data/pg" stop; rm -rf "$data"' EXIT
coll=0b0e7f2a-1c4d-4e8f-9a0b-1c2d3e4f5a6b
port=18091
for store in $stores; do
    unset FUKUROU_STORE
    if [ "$store" = postgres ]; then
        if ! url=$(pg_cluster_init "$data/pg" "$(free_port)"); then
            echo "postgres: skipped ($url)"
            continue
        fi
        export FUKUROU_STORE=$url
    fi
    key=$($bench load "$data/$store" "$objects")
    taskset -c 0 $bin serve --data "$data/$store" --listen 127.0.0.1:$port --quiet \
        --max-body 100000000 --max-per-address 20000 2>/dev/null &
    server=$!
    # the hub listens once its detection has loaded the collection's indicators
    for _ in $(seq 1 600); do
        curl -s -o /dev/null "http://127.0.0.1:$port/" && break
        sleep 0.2
    done
    echo "== $store: collection of $objects objects"
    echo "GET objects, pages of 1000: $(taskset -c 1 $bench page http://127.0.0.1:$port "$key" $coll)"
    echo "POST ingest, 1000 per request: $(taskset -c 1 $bench ingest http://127.0.0.1:$port "$key" $coll 20)"
    echo "held connections: $(taskset -c 1 $bench hold 127.0.0.1 $port "$key" 10000)"
    kill $server
    wait $server 2>/dev/null || true
    server=
    port=$((port + 1))
done
