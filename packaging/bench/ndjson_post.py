"""Shared by the JSON ingest benchmarks (json-load.py, gen-json-fields.py): POST bodies of JSON lines over
keep-alive connections, as a shipper would, coming back after a pause when the node answers 503."""
import http.client, threading, time, urllib.parse


def post_all(url, connections, next_body):
    """POSTs what next_body() returns (called under a lock; None when there is no more) over `connections`
    connections. Returns the seconds it took; exits naming the statuses if any request was refused."""
    u = urllib.parse.urlsplit(url)
    lock = threading.Lock()
    failures = []

    def worker():
        c = http.client.HTTPConnection(u.hostname, u.port)
        while True:
            with lock:
                body = next_body()
            if body is None:
                return
            while True:
                c.request("POST", u.path, body, {"Content-Type": "application/x-ndjson"})
                r = c.getresponse()
                r.read()
                if r.status == 503:  # the journal asked us to come back
                    time.sleep(0.05)
                    continue
                if r.status != 200:
                    failures.append(r.status)
                break

    t = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    if failures:
        raise SystemExit("failed requests: %s" % failures[:5])
    return time.perf_counter() - t
