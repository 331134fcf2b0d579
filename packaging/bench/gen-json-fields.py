#!/usr/bin/env python3
"""gen-json-fields.py EVENTS DAYS URL FILE: EVENTS JSON access-log events over the last DAYS days, each with
structured fields (status, path, took.ms, user.id, and tags on some), POSTed to URL in batches of 1000
over 2 keep-alive connections and written to FILE, one JSON object per line. Prints 'events seconds'."""
import http.client, json, random, sys, threading, time, urllib.parse, datetime

events, days, url, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
u = urllib.parse.urlsplit(url)
rnd = random.Random(42)
paths = ["/", "/login", "/logout", "/api/v1/orders", "/api/v1/items", "/static/app.js", "/static/app.css",
         "/health", "/search", "/cart", "/checkout", "/account", "/api/v1/users", "/img/logo.png", "/favicon.ico"]
statuses = [200] * 40 + [201, 204, 301, 302, 304, 400, 401, 403, 404, 404, 500, 502, 503]
hosts = ["web%d" % i for i in range(1, 7)]
end = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
start = end - datetime.timedelta(days=days)
step = (end - start).total_seconds() / events

def batch(first, n):
    lines = []
    for i in range(first, first + n):
        ts = start + datetime.timedelta(seconds=i * step)
        e = {"ts": ts.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), "host": hosts[i % 6], "app": "nginx", "severity": "info",
             "msg": "request %d" % i, "status": rnd.choice(statuses), "path": rnd.choice(paths),
             "took": {"ms": round(rnd.expovariate(1 / 40), 2)}, "user": {"id": rnd.randrange(5000)}}
        if i % 10 == 0:
            e["tags"] = ["slow"] if e["took"]["ms"] > 100 else ["sampled"]
        lines.append(json.dumps(e, separators=(",", ":")))
    return "\n".join(lines) + "\n"

out = open(path, "w")
lock = threading.Lock()
next_first = [0]
failures = []

def worker():
    c = http.client.HTTPConnection(u.hostname, u.port)
    while True:
        with lock:
            first = next_first[0]
            if first >= events:
                return
            n = min(1000, events - first)
            next_first[0] += n
            body = batch(first, n)
            out.write(body)
        data = body.encode()
        while True:
            c.request("POST", u.path, data, {"Content-Type": "application/x-ndjson"})
            r = c.getresponse()
            r.read()
            if r.status == 503:
                time.sleep(0.05)
                continue
            if r.status != 200:
                failures.append(r.status)
            break

t = time.perf_counter()
threads = [threading.Thread(target=worker) for _ in range(2)]
for th in threads: th.start()
for th in threads: th.join()
out.close()
if failures:
    sys.exit("failed requests: %s" % failures[:5])
print(events, "%.1f" % (time.perf_counter() - t))
