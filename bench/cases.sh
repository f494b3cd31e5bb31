#!/bin/bash
# Server time of the case pages with a large store (issue 16): CASES cases (default
# 100,000) with ENTRIES timeline entries (default 2,000,000: each an entry of the audit
# chain) in a SQLite data folder filled by fk-bench-cases-fill; each page requested 21
# times as the centre's analyst and as a member, through the API and the console. Server
# time is the time to the first byte on loopback; prints the median and the slowest.
#
#   bash bench/cases.sh [CASES [ENTRIES]]
set -euo pipefail

cases=${1:-100000}
entries=${2:-2000000}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$root/build/fukurou
fill=$root/build/bench/fk-bench-cases-fill
[ -x "$bin" ] && [ -x "$fill" ] || { echo "build first: make build" >&2; exit 2; }
work=$(mktemp -d /tmp/fk-bench-cases-XXXXXX)
hub_pid=
cleanup() {
    [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

export FK_PW="correct horse battery staple"
echo "filling the store: $cases cases, $entries timeline entries..."
store=${FK_BENCH_STORE:-}
if [ -n "$store" ]; then echo "store: PostgreSQL"; else echo "store: SQLite"; fi
mkdir -p "$work/d"
"$fill" "${store:-$work/d}" "$cases" "$entries" | sed 's/^/  /'
. "$root/bench/pages.sh"
bench_start_hub "$work/d" "$store"
for who in ana carol; do bench_sign_in "$who"; done
# a case of PowerCo's (every 40th case is), half-way down
mid=$((40 * (cases / 80) + 1))
echo "server time per page (21 requests each):"
for who in ana carol; do
    bench_time_page "$who" /console/cases
    bench_time_page "$who" "/console/cases?after=$mid"
    bench_time_page "$who" "/console/cases?kind=preventive&state=planned"
    bench_time_page "$who" "/console/cases/$mid"
    bench_time_page "$who" /api/v1/cases
    bench_time_page "$who" "/api/v1/cases/$mid"
    bench_time_page "$who" "/api/v1/cases/$mid/timeline"
done
