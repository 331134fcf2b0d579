#!/usr/bin/env bash
# Counts by group: EVENTS realistic syslog events (default 10M; gen-syslog.py, 7 days, 6 hosts) loaded
# into one logqd, then p50 of RUNS (default 5) of `logq --count-by` (JVM start included) and of the API
# alone, per host, app, severity and hour, and a count by hour of a phrase. The peer, in the same run:
# the shell pipeline one would use on the syslog file (awk on the timestamp or field, sort | uniq -c).
#
#   packaging/bench/countby.sh [EVENTS] [RUNS]
source "$(dirname "$0")/common.sh"
need

EVENTS=${1:-10000000}
RUNS=${2:-5}

start_logqd
load_events "$EVENTS"
cat "$WORK/syslog" >/dev/null  # the pipelines read from the page cache, as the index does

LOGQ=("$DIST/bin/logq" --node "http://127.0.0.1:$HTTP_PORT" --since 8d)
API="http://127.0.0.1:$HTTP_PORT/api/v1/search?count=true"
printf '\ncount by group, %s events, p50 of %s runs, 2 cores\n' "$EVENTS" "$RUNS"
printf '%-32s %10s %10s %12s  %s\n' "query" "logq CLI" "HTTP API" "pipeline" "pipeline"
row() { # NAME "LOGQ ARGS" API_PARAMS PIPELINE [PATTERN]
  local cli api peer extra=()
  [ -n "${5:-}" ] && extra=(-F "$5")
  # shellcheck disable=SC2086
  cli=$(p50_ms "${LOGQ[@]}" $2 "${extra[@]}")
  api=$(p50_request_ms "$API&$3")
  peer=$(p50_ms bash -c "$4")
  printf '%-32s %7s ms %7s ms %9s ms  %s\n' "$1" "$cli" "$api" "$peer" "$4"
}
row "--count-by 1h"        "--count-by 1h"        "by=3600s" "awk '{print \$1, \$2, substr(\$3, 1, 2)}' $WORK/syslog | uniq -c >/dev/null"
row "--count-by host"      "--count-by host"      "by=host"  "awk '{print \$4}' $WORK/syslog | sort | uniq -c >/dev/null"
row "--count-by app"       "--count-by app"       "by=app"   "awk '{sub(/\\[.*/, \"\", \$5); print \$5}' $WORK/syslog | sort | uniq -c >/dev/null"
row "--count-by severity"  "--count-by severity"  "by=severity" "true  # not in the file's lines"
row "--count-by 1h -F phrase" "--count-by 1h" "by=3600s&mode=fixed&q=authentication%20failure" \
    "grep -F 'authentication failure' $WORK/syslog | awk '{print \$1, \$2, substr(\$3, 1, 2)}' | uniq -c >/dev/null" \
    "authentication failure"
echo "data directory: $(du -sh "$WORK/logqd-data" | cut -f1); logqd: $(rss_kib "$LOGQD_PID") KiB VmRSS, $(rss_kib "$LOGQD_PID" RssAnon) KiB anonymous"
