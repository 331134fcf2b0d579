#!/usr/bin/env bash
# Query benchmark: N events (default 1M) over 24 h in logqd, and the same messages as a flat file.
# A selective fixed-string query and a count, p50 of RUNS runs (default 20), through the real `logq`
# launcher (JVM start included) and through the HTTP API alone (curl, after 200 warm-up requests of each kind),
# against grep -F and grep -c on the flat file (message text only, from the page cache), measured in
# the same run. Checks that the results are identical.
#
#   packaging/bench/query.sh [EVENTS] [RUNS]
source "$(dirname "$0")/common.sh"
need

EVENTS=${1:-1000000}
RUNS=${2:-20}
PATTERN='quota exceeded'

start_logqd
echo "== loading $EVENTS events over 24 h"
t0=$(now_ms)
python3 "$ROOT/packaging/bench/gen-events.py" "$EVENTS" 24 "$SYSLOG_PORT" "$WORK/events.txt"
until [ "$(health last_seq)" -ge $((EVENTS - 1)) ] 2>/dev/null; do sleep 0.2; done
while [ "$(health index_lag)" != "0" ]; do sleep 0.2; done
t1=$(now_ms)
echo "   loaded and indexed in $(( (t1 - t0) / 1000 )) s; flat file $(du -h "$WORK/events.txt" | cut -f1)"

LOGQ=("$DIST/bin/logq" --node "http://127.0.0.1:$HTTP_PORT" --since 25h)
URL="http://127.0.0.1:$HTTP_PORT/api/v1/search?mode=fixed&order=oldest&q=$(python3 -c 'import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1]))' "$PATTERN")"

# identical results first
"${LOGQ[@]}" -o raw -F "$PATTERN" >"$WORK/logq.out"
LC_ALL=C.UTF-8 grep -F "$PATTERN" "$WORK/events.txt" >"$WORK/grep.out" || true
same=$(cmp -s "$WORK/logq.out" "$WORK/grep.out" && echo identical || echo DIFFERENT)
logq_count=$("${LOGQ[@]}" -c -F "$PATTERN")
grep_count=$(LC_ALL=C.UTF-8 grep -c -F "$PATTERN" "$WORK/events.txt" || true)
[ "$logq_count" = "$grep_count" ] && same_count=identical || same_count=DIFFERENT

cat "$WORK/events.txt" >/dev/null   # grep reads from the page cache, as the index does
# logqd is a long-running daemon: measure it warm (JIT-compiled), as its users meet it
for _ in $(seq 1 200); do curl -fsS "$URL" >/dev/null; curl -fsS "$URL&count=true" >/dev/null; done
logq_sel=$(p50_ms "${LOGQ[@]}" -o raw -F "$PATTERN")
logq_cnt=$(p50_ms "${LOGQ[@]}" -c -F "$PATTERN")
api_sel=$(p50_request_ms "$URL")
api_cnt=$(p50_request_ms "$URL&count=true")
grep_sel=$(p50_ms env LC_ALL=C.UTF-8 grep -F "$PATTERN" "$WORK/events.txt")
grep_cnt=$(p50_ms env LC_ALL=C.UTF-8 grep -c -F "$PATTERN" "$WORK/events.txt")

cat <<REPORT

query, $EVENTS events over 24 h, pattern -F '$PATTERN' ($(wc -l <"$WORK/grep.out") matches), p50 of $RUNS runs, $(nproc) cores
                         selective    count
logq CLI (JVM start)  $(printf '%9s ms %6s ms' "$logq_sel" "$logq_cnt")
HTTP API (request)    $(printf '%9s ms %6s ms' "$api_sel" "$api_cnt")
grep -F / grep -c     $(printf '%9s ms %6s ms' "$grep_sel" "$grep_cnt")
speed-up vs grep: CLI $(ratio "$grep_sel" "$logq_sel")x / $(ratio "$grep_cnt" "$logq_cnt")x, API $(ratio "$grep_sel" "$api_sel")x / $(ratio "$grep_cnt" "$api_cnt")x
results: lines $same, count $same_count ($logq_count vs $grep_count)
REPORT
