#!/bin/sh
# Cluster DNS benchmark (issue #7), in one JVM with the real API server (plain HTTP on loopback),
# the node-local DNS server fed by its informers, a fake upstream resolver and UDP clients, all on
# loopback:
#   bench/dns.sh [--services 1000] [--endpoints 10] [--clients 8] [--warmup 5] [--seconds 10]
# J8S_BENCH_JAVA_OPTS: JVM options for the benchmark JVM.
set -eu
. "$(dirname "$0")/lib.sh"
ensure_built
run_bench DnsBench "$@"
