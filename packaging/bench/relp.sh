#!/usr/bin/env bash
# RELP benchmark: loggen -> rsyslog (imtcp) -> omrelp -> logqd's RELP listener, and the same sender
# rsyslog forwarding with omrelp to a second rsyslog's imrelp (-> omfile), in the same run.
# Prints the rate at which each RELP receiver stored the messages, and the ratio.
#
#   packaging/bench/relp.sh [MESSAGES]     (default 1,000,000 messages of 256 bytes)
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

run_loggen() { # PORT: MESSAGES messages of SIZE bytes, as fast as the sender takes them
  "$LOGGEN" -S -s "$SIZE" -n "$MESSAGES" -r 10000000 -I 600 127.0.0.1 "$1" >/dev/null 2>"$WORK/loggen.txt" || true
}

echo "== rsyslog omrelp -> logqd relp: $MESSAGES messages"
start_logqd
start_sender to-logqd "$RELP_PORT"
seq0=$(health last_seq)
t0=$(now_ms)
run_loggen "$SENDER_PORT"
read -r seq1 t1 < <(settle health last_seq)
logqd_n=$((seq1 - seq0))
logqd_rate=$(( logqd_n * 1000 / (t1 - t0) ))
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
start_rsyslogd "$WORK/receiver" "$RS_PORT"
start_sender to-rsyslog "$RS_PORT"
t0=$(now_ms)
run_loggen "$SENDER_PORT"
read -r rs_n t1 < <(settle sh -c "wc -l < '$WORK/receiver/out.log' 2>/dev/null || echo 0")
rs_rate=$(( rs_n * 1000 / (t1 - t0) ))

cat <<REPORT

relp, loggen -S -s $SIZE -n $MESSAGES -> rsyslog imtcp -> omrelp (windowSize 1024) -> receiver, $(nproc) cores
                         stored     rate (msg/s)
logqd relp           $(printf '%10d %14d' "$logqd_n" "$logqd_rate")
rsyslog imrelp       $(printf '%10d %14d' "$rs_n" "$rs_rate")
ratio logqd/rsyslog: $(ratio "$logqd_rate" "$rs_rate")
REPORT
