#!/bin/sh
# Store benchmark (issue #2): the embedded engine against a real etcd 3.4 on this machine.
#   bench/store.sh [--backend embedded|etcd|both] [--seconds N] [--warmup N] [--clients 1,16,64]
# Run from anywhere; builds first when the bench classes are missing or older than a source.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

stale() { # no built bench, or a pom or source (main or test: the etcd fixture) is newer than it
  [ -f bench/target/lib/.built ] || return 0
  [ -n "$(find "$ROOT" -path "$ROOT/.git" -prune -o \( -name pom.xml -o -path '*/src/*' \) -type f -newer bench/target/lib/.built -print 2>/dev/null | head -n 1)" ]
}

if stale; then
  ./j8s build
  touch bench/target/lib/.built
fi

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi
exec "$JAVA" ${J8S_BENCH_JAVA_OPTS:-} -cp "bench/target/classes:bench/target/lib/*" io.j8s.bench.StoreBench "$@"
