#!/usr/bin/env python3
"""Realistic syslog for the search benchmark: N events re-sampled from 4,000 real lines (loghub's
OpenSSH_2k.log and Linux_2k.log, packaging/bench/data/), with the IP addresses, ports, pids and
invalid user names varied, spread evenly over the last DAYS days on 6 hosts. Sends them to logqd as
RFC 5424 octet-counted frames on a TCP port, and writes the same events as syslog lines (SYSLOG, as
rsyslog writes /var/log/syslog) and their message text alone (MESSAGES, one per line, same order):
grep on MESSAGES must print exactly what `logq -o raw` prints.

One address, RARE_IP, is given to about one event in 75,000 (the rare query).

    gen-syslog.py N DAYS PORT SYSLOG MESSAGES"""
import os, random, re, socket, sys, time
from datetime import datetime, timezone

n, days, port, syslog_path, messages_path = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
RARE_IP = "198.51.100.23"
here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
rnd = random.Random(7)

LINE = re.compile(r"^[A-Z][a-z]{2} +\d+ [\d:]+ \S+ ([^\[: ]+)(?:\[(\d+)\])?: ?(.*)$")
IP = re.compile(r"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b")
PORT = re.compile(r"(?<=port )\d+")
USER = re.compile(r"(?<=[Ii]nvalid user )\w+")

templates = []  # (app, has pid, message split around the parts to vary)
for name in ("OpenSSH_2k.log", "Linux_2k.log"):
    with open(os.path.join(here, name), encoding="utf-8") as f:
        for line in f:
            m = LINE.match(line.rstrip("\n"))
            if m:
                app, pid, msg = m.groups()
                msg = USER.sub("\0U", PORT.sub("\0P", IP.sub("\0I", msg)))
                templates.append((app, pid is not None, msg.split("\0")))

ips = ["%d.%d.%d.%d" % (rnd.randrange(1, 224), rnd.randrange(256), rnd.randrange(256), rnd.randrange(1, 255)) for _ in range(50_000)]
ips = [ip for ip in ips if ip != RARE_IP]
bases = ["admin", "test", "oracle", "guest", "user", "ftpuser", "postgres", "ubuntu", "pi", "git"]
users = bases + [b + str(i) for b in bases for i in range(100)]

def fill(parts):
    out = [parts[0]]
    for p in parts[1:]:
        kind, rest = p[0], p[1:]
        if kind == "I":
            out.append(RARE_IP if rnd.randrange(75_000) == 0 else ips[int(rnd.paretovariate(1.2)) % len(ips)])
        elif kind == "P":
            out.append(str(rnd.randrange(1024, 65536)))
        else:
            out.append(rnd.choice(users))
        out.append(rest)
    return "".join(out)

hosts = ["web1", "web2", "db1", "mail1", "gw1", "ci1"]
start = time.time() - days * 86400
step = days * 86400 / n
sock = socket.create_connection(("127.0.0.1", port))
frames = []
with open(syslog_path, "w", encoding="utf-8") as syslog, open(messages_path, "w", encoding="utf-8") as messages:
    for i in range(n):
        app, has_pid, parts = templates[rnd.randrange(len(templates))]
        msg = fill(parts)
        pid = str(rnd.randrange(300, 32768)) if has_pid else "-"
        host = hosts[rnd.randrange(len(hosts))]
        t = datetime.fromtimestamp(start + i * step, timezone.utc)
        ts = t.isoformat(timespec="microseconds").replace("+00:00", "Z")
        body = f"<38>1 {ts} {host} {app} {pid} - - {msg}".encode()
        frames.append(b"%d %s" % (len(body), body))
        tag = f"{app}[{pid}]" if has_pid else app
        syslog.write(f"{t:%b} {t.day:2d} {t:%H:%M:%S} {host} {tag}: {msg}\n")
        messages.write(msg + "\n")
        if len(frames) == 5000:
            sock.sendall(b"".join(frames)); frames.clear()
    sock.sendall(b"".join(frames))
sock.close()
