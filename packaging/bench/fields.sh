#!/usr/bin/env bash
# Structured fields: EVENTS JSON access-log events (default 10M, gen-json-fields.py, 7 days, 4-5 fields
# each) POSTed to one logqd, then p50 of RUNS (default 5) of `logq fields`, of a --field filter counted,
# and of --count-by a field, JVM start included, and the same from the HTTP API alone. The peer, in the
# same run: jq over the JSON lines file (field names with counts; the count of one value), timed on the
# first PEER_LINES lines (default 1M) and scaled to EVENTS, since jq over all of them takes minutes.
#
#   packaging/bench/fields.sh [EVENTS] [RUNS] [PEER_LINES]
source "$(dirname "$0")/common.sh"
need
command -v jq >/dev/null || { echo "bench: needs jq" >&2; exit 2; }

EVENTS=${1:-10000000}
RUNS=${2:-5}
PEER_LINES=${3:-1000000}

start_logqd
echo "== loading $EVENTS JSON events over 7 days"
t0=$(now_ms)
python3 "$ROOT/packaging/bench/gen-json-fields.py" "$EVENTS" 7 "http://127.0.0.1:$HTTP_PORT/api/v1/ingest" "$WORK/events.ndjson" >/dev/null
until [ "$(health last_seq)" -ge $((EVENTS - 1)) ] 2>/dev/null; do sleep 0.5; done
while [ "$(health index_lag)" != "0" ]; do sleep 0.5; done
until curl -fsS "http://127.0.0.1:$HTTP_PORT/api/v1/search?count=true" | grep -q "^{\"count\":$EVENTS,"; do sleep 0.2; done
echo "   loaded and indexed in $(( ($(now_ms) - t0) / 1000 )) s; JSON lines $(du -h "$WORK/events.ndjson" | cut -f1)"
head -n "$PEER_LINES" "$WORK/events.ndjson" >"$WORK/peer.ndjson"

LOGQ=("$DIST/bin/logq" --node "http://127.0.0.1:$HTTP_PORT" --since 8d)
API="http://127.0.0.1:$HTTP_PORT/api/v1/search?count=true&since=$(date -u -d '8 days ago' +%Y-%m-%dT%H:%M:%SZ)"
printf '\nstructured fields, %s events, p50 of %s runs, 2 cores\n' "$EVENTS" "$RUNS"
printf '%-34s %10s %10s %14s  %s\n' "query" "logq CLI" "HTTP API" "jq (scaled)" "jq"
row() { # NAME "LOGQ ARGS" API_PARAMS JQ_PIPELINE
  local cli api peer scaled
  # shellcheck disable=SC2086
  cli=$(p50_ms "${LOGQ[@]}" $2)
  api=$(p50_request_ms "$API&$3")
  peer=$(RUNS=1 p50_ms bash -c "$4")
  scaled=$(python3 -c "print(round($peer * $EVENTS / $PEER_LINES))")
  printf '%-34s %7s ms %7s ms %11s ms  %s\n' "$1" "$cli" "$api" "$scaled" "$4"
}
row "logq fields"                    "fields"                         "by=fields" \
    "jq -r 'paths(scalars) | map(tostring) | join(\".\")' $WORK/peer.ndjson | sort | uniq -c >/dev/null"
row "-c --field status>=500"         "-c --field status>=500"         "field=status%3E%3D500" \
    "jq -c 'select(.status >= 500)' $WORK/peer.ndjson | wc -l >/dev/null"
row "-c --field path=/checkout"      "-c --field path=/checkout"      "field=path%3D/checkout" \
    "jq -c 'select(.path == \"/checkout\")' $WORK/peer.ndjson | wc -l >/dev/null"
row "--count-by status"              "--count-by status"              "by=field:status" \
    "jq -r .status $WORK/peer.ndjson | sort | uniq -c >/dev/null"
row "--count-by 1h --field status>=500" "--count-by 1h --field status>=500" "by=3600s&field=status%3E%3D500" \
    "jq -r 'select(.status >= 500) | .ts[0:13]' $WORK/peer.ndjson | uniq -c >/dev/null"
echo "data directory: $(du -sh "$WORK/logqd-data" | cut -f1) (index $(du -sh "$WORK/logqd-data/index" | cut -f1)); JSON lines $(du -h "$WORK/events.ndjson" | cut -f1)"
echo "logqd: $(rss_kib "$LOGQD_PID") KiB VmRSS, $(rss_kib "$LOGQD_PID" RssAnon) KiB anonymous, $(rss_kib "$LOGQD_PID" RssFile) KiB file-backed"
