#!/usr/bin/env bash
# RSS of `lantern up` (gateway, kube-mcp and assistant serve in one JVM, default flags) after
# start-up and REQUESTS requests to each service's cheap endpoint, against the fabric8 mock API.
#
#   make build && bench/up.sh          # REQUESTS=50 by default
set -euo pipefail
cd "$(dirname "$0")/.."
REQUESTS="${REQUESTS:-50}"
[ -d app/target/lantern/lib ] || { echo "bench: run 'make build' first" >&2; exit 1; }
export JAVA_HOME="$(bin/find-java)"
work="$(mktemp -d)"
cleanup() {
  for pid in ${mock_pid:-} ${up_pid:-}; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
./mvnw -q -B -pl testkit -am install -DskipTests >/dev/null
./mvnw -q -B -pl testkit dependency:build-classpath -Dmdep.outputFile="$work/cp" >/dev/null
"$JAVA_HOME/bin/java" -cp "testkit/target/classes:$(cat "$work/cp")" dev.lantern.testkit.MockClusterMain 0 "$work" \
  > "$work/mock.log" 2>&1 &
mock_pid=$!
until grep -q ready "$work/mock.log" 2>/dev/null; do sleep 0.2; kill -0 "$mock_pid"; done
mkdir -p "$work/home"
LANTERN_HOME="$work/home" bin/lantern up --kubeconfig "$work/kubeconfig" > "$work/up.log" 2>&1 &
up_pid=$!
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
