#!/usr/bin/env bash
# Ingest benchmark: loggen over TCP, 256-byte messages, into logqd and into rsyslog (imtcp -> omfile)
# in the same run. Prints journal append rate, the index rate from the first byte until the index
# caught up, logqd peak RSS, and the ratio to rsyslog. Sustained indexing at a steady rate: index.sh.
#
#   packaging/bench/ingest.sh [SECONDS]      (default 20 s of load, 2 connections, no rate cap)
#   LOGQD_MEMORY=512m ...                    logqd's memory setting; MEMORY_LIMIT=320m: logqd in a memory cgroup that size
source "$(dirname "$0")/common.sh"
need

SECONDS_OF_LOAD=${1:-20}
SIZE=256
CONNECTIONS=${CONNECTIONS:-2}
LOGGEN_ARGS=(-S -s "$SIZE" -I "$SECONDS_OF_LOAD" -r 10000000 --active-connections="$CONNECTIONS")


echo "== logqd: loggen ${LOGGEN_ARGS[*]}"
start_logqd
sample_rss "$LOGQD_PID" "$WORK/logqd.rss"
seq0=$(health last_seq)
t0=$(now_ms)
"$LOGGEN" "${LOGGEN_ARGS[@]}" 127.0.0.1 "$SYSLOG_PORT" 2>"$WORK/loggen-logqd.txt" >/dev/null || true
read -r seq1 t_appended < <(settle health last_seq)
appended=$((seq1 - seq0))
append_rate=$(( appended * 1000 / (t_appended - t0) ))
while [ "$(health index_lag)" != "0" ]; do sleep 0.1; done
t_indexed=$(now_ms)
index_rate=$(( appended * 1000 / (t_indexed - t0) ))
rss_mib=$(( $(max_of "$WORK/logqd.rss") / 1024 ))
anon_mib=$(( $(max_of "$WORK/logqd.rss.anon") / 1024 ))
loggen_logqd=$(grep -o 'average rate = [0-9.]*' "$WORK/loggen-logqd.txt" | tail -1 | awk '{print $4}')
kill "$LOGQD_PID"; wait "$LOGQD_PID" 2>/dev/null || true

echo "== rsyslog imtcp -> omfile: same loggen"
RS_PORT=$(free_port)
mkdir -p "$WORK/rsyslog"
cat >"$WORK/rsyslog/rsyslog.conf" <<CONF
global(workDirectory="$WORK/rsyslog" processInternalMessages="on")
module(load="imtcp")
input(type="imtcp" address="127.0.0.1" port="$RS_PORT" ruleset="bench")
ruleset(name="bench") { action(type="omfile" file="$WORK/rsyslog/out.log") }
CONF
start_rsyslogd "$WORK/rsyslog" "$RS_PORT"; RS_PID=$RSYSLOG_PID
sample_rss "$RS_PID" "$WORK/rsyslog.rss"
t0=$(now_ms)
"$LOGGEN" "${LOGGEN_ARGS[@]}" 127.0.0.1 "$RS_PORT" 2>"$WORK/loggen-rsyslog.txt" >/dev/null || true
read -r rs_lines t_rs < <(settle sh -c "wc -l < '$WORK/rsyslog/out.log' 2>/dev/null || echo 0")
rs_rate=$(( rs_lines * 1000 / (t_rs - t0) ))
rs_rss_mib=$(( $(max_of "$WORK/rsyslog.rss") / 1024 ))
rs_anon_mib=$(( $(max_of "$WORK/rsyslog.rss.anon") / 1024 ))
kill "$RS_PID"; wait "$RS_PID" 2>/dev/null || true

cat <<REPORT

ingest, loggen -S -s $SIZE, $CONNECTIONS connections, ${SECONDS_OF_LOAD}s, $(nproc) cores
                      events     rate (msg/s)   peak RSS   of it anonymous (RssAnon)
logqd journal      $(printf '%10d %14d %6d MiB %6d MiB' "$appended" "$append_rate" "$rss_mib" "$anon_mib")   (loggen saw ${loggen_logqd:-?} msg/s)
logqd index        $(printf '%10d %14d' "$appended" "$index_rate")                         (all indexed, from first byte to zero lag)
rsyslog omfile     $(printf '%10d %14d %6d MiB %6d MiB' "$rs_lines" "$rs_rate" "$rs_rss_mib" "$rs_anon_mib")
(RSS includes the pages of logqd's memory-mapped journal and index files that are resident: page cache
 the kernel can drop, which rsyslog's write() to a file also uses but does not show in its RSS)
ratio journal/rsyslog: $(ratio "$append_rate" "$rs_rate")   index/rsyslog: $(ratio "$index_rate" "$rs_rate")
LOGQD_MEMORY=${LOGQD_MEMORY:-256m (default)}
$(memory_limit_report)
REPORT
