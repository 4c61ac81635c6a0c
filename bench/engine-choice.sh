#!/bin/sh
# The measurement behind the embedded store's engine (store/README.md): SQLite in WAL mode, as
# kine uses it, on this machine. Compare with `bench/store.sh --backend embedded`.
#   bench/engine-choice.sh [seconds-per-cell]
set -eu
. "$(dirname "$0")/lib.sh"
ensure_built
run_bench SqliteKineBench "$@"
