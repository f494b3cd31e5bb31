#!/usr/bin/env bash
# Native .evtx reading (issue 12, part 2), side by side with Debian's evtxexport
# (libevtx-utils), on the same files in one run.
#
#   bash bench/evtx.sh [ROUNDS]      (default 20)
#
# The files are the .evtx twins of the SigmaHQ regression samples (SIGMA, default
# ../shared/corpora/sigma/regression_data): small files, so each tool is timed two ways:
#   per file    one process per file (what a collector shipping files one by one pays)
#   in one run  fukurou scan over the whole list ROUNDS times (evtxexport takes one file)
# Both decode every record to XML (libevtx); fukurou also walks it into an event and,
# in the "with rules" row, matches every Windows Sigma rule. Figures are medians of
# REPEAT runs (default 3) on one core (taskset).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-20}
repeat=${REPEAT:-3}
data=${SIGMA:-../shared/corpora/sigma/regression_data}
bin=${FK_BIN:-build/fukurou}
if [ ! -d "$data" ] || ! command -v evtxexport >/dev/null; then
  echo "evtx.sh: $data or evtxexport not found: skipped"
  exit 0
fi
mapfile -t files < <(find "$data" -name '*.evtx' | sort)
records=0
for f in "${files[@]}"; do
  n=$(evtxexport "$f" 2>/dev/null | grep -c '^Event number' || true)
  records=$((records + n))
done
pin="taskset -c 0"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
secs() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
per_file() { for f in "${files[@]}"; do "$@" "$f" >/dev/null 2>&1 || true; done; }
list=()
for ((r = 0; r < rounds; r++)); do list+=("${files[@]}"); done

row() { # label, records processed, seconds
  printf '%-34s %8d records %8.3f s %10.0f records/s\n' "$1" "$2" "$3" "$(echo "$2 / $3" | bc -l)"
}
echo "${#files[@]} files, $records records; $rounds rounds in one run; median of $repeat"
t=$(for i in $(seq "$repeat"); do secs per_file $pin evtxexport -f xml; done | median)
row "evtxexport -f xml, per file" "$records" "$t"
t=$(for i in $(seq "$repeat"); do secs per_file $pin "$bin" scan --no-web -q --output json; done | median)
row "fukurou scan, per file" "$records" "$t"
t=$(for i in $(seq "$repeat"); do secs $pin "$bin" scan --no-web -q --output json "${list[@]}"; done | median)
row "fukurou scan, in one run" "$((records * rounds))" "$t"
if [ -d "$data/../rules/windows" ]; then
  t=$(for i in $(seq "$repeat"); do secs $pin "$bin" scan --no-web -q --output json --sigma "$data/../rules/windows" "${list[@]}"; done | median)
  row "fukurou scan + Windows Sigma rules" "$((records * rounds))" "$t"
fi
