#!/usr/bin/env bash
# TLS ingest benchmark: loggen -U (syslog over TLS, 256-byte messages) into logqd's --syslog-tls, and
# into rsyslog imtcp with the gtls driver (-> omfile) in the same run. Prints both rates and the ratio.
#
#   packaging/bench/tls.sh [SECONDS]     (default 20 s of load, 2 connections)
source "$(dirname "$0")/common.sh"
need

SECONDS_OF_LOAD=${1:-20}
LOGGEN_ARGS=(-U -s 256 -I "$SECONDS_OF_LOAD" -r 10000000 --active-connections=2)

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
  -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null

echo "== logqd --syslog-tls: loggen ${LOGGEN_ARGS[*]}"
TLS_PORT=$(free_port)
start_logqd --syslog-tls "127.0.0.1:$TLS_PORT" --tls-cert "$WORK/cert.pem" --tls-key "$WORK/key.pem"
t0=$(now_ms)
"$LOGGEN" "${LOGGEN_ARGS[@]}" 127.0.0.1 "$TLS_PORT" >/dev/null 2>"$WORK/loggen-logqd.txt" || true
read -r seq1 t1 < <(settle health last_seq)
logqd_n=$((seq1 + 1))
logqd_rate=$(( logqd_n * 1000 / (t1 - t0) ))
kill "$LOGQD_PID"; wait "$LOGQD_PID" 2>/dev/null || true

echo "== rsyslog imtcp gtls -> omfile: same loggen"
RS_PORT=$(free_port)
mkdir -p "$WORK/rsyslog"
cat >"$WORK/rsyslog/rsyslog.conf" <<CONF
global(workDirectory="$WORK/rsyslog" processInternalMessages="on"
       DefaultNetstreamDriver="gtls" DefaultNetstreamDriverCertFile="$WORK/cert.pem" DefaultNetstreamDriverKeyFile="$WORK/key.pem"
       DefaultNetstreamDriverCAFile="$WORK/cert.pem")
module(load="imtcp" StreamDriver.Name="gtls" StreamDriver.Mode="1" StreamDriver.AuthMode="anon")
input(type="imtcp" address="127.0.0.1" port="$RS_PORT" ruleset="bench")
ruleset(name="bench") { action(type="omfile" file="$WORK/rsyslog/out.log") }
CONF
start_rsyslogd "$WORK/rsyslog" "$RS_PORT"
t0=$(now_ms)
"$LOGGEN" "${LOGGEN_ARGS[@]}" 127.0.0.1 "$RS_PORT" >/dev/null 2>"$WORK/loggen-rsyslog.txt" || true
read -r rs_n t1 < <(settle sh -c "wc -l < '$WORK/rsyslog/out.log' 2>/dev/null || echo 0")
rs_rate=$(( rs_n * 1000 / (t1 - t0) ))

cat <<REPORT

tls ingest, loggen -U -s 256, 2 connections, ${SECONDS_OF_LOAD}s, $(nproc) cores
                      events     rate (msg/s)
logqd syslog-tls   $(printf '%10d %14d' "$logqd_n" "$logqd_rate")
rsyslog gtls       $(printf '%10d %14d' "$rs_n" "$rs_rate")
ratio logqd/rsyslog: $(ratio "$logqd_rate" "$rs_rate")
REPORT
