# Shared by the benchmark scripts: the built distribution, free ports, a logqd to measure, a private rsyslogd.
# Benchmarks print figures; they never fail on a number.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DIST=${LOGQ_DIST:-$ROOT/packaging/target/logq}  # LOGQ_DIST: a copy, so that a rebuild cannot change it mid-run
LOGGEN=${LOGQ_LOGGEN:-$ROOT/packaging/target/tools/loggen}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/logq-bench.XXXXXX")
PIDS=()

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -z "${CGROUP:-}" ] || rmdir "$CGROUP" 2>/dev/null || true
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

need() {
  [ -x "$DIST/bin/logqd" ] || { echo "bench: build first: packaging/dev build" >&2; exit 2; }
  [ -x "$LOGGEN" ] || { echo "bench: loggen missing: packaging/dev deps" >&2; exit 2; }
  command -v rsyslogd >/dev/null || { echo "bench: rsyslogd missing: packaging/dev deps" >&2; exit 2; }
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

now_ms() { date +%s%3N; }

# settle COMMAND...: waits until the value the command prints stops changing for 2 s; prints
# "value since_ms", since_ms being when it first showed that final value.
settle() {
  local last=-1 value stable_since=0 t
  while :; do
    value=$("$@"); t=$(now_ms)
    if [ "$value" = "$last" ]; then
      [ $((t - stable_since)) -ge 2000 ] && { echo "$value $stable_since"; return; }
    else
      last=$value; stable_since=$t
    fi
    sleep 0.2
  done
}

# health FIELD: one field of logqd's /healthz
health() {
  curl -fsS "http://127.0.0.1:$HTTP_PORT/healthz" | python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"
}

# MEMORY_LIMIT=SIZE (320m, say): logqd runs in a memory cgroup of that size, as the unit's MemoryMax puts it,
# page cache of its mapped files included (cgroup v1's memory controller, or v2's memory.max); CGROUP is its directory.
memory_limit_prefix() {
  [ -n "${MEMORY_LIMIT:-}" ] || return 0
  local bytes=$(( ${MEMORY_LIMIT%[mM]} * 1024 * 1024 ))
  if [ -d /sys/fs/cgroup/memory ]; then
    CGROUP=/sys/fs/cgroup/memory/logq-bench-$$
    mkdir -p "$CGROUP" && echo "$bytes" > "$CGROUP/memory.limit_in_bytes"
  else
    CGROUP=/sys/fs/cgroup/logq-bench-$$
    mkdir -p "$CGROUP" && echo "$bytes" > "$CGROUP/memory.max"
  fi
  LIMIT_PREFIX=(bash -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$CGROUP")
}

# The cgroup's peak usage in MiB and how often it hit the limit, after a MEMORY_LIMIT run.
memory_limit_report() {
  [ -n "${CGROUP:-}" ] || return 0
  if [ -f "$CGROUP/memory.max_usage_in_bytes" ]; then
    echo "cgroup limit $MEMORY_LIMIT: peak $(( $(cat "$CGROUP/memory.max_usage_in_bytes") >> 20 )) MiB (page cache included), limit hit $(cat "$CGROUP/memory.failcnt") times, OOM kills: $(awk '/oom_kill / {print $2}' "$CGROUP/memory.oom_control")"
  else
    echo "cgroup limit $MEMORY_LIMIT: peak $(( $(cat "$CGROUP/memory.peak" 2>/dev/null || echo 0) >> 20 )) MiB, events: $(tr '\n' ' ' < "$CGROUP/memory.events")"
  fi
}

start_logqd() { # extra flags...
  SYSLOG_PORT=$(free_port); HTTP_PORT=$(free_port); RELP_PORT=$(free_port)
  LIMIT_PREFIX=()
  memory_limit_prefix
  "${LIMIT_PREFIX[@]}" "$DIST/bin/logqd" --data-dir "$WORK/logqd-data" --node bench --syslog-tcp "127.0.0.1:$SYSLOG_PORT" \
    --syslog-udp off --relp "127.0.0.1:$RELP_PORT" --http "127.0.0.1:$HTTP_PORT" "$@" >"$WORK/logqd.log" 2>&1 &
  LOGQD_PID=$!
  PIDS+=("$LOGQD_PID")
  for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "bench: logqd did not start; its log:" >&2; cat "$WORK/logqd.log" >&2; exit 2
}

# start_rsyslogd DIR PORT: a private rsyslogd with DIR/rsyslog.conf; waits until PORT listens; sets RSYSLOG_PID
start_rsyslogd() {
  rsyslogd -n -f "$1/rsyslog.conf" -i "$1/pid" >"$1/log" 2>&1 &
  RSYSLOG_PID=$!; PIDS+=("$RSYSLOG_PID")
  for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/"$2") 2>/dev/null && return 0; sleep 0.1; done
  echo "bench: rsyslogd did not listen on port $2; its log:" >&2; cat "$1/log" >&2; exit 2
}

# rss_kib PID [FIELD]: resident set size in KiB (VmRSS), or another /proc status field such as RssAnon
# (heap, stacks, native memory: what the process holds itself, without the page cache its mapped files use)
rss_kib() { awk -v f="${2:-VmRSS}:" '$1 == f {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# Samples VmRSS and RssAnon of PID every 200 ms into FILE and FILE.anon until the process stops.
sample_rss() { # PID FILE
  ( while kill -0 "$1" 2>/dev/null; do rss_kib "$1" >>"$2"; rss_kib "$1" RssAnon >>"$2.anon"; sleep 0.2; done ) &
  PIDS+=("$!")
}

# cpu_ticks PID [THREAD_NAME_REGEX]: user+system CPU time in clock ticks (1/100 s) the process has used,
# or only its live threads whose name matches
cpu_ticks() {
  if [ -z "${2:-}" ]; then awk '{print $14 + $15}' "/proc/$1/stat"; return; fi
  local t sum=0
  for t in /proc/"$1"/task/*; do
    grep -Eq "$2" "$t/comm" 2>/dev/null && sum=$((sum + $(awk '{print $14 + $15}' "$t/stat")))
  done
  echo "$sum"
}

max_of() { sort -n "$1" | tail -1; }

# disk_bytes DIR: the bytes DIR holds on disk (allocated blocks, as df counts them); 0 if it is missing.
# Not du -b's apparent size: a journal cycle file grows 16 MiB at a time, and the part not written yet is
# a hole in the file that takes no disk.
disk_bytes() { du -s --block-size=1 "$1" 2>/dev/null | cut -f1 || echo 0; }
apparent_bytes() { du -sb "$1" 2>/dev/null | cut -f1 || echo 0; }

ratio() { python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print(f'{a/b:.2f}' if b else 'n/a')" "$1" "$2"; }

# p50_ms COMMAND...: median wall time of RUNS runs, in ms. Output goes to a file, not /dev/null: GNU grep
# notices /dev/null and stops at the first match, as with -q.
p50_ms() {
  local i t s
  for i in $(seq 1 "$RUNS"); do
    s=$(date +%s%N); "$@" >"$WORK/p50.out" 2>&1 || true; t=$(date +%s%N)
    echo $(( (t - s) / 1000 ))
  done | sort -n | awk '{a[NR]=$1} END {m=int((NR+1)/2); printf "%.1f", a[m]/1000}'
}

# p50_request_ms URL: median time of RUNS requests as curl times them (start of the request to the last
# byte), leaving out the 20-30 ms curl itself takes to start and load its TLS libraries
p50_request_ms() {
  local i
  for i in $(seq 1 "$RUNS"); do
    curl -fsS -o /dev/null -w '%{time_total}\n' "$1"
  done | sort -n | awk '{a[NR]=$1} END {m=int((NR+1)/2); printf "%.1f", a[m]*1000}'
}

# load_events EVENTS: realistic syslog events (gen-syslog.py, 7 days) into the logqd of start_logqd, also
# written to $WORK/syslog and $WORK/messages; returns once all are indexed and searchable
load_events() {
  local events=$1 t0 t1
  echo "== loading $events events over 7 days"
  t0=$(now_ms)
  python3 "$ROOT/packaging/bench/gen-syslog.py" "$events" 7 "$SYSLOG_PORT" "$WORK/syslog" "$WORK/messages"
  until [ "$(health last_seq)" -ge $((events - 1)) ] 2>/dev/null; do sleep 0.5; done
  while [ "$(health index_lag)" != "0" ]; do sleep 0.5; done
  # indexed is not yet searchable: the index refreshes every --refresh (250 ms)
  until curl -fsS "http://127.0.0.1:$HTTP_PORT/api/v1/search?count=true" | grep -q "^{\"count\":$events,"; do sleep 0.2; done
  t1=$(now_ms)
  echo "   loaded and indexed in $(( (t1 - t0) / 1000 )) s; syslog $(du -h "$WORK/syslog" | cut -f1), message text $(du -h "$WORK/messages" | cut -f1)"
}

# Several replicating nodes, by name: their ports and processes.
declare -A SYSLOG HTTP REPL PID

# node_ports NAME: picks the node's ports (before any node starts, so every --peer list can name them)
node_ports() { SYSLOG[$1]=$(free_port); HTTP[$1]=$(free_port); REPL[$1]=$(free_port); }

# start_node NAME PEER...: a logqd named NAME replicating to the named peers; waits until it answers
start_node() {
  local name=$1 peers="" p; shift
  for p in "$name" "$@"; do peers+="${peers:+,}$p=127.0.0.1:${REPL[$p]}"; done
  "$DIST/bin/logqd" --data-dir "$WORK/$name" --node "$name" --syslog-tcp "127.0.0.1:${SYSLOG[$name]}" \
    --syslog-udp off --relp off --http "127.0.0.1:${HTTP[$name]}" \
    --replication "127.0.0.1:${REPL[$name]}" --peer "$peers" >>"$WORK/$name.log" 2>&1 &
  PID[$name]=$!; PIDS+=("$!")
  for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:${HTTP[$name]}/healthz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "bench: node $name did not start; its log:" >&2; cat "$WORK/$name.log" >&2; exit 2
}

stop_node() { kill "${PID[$1]}" 2>/dev/null || true; wait "${PID[$1]}" 2>/dev/null || true; }
