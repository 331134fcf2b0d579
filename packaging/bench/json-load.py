#!/usr/bin/env python3
"""POSTs BATCHES requests of SIZE JSON lines each to URL over CONNECTIONS keep-alive connections
and prints 'events seconds' when every request was answered 200."""
import json, sys
from ndjson_post import post_all

url, batches, size, connections = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
body = "".join(json.dumps({"@timestamp": "2026-11-30T10:00:00.%06dZ" % i, "host": "json%d" % (i % 8), "app": "bench",
                           "level": "info", "message": "json bench event %d took %d ms" % (i, i % 997),
                           "user": {"id": i % 500}, "bytes": i * 7}) + "\n" for i in range(size)).encode()
left = [batches]


def next_body():
    if left[0] == 0:
        return None
    left[0] -= 1
    return body


dt = post_all(url, connections, next_body)
print(batches * size, "%.3f" % dt)
