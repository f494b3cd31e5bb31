#!/usr/bin/env bash
# Sigma engine benchmark (issue 5, point 6).
#
#   bash bench/sigma.sh [EVENTS]      (default 1,000,000 events)
#
# Every Windows rule of the SigmaHQ corpus (SIGMA, default ../shared/corpora/sigma)
# against EVENTS generated Sysmon and Security events in JSON (bench/sigma_corpus.py,
# with regression samples mixed in when the corpus is there), one core (taskset):
#
#   engine, compiled     fk-bench-sigma RULES -- EVENTS         REPEAT runs (default 3)
#   engine, rule by rule fk-bench-sigma --sequential ...       SEQ_REPEAT runs (default 1)
#   end to end           fukurou scan --sigma RULES EVENTS      REPEAT runs
#   decoding only        fukurou scan EVENTS (no rules)         REPEAT runs
#   correlation          fukurou scan --sigma bench/sigma-spray.yml on 200,000 failed
#                        logons that all stay in one value_count window
#
# fk-bench-sigma times matching apart from decoding and prints the memory the loaded
# rules hold; the scan runs are timed whole (start, rule loading, decoding, matching,
# alert output) with peak memory from /usr/bin/time. Figures are medians.
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-1000000}
repeat=${REPEAT:-3}
seq_repeat=${SEQ_REPEAT:-1}
sigma=${SIGMA:-../shared/corpora/sigma}
rules=$sigma/rules/windows
out=bench/out
mkdir -p "$out"
if [ ! -d "$rules" ]; then
  echo "sigma.sh: $rules not found (set SIGMA): skipped"
  exit 0
fi
make -s build >/dev/null
bin=build/fukurou
bench=build/bench/fk-bench-sigma
pin=""
command -v taskset >/dev/null && pin="taskset -c 1"
corpus=$out/sigma-$events.json
if [ ! -s "$corpus" ]; then
  echo "generating $events events into $corpus" >&2
  python3 bench/sigma_corpus.py "$events" "$corpus" --samples "$sigma/regression_data"
fi
echo "corpus: $corpus, $(wc -l <"$corpus") events, $(du -m "$corpus" | cut -f1) MB"
echo "rules: $rules, $(find "$rules" -name '*.yml' | wc -l) files"

median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
field() { tr ' ' '\n' | sed -n "s/^$1=//p"; }

engine() { # mode runs
  local mode=$1 runs=$2 flag="" line
  [ "$mode" = sequential ] && flag=--sequential
  : >"$out/sigma-engine-$mode.txt"
  for _ in $(seq "$runs"); do
    line=$($pin "$bench" $flag "$rules" -- "$corpus")
    echo "  $line" >&2
    echo "$line" >>"$out/sigma-engine-$mode.txt"
  done
}

scan() { # label args...
  local label=$1
  shift
  : >"$out/sigma-scan-$label.txt"
  for _ in $(seq "$repeat"); do
    /usr/bin/time -f "%e %M" -o "$out/time.txt" $pin "$bin" scan --no-web --quiet \
      --no-progress --output json --format json "$@" "$corpus" >"$out/sigma-alerts-$label.json" ||
      [ $? -le 1 ]
    # time notes a non-zero exit (1: alerts were found) on a line of its own first
    echo "  $label: $(tail -1 "$out/time.txt") (s, KB peak)" >&2
    tail -1 "$out/time.txt" >>"$out/sigma-scan-$label.txt"
  done
}

echo "engine, compiled (prefilter):" >&2
engine prefilter "$repeat"
echo "engine, rule by rule:" >&2
engine sequential "$seq_repeat"
echo "end to end:" >&2
scan sigma --sigma "$rules"
scan decode

eps() { field events_per_s <"$out/sigma-engine-$1.txt" | median; }
n=$(field events <"$out/sigma-engine-prefilter.txt" | head -1)
pre=$(eps prefilter)
seq=$(eps sequential)
hits_pre=$(field hits <"$out/sigma-engine-prefilter.txt" | head -1)
hits_seq=$(field hits <"$out/sigma-engine-sequential.txt" | head -1)
rules_mb=$(field rules_mb <"$out/sigma-engine-prefilter.txt" | median)
rules_mb_seq=$(field rules_mb <"$out/sigma-engine-sequential.txt" | median)
load=$(field load_s <"$out/sigma-engine-prefilter.txt" | median)
scan_s=$(cut -d' ' -f1 "$out/sigma-scan-sigma.txt" | median)
scan_kb=$(cut -d' ' -f2 "$out/sigma-scan-sigma.txt" | median)
dec_s=$(cut -d' ' -f1 "$out/sigma-scan-decode.txt" | median)
alerts=$(wc -l <"$out/sigma-alerts-sigma.json")
echo
echo "| measure | compiled (prefilter) | rule by rule |"
echo "|---|---:|---:|"
echo "| matching only, events/s (fk-bench-sigma, median) | $pre | $seq |"
echo "| hits | $hits_pre | $hits_seq |"
echo "| memory held by the loaded rules, MB | $rules_mb | $rules_mb_seq |"
awk -v a="$pre" -v b="$seq" 'BEGIN {printf "| gain of the compiled form | %.1fx | |\n", a / b}'
echo
awk -v n="$n" -v s="$scan_s" -v kb="$scan_kb" -v d="$dec_s" -v l="$load" -v al="$alerts" 'BEGIN {
  printf "end to end: fukurou scan --sigma %s: %.2f s for %d events = %.0f events/s, %d alerts, peak %.0f MB (rules load in %.2f s)\n", "RULES", s, n, n / s, al, kb / 1024, l
  printf "decoding alone (fukurou scan, no rules): %.2f s = %.0f events/s\n", d, n / d
}'
# a correlation whose one window holds every event: time per hit must not grow with it
spray=$out/sigma-spray-200000.json
[ -s "$spray" ] || python3 bench/sigma_corpus.py --spray 200000 "$spray"
: >"$out/sigma-scan-spray.txt"
for _ in $(seq "$repeat"); do
  /usr/bin/time -f "%e %M" -o "$out/time.txt" $pin "$bin" scan --no-web --quiet --no-progress \
    --output json --format json --sigma bench/sigma-spray.yml "$spray" >/dev/null || [ $? -le 1 ]
  tail -1 "$out/time.txt" >>"$out/sigma-scan-spray.txt"
done
spray_s=$(cut -d' ' -f1 "$out/sigma-scan-spray.txt" | median)
awk -v s="$spray_s" 'BEGIN {
  printf "value_count correlation, 200,000 failed logons in one window: %.2f s = %.0f events/s\n", s, 200000 / s
}'
if [ "$hits_pre" != "$hits_seq" ]; then
  echo "sigma.sh: the two forms found different numbers of hits" >&2
  exit 1
fi
