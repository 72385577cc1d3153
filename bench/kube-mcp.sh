#!/usr/bin/env bash
# Measures `lantern kube-mcp` against the fabric8 mock API server holding 1,000 extra pods:
# the size of pods_list (chars, ~tokens), tool-call latency over Streamable HTTP, and RSS.
#
#   make build && bench/kube-mcp.sh          # PODS=1000 CALLS=200 by default
#
# Needs: node + npm (npm ci --prefix tests/node), curl.
PODS="${PODS:-1000}"
CALLS="${CALLS:-200}"
source "$(dirname "$0")/lib.sh"
[ -d tests/node/node_modules ] || npm ci --prefix tests/node --no-audit --no-fund --loglevel=error
start_mock_cluster "$PODS"

start_mcp() { # port, extra args...
  local port=$1; shift
  bin/lantern kube-mcp --port "$port" --kubeconfig "$work/kubeconfig" "$@" > "$work/mcp-$port.log" 2>&1 &
  bench_pids+=($!)
  echo $!
}
wait_up() { until curl -fs -o /dev/null "http://127.0.0.1:$1/healthz"; do sleep 0.2; done; }
measure() { node tests/node/measure-mcp.mjs "http://127.0.0.1:$1" "$2" "$3" "$CALLS"; }

mcp_pid=$(start_mcp 18581 ${NMT:+})
wait_up 18581
echo "JVM flags: ${LANTERN_JAVA_OPTS:-bin/lantern defaults for kube-mcp}"
measure 18581 pods_list '{}'
measure 18581 pods_list_in_namespace '{"namespace":"demo"}'
measure 18581 namespaces_list '{}'
echo "RSS of kube-mcp after the calls: $(awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' "/proc/$mcp_pid/status")"

# For comparison: the same list as YAML with no cap, roughly what kubernetes-mcp-server returned
# before it switched to tables.
yaml_pid=$(start_mcp 18582 --list-output yaml --max-output-chars 100000000)
wait_up 18582
CALLS=5 measure 18582 pods_list '{}'
