#!/bin/sh
# API server benchmark (issue #3): a real `j8s server` child process over HTTPS/HTTP2.
#   bench/api.sh [--parts creates,watch,rss] [--seconds 20] [--warmup 20] [--clients 32] [--connections 32]
#                [--watchers 1000] [--events 10000] [--event-rate 100] [--streams-per-connection 100] [--drain 300]
#                [--objects 100000] [--fill-limit 600] [--settle 10]
# A quick run: bench/api.sh --seconds 5 --warmup 5 --watchers 100 --events 200 --objects 5000
# The server starts through ./j8s; J8S_BENCH_SERVER_JAVA_OPTS goes where a user's J8S_JAVA_OPTS would.
# The creates part loads it with nghttp2's h2load (apt-get install nghttp2-client) when installed,
# else with the JDK's HttpClient, whose own CPU takes from the server's.
set -eu
. "$(dirname "$0")/lib.sh"
ensure_built
run_bench ApiBench "$@"
