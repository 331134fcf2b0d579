#!/usr/bin/env bash
# Makes lib/logq/logq.aot, the JDK 25 AOT cache bin/logq starts with (about 0.75 s -> 0.4 s here), and
# lib/logq/logq.aot.jars, the sizes and times of the jars it fits. One training run of the launcher that
# parses a query, builds the HTTP client and reports an unreachable node, which loads and links most of
# what a real query needs. Run by the build, and by bin/logq in the background when the cache does not
# fit its jars (a copy that did not keep file times).
set -euo pipefail
home=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
status=0
LOGQ_AOT_TRAINING=1 "$home/bin/logq" --node http://127.0.0.1:9 --since 1h -i -c 'training run' >/dev/null 2>&1 || status=$?
if [ ! -s "$home/lib/logq/logq.aot" ] || [ ! -s "$home/lib/logq/logq.aot.jars" ]; then
  echo "train-aot: no AOT cache written (training run exited $status); logq still works, it just starts slower" >&2
  exit 1
fi
