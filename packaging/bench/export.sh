#!/usr/bin/env bash
# Export: EVENTS realistic syslog events (default 10M; gen-syslog.py, 7 days) in one logqd, then RUNS
# (default 3) times `logq --since 8d -o json > file` (and once -o raw), with the client's and the
# server's memory sampled while it streams. Prints events/s, bytes written, and peak RSS (anonymous
# apart) of both. The peer: cat of the syslog file from the page cache to a file, the same run.
#
#   packaging/bench/export.sh [EVENTS] [RUNS]
source "$(dirname "$0")/common.sh"
need

EVENTS=${1:-10000000}
RUNS=${2:-3}

start_logqd
load_events "$EVENTS"
cat "$WORK/syslog" >/dev/null

export_once() { # FORMAT: prints "ms client_peak_kib client_anon_kib server_peak_kib server_anon_kib bytes"
  local s t pid
  rm -f "$WORK/c.rss" "$WORK/c.rss.anon" "$WORK/s.rss" "$WORK/s.rss.anon"
  s=$(date +%s%N)
  "$DIST/bin/logq" --node "http://127.0.0.1:$HTTP_PORT" --since 8d -o "$1" >"$WORK/export.out" &
  pid=$!
  sample_rss "$pid" "$WORK/c.rss"
  sample_rss "$LOGQD_PID" "$WORK/s.rss"
  wait "$pid"
  t=$(date +%s%N)
  kill "${PIDS[-1]}" 2>/dev/null || true
  echo "$(( (t - s) / 1000000 )) $(max_of "$WORK/c.rss") $(max_of "$WORK/c.rss.anon") $(max_of "$WORK/s.rss") $(max_of "$WORK/s.rss.anon") $(stat -c %s "$WORK/export.out")"
}

printf '\nexport, %s events, 2 cores\n' "$EVENTS"
printf '%-10s %9s %12s %10s %22s %22s\n' "format" "time" "events/s" "MiB out" "logq peak RSS (anon)" "logqd peak RSS (anon)"
for format in $(for _ in $(seq 1 "$RUNS"); do echo json; done) raw; do
  read -r ms cpk cak spk sak bytes < <(export_once "$format")
  printf '%-10s %6s ms %12s %10s %13s (%s) MiB %13s (%s) MiB\n' "$format" "$ms" "$(( EVENTS * 1000 / (ms > 0 ? ms : 1) ))" \
    "$(( bytes / 1048576 ))" "$(( cpk / 1024 ))" "$(( cak / 1024 ))" "$(( spk / 1024 ))" "$(( sak / 1024 ))"
done
s=$(date +%s%N); cat "$WORK/syslog" >"$WORK/cat.out"; t=$(date +%s%N)
echo "cat of the $(( $(stat -c %s "$WORK/syslog") / 1048576 )) MiB syslog file to a file: $(( (t - s) / 1000000 )) ms"
