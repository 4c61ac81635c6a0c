#!/bin/bash
# Node footprint benchmarks (issue #5), with the real processes a user starts and the real kubectl:
#   - the server's VmRSS, idle (j8s server: API server, controller manager and scheduler in one process);
#   - one agent's VmRSS with --pods process pods (busybox sleep) Running;
#   - `j8s up` from the command to its node Ready, --up-runs times.
#   bench/footprint.sh [--pods 30] [--settle 10] [--up-runs 3]
# Needs root (pods get namespaces and a bridge): everything runs in a network namespace the script
# makes, with only a loopback, and deletes. J8S_JAVA_OPTS passes JVM options to every j8s process.
set -eu
. "$(dirname "$0")/lib.sh"
PODS=30 SETTLE=10 UP_RUNS=3
while [ $# -gt 0 ]; do
  case $1 in
    --pods) PODS=$2; shift 2 ;;
    --settle) SETTLE=$2; shift 2 ;;
    --up-runs) UP_RUNS=$2; shift 2 ;;
    *) echo "usage: bench/footprint.sh [--pods 30] [--settle 10] [--up-runs 3]" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "bench/footprint.sh needs root (pods get namespaces and a bridge)" >&2; exit 1; }
ensure_built

NS=j8s-footprint-$$
WORK=$(mktemp -d /tmp/j8s-footprint.XXXXXX)
cleanup() {
  ip netns pids "$NS" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
  ip netns del "$NS" 2>/dev/null || true
  # The process runtime's mounts live in the pods' own mount namespaces, gone with their processes.
  rm -rf "$WORK"
}
trap cleanup EXIT
ip netns add "$NS"
ip -n "$NS" link set lo up
inns() { ip netns exec "$NS" "$@"; }
rss_mib() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc -l | xargs printf '%.2f'; }
# wait_for SECONDS CMD...: until CMD succeeds; fails the bench after SECONDS.
wait_for() {
  local limit=$1; shift
  local deadline=$(( $(date +%s) + limit ))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "timed out after ${limit}s: $*" >&2; exit 1; }
    sleep 0.2
  done
}
node_ready() { [ "$(inns kubectl get node "$1" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}')" = True ]; }
# The java process a launcher started (the launcher execs it, so it is the same pid).
java_pid() { pgrep -f -- "$1" | head -n 1; }

printf 'j8s footprint benchmark: %s cores (load average %s at start), %s\n' "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)" \
  "$(./j8s java -version 2>&1 | head -n 1)"

# --- the server, idle
inns ./j8s server --data-dir "$WORK/server" --port 6443 --bind-address 127.0.0.1 --advertise-address 127.0.0.1 \
  >"$WORK/server.log" 2>&1 &
export KUBECONFIG=$WORK/server/kubeconfig
wait_for 120 inns kubectl get --raw /readyz
SERVER=$(java_pid "server --data-dir $WORK/server")
sleep "$SETTLE"
printf '  server idle %ss after /readyz: VmRSS %s MiB (goal <= 250)\n' "$SETTLE" "$(rss_mib "$SERVER")"

# --- one agent, with process pods
inns ./j8s agent --server https://127.0.0.1:6443 --token-file "$WORK/server/node-token" --name node-1 \
  --node-ip 127.0.0.1 --data-dir "$WORK/agent" --runtime process --port 10250 --address 127.0.0.1 \
  --disable-cluster-dns >"$WORK/agent.log" 2>&1 &
wait_for 120 node_ready node-1
AGENT=$(java_pid "agent --server https://127.0.0.1:6443")
sleep "$SETTLE"
printf '  agent with no pods, %ss after Ready: VmRSS %s MiB\n' "$SETTLE" "$(rss_mib "$AGENT")"
for i in $(seq 1 "$PODS"); do
  cat <<EOF
---
apiVersion: v1
kind: Pod
metadata: {name: sleeper-$i}
spec:
  containers: [{name: main, image: busybox, command: [busybox, sleep, "3600"]}]
EOF
done | inns kubectl apply -f - >/dev/null
all_running() { [ "$(inns kubectl get pods --field-selector=status.phase=Running -o name | wc -l)" -ge "$PODS" ]; }
wait_for 300 all_running
sleep "$SETTLE"
printf '  agent with %s process pods Running, %ss later: VmRSS %s MiB (goal <= 100); server then: %s MiB\n' \
  "$PODS" "$SETTLE" "$(rss_mib "$AGENT")" "$(rss_mib "$SERVER")"
inns kubectl delete pods --all --wait=false >/dev/null
kill "$AGENT" "$SERVER"
wait_for 60 sh -c "! kill -0 $AGENT 2>/dev/null && ! kill -0 $SERVER 2>/dev/null"

# --- j8s up (process runtime, its default), from the command to its node Ready. Polling is kept
# light so as not to take the cores the start needs: the kubeconfig file, then one kubectl watch.
for run in $(seq 1 "$UP_RUNS"); do
  D=$WORK/up-$run
  t0=$(now)
  inns ./j8s up --data-dir "$D" --port 6444 --nodes 1 >"$D.log" 2>&1 &
  export KUBECONFIG=$D/server/kubeconfig
  wait_for 120 test -f "$KUBECONFIG"
  wait_for 120 inns kubectl get node node-1
  inns kubectl wait --for=condition=Ready node/node-1 --timeout=120s >/dev/null
  printf '  j8s up -> node Ready, run %s: %s s (goal <= 3)\n' "$run" "$(since "$t0")"
  UP=$(java_pid "up --data-dir $D")
  kill "$UP"
  wait_for 60 sh -c "! kill -0 $UP 2>/dev/null"
done
printf 'load average at the end: %s\n' "$(cut -d' ' -f1 /proc/loadavg)"
