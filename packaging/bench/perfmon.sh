#!/usr/bin/env bash
# Host statistics, two parts.
#
# 1. logq-perfmon's footprint: the built agent with every group at a 1-second period (-A 1), beside a
#    logqd (the host of a log server, which shares libjvm and the JDK's class archive with it), measured
#    over SECONDS (default 60) after WARMUP seconds (default 60: the JIT compiles the sampling code in the
#    first minute, and an agent runs for months). CPU (% of one core), RssAnon, RssFile, PSS
#    (/proc/PID/smaps_rollup), threads, bytes a sample, beside jsonperfmon's figures measured on this
#    machine kind (../shared/JSONPERFMON.md; jsonperfmon is not installable from the registries here).
# 2. Queries: HOSTS (default 5) sending a sample every PERIOD s (default 10) for DAYS (default 30), 1.3M
#    samples, POSTed to the logqd (gen-perfmon.py); then p50 of RUNS (default 5) of logq stats and logq
#    top, JVM start included, and the API alone; jq computing the hourly mean over the JSON lines as the
#    peer, timed on the first PEER_LINES (default 100k) and scaled; bytes on disk per sample.
#
#   packaging/bench/perfmon.sh [SECONDS] [WARMUP] [HOSTS] [DAYS] [PERIOD] [RUNS] [PEER_LINES]
source "$(dirname "$0")/common.sh"
need
command -v jq >/dev/null || { echo "bench: needs jq" >&2; exit 2; }

SECONDS_MEASURED=${1:-60}
WARMUP=${2:-60}
HOSTS=${3:-5}
DAYS=${4:-30}
PERIOD=${5:-10}
RUNS=${6:-5}
PEER_LINES=${7:-100000}
HZ=$(getconf CLK_TCK)

start_logqd
"$DIST/bin/logq-perfmon" -A 1 >"$WORK/samples.jsonl" &
PID=$!
PIDS+=("$PID")
echo "== logq-perfmon -A 1: warming up for $WARMUP s, then measuring for $SECONDS_MEASURED s"
sleep "$WARMUP"
ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
t0=$(ticks); l0=$(wc -l <"$WORK/samples.jsonl"); b0=$(wc -c <"$WORK/samples.jsonl")
sleep "$SECONDS_MEASURED"
t1=$(ticks); l1=$(wc -l <"$WORK/samples.jsonl"); b1=$(wc -c <"$WORK/samples.jsonl")
mib() { awk -v k="$1:" '$1 == k {printf "%.1f MiB", $2 / 1024}' "$2"; }
status=/proc/$PID/status
rollup=/proc/$PID/smaps_rollup
samples=$((l1 - l0))
printf '%d samples, %d bytes each on average\n' "$samples" "$(( (b1 - b0) / (samples > 0 ? samples : 1) ))"
printf '%-10s %14s %14s\n' "" "logq-perfmon" "jsonperfmon*"
printf '%-10s %14s %14s\n' "CPU" "$(awk -v t="$((t1 - t0))" -v hz="$HZ" -v s="$SECONDS_MEASURED" 'BEGIN {printf "%.2f%%", 100 * t / hz / s}')" "0.30-0.40%"
printf '%-10s %14s %14s\n' "RssAnon" "$(mib RssAnon "$status")" "0.2 MiB"
printf '%-10s %14s %14s\n' "RssFile" "$(mib RssFile "$status")" "1.6 MiB"
printf '%-10s %14s %14s\n' "VmRSS" "$(mib VmRSS "$status")" "1.8 MiB"
printf '%-10s %14s %14s\n' "PSS" "$(mib Pss "$rollup")" "-"
printf '%-10s %14s %14s\n' "threads" "$(awk '$1 == "Threads:" {print $2}' "$status")" "1"
echo "* as measured beside logq-perfmon on this machine kind (../shared/JSONPERFMON.md)."
echo "  Targets: RssAnon <= 16 MiB, PSS <= 32 MiB (beside a logqd), CPU <= 0.3%, threads <= 4."
kill "$PID"; wait "$PID" && echo "stopped by SIGTERM: exit 0" || echo "stopped by SIGTERM: exit $?"

echo
echo "== $HOSTS hosts, a sample every $PERIOD s for $DAYS days, over HTTP"
t0=$(now_ms)
read -r total secs < <(python3 "$ROOT/packaging/bench/gen-perfmon.py" "$HOSTS" "$DAYS" "$PERIOD" \
  "http://127.0.0.1:$HTTP_PORT/api/v1/ingest" "$WORK/samples.ndjson")
while [ "$(health index_lag)" != "0" ]; do sleep 0.5; done
until curl -fsS "http://127.0.0.1:$HTTP_PORT/api/v1/search?count=true&app=logq-perfmon" | grep -q "^{\"count\":$total,"; do sleep 0.5; done
echo "   $total samples sent in $secs s, indexed after $(( ($(now_ms) - t0) / 1000 )) s"
json_bytes=$(wc -c <"$WORK/samples.ndjson")
data_bytes=$(disk_bytes "$WORK/logqd-data")
echo "   on disk: $(( data_bytes / total )) bytes a sample (journal $(du -sh "$WORK/logqd-data/journal" | cut -f1), index $(du -sh "$WORK/logqd-data/index" | cut -f1)); the JSON sent: $(( json_bytes / total )) bytes a sample"
head -n "$PEER_LINES" "$WORK/samples.ndjson" >"$WORK/peer.ndjson"

LOGQ=("$DIST/bin/logq" --node "http://127.0.0.1:$HTTP_PORT")
SINCE=$(date -u -d "$((DAYS + 1)) days ago" +%Y-%m-%dT%H:%M:%SZ)
API="http://127.0.0.1:$HTTP_PORT/api/v1/stats?app=logq-perfmon&since=$SINCE"
printf '\nqueries over %s samples, p50 of %s runs, 2 cores\n' "$total" "$RUNS"
printf '%-52s %10s %10s %14s\n' "query" "logq CLI" "HTTP API" "jq (scaled)"
row() { # NAME "LOGQ ARGS" API_PARAMS JQ_PIPELINE|-
  local cli api peer="-"
  # shellcheck disable=SC2086
  cli=$(p50_ms "${LOGQ[@]}" $2)
  api=$([ "$3" = "-" ] && echo "-" || p50_request_ms "$API&$3")
  if [ "$4" != "-" ]; then
    peer=$(RUNS=1 p50_ms bash -c "$4")
    peer="$(python3 -c "print(round($peer * $total / $PEER_LINES))") ms"
  fi
  printf '%-52s %7s ms %7s ms %14s\n' "$1" "$cli" "$api" "$peer"
}
row "stats cpu_total.physique.user_pct --every 1h" "stats cpu_total.physique.user_pct --since ${DAYS}d --every 1h" \
    "stat=cpu_total.physique.user_pct&by=3600s" \
    "jq -r '\"\\(.host) \\(.timestamp / 3600 | floor) \\(.cpu_total.physique.user_pct)\"' $WORK/peer.ndjson | awk '{s[\$1\" \"\$2]+=\$3; n[\$1\" \"\$2]++} END {for (k in s) print k, s[k]/n[k]}' >/dev/null"
row "stats disks.*.busy_pct --every 1d --agg max" "stats disks.*.busy_pct --since ${DAYS}d --every 1d --agg max" \
    "stat=disks.vda.busy_pct&by=86400s" -
row "stats memory.real_free -H db1 --since 1d" "stats memory.real_free -H db1 --since 1d" \
    "stat=memory.real_free&host=db1&by=1800s" -
row "top --since 1h" "top --since 1h" - -
"${LOGQ[@]}" stats cpu_total.physique.user_pct --since "${DAYS}d" --every 12h || true
"${LOGQ[@]}" top --since 1h || true
echo "logqd: $(rss_kib "$LOGQD_PID") KiB VmRSS, $(rss_kib "$LOGQD_PID" RssAnon) KiB anonymous, $(rss_kib "$LOGQD_PID" RssFile) KiB file-backed"
