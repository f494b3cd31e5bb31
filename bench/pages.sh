# Sourced by the page-time benchmarks (bench/console.sh, bench/cases.sh): a hub on a free
# loopback port over a filled data folder, signing in, and the timing of one page.
# Expects $bin, $work and $FK_PW; sets $hub_pid and $base.

bench_start_hub() { # data folder [store URL]
    "$bin" serve --data "$1" ${2:+--store "$2"} --listen 127.0.0.1:0 2>"$work/hub.log" &
    hub_pid=$!
    local port=
    for _ in $(seq 200); do
        port=$(grep -o '(port [0-9]*' "$work/hub.log" | grep -o '[0-9]*' | head -n 1 || true)
        [ -n "$port" ] && break
        sleep 0.05
    done
    base=http://127.0.0.1:$port
}

bench_sign_in() { # account: a cookie jar of its own
    curl -s -o /dev/null -c "$work/jar-$1" -H 'Sec-Fetch-Site: same-origin' \
        --data-urlencode "account=$1" --data-urlencode "password=$FK_PW" "$base/console/sign-in"
}

# Requests a page 21 times as account (its session cookie, and its password for the API)
# and prints the median and slowest time to the first byte and the page's size; a form
# makes it a POST. A page that does not answer 200 stops the benchmark.
bench_time_page() { # account path [form]
    local times=() size=0 line post=()
    [ $# -gt 2 ] && post=(-H 'Sec-Fetch-Site: same-origin' --data "$3")
    for _ in $(seq 21); do
        line=$(curl -s -o /dev/null -b "$work/jar-$1" -u "$1:$FK_PW" "${post[@]}" \
            -w '%{http_code} %{time_starttransfer} %{size_download}' "$base$2")
        [ "${line%% *}" = 200 ] || { echo "$2: HTTP ${line%% *}" >&2; exit 1; }
        times+=("$(echo "$line" | cut -d' ' -f2)")
        size=$(echo "$line" | cut -d' ' -f3)
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v who="$1" -v path="$2${3:+ (POST)}" -v size="$size" '
        { t[NR] = $1 * 1000 }
        END { printf "  %-6s %-44s median %6.1f ms, slowest %6.1f ms, %7d bytes\n", who, path, t[11], t[21], size }'
}
