#!/usr/bin/env bash
# Makes DIST/runtime: the Java runtime the tarball and the .deb ship (Debian 12 has no Java 25), cut by
# jlink from the build JDK down to the modules logq's programs use (MODULES, from the packaging pom; the
# end-to-end test RuntimeIT checks them against jdeps). Prints its size.
#   make-runtime.sh JDK DIST MODULES
set -euo pipefail
jdk=$1 dist=$2 modules=$3
rm -rf "$dist/runtime"
# --generate-cds-archive: the JDK's class-data archive for this module set, so each JVM starts ~40 ms
# sooner and logqd and logq-perfmon share its pages on a host
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --generate-cds-archive --output "$dist/runtime" 2>&1 | grep -v '^Created CDS archive' || true
[ -x "$dist/runtime/bin/java" ] || { echo "make-runtime: jlink made no runtime in $dist/runtime" >&2; exit 1; }
# the archive for heaps of 32 GiB and more, which no logq program runs with
rm -f "$dist/runtime/lib/server/classes_nocoops.jsa"
echo "make-runtime: $(du -sm "$dist/runtime" | cut -f1) MiB Java runtime in $dist/runtime ($modules)"
