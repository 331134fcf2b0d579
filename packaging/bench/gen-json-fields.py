#!/usr/bin/env python3
"""gen-json-fields.py EVENTS DAYS URL FILE: EVENTS JSON access-log events over the last DAYS days, each with
structured fields (status, path, took.ms, user.id, and tags on some), POSTed to URL in batches of 1000
over 2 keep-alive connections and written to FILE, one JSON object per line. Prints 'events seconds'."""
import datetime, json, random, sys
from ndjson_post import post_all

events, days, url, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
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
next_first = [0]


def next_body():
    first = next_first[0]
    if first >= events:
        return None
    n = min(1000, events - first)
    next_first[0] += n
    body = batch(first, n)
    out.write(body)
    return body.encode()


seconds = post_all(url, 2, next_body)
out.close()
print(events, "%.1f" % seconds)
