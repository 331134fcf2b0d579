#!/usr/bin/env bash
# Replication benchmark, all on this machine, 256-byte messages from loggen, in one run:
#  1. single node: loggen into one logqd; its append rate and peak RSS (the baseline for 5)
#  2. throughput: loggen into node a, which replicates to b; from the first byte until b acknowledged
#     the last event; with rsyslog forwarding the same load (imtcp -> omfwd and -> omrelp, to a second
#     rsyslog writing a file) measured alike, and the ratios
#  3. catch-up: c takes CATCHUP events while d is down; then d starts: how fast d's journal absorbs
#     the backlog, and how long its index takes after that
#  4. lag: loggen at a steady LAG_RATE msg/s into e for LAG_SECONDS after a warm-up; p50 and p99 of
#     f's logq_replication_delay_seconds over those seconds (from e receiving an event to f having it in
#     its journal), from the histogram's buckets
#  5. three nodes: loggen into g, which replicates to h and i: g's peak RSS against the single node's,
#     and the rate at which the cluster's index takes events (each node indexes every event)
#
#   packaging/bench/replication.sh [MESSAGES]     (default 2,000,000 in 1, 2 and 5, as fast as loggen sends them)
#   CATCHUP=1000000 LAG_RATE=10000 LAG_SECONDS=30 PARTS="1 2 3 4 5" packaging/bench/replication.sh
source "$(dirname "$0")/common.sh"
need

MESSAGES=${1:-2000000}
CATCHUP=${CATCHUP:-1000000}
LAG_RATE=${LAG_RATE:-10000}
LAG_SECONDS=${LAG_SECONDS:-30}
PARTS=${PARTS:-1 2 3 4 5}
SIZE=256
LOAD=(-S -s "$SIZE" -n $((MESSAGES / 2)) -r 10000000 -I 600 --active-connections=2)  # -n counts per connection

part() { [[ " $PARTS " == *" $1 "* ]]; }


# json NAME PATH...: a value of the node's /healthz, e.g. json a last_seq, json a replication b acked_seq
json() {
  local name=$1; shift
  curl -fsS "http://127.0.0.1:${HTTP[$name]}/healthz" | python3 -c '
import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1:]:
    v = v[k]
print(v)' "$@"
}

# delay_buckets NAME FILE: the node's cumulative logq_replication_delay_seconds buckets, "le count" lines
delay_buckets() {
  curl -fsS "http://127.0.0.1:${HTTP[$1]}/metrics" \
    | sed -n 's/^logq_replication_delay_seconds_bucket{le="\([^"]*\)",*} \(.*\)/\1 \2/p' >"$2"
}

# quantiles BEFORE AFTER Q...: quantiles (ms) of the delays recorded between two delay_buckets snapshots,
# interpolated linearly within a bucket
quantiles() {
  python3 - "$@" <<'PY'
import sys
def read(f):
    return {float(le): float(n) for le, n in (l.split() for l in open(f))}
before, after = read(sys.argv[1]), read(sys.argv[2])
bounds = sorted(after)
counts = [after[b] - before.get(b, 0) for b in bounds]
total = counts[-1]
out = []
for q in map(float, sys.argv[3:]):
    want, lo, prev = q * total, 0.0, 0.0
    for b, c in zip(bounds, counts):
        if c >= want:
            hi = b if b != float("inf") else lo
            out.append(f"{(lo + (hi - lo) * ((want - prev) / (c - prev) if c > prev else 1)) * 1000:.1f}")
            break
        lo, prev = b, c
print(" ".join(out), int(total))
PY
}

# await_acked SENDER PEER SEQ: waits until PEER acknowledged SENDER's events up to SEQ; prints when (ms)
await_acked() {
  while [ "$(json "$1" replication "$2" acked_seq)" -lt "$3" ]; do sleep 0.05; done
  now_ms
}

await_indexed() { while [ "$(json "$1" index_lag)" != "0" ]; do sleep 0.1; done; now_ms; }

loggen() { # PORT ARGS...
  local port=$1; shift
  "$LOGGEN" "$@" 127.0.0.1 "$port" >/dev/null 2>>"$WORK/loggen.txt" || true
}

mib() { echo $(( $(max_of "$1") / 1024 )); }

if part 1; then
  echo "== 1. single node: loggen ${LOAD[*]}"
  node_ports solo
  start_node solo
  sample_rss "${PID[solo]}" "$WORK/solo.rss"
  t0=$(now_ms)
  loggen "${SYSLOG[solo]}" "${LOAD[@]}"
  read -r solo_seq t1 < <(settle json solo last_seq)
  solo_n=$((solo_seq + 1)) solo_rate=$(( (solo_seq + 1) * 1000 / (t1 - t0) ))
  stop_node solo
  solo_rss=$(mib "$WORK/solo.rss") solo_anon=$(mib "$WORK/solo.rss.anon")
fi

if part 2; then
  echo "== 2. throughput: loggen into a, replicated to b"
  node_ports a; node_ports b
  start_node a b
  start_node b a
  sample_rss "${PID[a]}" "$WORK/a.rss"
  t0=$(now_ms)
  loggen "${SYSLOG[a]}" "${LOAD[@]}"
  read -r a_seq t_appended < <(settle json a last_seq)
  t_acked=$(await_acked a b "$a_seq")
  two_n=$((a_seq + 1))
  two_append=$(( two_n * 1000 / (t_appended - t0) )) two_rate=$(( two_n * 1000 / (t_acked - t0) ))
  two_rss=$(mib "$WORK/a.rss") two_anon=$(mib "$WORK/a.rss.anon")
  stop_node a; stop_node b
fi

# forward VIA: rsyslog imtcp -> omfwd or omrelp -> a second rsyslog (imtcp or imrelp) -> omfile; sets FWD_N, FWD_RATE
forward() {
  local via=$1 in_port out_port action input module
  in_port=$(free_port); out_port=$(free_port)
  mkdir -p "$WORK/rs-$via-in" "$WORK/rs-$via-out"
  if [ "$via" = omfwd ]; then
    module='module(load="imtcp")'; input="input(type=\"imtcp\" address=\"127.0.0.1\" port=\"$out_port\" ruleset=\"store\")"
    action="action(type=\"omfwd\" target=\"127.0.0.1\" port=\"$out_port\" protocol=\"tcp\" TCP_Framing=\"octet-counted\""
  else
    module='module(load="imrelp")'; input="input(type=\"imrelp\" address=\"127.0.0.1\" port=\"$out_port\" ruleset=\"store\")"
    action="action(type=\"omrelp\" target=\"127.0.0.1\" port=\"$out_port\" windowSize=\"1024\""
  fi
  cat >"$WORK/rs-$via-out/rsyslog.conf" <<CONF
global(workDirectory="$WORK/rs-$via-out" processInternalMessages="on")
$module
$input
ruleset(name="store") { action(type="omfile" file="$WORK/rs-$via-out/out.log") }
CONF
  cat >"$WORK/rs-$via-in/rsyslog.conf" <<CONF
global(workDirectory="$WORK/rs-$via-in" processInternalMessages="on")
module(load="imtcp")
module(load="omrelp")
input(type="imtcp" address="127.0.0.1" port="$in_port" ruleset="fwd")
ruleset(name="fwd" queue.type="LinkedList" queue.size="10000000") {
  $action queue.type="LinkedList" queue.size="10000000" queue.dequeueBatchSize="1024" action.resumeRetryCount="-1")
}
CONF
  start_rsyslogd "$WORK/rs-$via-out" "$out_port"; local out_pid=$RSYSLOG_PID
  start_rsyslogd "$WORK/rs-$via-in" "$in_port"; local in_pid=$RSYSLOG_PID
  local t0 t1
  t0=$(now_ms)
  loggen "$in_port" "${LOAD[@]}"
  read -r FWD_N t1 < <(settle sh -c "wc -l < '$WORK/rs-$via-out/out.log' 2>/dev/null || echo 0")
  FWD_RATE=$(( FWD_N * 1000 / (t1 - t0) ))
  kill "$in_pid" "$out_pid"; wait "$in_pid" "$out_pid" 2>/dev/null || true
}

if part 2; then
  echo "== 2. rsyslog imtcp -> omfwd -> rsyslog imtcp -> omfile: same loggen"
  forward omfwd; fwd_n=$FWD_N fwd_rate=$FWD_RATE
  echo "== 2. rsyslog imtcp -> omrelp -> rsyslog imrelp -> omfile: same loggen"
  forward omrelp; relp_n=$FWD_N relp_rate=$FWD_RATE
fi

if part 3; then
  echo "== 3. catch-up: $CATCHUP events into c while d is down, then d starts"
  node_ports c; node_ports d
  start_node c d
  loggen "${SYSLOG[c]}" -S -s "$SIZE" -n $((CATCHUP / 2)) -r 10000000 -I 600 --active-connections=2  # -n counts per connection
  read -r c_seq _ < <(settle json c last_seq)
  start_node d c
  t0=$(now_ms)  # d answers: from here on it only catches up
  t_caught=$(await_acked c d "$c_seq")
  lag_at_caught=$(json d index_lag)
  t_indexed=$(await_indexed d)
  catchup_n=$((c_seq + 1))
  catchup_rate=$(( catchup_n * 1000 / (t_caught - t0) ))
  catchup_index=$(( catchup_n * 1000 / (t_indexed - t0) ))
  stop_node c; stop_node d
fi

if part 4; then
  echo "== 4. lag: $LAG_RATE msg/s into e, replicated to f: 5 s of warm-up, then ${LAG_SECONDS}s measured"
  node_ports e; node_ports f
  start_node e f
  start_node f e
  loggen "${SYSLOG[e]}" -S -s "$SIZE" -I 5 -r $((LAG_RATE / 2)) --active-connections=2
  delay_buckets f "$WORK/delay.before"
  loggen "${SYSLOG[e]}" -S -s "$SIZE" -I "$LAG_SECONDS" -r $((LAG_RATE / 2)) --active-connections=2
  sleep 1
  delay_buckets f "$WORK/delay.after"
  read -r p50 p99 lag_n < <(quantiles "$WORK/delay.before" "$WORK/delay.after" 0.5 0.99)
  stop_node e; stop_node f
fi

if part 5; then
  echo "== 5. three nodes: loggen ${LOAD[*]} into g, replicated to h and i"
  node_ports g; node_ports h; node_ports i
  start_node g h i
  start_node h g i
  start_node i g h
  sample_rss "${PID[g]}" "$WORK/g.rss"
  t0=$(now_ms)
  loggen "${SYSLOG[g]}" "${LOAD[@]}"
  read -r g_seq _ < <(settle json g last_seq)
  await_acked g h "$g_seq" >/dev/null; await_acked g i "$g_seq" >/dev/null
  t_all=0
  for n in g h i; do t=$(await_indexed "$n"); [ "$t" -gt "$t_all" ] && t_all=$t; done
  three_n=$((g_seq + 1))
  three_index=$(( three_n * 1000 / (t_all - t0) ))
  three_rss=$(mib "$WORK/g.rss") three_anon=$(mib "$WORK/g.rss.anon")
  stop_node g; stop_node h; stop_node i
fi

cat <<REPORT

replication, loggen -S -s $SIZE, 2 connections, $MESSAGES messages in 1, 2 and 5, $(nproc) cores, all processes on this machine
                                          events   rate (msg/s)   peak RSS   of it anonymous
1. single node, journal              $(printf '%10d %14d %6d MiB %10d MiB' "${solo_n:-0}" "${solo_rate:-0}" "${solo_rss:-0}" "${solo_anon:-0}")
2. a -> b, replicated and acked      $(printf '%10d %14d %6d MiB %10d MiB' "${two_n:-0}" "${two_rate:-0}" "${two_rss:-0}" "${two_anon:-0}")   (a's own append: ${two_append:-?} msg/s; RSS of a)
   rsyslog omfwd -> imtcp -> file    $(printf '%10d %14d' "${fwd_n:-0}" "${fwd_rate:-0}")
   rsyslog omrelp -> imrelp -> file  $(printf '%10d %14d' "${relp_n:-0}" "${relp_rate:-0}")
   ratio logq/omfwd: $(ratio "${two_rate:-0}" "${fwd_rate:-0}")   logq/omrelp: $(ratio "${two_rate:-0}" "${relp_rate:-0}")
3. catch-up of a backlog             $(printf '%10d %14d' "${catchup_n:-0}" "${catchup_rate:-0}")   into d's journal, from d's start; its index: ${catchup_index:-?} msg/s (lag ${lag_at_caught:-?} when the journal had all)
4. lag at $LAG_RATE msg/s             $(printf '%10d' "${lag_n:-0}")   p50 ${p50:-?} ms, p99 ${p99:-?} ms   (from e receiving an event to f's journal: f's logq_replication_delay_seconds buckets)
5. g -> h and i, RSS of g            $(printf '%10d %14s %6d MiB %10d MiB' "${three_n:-0}" "" "${three_rss:-0}" "${three_anon:-0}")   (anonymous: $(( ${three_anon:-0} - ${solo_anon:-0} )) MiB over the single node)
   3-node cluster index rate         $(printf '%10s %14d' "" "${three_index:-0}")   (first byte until all three indexed every event: each indexes all)
(RSS includes the resident pages of the memory-mapped journal and index: page cache the kernel can drop)
REPORT
