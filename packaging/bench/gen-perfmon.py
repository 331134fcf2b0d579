#!/usr/bin/env python3
"""gen-perfmon.py HOSTS DAYS PERIOD URL FILE: host statistics samples as logq-perfmon -A sends them over HTTP
(app logq-perfmon, local1.info; cpu_total, cpus of 2 CPUs, memory, disks vda, fs, intfs eth0 and the top 3
and 2 processes), one per host every PERIOD seconds over the last DAYS days, with a daily rhythm and noise;
POSTed to URL in batches of 1000 over 2 keep-alive connections and written to FILE. Prints 'samples seconds'."""
import json, math, random, sys, time
from ndjson_post import post_all

hosts, days, period, url, path = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
rnd = random.Random(15)
end = int(time.time()) // period * period
start = end - days * 86400
ticks = (end - start) // period
total = ticks * hosts
names = ["db1", "web1", "web2", "web3", "mail1", "app1", "app2", "cache1"]


def sample(tick, h):
    t = start + tick * period
    day = 0.5 + 0.5 * math.sin(2 * math.pi * ((t % 86400) / 86400 - 0.3))
    user = round(min(99.0, max(0.1, 5 + 60 * day * (0.6 + 0.1 * h) + rnd.gauss(0, 4))), 1)
    sys_ = round(min(99.0 - user, max(0.1, user / 6 + rnd.gauss(0, 1))), 1)
    wait = round(max(0.0, rnd.gauss(1, 0.5)), 1)
    idle = round(max(0.0, 100 - user - sys_ - wait), 1)
    free = int(2048 * (0.5 - 0.3 * day) + rnd.gauss(0, 20))
    busy = int(min(100, max(0, 30 * day + rnd.gauss(0, 5) + (40 if h == 0 else 0))))
    inb = int(max(0, 2e6 * day + rnd.gauss(0, 1e5)))
    return {"app": "logq-perfmon", "host": names[h % len(names)] + ("" if h < len(names) else str(h)), "facility": "local1",
            "severity": "info",
            "cpu_total": {"active": 2, "processorMHZ": 2596, "run_queue_s": rnd.randrange(1, 4),
                          "context_switch_s": int(500 + 3000 * day), "physique": {"user_pct": user, "sys_pct": sys_,
                          "wait_pct": wait, "idle_pct": idle, "steal_pct": 0.0},
                          "load_average": {"T0": round(2 * day + 0.1, 2), "T5": round(1.8 * day + 0.1, 2), "T15": round(1.5 * day + 0.1, 2)}},
            "cpus": {str(c): {"user_pct": user, "sys_pct": sys_, "wait_pct": wait, "idle_pct": idle, "steal_pct": 0.0} for c in range(2)},
            "memory": {"virt_total": 2048, "real_total": 2048, "real_free": free, "virt_active_pg": 120000, "pgins_s": rnd.randrange(100),
                       "pgouts_s": rnd.randrange(400), "pgspins_s": 0, "pgspouts_s": 0, "hugepage": {"size_kb": 2048, "total": 0, "free": 0},
                       "paging": {"total": 0, "used_pct": 0, "faults_s": rnd.randrange(5000)}},
            "disks": {"vda": {"busy_pct": busy, "read": {"blocks_s": busy * 40, "time_avg_us": 300 + busy * 5},
                              "write": {"blocks_s": busy * 90, "time_avg_us": 900 + busy * 10},
                              "queue": {"time_avg_us": 700 + busy * 8, "write_len_avg": round(busy / 80, 2), "read_len_avg": round(busy / 200, 2),
                                        "wq_depth": rnd.randrange(3)}}},
            "fs": {"dev_vda1": {"mount": "/", "type": "LUN", "fstype": "ext4", "size_mb": 40000, "free_pct": 60 - tick * 20 // ticks}},
            "intfs": {"eth0": {"in": {"packets_s": inb // 900, "errors": 0, "bytes_s": inb},
                               "out": {"packets_s": inb // 1800, "errors": 0, "bytes_s": inb // 3}, "collisions": 0, "drops": 0}},
            "processes": {"cpu": {"0": {"pid": 900 + h, "process": "postgres" if h == 0 else "java", "cpu_pct": round(user * 1.5, 1), "mem_mb": 512},
                                  "1": {"pid": 431, "process": "nginx: worker", "cpu_pct": round(user / 5, 1), "mem_mb": 20},
                                  "2": {"pid": 1, "process": "systemd", "cpu_pct": 0.1, "mem_mb": 13}},
                          "mem": {"0": {"pid": 900 + h, "process": "postgres" if h == 0 else "java", "mem_mb": 512},
                                  "1": {"pid": 431, "process": "nginx: worker", "mem_mb": 20}}},
            "server": names[h % len(names)], "timestamp": t}


out = open(path, "w")
state = [0]


def next_body():
    i = state[0]
    if i >= total:
        return None
    n = min(1000, total - i)
    state[0] += n
    lines = [json.dumps(sample(j // hosts, j % hosts), separators=(",", ":")) for j in range(i, i + n)]
    body = "\n".join(lines) + "\n"
    out.write(body)
    return body.encode()


seconds = post_all(url, 2, next_body)
out.close()
print(total, round(seconds, 1))
