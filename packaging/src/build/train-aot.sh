#!/usr/bin/env bash
# Writes lib/logq/logq.aot, the JDK 25 AOT cache bin/logq starts with (about 0.75 s -> 0.4 s here):
# one training run of the launcher that parses a query, builds the HTTP client and reports an
# unreachable node, which loads and links most of what a real query needs.
# Usage: train-aot.sh DIST_DIR
set -euo pipefail
dist=$1
cache=$dist/lib/logq/logq.aot
rm -f "$cache" "$cache.config"
status=0
LOGQ_JAVA_OPTS="-XX:AOTCacheOutput=$cache -Xlog:aot=off -Xlog:cds=off" \
  "$dist/bin/logq" --node http://127.0.0.1:9 --since 1h -i -c 'training run' >/dev/null 2>&1 || status=$?
if [ ! -s "$cache" ]; then
  echo "train-aot: no AOT cache written (training run exited $status); logq still works, it just starts slower" >&2
fi
