#!/usr/bin/env bash
# `make test`: builds and runs every test, three ways, and ends with one summary line.
#  1. the normal build (gcc, -Werror): unit and end-to-end tests, those of the store
#     and the hub on both backends (SQLite, and a throw-away PostgreSQL cluster);
#  2. the same tests under AddressSanitizer + UndefinedBehaviorSanitizer;
#  3. the libFuzzer targets (clang, which also proves the code builds with clang), each
#     for a bounded time (FK_FUZZ_SECONDS, default 7 s each, about a minute in all).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh || exit 2
# the browser tests' driver, as pinned by tests/browser/package-lock.json (from the npm
# registry); without it those tests say they are skipped
if command -v npm >/dev/null; then
    (cd tests/browser && npm ci --no-audit --no-fund >/dev/null 2>&1) ||
        echo "browser tests: npm ci failed; they will be reported as skipped"
fi

fuzz_seconds=${FK_FUZZ_SECONDS:-7}
passed=0
failed=0
log_dir=build-logs
mkdir -p "$log_dir"

skipped=0
failures=()

# Adds one meson run's results (scripts/test_results.py: Criterion cases, and what meson
# itself saw: a timed-out or crashed program is a failure even after a clean synthesis).
count_results() { # suite testlog.json
    local suite=$1 log=$2 counts line
    counts=$(python3 scripts/test_results.py "$log" 2>"$log_dir/$suite-failed.txt")
    read -r p f s <<<"$counts"
    passed=$((passed + p))
    failed=$((failed + f))
    skipped=$((skipped + s))
    while IFS= read -r line; do
        echo "$line"
        case $line in *FAILED:*) failures+=("$suite:${line#*FAILED: }") ;; esac
    done <"$log_dir/$suite-failed.txt"
}

run_suite() { # name builddir meson-setup-args...
    local name=$1 dir=$2
    shift 2
    echo "== $name"
    if [ ! -f "$dir/build.ninja" ]; then
        meson setup "$dir" "$@" >"$log_dir/$name-setup.log" 2>&1 || {
            cat "$log_dir/$name-setup.log"; echo "$name: setup failed"; failed=$((failed + 1)); failures+=("$name: setup"); return; }
    fi
    if ! ninja -C "$dir" >"$log_dir/$name-build.log" 2>&1; then
        tail -n 40 "$log_dir/$name-build.log"
        echo "$name: build failed"
        failed=$((failed + 1))
        failures+=("$name: build")
        return
    fi
    local rc=0 before=$failed
    meson test -C "$dir" --num-processes 2 --print-errorlogs >"$log_dir/$name-test.log" 2>&1 || rc=$?
    grep -E '^ *[0-9]+/[0-9]+ ' "$log_dir/$name-test.log" | sed 's/^/  /'
    count_results "$name" "$dir/meson-logs/testlog.json"
    if [ $rc -ne 0 ]; then
        grep -E 'Assertion Failed|\[FAIL\]|ERROR: |runtime error|SUMMARY' "$dir/meson-logs/testlog.txt" | head -n 40
        # meson failed yet no program was counted as failing (it could not run them)
        if [ "$failed" -eq "$before" ]; then
            failed=$((failed + 1))
            failures+=("$name: meson test exited $rc")
        fi
    fi
}

# Real services the tests need, each thrown away at the end; one that cannot start leaves
# its tests skipped (they say so), never passed.
source scripts/services.sh
echo "== services"
start_postgres || true
trap stop_postgres EXIT

run_suite build build --buildtype=debugoptimized
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    run_suite asan build-asan --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

# Packagers build with --buildtype=release, where GCC checks more (format truncation at
# -O3): the release build must compile cleanly too. Built, not tested again.
echo "== release build"
if [ ! -f build-release/build.ninja ]; then
    meson setup build-release --buildtype=release >"$log_dir/release-setup.log" 2>&1 ||
        cat "$log_dir/release-setup.log"
fi
if ninja -C build-release >"$log_dir/release-build.log" 2>&1; then
    echo "  release: builds"
    passed=$((passed + 1))
else
    grep -E 'error' "$log_dir/release-build.log" | head -n 20
    failed=$((failed + 1))
    failures+=("release build")
fi

echo "== fuzz (${fuzz_seconds}s per target)"
if [ ! -f build-fuzz/build.ninja ]; then
    CC=clang meson setup build-fuzz -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false \
        --buildtype=debugoptimized >"$log_dir/fuzz-setup.log" 2>&1 || { cat "$log_dir/fuzz-setup.log"; failed=$((failed + 1)); failures+=("fuzz: setup"); }
fi
if ninja -C build-fuzz >"$log_dir/fuzz-build.log" 2>&1; then
    for target in fuzz/fuzz_*.c; do
        t=$(basename "$target" .c)
        name=${t#fuzz_}
        # new inputs are files: in memory where there is /dev/shm, not on the disk
        work=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
        # undefined behaviour is a finding like a crash: stop and fail on it. -entropic=0:
        # the entropic schedule's bookkeeping per new feature was a third of the time of
        # a target whose corpus grows fast (fuzz_normalise) and pays off only over runs
        # far longer than these few seconds
        if UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ./build-fuzz/fuzz/"$t" -max_total_time="$fuzz_seconds" -max_len=4096 -entropic=0 -print_final_stats=1 \
            -artifact_prefix="$log_dir/$t-" "$work" "fuzz/corpus/$name" >"$log_dir/$t.log" 2>&1; then
            runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log_dir/$t.log" | awk '{print $2}')
            echo "  $t: ok ($runs runs)"
            passed=$((passed + 1))
        else
            echo "  $t: FAILED"
            failures+=("fuzz: $t")
            grep -E 'ERROR|SUMMARY|runtime error' "$log_dir/$t.log" | head -n 10
            failed=$((failed + 1))
        fi
        rm -rf "$work"
    done
else
    tail -n 40 "$log_dir/fuzz-build.log"
    echo "fuzz: build failed"
    failed=$((failed + 1))
    failures+=("fuzz: build")
fi

echo
if [ "$failed" -ne 0 ]; then
    echo "failed:"
    printf '  %s\n' "${failures[@]}"
fi
summary="tests: $passed passed, $failed failed"
[ "$skipped" -ne 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ]
