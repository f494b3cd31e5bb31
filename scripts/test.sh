#!/usr/bin/env bash
# `make test`: builds and runs every test, three ways, and ends with one summary line.
#  1. the normal build (gcc, -Werror): unit and end-to-end tests;
#  2. the same tests under AddressSanitizer + UndefinedBehaviorSanitizer;
#  3. the libFuzzer targets (clang, which also proves the code builds with clang), each
#     for a bounded time (FK_FUZZ_SECONDS, default 7 s each, about a minute in all).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh || exit 2

fuzz_seconds=${FK_FUZZ_SECONDS:-7}
passed=0
failed=0
log_dir=build-logs
mkdir -p "$log_dir"

# Counts Criterion's "Synthesis" lines in a meson test log.
count_criterion() {
    local log=$1 p f
    p=$(grep -ho 'Passing: [0-9]*' "$log" | awk '{s+=$2} END {print s+0}')
    f=$(grep -hoE '(Failing|Crashing): [0-9]*' "$log" | awk '{s+=$2} END {print s+0}')
    passed=$((passed + p))
    failed=$((failed + f))
}

run_suite() { # name builddir meson-setup-args...
    local name=$1 dir=$2
    shift 2
    echo "== $name"
    if [ ! -f "$dir/build.ninja" ]; then
        meson setup "$dir" "$@" >"$log_dir/$name-setup.log" 2>&1 || {
            cat "$log_dir/$name-setup.log"; echo "$name: setup failed"; failed=$((failed + 1)); return; }
    fi
    if ! ninja -C "$dir" >"$log_dir/$name-build.log" 2>&1; then
        tail -n 40 "$log_dir/$name-build.log"
        echo "$name: build failed"
        failed=$((failed + 1))
        return
    fi
    local rc=0 before=$failed
    meson test -C "$dir" --num-processes 2 --print-errorlogs >"$log_dir/$name-test.log" 2>&1 || rc=$?
    grep -E '^ *[0-9]+/[0-9]+ ' "$log_dir/$name-test.log" | sed 's/^/  /'
    count_criterion "$dir/meson-logs/testlog.txt"
    if [ $rc -ne 0 ]; then
        grep -E 'Assertion Failed|\[FAIL\]|ERROR: |runtime error|SUMMARY' "$dir/meson-logs/testlog.txt" | head -n 40
        # A test program that timed out or crashed before Criterion printed its synthesis
        # has not counted its own failure: count what meson saw.
        local timeouts fails
        timeouts=$(awk '/^Timeout:/ {print $2}' "$log_dir/$name-test.log" | tail -n 1)
        fails=$(awk '/^Fail:/ {print $2}' "$log_dir/$name-test.log" | tail -n 1)
        failed=$((failed + ${timeouts:-0}))
        if [ "$failed" -eq "$before" ]; then
            failed=$((failed + ${fails:-0}))
            [ "$failed" -eq "$before" ] && failed=$((failed + 1))
        fi
    fi
}

run_suite build build --buildtype=debugoptimized
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    run_suite asan build-asan --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

echo "== fuzz (${fuzz_seconds}s per target)"
if [ ! -f build-fuzz/build.ninja ]; then
    CC=clang meson setup build-fuzz -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false \
        --buildtype=debugoptimized >"$log_dir/fuzz-setup.log" 2>&1 || { cat "$log_dir/fuzz-setup.log"; failed=$((failed + 1)); }
fi
if ninja -C build-fuzz >"$log_dir/fuzz-build.log" 2>&1; then
    for target in fuzz/fuzz_*.c; do
        t=$(basename "$target" .c)
        name=${t#fuzz_}
        work=$(mktemp -d)
        if ./build-fuzz/fuzz/"$t" -max_total_time="$fuzz_seconds" -max_len=4096 -print_final_stats=1 \
            -artifact_prefix="$log_dir/$t-" "$work" "fuzz/corpus/$name" >"$log_dir/$t.log" 2>&1; then
            runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log_dir/$t.log" | awk '{print $2}')
            echo "  $t: ok ($runs runs)"
            passed=$((passed + 1))
        else
            echo "  $t: FAILED"
            grep -E 'ERROR|SUMMARY|runtime error' "$log_dir/$t.log" | head -n 10
            failed=$((failed + 1))
        fi
        rm -rf "$work"
    done
else
    tail -n 40 "$log_dir/fuzz-build.log"
    echo "fuzz: build failed"
    failed=$((failed + 1))
fi

echo
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
