#!/usr/bin/env bash
# JSON ingest benchmark: POST /api/v1/ingest, batches of 1000 JSON lines over keep-alive connections.
# Prints events/s acknowledged (answered 200, so in the journal). No peer: rsyslog takes no JSON over HTTP.
#
#   packaging/bench/json.sh [BATCHES] [CONNECTIONS]     (default 1000 batches of 1000, 2 connections)
source "$(dirname "$0")/common.sh"
need

BATCHES=${1:-1000}
CONNECTIONS=${2:-2}
start_logqd
read -r events seconds < <(python3 "$ROOT/packaging/bench/json-load.py" "http://127.0.0.1:$HTTP_PORT/api/v1/ingest" "$BATCHES" 1000 "$CONNECTIONS")
stored=$(( $(health last_seq) + 1 ))
cat <<REPORT

json ingest, POST /api/v1/ingest, $BATCHES batches of 1000 lines, $CONNECTIONS connections, $(nproc) cores
acknowledged  $events events in ${seconds}s = $(python3 -c "print(round($events / $seconds))") events/s   (journal holds $stored)
REPORT
