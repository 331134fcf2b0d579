#!/usr/bin/env bash
# Alert benchmark. 1: ingest (loggen over TCP at full speed, 256-byte messages) into logqd without alerts
# and with 100 rules, alternately, twice each; prints the journal rates, their ratio, and how long
# evaluation took to catch up after the load. 2: with the 100 rules and loggen at 10k events/s, the time
# from a matching event's append to its webhook notification (alert-probe.py), p50/p99/max.
#
#   packaging/bench/alerts.sh [SECONDS]     (default 15 s of load per ingest run)
source "$(dirname "$0")/common.sh"
need

SECONDS_OF_LOAD=${1:-15}
HOOK_PORT=$(free_port)
RULES=$WORK/alerts.d
mkdir -p "$RULES"

# 100 rules as a team would write them: rare fixed strings, regexes, app filters, counts; none matches loggen's text.
{
  for i in $(seq 1 50); do printf '[fixed-%d]\nquery = -F "needle %d not found"\nwhen = any\nnotify = webhook http://127.0.0.1:%d/\n\n' "$i" "$i" "$HOOK_PORT"; done
  for i in $(seq 1 20); do printf '[regex-%d]\nquery = -E "(segfault|oom-kill|panic) at %d[0-9a-f]+"\nwhen = any\nnotify = webhook http://127.0.0.1:%d/\n\n' "$i" "$i" "$HOOK_PORT"; done
  for i in $(seq 1 15); do printf '[app-%d]\nquery = -i -a app%d -p err error\nwhen = any\nnotify = webhook http://127.0.0.1:%d/\n\n' "$i" "$i" "$HOOK_PORT"; done
  for i in $(seq 1 14); do printf '[count-%d]\nquery = -w "timeout%d"\nwhen = count > 100 within 5m\nby = host\nnotify = webhook http://127.0.0.1:%d/\n\n' "$i" "$i" "$HOOK_PORT"; done
  printf '[probe]\nquery = -F probe-marker\nwhen = any within 1s\nby = host\nresolved = no\nnotify = webhook http://127.0.0.1:%d/\n' "$HOOK_PORT"
} > "$RULES/bench.conf"

ingest_run() { # RULES_DIR (or off: logqd without --alerts) LABEL VAR
  rm -rf "$WORK/logqd-data" "$WORK/logqd.rss" "$WORK/logqd.rss.anon"
  if [ "$1" = off ]; then start_logqd; else start_logqd --alerts "$1"; fi
  sample_rss "$LOGQD_PID" "$WORK/logqd.rss"
  local seq0 t0 seq1 t1 rate lag
  seq0=$(health last_seq); t0=$(now_ms)
  "$LOGGEN" -S -s 256 -I "$SECONDS_OF_LOAD" -r 10000000 --active-connections=2 127.0.0.1 "$SYSLOG_PORT" >/dev/null 2>&1 || true
  read -r seq1 t1 < <(settle health last_seq)
  rate=$(( (seq1 - seq0) * 1000 / (t1 - t0) ))
  lag=$(curl -fsS "http://127.0.0.1:$HTTP_PORT/metrics" | awk '/^logq_alert_lag_seconds / {print $2}')
  grep -q "alerts: 100 rules" "$WORK/logqd.log" || [ "$1" = off ] || { echo "bench: the rules did not load:"; cat "$WORK/logqd.log"; exit 2; }
  printf '%-10s %10d events %10d msg/s   peak RssAnon %4d MiB   evaluation behind at the end of the load: %s s\n' "$2" \
    "$((seq1 - seq0))" "$rate" "$(( $(max_of "$WORK/logqd.rss.anon") / 1024 ))" "${lag:-n/a (no --alerts)}"
  kill "$LOGQD_PID"; wait "$LOGQD_PID" 2>/dev/null || true
  eval "RATE_$3=$rate"
}

echo "== ingest, loggen -S -s 256, 2 connections, ${SECONDS_OF_LOAD}s, $(nproc) cores; no rules vs 100 rules"
ingest_run off none A1
ingest_run "$RULES" "100 rules" B1
ingest_run off none A2
ingest_run "$RULES" "100 rules" B2
none=$(( (RATE_A1 + RATE_A2) / 2 )); with=$(( (RATE_B1 + RATE_B2) / 2 ))
echo "mean: none $none msg/s, 100 rules $with msg/s: $(ratio "$with" "$none") of the rate without rules"

echo "== latency: 100 rules, loggen at 10000 msg/s, a probe event every 250 ms matching rule 'probe'"
rm -rf "$WORK/logqd-data"
start_logqd --alerts "$RULES"
"$LOGGEN" -S -s 256 -I 40 -r 10000 --active-connections=1 127.0.0.1 "$SYSLOG_PORT" >/dev/null 2>&1 &
LOGGEN_PID=$!; PIDS+=("$LOGGEN_PID")
sleep 3
python3 "$(dirname "$0")/alert-probe.py" "$SYSLOG_PORT" "$HOOK_PORT" 120 0.25
kill "$LOGGEN_PID" 2>/dev/null || true
echo "logqd threads named logq-alerts*: $(ls /proc/$LOGQD_PID/task | while read -r t; do cat /proc/$LOGQD_PID/task/$t/comm; done | grep -c '^logq-alerts')"
