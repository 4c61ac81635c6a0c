#!/bin/sh
# Store benchmark (issue #2): the embedded engine against a real etcd 3.4 on this machine.
#   bench/store.sh [--backend embedded|etcd|both] [--seconds N] [--warmup N] [--clients 1,16,64]
set -eu
. "$(dirname "$0")/lib.sh"
ensure_built
run_bench StoreBench "$@"
