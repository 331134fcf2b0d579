#!/usr/bin/env bash
# RELP benchmark: loggen -> rsyslog (imtcp) -> omrelp -> logqd's RELP listener, and the same sender
# rsyslog forwarding with omrelp to a second rsyslog's imrelp (-> omfile), in the same run.
# Each receiver first takes a fifth of the messages as a warm-up (logqd's JIT, as a long-running daemon
# has it), then MESSAGES are timed. Prints the rate at which each receiver stored them, the ratio, and
# the CPU seconds each process used in the timed part, which shows where the 2 cores went. logqd's
# "receive path" is RELP plus the journal append; the rest of its CPU is indexing, JIT and GC. rsyslog's
# receiver is all receive path (imrelp, then omfile).
#
#   packaging/bench/relp.sh [MESSAGES]     (default 1,000,000 messages of 256 bytes)
#   SENDER_WORKERS=4 packaging/bench/relp.sh   (omrelp action workers, one RELP connection each)
source "$(dirname "$0")/common.sh"
need

MESSAGES=${1:-1000000}
SIZE=256

# start_sender NAME RELP_PORT: an rsyslog taking loggen's stream on imtcp and forwarding it with omrelp
start_sender() {
  local name=$1 target=$2 dir=$WORK/$1
  SENDER_PORT=$(free_port)
  mkdir -p "$dir"
  cat >"$dir/rsyslog.conf" <<CONF
global(workDirectory="$dir" processInternalMessages="on")
module(load="imtcp")
module(load="omrelp")
input(type="imtcp" address="127.0.0.1" port="$SENDER_PORT" ruleset="fwd")
ruleset(name="fwd" queue.type="LinkedList" queue.size="2000000") {
  action(type="omrelp" target="127.0.0.1" port="$target" windowSize="1024"
         queue.type="LinkedList" queue.size="2000000" queue.workerThreads="${SENDER_WORKERS:-1}"
         queue.dequeueBatchSize="1024" action.resumeRetryCount="-1")
}
CONF
  start_rsyslogd "$dir" "$SENDER_PORT"; SENDER_PID=$RSYSLOG_PID
}

run_loggen() { # PORT COUNT: COUNT messages of SIZE bytes, as fast as the sender takes them
  "$LOGGEN" -S -s "$SIZE" -n "$2" -r 10000000 -I 600 127.0.0.1 "$1" >/dev/null 2>"$WORK/loggen.txt" || true
}

# logqd's threads that take RELP and append to the journal (Netty's event loops, the journal writer);
# the indexer, Lucene, the JIT and GC are the rest of its CPU
RECEIVE_THREADS='^(multiThreadIoEv|logq-journal)'

# timed RECEIVER_PID STORED_COMMAND...: warm-up, then MESSAGES through the sender; sets STORED, MS and
# the CPU ticks of the sender (SENDER_CPU), the receiver (RECEIVER_CPU) and logqd's receive path (RECEIVE_CPU)
timed() {
  local receiver=$1; shift
  run_loggen "$SENDER_PORT" $((MESSAGES / 5))
  local n0 t0 s0 r0 p0 n1 t1
  read -r n0 _ < <(settle "$@")
  s0=$(cpu_ticks "$SENDER_PID"); r0=$(cpu_ticks "$receiver"); p0=$(cpu_ticks "$receiver" "$RECEIVE_THREADS")
  t0=$(now_ms)
  run_loggen "$SENDER_PORT" "$MESSAGES"
  read -r n1 t1 < <(settle "$@")
  SENDER_CPU=$(( $(cpu_ticks "$SENDER_PID") - s0 )); RECEIVER_CPU=$(( $(cpu_ticks "$receiver") - r0 ))
  RECEIVE_CPU=$(( $(cpu_ticks "$receiver" "$RECEIVE_THREADS") - p0 ))
  STORED=$((n1 - n0)); MS=$((t1 - t0))
}

cpu_s() { awk -v t="$1" 'BEGIN { printf "%.1f", t / 100 }'; }

echo "== rsyslog omrelp -> logqd relp: $MESSAGES messages after a warm-up of $((MESSAGES / 5))"
start_logqd
start_sender to-logqd "$RELP_PORT"
timed "$LOGQD_PID" health last_seq
logqd_n=$STORED logqd_rate=$(( STORED * 1000 / MS ))
logqd_sender=$SENDER_CPU logqd_cpu=$RECEIVER_CPU logqd_receive=$RECEIVE_CPU
kill "$SENDER_PID" "$LOGQD_PID"; wait "$SENDER_PID" "$LOGQD_PID" 2>/dev/null || true

echo "== rsyslog omrelp -> rsyslog imrelp -> omfile: same messages"
RS_PORT=$(free_port)
mkdir -p "$WORK/receiver"
cat >"$WORK/receiver/rsyslog.conf" <<CONF
global(workDirectory="$WORK/receiver" processInternalMessages="on")
module(load="imrelp")
input(type="imrelp" address="127.0.0.1" port="$RS_PORT" ruleset="store")
ruleset(name="store") { action(type="omfile" file="$WORK/receiver/out.log") }
CONF
start_rsyslogd "$WORK/receiver" "$RS_PORT"; RECEIVER_PID=$RSYSLOG_PID
start_sender to-rsyslog "$RS_PORT"
timed "$RECEIVER_PID" sh -c "wc -l < '$WORK/receiver/out.log' 2>/dev/null || echo 0"
rs_n=$STORED rs_rate=$(( STORED * 1000 / MS ))

cat <<REPORT

relp, loggen -S -s $SIZE -n $MESSAGES -> rsyslog imtcp -> omrelp (windowSize 1024, ${SENDER_WORKERS:-1} worker) -> receiver, $(nproc) cores
                         stored     rate (msg/s)   CPU s: sender rsyslog   receiver   its receive path
logqd relp           $(printf '%10d %14d %24s %10s %18s' "$logqd_n" "$logqd_rate" "$(cpu_s "$logqd_sender")" "$(cpu_s "$logqd_cpu")" "$(cpu_s "$logqd_receive")")
rsyslog imrelp       $(printf '%10d %14d %24s %10s %18s' "$rs_n" "$rs_rate" "$(cpu_s "$SENDER_CPU")" "$(cpu_s "$RECEIVER_CPU")" "$(cpu_s "$RECEIVER_CPU")")
ratio logqd/rsyslog: $(ratio "$logqd_rate" "$rs_rate")
REPORT
