#!/usr/bin/env python3
"""Writes N syslog events spread evenly over the last HOURS hours, as RFC 5424 octet-counted frames
to a TCP port, and their message text, one per line and in the same order, to a flat file for grep.
One event in RARE carries 'quota exceeded' (the selective query)."""
import random, socket, sys, time
from datetime import datetime, timezone

n, hours, port, flat = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
RARE = 10_000
rnd = random.Random(42)
users = [f"user{i}" for i in range(500)]
paths = ["/api/v1/items", "/api/v1/orders", "/login", "/static/app.js", "/healthz", "/api/v1/search"]
hosts = [f"web{i}" for i in range(1, 9)]
apps = ["nginx", "sshd", "app", "kernel", "cron"]

def message(i):
    if i % RARE == 1234:
        return f"ERROR quota exceeded for volume vol-{rnd.randrange(100)} (used {rnd.randrange(90,100)}%)"
    k = rnd.randrange(5)
    if k == 0:
        return f'10.0.{rnd.randrange(256)}.{rnd.randrange(256)} - - "GET {rnd.choice(paths)}/{rnd.randrange(10**6)} HTTP/1.1" {rnd.choice((200,200,200,304,404,500))} {rnd.randrange(10**5)} {rnd.randrange(2000)}ms'
    if k == 1:
        return f"Accepted publickey for {rnd.choice(users)} from 10.0.{rnd.randrange(256)}.{rnd.randrange(256)} port {rnd.randrange(1024,65535)} ssh2: ED25519 SHA256:{rnd.getrandbits(128):032x}"
    if k == 2:
        return f"request id={rnd.getrandbits(64):016x} user={rnd.choice(users)} took {rnd.randrange(5000)}ms status=ok items={rnd.randrange(100)}"
    if k == 3:
        return f"eth{rnd.randrange(2)}: link {rnd.choice(('up','down'))} speed {rnd.choice((100,1000,10000))} Mbps full duplex, flow control rx/tx"
    return f"({rnd.choice(users)}) CMD (/usr/local/bin/job-{rnd.randrange(50)} --run >/dev/null 2>&1)"

start = time.time() - hours * 3600
step = hours * 3600 / n
sock = socket.create_connection(("127.0.0.1", port))
buf = []
with open(flat, "w", encoding="utf-8") as out:
    for i in range(n):
        ts = datetime.fromtimestamp(start + i * step, timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")
        msg = message(i)
        body = f"<14>1 {ts} {hosts[i % len(hosts)]} {apps[i % len(apps)]} - - - {msg}".encode()
        buf.append(b"%d %s" % (len(body), body))
        out.write(msg + "\n")
        if len(buf) == 5000:
            sock.sendall(b"".join(buf)); buf.clear()
    sock.sendall(b"".join(buf))
sock.close()
