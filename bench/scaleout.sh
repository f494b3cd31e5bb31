#!/usr/bin/env bash
# Detection spread over fukurou worker processes (issue 13): the same batches processed
# by one worker, then by two, in the same run, on a throw-away PostgreSQL cluster and
# nats-server -js started here.
#
#   bash bench/scaleout.sh [BATCHES] [LINES]     (default 120 batches of 5,000 lines)
#
# The batches (generated access logs, fk-bench-gen, from eight member organisations) are
# all on the bus before the workers start. Throughput is counted between the first and
# the last batch done (processed_ms in the store), so start-up is not in it; the ratio
# of the two runs is the figure that matters on the two-core machine: FK_BENCH_ROUNDS
# rounds (default 3) alternate one worker and two, and the median ratio is reported.
set -euo pipefail
cd "$(dirname "$0")/.."
batches=${1:-120}
lines=${2:-5000}
make -s build >/dev/null
bin=$PWD/build/fukurou
gen=$PWD/build/bench/fk-bench-gen
work=$(mktemp -d /tmp/fk-bench-scale-XXXXXX)
chmod 755 "$work" # the cluster runs as the postgres user when this runs as root
source scripts/services.sh
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    [ -d "$work/pg" ] && pg_cluster_ctl "$work/pg" stop >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT

pg=$(pg_cluster_init "$work/pg" "$(free_port)") || { echo "$pg"; exit 2; }
nport=$(free_port)
nats-server -js -a 127.0.0.1 -p "$nport" -sd "$work/js" >"$work/nats.log" 2>&1 &
pids+=($!)
sleep 0.5
export FUKUROU_BUS="nats://127.0.0.1:$nport"
"$gen" log $((batches * lines)) "$work/all.log" >/dev/null
split -l "$lines" -d -a 4 "$work/all.log" "$work/batch."

# psql against one database of the cluster
q() { psql -X -q -At "${pg%%/postgres\?*}/$1?${pg#*\?}" -c "$2"; }

run() { # workers
    local n=$1 db=fk_bench_w$1
    q postgres "CREATE DATABASE $db" >/dev/null
    export FUKUROU_STORE="${pg%%/postgres\?*}/$db?${pg#*\?}"
    cd "$work"
    for o in 0 1 2 3 4 5 6 7; do "$bin" admin org create "org$o" --sector electricity >/dev/null; done
    "$bin" admin org create NISC --sector centre >/dev/null
    "$bin" admin account create bench --org NISC --role centre-analyst >/dev/null
    local key
    key=$("$bin" admin apikey create bench --permissions api,ingest | head -c 84)
    local port
    port=$(free_port)
    rm -rf "$work/d$n"
    "$bin" serve --data "$work/d$n" --listen 127.0.0.1:$port --quiet 2>"$work/hub$n.log" &
    local hub=$!
    pids+=($hub)
    sleep 1
    local i=0 t0
    t0=$(date +%s.%N)
    for f in "$work"/batch.*; do
        curl -s -o /dev/null -f -H "Authorization: Bearer $key" -H 'Content-Type: text/plain' \
            -H "Idempotency-Key: $(basename "$f")" --data-binary @"$f" \
            "http://127.0.0.1:$port/api/v1/ingest?org=org$((i % 8))"
        i=$((i + 1))
    done
    # ingest: every batch checked line by line, stored (compressed, in the audit chain)
    # and on the bus, one sender after the other
    python3 -c "print(f'ingest into the store: {$batches * $lines / ($(date +%s.%N) - $t0):.0f} events/s ($batches batches, one sender)')" >&2
    local ws=()
    for w in $(seq 1 "$n"); do
        "$bin" worker --data "$work/d$n" --quiet 2>"$work/worker$n-$w.log" &
        ws+=($!)
        pids+=($!)
    done
    # FK_BENCH_TOP=FILE: where the CPU goes, three seconds into the run (a diagnosis aid)
    [ -n "${FK_BENCH_TOP:-}" ] && (sleep 3; top -b -d 2 -n 2 -w 200 | awk '/^top -/ { f++ } f == 2' | head -n 20 >"$FK_BENCH_TOP.$n") &
    while [ "$(q $db "SELECT count(*) FROM ingest_batch WHERE state = 'pending'")" != 0 ]; do
        sleep 1 # psql costs CPU the workers would otherwise have
    done
    kill "${ws[@]}" "$hub"
    wait "${ws[@]}" "$hub" 2>/dev/null || true
    # events after the first batch done, over the time from it to the last
    q $db "SELECT (sum(events) - min(events)) * 1000.0 / greatest(max(processed_ms) - min(processed_ms), 1), \
        sum(events), count(*), sum(alerts) FROM ingest_batch"
    cd - >/dev/null
}

rounds=${FK_BENCH_ROUNDS:-3}
echo "$batches batches of $lines lines (generated access log), 8 organisations, $rounds rounds"
printf '%-6s %-8s %12s %10s %8s\n' round workers 'events/s' events batches
ratios=()
for r in $(seq 1 "$rounds"); do
    rates=()
    for n in 1 2; do
        out=$(run "$n" 2>"$work/ingest$n.txt" | tail -n 1)
        grep -h '^ingest' "$work/ingest$n.txt" || true
        IFS='|' read -r rate events nb alerts <<<"$out"
        printf '%-6s %-8s %12.0f %10s %8s\n' "$r" "$n" "$rate" "$events" "$nb"
        rates+=("$rate")
        q postgres "DROP DATABASE fk_bench_w$n" >/dev/null
    done
    ratios+=("$(python3 -c "print(f'{${rates[1]} / ${rates[0]}:.2f}')")")
done
echo "two workers / one, per round: ${ratios[*]}; median $(printf '%s\n' "${ratios[@]}" | sort -n | sed -n "$(((rounds + 1) / 2))p")"
