#!/usr/bin/env bash
# Search benchmark: EVENTS realistic syslog events (default 3M; packaging/bench/gen-syslog.py re-samples
# real sshd and Linux lines with varied addresses, ports, pids and users, over 7 days, 6 hosts) loaded
# into logqd, and the same events as a syslog file and as message text alone. For each kind of query
# (rare fixed string, bracket BRE, -w, -E alternation, -i phrase, common phrase), p50 of RUNS runs
# (default 5) of: the real `logq` launcher (-o raw, JVM start included), the HTTP API alone (curl, format=raw, one
# request), and in the same run grep and rg on the message text, from the page cache. Checks that logq
# prints exactly what grep prints. Then bytes on disk against the syslog bytes, and logqd's memory.
#
#   packaging/bench/search.sh [EVENTS] [RUNS]
source "$(dirname "$0")/common.sh"
need
command -v rg >/dev/null || { echo "bench: rg missing: packaging/dev deps" >&2; exit 2; }

EVENTS=${1:-3000000}
RUNS=${2:-5}

start_logqd
load_events "$EVENTS"

LOGQ=("$DIST/bin/logq" --node "http://127.0.0.1:$HTTP_PORT" --since 8d)
API="http://127.0.0.1:$HTTP_PORT/api/v1/search?order=oldest&format=raw"

urlencode() { python3 -c 'import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

cat "$WORK/messages" >/dev/null  # grep and rg read from the page cache, as the index does
ROWS=()
different=0
# query NAME "LOGQ/GREP FLAGS" "RG FLAGS" API_PARAMS PATTERN
query() {
  local name=$1 flags=$2 rgflags=$3 params=$4 pattern=$5 hits same
  # shellcheck disable=SC2086
  "${LOGQ[@]}" -o raw $flags -e "$pattern" >"$WORK/logq.out" || true
  # shellcheck disable=SC2086
  LC_ALL=C.UTF-8 grep $flags -e "$pattern" "$WORK/messages" >"$WORK/grep.out" || true
  hits=$(wc -l <"$WORK/grep.out")
  if cmp -s "$WORK/logq.out" "$WORK/grep.out"; then same=same; else
    same=DIFFERENT; different=1; KEEP_WORK=1
    cp "$WORK/logq.out" "$WORK/logq-${#ROWS[@]}.out"; cp "$WORK/grep.out" "$WORK/grep-${#ROWS[@]}.out"
  fi
  for _ in 1 2 3; do curl -fsS -o /dev/null "$API&$params&q=$(urlencode "$pattern")"; done  # JIT warm-up
  # shellcheck disable=SC2086
  local cli api gr rgt
  cli=$(p50_ms "${LOGQ[@]}" -o raw $flags -e "$pattern")
  api=$(p50_request_ms "$API&$params&q=$(urlencode "$pattern")")
  # shellcheck disable=SC2086
  gr=$(p50_ms env LC_ALL=C.UTF-8 grep $flags -e "$pattern" "$WORK/messages")
  # shellcheck disable=SC2086
  rgt=$(p50_ms rg --no-config --no-line-number $rgflags -e "$pattern" "$WORK/messages")
  ROWS+=("$(printf '%-28s %9s %8s ms %8s ms %8s ms %8s ms %7s %7s  %s' "$name" "$hits" "$cli" "$api" "$gr" "$rgt" \
    "$(ratio "$gr" "$cli")" "$(ratio "$rgt" "$cli")" "$same")")
  echo "   $name: $hits hits, logq $cli ms, grep $gr ms" >&2
}

echo "== queries, p50 of $RUNS runs"
query "rare IP, -F"               "-F"    "-F"    "mode=fixed"            "198.51.100.23"
query "-G with a bracket"         "-G"    ""      "mode=basic"            "[Ii]nvalid user oracle42 "
query "-w word"                   "-w"    "-w"    "mode=basic&w=true"  "Kerberos"
query "-E alternation"            "-E"    ""      "mode=extended"         "Invalid user (admin|test|oracle) "
query "-F -i phrase"              "-F -i" "-F -i" "mode=fixed&i=true" "failed password"
query "-F common phrase"          "-F"    "-F"    "mode=fixed"            "authentication failure"

count_cli=$(p50_ms "${LOGQ[@]}" -c -F "authentication failure")
count_grep=$(p50_ms env LC_ALL=C.UTF-8 grep -c -F "authentication failure" "$WORK/messages")
count_cli_re=$(p50_ms "${LOGQ[@]}" -c -E "Invalid user (admin|test|oracle) ")
count_grep_re=$(p50_ms env LC_ALL=C.UTF-8 grep -c -E "Invalid user (admin|test|oracle) " "$WORK/messages")

data=$(disk_bytes "$WORK/logqd-data")
journal=$(disk_bytes "$WORK/logqd-data/journal")
journal_apparent=$(apparent_bytes "$WORK/logqd-data/journal")
index=$(disk_bytes "$WORK/logqd-data/index")
syslog=$(stat -c %s "$WORK/syslog")
mib() { echo $(( $1 / 1048576 )); }

cat <<REPORT

search, $EVENTS events over 7 days (syslog $(mib "$syslog") MiB, message text $(mib "$(stat -c %s "$WORK/messages")") MiB), p50 of $RUNS runs, $(nproc) cores
query                             hits  logq CLI   HTTP API       grep         rg  x grep    x rg  output vs grep
$(printf '%s\n' "${ROWS[@]}")
count -F 'authentication failure'       $(printf '%8s ms %20s %8s ms' "$count_cli" "" "$count_grep")   x grep $(ratio "$count_grep" "$count_cli")
count -E alternation                    $(printf '%8s ms %20s %8s ms' "$count_cli_re" "" "$count_grep_re")   x grep $(ratio "$count_grep_re" "$count_cli_re")
disk: data directory $(mib "$data") MiB on disk ($(ratio "$data" "$syslog")x the syslog bytes): journal $(mib "$journal") MiB ($(mib "$journal_apparent") MiB apparent, with the open cycle's unwritten tail), index $(mib "$index") MiB
logqd memory: $(( $(rss_kib "$LOGQD_PID") / 1024 )) MiB VmRSS, $(( $(rss_kib "$LOGQD_PID" RssAnon) / 1024 )) MiB anonymous, $(( $(rss_kib "$LOGQD_PID" RssFile) / 1024 )) MiB file-backed
REPORT
[ "$different" = 0 ] || echo "bench: logq's output differs from grep's for a query marked DIFFERENT: logq-N.out and grep-N.out (N: its row, from 0) kept in $WORK" >&2
