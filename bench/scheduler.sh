#!/bin/sh
# Scheduler benchmark (issue #4), scheduler_perf's shape, in one JVM with the real API server and
# embedded store (plain HTTP on loopback):
#   bench/scheduler.sh [--nodes 5000] [--init-pods 1000] [--pods 10000] [--anti-affinity-pods 1000]
#                      [--workloads SchedulingBasic,SchedulingNodeAffinity,PodAntiAffinity,TopologySpreading]
#                      [--parallelism 16] [--clients 16] [--timeout 600]
# A quick run: bench/scheduler.sh --nodes 500 --init-pods 100 --pods 1000 --anti-affinity-pods 200
# J8S_BENCH_JAVA_OPTS: JVM options for the benchmark JVM (which hosts all three).
set -eu
. "$(dirname "$0")/lib.sh"
ensure_built
run_bench SchedulerBench "$@"
