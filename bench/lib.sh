# Sourced by the bench scripts: run from the project root, build first when stale.
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

# Builds (./j8s build) when the bench was never built, or a pom or source, main or test (the
# etcd fixture comes from the store's tests), is newer than the last build.
ensure_built() {
  if [ ! -f bench/target/lib/.built ] || [ -n "$(find "$ROOT" -path "$ROOT/.git" -prune -o \( -name pom.xml -o -path '*/src/*' \) \
      -type f -newer bench/target/lib/.built -print 2>/dev/null | head -n 1)" ]; then
    # Start lib/ afresh: copy-dependencies never removes a jar a dependency no longer needs, and
    # the bench's class path takes every jar there.
    rm -rf bench/target/lib
    ./j8s build
    touch bench/target/lib/.built
  fi
}

# run_bench CLASS ARGS...: on the JDK the launcher finds.
run_bench() {
  main=$1; shift
  exec ./j8s java ${J8S_BENCH_JAVA_OPTS:-} -cp "bench/target/classes:bench/target/lib/*" "io.j8s.bench.$main" "$@"
}
