#!/bin/sh
# kube-proxy benchmark (issue #7), in one JVM with the real API server (plain HTTP on loopback):
# 1,000 Services x 10 endpoints (EndpointSlices written directly, or with --via pods: Ready pods and
# the EndpointSlice controller in-process), kube-proxy in nftables mode.
#   bench/proxy.sh [--services 1000] [--endpoints 10] [--changes 200] [--interval-ms 200] [--min-sync-period-ms 100] [--via slices|pods]
# Needs root: the rules go into a network namespace the script makes (never the host's) and deletes.
# J8S_BENCH_JAVA_OPTS: JVM options for the benchmark JVM.
set -eu
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || { echo "bench/proxy.sh needs root (nftables rules, in a network namespace of its own)"; exit 1; }
command -v nft >/dev/null || { echo "bench/proxy.sh needs nft (apt-get install nftables)"; exit 1; }
ensure_built
NS=j8s-proxy-bench-$$
ip netns add "$NS"
trap 'ip netns pids "$NS" 2>/dev/null | xargs -r kill -9 2>/dev/null; ip netns del "$NS" 2>/dev/null' EXIT
ip -n "$NS" link set lo up
ip netns exec "$NS" ./j8s java ${J8S_BENCH_JAVA_OPTS:-} -cp "bench/target/classes:bench/target/lib/*" io.j8s.bench.ProxyBench "$@"
