#!/bin/sh
# API server benchmark (issue #3): a real `j8s server` child process over HTTPS/HTTP2.
#   bench/api.sh [--parts creates,watch,rss] [--seconds N] [--warmup N] [--clients 32]
#                [--watchers 1000] [--events 10000] [--event-rate 100] [--streams-per-connection 100]
#                [--objects 100000] [--fill-limit 600] [--settle 10]
# J8S_BENCH_SERVER_JAVA_OPTS: JVM options for the server (none by default, as ./j8s server).
set -eu
. "$(dirname "$0")/lib.sh"
ensure_built
run_bench ApiBench "$@"
