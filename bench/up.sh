#!/usr/bin/env bash
# RSS of `lantern up` (gateway, kube-mcp and assistant serve in one JVM, default flags) after
# start-up and REQUESTS requests to each service's cheap endpoint, against the fabric8 mock API.
#
#   make build && bench/up.sh          # REQUESTS=50 by default
REQUESTS="${REQUESTS:-50}"
source "$(dirname "$0")/lib.sh"
start_mock_cluster 0
mkdir -p "$work/home"
LANTERN_HOME="$work/home" bin/lantern up --kubeconfig "$work/kubeconfig" > "$work/up.log" 2>&1 &
up_pid=$!
bench_pids+=("$up_pid")
until curl -fs -o /dev/null http://127.0.0.1:8642/healthz; do sleep 0.2; kill -0 "$up_pid"; done
sleep 3
echo "RSS after start-up: $(awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' "/proc/$up_pid/status")"
for _ in $(seq 1 "$REQUESTS"); do
  curl -s -o /dev/null http://127.0.0.1:4000/v1/models
  curl -s -o /dev/null http://127.0.0.1:8080/healthz
  curl -s -o /dev/null http://127.0.0.1:8642/healthz
done
sleep 2
echo "RSS after $REQUESTS requests to each service: $(awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' "/proc/$up_pid/status")"
