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
"$fill" "$work/d" "$cases" "$entries" | sed 's/^/  /'
"$bin" serve --data "$work/d" --listen 127.0.0.1:0 2>"$work/hub.log" &
hub_pid=$!
port=
for _ in $(seq 200); do
    port=$(grep -o '(port [0-9]*' "$work/hub.log" | grep -o '[0-9]*' | head -n 1 || true)
    [ -n "$port" ] && break
    sleep 0.05
done
base=http://127.0.0.1:$port
for who in ana carol; do
    curl -s -o /dev/null -c "$work/jar-$who" -H 'Sec-Fetch-Site: same-origin' \
        --data-urlencode "account=$who" --data-urlencode "password=$FK_PW" "$base/console/sign-in"
done
time_page() { # account path
    local times=() size=0 line
    for _ in $(seq 21); do
        line=$(curl -s -o /dev/null -b "$work/jar-$1" -u "$1:$FK_PW" \
            -w '%{http_code} %{time_starttransfer} %{size_download}' "$base$2")
        [ "${line%% *}" = 200 ] || { echo "$2: HTTP ${line%% *}" >&2; exit 1; }
        times+=("$(echo "$line" | cut -d' ' -f2)")
        size=$(echo "$line" | cut -d' ' -f3)
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v who="$1" -v path="$2" -v size="$size" '
        { t[NR] = $1 * 1000 }
        END { printf "  %-6s %-44s median %6.1f ms, slowest %6.1f ms, %7d bytes\n", who, path, t[11], t[21], size }'
}
# a case of PowerCo's (every 40th case is), half-way down
mid=$((40 * (cases / 80) + 1))
echo "server time per page (21 requests each):"
for who in ana carol; do
    time_page "$who" /console/cases
    time_page "$who" "/console/cases?after=$mid"
    time_page "$who" "/console/cases?kind=preventive&state=planned"
    time_page "$who" "/console/cases/$mid"
    time_page "$who" /api/v1/cases
    time_page "$who" "/api/v1/cases/$mid"
    time_page "$who" "/api/v1/cases/$mid/timeline"
done
