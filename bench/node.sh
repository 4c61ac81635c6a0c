#!/bin/sh
# Node benchmarks (issue #5), in one JVM with the real API server (plain HTTP on loopback), the
# real scheduler, and N kubelets as its API clients:
#   bench/node.sh [--nodes 100] [--pods-per-node 110 | --pods N] [--runtime simulated|process] [--clients 16] [--qps N] [--timeout 600]
# Density (KWOK-style): bench/node.sh --nodes 100 --pods-per-node 110 --runtime simulated
# Pod startup with real processes (as root, inside a network namespace the script makes), pods
# created 5 a second as clusterloader2 creates its latency pods, or as a burst without --qps:
#   bench/node.sh --nodes 3 --pods 100 --runtime process --qps 5
# J8S_BENCH_JAVA_OPTS: JVM options for the benchmark JVM.
set -eu
. "$(dirname "$0")/lib.sh"
ensure_built
case " $* " in
  *" --runtime process "*)
    # Bridges, veths and routes go into a namespace of the bench's own, never the host's.
    [ "$(id -u)" = 0 ] || { echo "bench/node.sh --runtime process needs root (pods get namespaces and a bridge)"; exit 1; }
    NS=j8s-bench-$$
    ip netns add "$NS"
    trap 'ip netns pids "$NS" 2>/dev/null | xargs -r kill -9 2>/dev/null; ip netns del "$NS" 2>/dev/null' EXIT
    ip -n "$NS" link set lo up
    ip netns exec "$NS" ./j8s java ${J8S_BENCH_JAVA_OPTS:-} -cp "bench/target/classes:bench/target/lib/*" io.j8s.bench.NodeBench "$@"
    ;;
  *) run_bench NodeBench "$@" ;;
esac
