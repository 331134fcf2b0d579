# Sourced by the launchers in bin/: finds a Java 25+ and sets the flags every logq JVM needs.
# Sets LOGQ_HOME, JAVA, CHRONICLE_FLAGS. Honours LOGQ_JAVA, then the bundled runtime, then JAVA_HOME.

# Every logq run goes through here: parameter expansion and bash's read instead of dirname, sed and the
# like keep it to no program at all but for a launcher reached through a link (each program started costs
# a millisecond or two). pwd -P resolves linked directories, as the readlink -f it saves would have: the
# jar paths must be the ones the start-up cache was made with.
LOGQ_HOME=${BASH_SOURCE[0]%/*}/..
LOGQ_HOME=$(cd "$LOGQ_HOME" && pwd -P)

logq_java_major() { # prints the feature version of the JDK whose java binary is $1, or nothing
  local binary release line
  binary=$(readlink -f "$1")
  release=${binary%/bin/*}/release
  if [ -f "$release" ]; then # reading the JDK's release file is instant; starting a JVM to ask is not
    while IFS= read -r line; do
      if [[ $line =~ ^JAVA_VERSION=\"([0-9]+) ]]; then
        echo "${BASH_REMATCH[1]}"
        return
      fi
    done < "$release"
  else
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
  fi
}

logq_find_java() {
  local candidate major
  for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} /usr/lib/jvm/temurin-25-jdk-*/bin/java \
                   /usr/lib/jvm/*-25*/bin/java /usr/lib/jvm/*/bin/java "$(command -v java 2>/dev/null)"; do
    [ -x "$candidate" ] || continue
    major=$(logq_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      JAVA=$candidate
      return 0
    fi
  done
  echo "$(basename "$0"): no Java 25 or newer found (hint: install temurin-25-jdk or set JAVA_HOME)" >&2
  exit 2
}

# The runtime the tarball and the .deb carry (runtime/, made by jlink at build time) is the one logq was
# tested with; LOGQ_JAVA overrides it, and without it any Java 25 found will do.
if [ -n "${LOGQ_JAVA:-}" ]; then
  JAVA=$LOGQ_JAVA
elif [ -x "$LOGQ_HOME/runtime/bin/java" ]; then
  JAVA=$LOGQ_HOME/runtime/bin/java
else
  logq_find_java
fi

# What Chronicle Queue needs on JDK 25: written into libexec/chronicle.flags at build time from the root
# pom's chronicle.jvm.flags, the one list the tests run with too.
read -r -a CHRONICLE_FLAGS < "$LOGQ_HOME/libexec/chronicle.flags"

# Lucene notes through java.util.logging that the incubating Vector API is not enabled; logq does
# not search vectors, so keep that notice off the terminal.
JUL_FLAGS=(-Djava.util.logging.config.file="$LOGQ_HOME/libexec/logging.properties")
