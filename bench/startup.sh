#!/usr/bin/env bash
# Start-up of `lantern kube-mcp` and `lantern assistant serve` (time to a 200 on /healthz) and
# their RSS then, with the default flags; with a dynamic CDS archive the JVM creates on the first
# run (-XX:+AutoCreateSharedArchive, JDK 19+); and with JDK 25's AOT cache from one training run
# (-XX:AOTCacheOutput, then -XX:AOTCache). RUNS per variant.
#
#   make build && bench/startup.sh          # RUNS=3 by default
RUNS="${RUNS:-3}"
source "$(dirname "$0")/lib.sh"
start_mock_cluster 0
mkdir -p "$work/home"
printf 'mcp_servers: {}\n' > "$work/home/config.yaml"

# service name, port, extra JVM flags (appended to bin/lantern's defaults via JDK_JAVA_OPTIONS)
measure() {
  local name=$1 port=$2 extra=$3
  local start end
  start=$(date +%s%N)
  if [ "$name" = kube-mcp ]; then
    JDK_JAVA_OPTIONS="$extra" bin/lantern kube-mcp --port "$port" --kubeconfig "$work/kubeconfig" > "$work/svc.log" 2>&1 &
  else
    JDK_JAVA_OPTIONS="$extra" LANTERN_HOME="$work/home" bin/lantern assistant serve --port "$port" > "$work/svc.log" 2>&1 &
  fi
  svc_pid=$!
  bench_pids+=("$svc_pid")
  until curl -fs -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.02; done
  end=$(date +%s%N)
  printf '%s\t%s\t%d ms\t%s\n' "$name" "${extra:-defaults}" $(((end - start) / 1000000)) \
    "$(awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' "/proc/$svc_pid/status")"
  kill "$svc_pid"; wait "$svc_pid" 2>/dev/null || true; svc_pid=
}

for service in kube-mcp:18591 assistant:18592; do
  name=${service%%:*}; port=${service##*:}
  archive="$work/$name.jsa"
  for _ in $(seq 1 "$RUNS"); do measure "$name" "$port" ""; done
  measure "$name" "$port" "-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$archive" >/dev/null  # creates it
  for _ in $(seq 1 "$RUNS"); do measure "$name" "$port" "-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$archive"; done
  measure "$name" "$port" "-XX:AOTCacheOutput=$work/$name.aot" >/dev/null  # the training run
  for _ in $(seq 1 "$RUNS"); do measure "$name" "$port" "-XX:AOTCache=$work/$name.aot"; done
done
