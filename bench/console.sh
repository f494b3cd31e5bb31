#!/bin/bash
# The console's server time per page with a large store (issue 15): ALERTS alerts
# (default 1,000,000) over the last week and REPORTS reports (default 100,000) of which
# RELEASES (default 2,000) released, in a SQLite data folder filled by
# fk-bench-console-fill through the store and the use cases as the hub writes them. Each
# page is requested 21 times, signed in as the centre's analyst or admin and as a
# member; server time is the time to the first byte on loopback (curl's
# time_starttransfer). Prints the median and the slowest of the 21 and the page's
# weight (bytes of HTML; the stylesheet is one more request of a few KiB, cached).
#
#   bash bench/console.sh [ALERTS [REPORTS [RELEASES]]]
set -euo pipefail

alerts=${1:-1000000}
reports=${2:-100000}
releases=${3:-2000}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$root/build/fukurou
fill=$root/build/bench/fk-bench-console-fill
[ -x "$bin" ] && [ -x "$fill" ] || { echo "build first: make build" >&2; exit 2; }
work=$(mktemp -d /tmp/fk-bench-console-XXXXXX)
hub_pid=
cleanup() {
    [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

export FK_PW="correct horse battery staple"
echo "filling the store: $alerts alerts, $reports reports, $releases releases..."
"$fill" "$work/d" "$alerts" "$reports" "$releases" | sed 's/^/  /'
. "$root/bench/pages.sh"
bench_start_hub "$work/d"
csrf_of() { # account
    curl -s -b "$work/jar-$1" "$base/console/settings" | grep -o 'name="csrf" value="[0-9a-f]*' |
        head -n 1 | cut -d'"' -f4
}
for who in ana root carol; do bench_sign_in "$who"; done
mid_alert=$((alerts / 2))
mid_report=$((reports / 2))
# a report of carol's (every 40th report is PowerCo's) and a triaged one for the preview
carol_report=$((40 * (reports / 80) + 1))
released=$(curl -s -b "$work/jar-carol" "$base/console/releases" | grep -o '/console/releases/[0-9]*"' |
    head -n 1 | grep -o '[0-9]*' || true)
ana_csrf=$(csrf_of ana)
echo "server time per page (21 requests each):"
for who in ana carol; do
    bench_time_page "$who" /console/
    bench_time_page "$who" /console/alerts
    bench_time_page "$who" "/console/alerts?severity=high&state=new"
    bench_time_page "$who" "/console/alerts?engine=sigma"
    bench_time_page "$who" "/console/alerts?engine=campaign"
    bench_time_page "$who" "/console/alerts?severity=critical"
    bench_time_page "$who" "/console/alerts?after=$mid_alert"
    bench_time_page "$who" /console/reports
    bench_time_page "$who" "/console/reports?after=$mid_report"
    bench_time_page "$who" "/console/reports/$carol_report"
    bench_time_page "$who" /console/releases
    [ -n "$released" ] && bench_time_page "$who" "/console/releases/$released"
    bench_time_page "$who" /console/settings
done
bench_time_page ana "/console/alerts/$mid_alert"
bench_time_page ana /console/reports/new
bench_time_page ana "/console/reports/$carol_report/preview" \
    "csrf=$ana_csrf&tier=advisory&sectors=electricity&include_description=true&include_indicators=true"
bench_time_page root /console/directory
bench_time_page root /console/audit
