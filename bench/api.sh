#!/bin/sh
# API server benchmark (issue #3): a real `j8s server` child process over HTTPS/HTTP2.
#   bench/api.sh [--parts creates,watch,rss] [--seconds 20] [--warmup 20] [--clients 32] [--connections 32]
#                [--watchers 1000] [--events 10000] [--event-rate 100] [--streams-per-connection 100] [--drain 300]
#                [--objects 100000] [--fill-limit 600] [--settle 10]
# A quick run: bench/api.sh --seconds 5 --warmup 5 --watchers 100 --events 200 --objects 5000
# J8S_BENCH_SERVER_JAVA_OPTS: JVM options for the server (none by default, as ./j8s server).
set -eu
. "$(dirname "$0")/lib.sh"
ensure_built
run_bench ApiBench "$@"
