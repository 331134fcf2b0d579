#!/usr/bin/env bash
# Follow latency: three replicating logqd nodes, `logq -f -o json` asking all three, and a sender writing
# RATE events/s (default 1000) for SECONDS (default 30) round-robin to the three nodes' syslog TCP
# ports, each message carrying the time it was sent. Prints, from a send to its line on logq's output,
# p50, p99 and max, how many lines came against how many were sent (each must come once), and the
# memory of logq and of one node. No peer: rsyslog has no follow across servers.
#
#   packaging/bench/follow.sh [RATE] [SECONDS]
source "$(dirname "$0")/common.sh"
need

RATE=${1:-1000}
SECONDS_=${2:-30}

for n in a b c; do node_ports "$n"; done
start_node a b c
start_node b a c
start_node c a b

python3 - "$DIST/bin/logq" "$RATE" "$SECONDS_" "${SYSLOG[a]}" "${SYSLOG[b]}" "${SYSLOG[c]}" \
  "${HTTP[a]}" "${HTTP[b]}" "${HTTP[c]}" "${PID[a]}" <<'PY'
import json, socket, subprocess, sys, threading, time

logq, rate, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
syslog_ports = [int(p) for p in sys.argv[4:7]]
http_ports = sys.argv[7:10]
node_pid = sys.argv[10]

def rss(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            fields[k] = v.strip()
    return fields.get("VmRSS", "?"), fields.get("RssAnon", "?"), fields.get("Threads", "?")

cmd = [logq, "-f", "-o", "json", "-a", "lat"]
for p in http_ports:
    cmd += ["--node", f"http://127.0.0.1:{p}"]
follower = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)
latencies, seen, dupes = [], set(), 0
def read():
    global dupes
    for line in follower.stdout:
        now = time.time_ns()
        msg = json.loads(line)["msg"]
        if msg in seen:
            dupes += 1
            continue
        seen.add(msg)
        latencies.append((now - int(msg.split()[1])) / 1e6)
reader = threading.Thread(target=read, daemon=True)
reader.start()
time.sleep(3)  # logq started and its three streams open

socks = [socket.create_connection(("127.0.0.1", p)) for p in syslog_ports]
sent, start = 0, time.monotonic()
peak = (None, None)
while time.monotonic() - start < seconds:
    due = int((time.monotonic() - start) * rate)
    while sent < due:
        t = time.time_ns()
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t // 10**9)) + f".{t // 1000 % 10**6:06d}Z"
        line = f"<13>1 {stamp} benchhost lat - - - lat {t} {sent}\n"
        socks[sent % 3].sendall(line.encode())
        sent += 1
    time.sleep(0.001)
    if sent % (rate * 5) < rate // 100 + 1:
        peak = (rss(follower.pid), rss(node_pid))
for s in socks:
    s.close()
deadline = time.monotonic() + 20
while len(seen) < sent and time.monotonic() < deadline:
    time.sleep(0.1)
logq_mem, node_mem = rss(follower.pid), rss(node_pid)
follower.terminate()
lat = sorted(latencies)
def pct(p):
    return lat[min(len(lat) - 1, int(len(lat) * p))] if lat else float("nan")
print(f"follow, {rate} events/s for {seconds} s round-robin to 3 replicating nodes, logq -f asking all three")
print(f"sent {sent}, printed {len(seen)} (each once; {dupes} printed twice)")
print(f"send -> logq's output: p50 {pct(0.50):.1f} ms, p99 {pct(0.99):.1f} ms, max {lat[-1] if lat else float('nan'):.1f} ms")
print(f"logq: VmRSS {logq_mem[0]}, RssAnon {logq_mem[1]}, {logq_mem[2]} threads; node a: VmRSS {node_mem[0]}, RssAnon {node_mem[1]}, {node_mem[2]} threads")
PY
