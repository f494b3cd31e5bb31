#!/bin/bash
# The console's server time per page with a large store (issue 15): ALERTS alerts
# (default 1,000,000, written through the store as detection writes them, by
# fk-bench-store) in a SQLite data folder, then each page requested 21 times, signed in
# as the centre's analyst and as the member whose alerts they are. Server time is the
# time to the first byte on loopback (curl's time_starttransfer); prints the median and
# the slowest of the 21, and the page's weight (bytes of HTML; the stylesheet is one
# more request of a few KiB, cached).
#
#   bash bench/console.sh [ALERTS]
set -euo pipefail

alerts=${1:-1000000}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$root/build/fukurou
store_bench=$root/build/bench/fk-bench-store
[ -x "$bin" ] && [ -x "$store_bench" ] || { echo "build first: make build" >&2; exit 2; }
work=$(mktemp -d /tmp/fk-bench-console-XXXXXX)
hub_pid=
cleanup() {
    [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

echo "filling the store with $alerts alerts..."
"$store_bench" "$work/d" "$alerts" 5000 | sed 's/^/  /'
export FK_PW="correct horse battery staple"
"$bin" admin --data "$work/d" org create NISC --sector centre >/dev/null
"$bin" admin --data "$work/d" account create ana --org NISC --role centre-analyst \
    --password-env FK_PW >/dev/null 2>&1
"$bin" admin --data "$work/d" account create carol --org PowerCo --role member-reporter \
    --password-env FK_PW >/dev/null 2>&1
"$bin" serve --data "$work/d" --listen 127.0.0.1:0 2>"$work/hub.log" &
hub_pid=$!
port=
for _ in $(seq 200); do
    port=$(grep -o '(port [0-9]*' "$work/hub.log" | grep -o '[0-9]*' | head -n 1 || true)
    [ -n "$port" ] && break
    sleep 0.05
done
base=http://127.0.0.1:$port

sign_in() { # account
    curl -s -o /dev/null -c "$work/jar-$1" -H 'Sec-Fetch-Site: same-origin' \
        --data-urlencode "account=$1" --data-urlencode "password=$FK_PW" "$base/console/sign-in"
}
time_page() { # account path
    local times=() size=0 line
    for _ in $(seq 21); do
        line=$(curl -s -o /dev/null -b "$work/jar-$1" -w '%{http_code} %{time_starttransfer} %{size_download}' "$base$2")
        [ "${line%% *}" = 200 ] || { echo "$2: HTTP ${line%% *}" >&2; exit 1; }
        times+=("$(echo "$line" | cut -d' ' -f2)")
        size=$(echo "$line" | cut -d' ' -f3)
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v who="$1" -v path="$2" -v size="$size" '
        { t[NR] = $1 * 1000 }
        END { printf "  %-6s %-44s median %6.1f ms, slowest %6.1f ms, %6d bytes\n", who, path, t[11], t[21], size }'
}

sign_in ana
sign_in carol
mid=$((alerts / 2))
echo "server time per page (21 requests each):"
for who in ana carol; do
    time_page "$who" /console/
    time_page "$who" /console/alerts
    time_page "$who" "/console/alerts?severity=high&state=new"
    time_page "$who" "/console/alerts?engine=web"
    time_page "$who" "/console/alerts?engine=sigma"
    time_page "$who" "/console/alerts?severity=critical"
    time_page "$who" "/console/alerts?after=$mid"
    time_page "$who" "/console/alerts/$mid"
done
