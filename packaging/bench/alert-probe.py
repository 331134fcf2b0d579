#!/usr/bin/env python3
"""Alert latency probe for alerts.sh: a webhook receiver, and probes sent to logqd over syslog TCP.

Each probe is one RFC 5424 event from a host of its own (probe-N), matching a rule grouped by host, so each
starts its own episode and is notified at once. Latency: from just before the probe is written to the
socket to the webhook's arrival, both on this machine's clock.

    alert-probe.py SYSLOG_PORT WEBHOOK_PORT COUNT INTERVAL_SECONDS
"""
import http.server, json, socket, sys, threading, time

syslog_port, hook_port, count, interval = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
sent, arrived = {}, {}
lock = threading.Lock()

class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        t = time.time()
        with lock:
            arrived.setdefault(body.get("group"), t)
        self.send_response(200); self.end_headers()
    def log_message(self, *args):
        pass

server = http.server.ThreadingHTTPServer(("127.0.0.1", hook_port), Hook)
threading.Thread(target=server.serve_forever, daemon=True).start()
s = socket.create_connection(("127.0.0.1", syslog_port))
for i in range(count):
    host = "probe-%d" % i
    ts = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()) + "Z"
    line = ("<13>1 %s %s bench 1 - - probe-marker %d" % (ts, host, i)).encode()
    sent[host] = time.time()
    s.sendall(str(len(line)).encode() + b" " + line)
    time.sleep(interval)
deadline = time.time() + 10
while time.time() < deadline and len(arrived) < count:
    time.sleep(0.05)
lat = sorted((arrived[h] - sent[h]) * 1000 for h in sent if h in arrived)
if not lat:
    print("0 probes notified of %d" % count)
    sys.exit(0)
p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
print("%d of %d probes notified; append to notification: p50 %.0f ms, p99 %.0f ms, max %.0f ms" % (len(lat), count, p(0.5), p(0.99), lat[-1]))
