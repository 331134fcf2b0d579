#!/usr/bin/env bash
# Sustained indexing: loggen at a steady RATE (msg/s, 256 B, 2 connections) into logqd for SECONDS, twice:
# a warm-up round (logqd's JIT, as a long-running daemon has it), then the measured round. Prints the
# index lag when the load stops, how long it took to reach zero after, and the index rate from the first
# byte to zero lag. If the lag stays small, the index keeps up with RATE; if it grows, the index rate is
# what it sustains. No peer: rsyslog does not index.
#
#   packaging/bench/index.sh [RATE] [SECONDS]     (default 60000 msg/s for 20 s)
#   LOGQD_ARGS='--refresh 1s' packaging/bench/index.sh ...   (more logqd flags, to compare settings)
source "$(dirname "$0")/common.sh"
need

RATE=${1:-60000}
SECONDS_OF_LOAD=${2:-20}
CONNECTIONS=2

# shellcheck disable=SC2086 # LOGQD_ARGS is a list of flags
start_logqd ${LOGQD_ARGS:-}
for round in warm-up measured; do
  seq0=$(health last_seq)
  t0=$(now_ms)
  "$LOGGEN" -S -s 256 -I "$SECONDS_OF_LOAD" -r $((RATE / CONNECTIONS)) --active-connections="$CONNECTIONS" \
    127.0.0.1 "$SYSLOG_PORT" 2>"$WORK/loggen.txt" >/dev/null || true
  t_stop=$(now_ms)
  lag_at_stop=$(health index_lag)
  while [ "$(health index_lag)" != "0" ]; do sleep 0.1; done
  t_zero=$(now_ms)
  events=$(( $(health last_seq) - seq0 ))
  offered=$(grep -o 'average rate = [0-9.]*' "$WORK/loggen.txt" | tail -1 | awk '{printf "%d", $4}')
  echo "== $round round: $events events, loggen sent ${offered:-?} msg/s"
done

cat <<REPORT

index, loggen -S -s 256 at $RATE msg/s for ${SECONDS_OF_LOAD}s, $CONNECTIONS connections, after a warm-up round, $(nproc) cores
offered (loggen)          ${offered:-?} msg/s
index lag at load stop    $lag_at_stop events, zero $((t_zero - t_stop)) ms later
index rate                $(( events * 1000 / (t_zero - t0) )) msg/s   (first byte to zero lag)
REPORT
