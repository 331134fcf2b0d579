#!/usr/bin/env bash
# CLI start-up: hyperfine (warm-up 3, at least RUNS runs, default 20) of `grep --version`, a plain
# `java -cp . Hello` on the same JVM, `logq --version`, `logq --help`, and queries against a local logqd
# holding 100k events: the 10 newest of a word (-n 10: logq reads JSON and orders them), a rare fixed
# string (-o raw, one node: the node writes the lines), and the same asked of that node and an empty one. Prints each mean and its ratio to Hello.
#
#   packaging/bench/cli.sh [RUNS]
source "$(dirname "$0")/common.sh"
need
command -v hyperfine >/dev/null || { echo "bench: hyperfine missing: packaging/dev deps" >&2; exit 2; }

RUNS=${1:-20}
source "$DIST/libexec/java-env.sh"  # the JAVA the launchers use
mkdir -p "$WORK/hello"
printf 'public class Hello { public static void main(String[] a) { System.out.println("hi"); } }\n' >"$WORK/hello/Hello.java"
# compiled by a JDK 25 (the bundled runtime has no javac), run on the JVM logq runs on
javac=
for candidate in "$(dirname "$JAVA")/javac" ${JAVA_HOME:+"$JAVA_HOME/bin/javac"} /usr/lib/jvm/temurin-25-jdk-*/bin/javac; do
  [ -x "$candidate" ] && { javac=$candidate; break; }
done
[ -n "$javac" ] && "$javac" --release 25 -d "$WORK/hello" "$WORK/hello/Hello.java" 2>/dev/null \
  || { echo "bench: no JDK 25 javac found (next to $JAVA, in JAVA_HOME or /usr/lib/jvm): the Hello baseline needs one" >&2; exit 2; }

start_logqd
python3 "$ROOT/packaging/bench/gen-syslog.py" 100000 1 "$SYSLOG_PORT" "$WORK/syslog" "$WORK/messages"
until curl -fsS "http://127.0.0.1:$HTTP_PORT/api/v1/search?count=true" | grep -q '^{"count":100000,'; do sleep 0.2; done
N="--node 127.0.0.1:$HTTP_PORT"
# a second node, empty: asking two nodes takes the merged path (JSON read and formatted by logq)
EMPTY_PORT=$(free_port)
"$DIST/bin/logqd" --data-dir "$WORK/empty-data" --node empty --syslog-tcp off --syslog-udp off --relp off \
  --replication off --http "127.0.0.1:$EMPTY_PORT" >"$WORK/empty.log" 2>&1 &
PIDS+=("$!")
until curl -fsS "http://127.0.0.1:$EMPTY_PORT/healthz" >/dev/null 2>&1; do sleep 0.1; done
N2="$N --node 127.0.0.1:$EMPTY_PORT"

hyperfine -N --warmup 3 --min-runs "$RUNS" --export-json "$WORK/cli.json" --output=pipe \
  -n 'grep --version' 'grep --version' \
  -n 'java Hello' "$JAVA -cp $WORK/hello Hello" \
  -n 'logq --version' "$DIST/bin/logq --version" \
  -n 'logq --help' "$DIST/bin/logq --help" \
  -n 'logq -n 10 (10 events)' "$DIST/bin/logq $N -n 10 -F Kerberos" \
  -n 'logq -o raw rare, one node' "$DIST/bin/logq $N --since 2d -o raw -F 198.51.100.23" \
  -n 'logq -o raw rare, two nodes' "$DIST/bin/logq $N2 --since 2d -o raw -F 198.51.100.23" >/dev/null

python3 - "$WORK/cli.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
hello = r["java Hello"]["mean"]
print(f"\nCLI start-up, hyperfine mean of >= {min(x['times'].__len__() for x in r.values())} runs")
print(f"{'command':32} {'mean':>9} {'user+sys':>9} {'x Hello':>8}")
for name, x in r.items():
    print(f"{name:32} {x['mean']*1000:7.1f} ms {(x['user']+x['system'])*1000:6.1f} ms {x['mean']/hello:8.2f}")
PY
