#!/usr/bin/env bash
# Indicator-matching benchmark for `fukurou scan` (issue 2, point 7).
#
#   bash bench/run.sh [LINES]        (default 2,000,000 lines)
#
# fukurou and awk run REPEAT times (default 3, median); grep and rg, which take minutes
# with 1M patterns, run PEER_REPEAT times (default 1).
#
# One generated combined access log is matched against generated indicator lists of
# 100k and 1M entries (half IPv4 addresses, half domains) by:
#   fukurou   fukurou scan --output json --no-web --ioc LIST LOG (indicators only)
#   fukurou+web  the same with every web-attack signature too (issue 4)
#   grep      grep -F -f LIST LOG            (substring matching: finds more, and wrong ones)
#   rg        rg -F -f LIST LOG              (Debian's ripgrep)
#   awk       awk -f bench/join.awk LIST LOG (hash join on client address and referrer host)
# Every tool runs pinned to one core. Then the memory limits: 10M indicators (1 GB at
# most) and 1M domains (100 MB at most), loaded and run over a small log.
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-2000000}
repeat=${REPEAT:-3}
peer_repeat=${PEER_REPEAT:-1}
peer_timeout=${PEER_TIMEOUT:-600}
out=bench/out
mkdir -p "$out"
make -s build >/dev/null
bin=build/fukurou
gen=build/bench/fk-bench-gen
pin=""
command -v taskset >/dev/null && pin="taskset -c 0"

log=$out/access-$lines.log
[ -f "$log" ] || $gen log "$lines" "$log"
for n in 100000 1000000; do [ -f "$out/iocs-$n.txt" ] || $gen iocs $n "$out/iocs-$n.txt" mixed; done
[ -f "$out/iocs-10000000.txt" ] || $gen iocs 10000000 "$out/iocs-10000000.txt" mixed
[ -f "$out/domains-1000000.txt" ] || $gen iocs 1000000 "$out/domains-1000000.txt" domains
[ -f "$out/small.log" ] || $gen log 10000 "$out/small.log"
mb=$(du -m "$log" | cut -f1)

# run NAME CMD...: median wall time and peak RSS of REPEAT runs; prints "secs rss_mb matches"
run() {
    local times=() rss=() matches=0 i
    for ((i = 0; i < repeat; i++)); do
        if ! /usr/bin/time -f "%e %M" -o "$out/time.txt" timeout "$peer_timeout" $pin "$@" >"$out/result.txt" 2>/dev/null; then
            # exit 1 means "found something" for fukurou and grep; anything else is a failure
            code=$(tail -n 1 "$out/time.txt" | grep -o 'exit status [0-9]*' | awk '{print $3}')
            if [ -n "$code" ] && [ "$code" != 1 ]; then echo "failed (exit $code)"; return; fi
        fi
        read -r t r < <(tail -n 1 "$out/time.txt")
        times+=("$t"); rss+=("$r")
        matches=$(wc -l <"$out/result.txt")
    done
    local mt mr
    mt=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    mr=$(printf '%s\n' "${rss[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    echo "$mt $((mr / 1024)) $matches"
}

printf '\nlog: %s lines, %s MB; fukurou and awk: median of %s runs, grep and rg: %s run(s); one core (%s)\n\n' "$lines" "$mb" "$repeat" "$peer_repeat" "${pin:-unpinned}"
printf '| indicators | tool | seconds | lines/s | MB/s | peak RSS (MB) | output lines |\n'
printf '|---|---|---:|---:|---:|---:|---:|\n'
for n in 100000 1000000; do
    list=$out/iocs-$n.txt
    for tool in fukurou fukurou+web awk grep rg; do
        case $tool in
            fukurou) r=$(run $bin scan --output json --quiet --no-progress --no-web --ioc "$list" "$log") ;;
            fukurou+web) r=$(run $bin scan --output json --quiet --no-progress --ioc "$list" "$log") ;;
            awk) r=$(run awk -f bench/join.awk "$list" "$log") ;;
            grep) r=$(repeat=$peer_repeat run grep -F -f "$list" "$log") ;;
            rg) r=$(repeat=$peer_repeat run rg -F -f "$list" "$log") ;;
        esac
        if [[ $r == failed* ]]; then
            printf '| %s | %s | %s | | | | |\n' "$n" "$tool" "$r"
            continue
        fi
        read -r secs rss matches <<<"$r"
        awk -v n="$n" -v tool="$tool" -v s="$secs" -v l="$lines" -v mb="$mb" -v rss="$rss" -v m="$matches" \
            'BEGIN { printf "| %d | %s | %.2f | %.0f | %.1f | %d | %d |\n", n, tool, s, (s > 0 ? l / s : 0), (s > 0 ? mb / s : 0), rss, m }'
    done
done

printf '\nMemory limits (fukurou scan over a 10,000-line log):\n\n'
printf '| indicators | seconds (load + scan) | peak RSS (MB) | limit (MB) |\n|---|---:|---:|---:|\n'
r=$(repeat=1 run $bin scan --output json --quiet --no-progress --no-web --ioc "$out/iocs-10000000.txt" "$out/small.log")
read -r secs rss _ <<<"$r"
printf '| 10,000,000 (5M IPv4 + 5M domains) | %s | %s | 1024 |\n' "$secs" "$rss"
r=$(repeat=1 run $bin scan --output json --quiet --no-progress --no-web --ioc "$out/domains-1000000.txt" "$out/small.log")
read -r secs rss _ <<<"$r"
printf '| 1,000,000 domains | %s | %s | 100 |\n' "$secs" "$rss"
r=$(repeat=1 run $bin scan --output json --quiet --no-progress --no-web "$out/small.log")
read -r secs rss _ <<<"$r"
printf '| none (baseline) | %s | %s | |\n' "$secs" "$rss"
