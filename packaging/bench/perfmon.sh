#!/usr/bin/env bash
# logq-perfmon's footprint: the built agent with every group at a 1-second period (-A 1), measured over
# SECONDS (default 60) after WARMUP seconds (default 60: the JIT compiles the sampling code during the
# first minute, and an agent runs for months). Prints CPU (% of one core), RssAnon, RssFile, PSS
# (/proc/PID/smaps_rollup), threads, bytes a sample, and jsonperfmon's figures measured on this machine
# kind (../shared/JSONPERFMON.md: jsonperfmon is not installable from the registries reachable here).
#
#   packaging/bench/perfmon.sh [SECONDS] [WARMUP]
source "$(dirname "$0")/common.sh"
[ -x "$DIST/bin/logq-perfmon" ] || { echo "bench: build first: packaging/dev build" >&2; exit 2; }

SECONDS_MEASURED=${1:-60}
WARMUP=${2:-60}
HZ=$(getconf CLK_TCK)

"$DIST/bin/logq-perfmon" -A 1 >"$WORK/samples.jsonl" &
PID=$!
PIDS+=("$PID")
sleep "$WARMUP"
ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
t0=$(ticks); l0=$(wc -l <"$WORK/samples.jsonl"); b0=$(wc -c <"$WORK/samples.jsonl")
sleep "$SECONDS_MEASURED"
t1=$(ticks); l1=$(wc -l <"$WORK/samples.jsonl"); b1=$(wc -c <"$WORK/samples.jsonl")
kb() { awk -v k="$1:" '$1 == k {print $2}' "$2"; }
status=/proc/$PID/status
rollup=/proc/$PID/smaps_rollup
cpu=$(awk -v t="$((t1 - t0))" -v hz="$HZ" -v s="$SECONDS_MEASURED" 'BEGIN {printf "%.2f", 100 * t / hz / s}')
samples=$((l1 - l0))
printf 'logq-perfmon -A 1 over %d s after %d s of warm-up: %d samples, %d bytes each on average\n' \
  "$SECONDS_MEASURED" "$WARMUP" "$samples" "$(( (b1 - b0) / (samples > 0 ? samples : 1) ))"
printf '%-14s %10s %14s\n' "" "logq-perfmon" "jsonperfmon*"
printf '%-14s %9s%% %14s\n' "CPU" "$cpu" "0.30-0.40%"
printf '%-14s %6.1f MiB %14s\n' "RssAnon" "$(bc -l <<<"$(kb RssAnon "$status") / 1024")" "0.2 MiB"
printf '%-14s %6.1f MiB %14s\n' "RssFile" "$(bc -l <<<"$(kb RssFile "$status") / 1024")" "1.6 MiB"
printf '%-14s %6.1f MiB %14s\n' "VmRSS" "$(bc -l <<<"$(kb VmRSS "$status") / 1024")" "1.8 MiB"
printf '%-14s %6.1f MiB %14s\n' "PSS" "$(bc -l <<<"$(kb Pss "$rollup") / 1024")" "-"
printf '%-14s %10s %14s\n' "threads" "$(kb Threads "$status")" "1"
echo "* jsonperfmon's figures as measured beside logq-perfmon on this machine kind, from ../shared/JSONPERFMON.md"
echo "  (targets for logq-perfmon: RssAnon <= 16 MiB, PSS <= 32 MiB, CPU <= 0.3%, threads <= 4)"
kill "$PID"
wait "$PID" && echo "stopped by SIGTERM: exit 0" || echo "stopped by SIGTERM: exit $?"
