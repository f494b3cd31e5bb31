#!/bin/bash
# The collector beside Debian's rsyslog, in one run (issue 14): the same access log file
# (LINES generated lines, default 2,000,000, about 400 MiB) shipped over loopback
#   1. to a sink that only counts lines (bench/sink.py): what each shipper can do
#      - fukurou collect: file -> gzip batches -> disk spool -> HTTP POST
#      - the same with local matching on: every line decoded and matched against
#        INDICATORS released indicators (default 10,000) from its cache, with the hub
#        unreachable for pulls
#      - rsyslog: imfile -> omfwd TCP, one line per message
#   2. to the hub itself (fukurou serve on SQLite): collect by its ingest endpoint,
#      rsyslog by the hub's syslog TCP receiver; until the hub has stored every line
# The shipper runs on core 0, the receiver on core 1 (taskset). Reports MiB/s of the
# file and the shipper's peak resident memory (VmHWM).
#
#   bash bench/collect.sh [LINES [INDICATORS]]
set -euo pipefail

lines=${1:-2000000}
indicators=${2:-10000}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$root/build/fukurou
gen=$root/build/bench/fk-bench-gen
[ -x "$bin" ] && [ -x "$gen" ] || { echo "build first: make build" >&2; exit 2; }
command -v rsyslogd >/dev/null || { echo "rsyslogd is missing (apt install rsyslog)" >&2; exit 2; }
work=$(mktemp -d /tmp/fk-bench-collect-XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/logs"
"$gen" log "$lines" "$work/logs/access.log" >/dev/null
size=$(stat -c %s "$work/logs/access.log")
echo "$lines lines, $((size / 1048576)) MiB: $work/logs/access.log"

now() { date +%s.%N; }
mib_s() { python3 -c "print('%.1f' % ($size / 1048576 / ($2 - $1)))"; }
hwm() { awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$1/status" 2>/dev/null || echo "?"; }

# waits until the command prints a number >= lines; the shipper's peak memory is read
# just before it is stopped (pid in $2)
wait_for() { # what pid command...
    local what=$1 pid=$2 deadline=$(($(date +%s) + 600))
    shift 2
    while :; do
        local got
        got=$("$@" 2>/dev/null || echo 0)
        [ "${got:-0}" -ge "$lines" ] && break
        if [ "$(date +%s)" -gt "$deadline" ]; then
            echo "$what: timed out at $got of $lines lines" >&2
            exit 1
        fi
        sleep 0.05
    done
    peak=$(hwm "$pid")
}

start_sink() { # mode -> sets sink_port, sink_stats
    sink_stats=$work/sink-$1.stats
    rm -f "$work/sink.port" "$sink_stats"
    taskset -c 1 python3 "$root/bench/sink.py" "$1" "$sink_stats" "$work/sink.port" &
    pids+=($!)
    sink_pid=$!
    for _ in $(seq 100); do [ -s "$work/sink.port" ] && break; sleep 0.05; done
    sink_port=$(cat "$work/sink.port")
}
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
sink_lines() { cut -d' ' -f1 "$sink_stats"; }

collect_config() { # url [extra yaml]
    rm -rf "$work/spool"
    mkdir -p "$work/spool"
    cat >"$work/collect.yml" <<EOF
hub: {url: "$1", api_key_env: FK_BENCH_KEY}
spool: {dir: $work/spool, max_size: 4GiB, segment_size: 64MiB, fsync: interval}
batch: {max_size: 4MiB, max_wait: 100ms}
status: {interval: 50ms}
sources:
  - {name: web, paths: [$work/logs/access.log], format: combined}
${2:-}
EOF
}

# A cache of released indicators as the collector keeps it: addresses and domains,
# and the address of the log's first line, so that matches (and alerts) happen too.
indicator_cache() { # path
    python3 - "$1" "$indicators" "$work/logs/access.log" <<'PY'
import json, random, sys
path, n, log = sys.argv[1], int(sys.argv[2]), sys.argv[3]
first_ip = open(log).readline().split(" ")[0]
rng = random.Random(14)
objs = {}
def add(i, pattern):
    oid = "indicator--%08x-0000-4000-8000-%012x" % (i, i)
    objs[oid] = {"type": "indicator", "spec_version": "2.1", "id": oid,
                 "created": "2026-11-01T00:00:00.000Z", "modified": "2026-11-01T00:00:00.000Z",
                 "pattern": pattern, "pattern_type": "stix", "valid_from": "2026-11-01T00:00:00Z"}
add(0, "[ipv4-addr:value = '%s']" % first_ip)
for i in range(1, n):
    if i % 2:
        add(i, "[ipv4-addr:value = '198.%d.%d.%d']" % (18 + rng.randint(0, 1), rng.randint(0, 255),
                                                       rng.randint(1, 254)))
    else:
        add(i, "[domain-name:value = 'c2-%d.example']" % i)
json.dump({"collections": {}, "objects": objs}, open(path, "w"))
PY
}
collect_delivered() {
    python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['hub']['delivered_lines'])" \
        "$work/spool/status.json"
}

rsyslog_config() { # port template
    rm -rf "$work/rs" && mkdir -p "$work/rs"
    cat >"$work/rs/rsyslog.conf" <<EOF
global(workDirectory="$work/rs")
module(load="imfile")
template(name="raw" type="string" string="%msg%\n")
input(type="imfile" file="$work/logs/access.log" tag="web" freshStartTail="off")
action(type="omfwd" target="127.0.0.1" port="$1" protocol="tcp" template="$2")
EOF
}
start_rsyslog() {
    taskset -c 0 rsyslogd -n -f "$work/rs/rsyslog.conf" -i "$work/rs/pid" &
    pids+=($!)
    rs_pid=$!
}

declare -A result

# One shipper's run: started on core 0, timed until the counter says every line is
# there; then it and the receiver are stopped.
run_collect() { # result-key url counter receiver-pid [match]
    if [ "${5:-}" = match ]; then
        collect_config "$2" "match: {collections: ['http://127.0.0.1:1/taxii2/r/collections/c/'], cache: $work/indicators.json}"
        indicator_cache "$work/indicators.json"
    else
        collect_config "$2"
    fi
    local t0 t1
    t0=$(now)
    taskset -c 0 "$bin" collect --config "$work/collect.yml" 2>"$work/collect.log" &
    pids+=($!)
    local cpid=$!
    wait_for "$1" "$cpid" "$3"
    t1=$(now)
    stop "$cpid"
    stop "$4"
    result[$1]="$(mib_s "$t0" "$t1") MiB/s, ${peak} MiB resident"
}
run_rsyslog() { # result-key port template counter receiver-pid
    rsyslog_config "$2" "$3"
    local t0 t1
    t0=$(now)
    start_rsyslog
    wait_for "$1" "$rs_pid" "$4"
    t1=$(now)
    stop "$rs_pid"
    stop "$5"
    result[$1]="$(mib_s "$t0" "$t1") MiB/s, ${peak} MiB resident"
}

# ---- 1. to a sink ----
export FK_BENCH_KEY=bench-key-not-checked-by-the-sink
start_sink http
run_collect collect_sink "http://127.0.0.1:$sink_port" collect_delivered "$sink_pid"
start_sink http
run_collect collect_match "http://127.0.0.1:$sink_port" collect_delivered "$sink_pid" match
start_sink tcp
run_rsyslog rsyslog_sink "$sink_port" raw sink_lines "$sink_pid"

# ---- 2. to the hub ----
hub_up() { # extra serve args
    rm -rf "$work/hub" "$work/hub.log"
    "$bin" admin --data "$work/hub" org create NISC --sector centre >/dev/null
    "$bin" admin --data "$work/hub" org create PowerCo --sector electricity >/dev/null
    "$bin" admin --data "$work/hub" account create carol --org PowerCo --role member-reporter \
        >/dev/null
    FK_BENCH_KEY=$("$bin" admin --data "$work/hub" apikey create carol --permissions ingest \
        2>/dev/null | head -n 1)
    export FK_BENCH_KEY
    taskset -c 1 "$bin" serve --data "$work/hub" --listen 127.0.0.1:0 --max-ingest-body 67108864 \
        "$@" 2>"$work/hub.log" &
    pids+=($!)
    hub_pid=$!
    hub_port=
    for _ in $(seq 200); do
        hub_port=$(grep -o '(port [0-9]*' "$work/hub.log" | grep -o '[0-9]*' | head -n 1 || true)
        [ -n "$hub_port" ] && break
        sleep 0.05
    done
}
hub_lines() {
    sqlite3 "$work/hub/fukurou.db" "SELECT coalesce(sum(lines), 0) FROM ingest_batch"
}

hub_up
run_collect collect_hub "http://127.0.0.1:$hub_port" hub_lines "$hub_pid"
syslog_port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])")
hub_up --syslog-tcp "127.0.0.1:$syslog_port" --syslog-source 127.0.0.1/32=PowerCo
run_rsyslog rsyslog_hub "$syslog_port" RSYSLOG_ForwardFormat hub_lines "$hub_pid"

printf '\n%-34s %s\n' "file to a counting sink" ""
printf '  %-32s %s\n' "fukurou collect (HTTP, gzip)" "${result[collect_sink]}"
printf '  %-32s %s\n' "  with local matching ($indicators)" "${result[collect_match]}"
printf '  %-32s %s\n' "rsyslog imfile -> omfwd TCP" "${result[rsyslog_sink]}"
printf '%-34s %s\n' "file to the hub (stored)" ""
printf '  %-32s %s\n' "fukurou collect -> ingest" "${result[collect_hub]}"
printf '  %-32s %s\n' "rsyslog -> hub syslog TCP" "${result[rsyslog_hub]}"
