#!/bin/sh
# Controller manager benchmark (issue #6): a Deployment of 1,000 replicas on 50 simulated nodes,
# from the create to the rollout complete, then a rolling update of all of them. The API server
# (embedded store, plain HTTP on loopback), the scheduler and the kubelets (simulated runtime) run
# in the bench's JVM; the controller manager is `j8s controller-manager` in a process of its own.
#   bench/controllers.sh [--nodes 50] [--replicas 1000] [--timeout 300]
# J8S_BENCH_JAVA_OPTS: JVM options for the benchmark JVM; J8S_BENCH_CM_JAVA_OPTS: for the
# controller manager's (e.g. -XX:StartFlightRecording=filename=/tmp/kcm.jfr to see where its time goes).
set -eu
. "$(dirname "$0")/lib.sh"
ensure_built
run_bench ControllerBench "$@"
