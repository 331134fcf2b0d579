#!/usr/bin/env bash
# Indexing alone, without a load generator on the same cores: EVENTS realistic events (gen-syslog.py, 7
# days) are loaded into a logqd once; then, ROUNDS times, its index/ is deleted and logqd started on the
# journal, which it indexes from scratch, and the time to zero lag and logqd's CPU seconds are printed.
# With OTHER_DIST (another build's packaging/target/logq, copied), the rounds alternate between the two
# builds on the same journal, so that a change is measured against the build before it in one run.
#
#   packaging/bench/reindex.sh [EVENTS] [ROUNDS]     (default 1000000 events, 3 rounds)
#   OTHER_DIST=/tmp/before packaging/bench/reindex.sh 1000000 3
source "$(dirname "$0")/common.sh"
need

EVENTS=${1:-1000000}
ROUNDS=${2:-3}

echo "== loading $EVENTS events" >&2
start_logqd
python3 "$ROOT/packaging/bench/gen-syslog.py" "$EVENTS" 7 "$SYSLOG_PORT" "$WORK/syslog" "$WORK/messages" >&2
until [ "$(health index_lag)" = 0 ] && [ "$(health indexed_events)" = "$EVENTS" ]; do sleep 0.5; done
kill "$LOGQD_PID"; wait "$LOGQD_PID" 2>/dev/null || true

# reindex DIST: one round; prints "seconds cpu_seconds"
reindex() {
  rm -rf "$WORK/logqd-data/index"
  local t0 pid
  t0=$(now_ms)
  "$1/bin/logqd" --data-dir "$WORK/logqd-data" --node bench --syslog-tcp off --syslog-udp off --relp off \
    --replication off --http "127.0.0.1:$HTTP_PORT" >"$WORK/reindex.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  # curl and grep, not health's python, which would take CPU from the indexer 10 times a second
  until curl -fsS "http://127.0.0.1:$HTTP_PORT/healthz" 2>/dev/null | grep -q "\"indexed_events\":$EVENTS,\"index_lag\":0"; do
    sleep 0.1
  done
  local ms=$(( $(now_ms) - t0 ))
  local cpu
  cpu=$(awk '{printf "%.1f", ($14 + $15) / 100}' "/proc/$pid/stat")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$ms $cpu"
}

builds=("$DIST")
[ -z "${OTHER_DIST:-}" ] || builds+=("$OTHER_DIST")
echo
echo "re-index $EVENTS events from the journal, logqd start included, $(nproc) cores"
printf '%-40s %10s %12s %10s\n' build seconds events/s "CPU s"
for round in $(seq 1 "$ROUNDS"); do
  for build in "${builds[@]}"; do
    read -r ms cpu < <(reindex "$build")
    printf '%-40s %10.1f %12d %10s\n' "$build (round $round)" "$(echo "$ms / 1000" | bc -l)" $(( EVENTS * 1000 / ms )) "$cpu"
  done
done
