#!/usr/bin/env python3
"""POSTs BATCHES requests of SIZE JSON lines each to URL over CONNECTIONS keep-alive connections
and prints 'events seconds' when every request was answered 200."""
import http.client, json, sys, threading, time, urllib.parse

url, batches, size, connections = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
u = urllib.parse.urlsplit(url)
body = "".join(json.dumps({"@timestamp": "2026-11-30T10:00:00.%06dZ" % i, "host": "json%d" % (i % 8), "app": "bench",
                           "level": "info", "message": "json bench event %d took %d ms" % (i, i % 997),
                           "user": {"id": i % 500}, "bytes": i * 7}) + "\n" for i in range(size)).encode()
left = [batches]
lock = threading.Lock()
failures = []

def worker():
    c = http.client.HTTPConnection(u.hostname, u.port)
    while True:
        with lock:
            if left[0] == 0:
                return
            left[0] -= 1
        while True:
            c.request("POST", u.path, body, {"Content-Type": "application/x-ndjson"})
            r = c.getresponse()
            r.read()
            if r.status == 503:  # the journal asked us to come back: as a shipper would
                time.sleep(0.05)
                continue
            if r.status != 200:
                failures.append(r.status)
            break

t = time.perf_counter()
threads = [threading.Thread(target=worker) for _ in range(connections)]
for th in threads: th.start()
for th in threads: th.join()
dt = time.perf_counter() - t
if failures:
    sys.exit("failed requests: %s" % failures[:5])
print(batches * size, "%.3f" % dt)
