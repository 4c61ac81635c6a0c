#!/bin/sh
# Store benchmark (issue #2): the embedded engine against a real etcd 3.4 on this machine.
#   bench/store.sh [--backend embedded|etcd|both] [--seconds N] [--warmup N] [--clients 1,16,64]
# Run from anywhere; builds first (./j8s build) when the bench is missing or older than a source.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

stale() { # no built bench, or a pom or source (main or test: the etcd fixture) is newer than it
  [ -f bench/target/lib/.built ] || return 0
  [ -n "$(find "$ROOT" -path "$ROOT/.git" -prune -o \( -name pom.xml -o -path '*/src/*' \) -type f -newer bench/target/lib/.built -print 2>/dev/null | head -n 1)" ]
}

java_major() { # JAVA_BIN -> major version, or 0
  "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\)\(\.[^"]*\)\{0,1\}".*/\1/p' | head -n 1 | grep . || echo 0
}

find_java() { # as ./j8s does: JAVA_HOME if it is 21+, else the newest JDK under /usr/lib/jvm, else PATH
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ]; then
    echo "$JAVA_HOME/bin/java"; return 0
  fi
  best="" best_major=0
  for d in /usr/lib/jvm/*; do
    [ -x "$d/bin/java" ] || continue
    m=$(java_major "$d/bin/java")
    if [ "$m" -gt "$best_major" ]; then best="$d/bin/java" best_major=$m; fi
  done
  if [ "$best_major" -ge 21 ]; then echo "$best"; return 0; fi
  if command -v java >/dev/null 2>&1 && [ "$(java_major java)" -ge 21 ]; then echo java; return 0; fi
  echo "store.sh: no Java 21 or newer found (set JAVA_HOME)" >&2
  return 1
}

if stale; then
  ./j8s build
  touch bench/target/lib/.built
fi

JAVA=$(find_java)
OPTS=""
# Netty (under jetcd) uses sun.misc.Unsafe; JDK 23+ warns about it unless allowed.
if [ "$(java_major "$JAVA")" -ge 23 ]; then OPTS="--sun-misc-unsafe-memory-access=allow"; fi
exec "$JAVA" $OPTS ${J8S_BENCH_JAVA_OPTS:-} -cp "bench/target/classes:bench/target/lib/*" io.j8s.bench.StoreBench "$@"
