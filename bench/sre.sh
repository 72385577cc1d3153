#!/usr/bin/env bash
# Measures the SRE investigator:
#  1. `lantern sre analyze` over PODS healthy pods with 10 planted problems (ten eval cases'
#     objects): wall time of the whole command (JVM start included), output size in tokens
#     (characters / 4) and how many of the 10 it found;
#  2. `lantern sre serve` RSS after INVESTIGATIONS investigations through /api/chat, with kube-mcp
#     over the same cluster and the scripted model (no network);
#  3. prompt tokens per investigation on the eval cases (`sre eval` with the scripted model).
#
#   make build && bench/sre.sh          # PODS=1000 INVESTIGATIONS=100 by default
#
# Needs: node + npm (npm ci --prefix tests/node), curl.
PODS="${PODS:-1000}"
INVESTIGATIONS="${INVESTIGATIONS:-100}"
source "$(dirname "$0")/lib.sh"
planted=(crashloop-missing-env oomkilled-cache image-tag-typo missing-configmap-key pending-insufficient-memory
  service-selector-typo ingress-wrong-port cronjob-backup-failing node-not-ready quota-exceeded)
expected=("Deployment shop/checkout" "shop/cache-6c8f9-0" "shop/api-6c8f9-0" "web/frontend-6c8f9-0"
  "data/analytics-0" "Service shop/cart" "Ingress monitoring/grafana" "CronJob ops/backup" "Node pi-3"
  "Deployment batch/worker")

testkit_main dev.lantern.testkit.PlantedClusterMain "$work/mock.log" "$PODS" "$work" \
  "${planted[@]/#/examples/sre-eval/}"
until grep -q ready "$work/mock.log" 2>/dev/null; do sleep 0.2; kill -0 "${bench_pids[-1]}"; done

echo "== sre analyze: $PODS healthy pods, ${#planted[@]} planted problems"
times=()
for run in 1 2 3 4 5; do
  start=$(date +%s%N)
  code=0
  bin/lantern sre analyze --kubeconfig "$work/kubeconfig" > "$work/analyze.txt" 2> "$work/analyze.err" || code=$?
  times+=($(( ($(date +%s%N) - start) / 1000000 )))
done
[ "$code" -eq 1 ] || { echo "sre analyze exited $code"; cat "$work/analyze.err"; exit 1; }
found=0
for object in "${expected[@]}"; do grep -q "$object" "$work/analyze.txt" && found=$((found + 1)); done
chars=$(wc -c < "$work/analyze.txt")
echo "wall time of 5 runs (ms): ${times[*]}"
echo "output: $chars chars, ~$((chars / 4)) tokens; planted problems found: $found/${#planted[@]}"
echo "$(head -1 "$work/analyze.txt")"
bin/lantern sre analyze --kubeconfig "$work/kubeconfig" -v 2>&1 >/dev/null | grep '^connect' || true

echo "== cluster_diagnose in a warm kube-mcp over the same cluster (the investigator's path)"
[ -d tests/node/node_modules ] || npm ci --prefix tests/node --no-audit --no-fund --loglevel=error
bin/lantern kube-mcp --port 18591 --kubeconfig "$work/kubeconfig" > "$work/kube-mcp.log" 2>&1 &
kube_pid=$!
bench_pids+=($kube_pid)
until curl -fs -o /dev/null http://127.0.0.1:18591/healthz; do sleep 0.2; done
node tests/node/measure-mcp.mjs http://127.0.0.1:18591 cluster_diagnose '{}' 30

echo "== sre serve: RSS after $INVESTIGATIONS investigations (scripted model)"
testkit_main dev.lantern.testkit.ScriptedModelMain "$work/model.out" "$work/model.log"
until grep -q "^http" "$work/model.out" 2>/dev/null; do sleep 0.2; kill -0 "${bench_pids[-1]}"; done
base_url="$(grep -m1 "^http" "$work/model.out")"
LANTERN_HOME="$work/home" OPENAI_API_BASE="$base_url" SRE_MODEL=bench KUBE_MCP_URL=http://127.0.0.1:18591/mcp \
  bin/lantern sre serve --port 18592 > "$work/sre.log" 2>&1 &
sre_pid=$!
bench_pids+=($sre_pid)
until curl -fs -o /dev/null http://127.0.0.1:18592/readyz; do sleep 0.2; kill -0 "$sre_pid"; done
echo "RSS after start: $(awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' "/proc/$sre_pid/status")"
start=$(date +%s%N)
for i in $(seq 1 "$INVESTIGATIONS"); do
  curl -fs -o "$work/answer.json" -H 'Content-Type: application/json' \
    -d "{\"ask\": \"what is broken? ($i)\"}" http://127.0.0.1:18592/api/chat
  if [ "$i" -eq 50 ]; then echo "RSS after 50: $(awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' "/proc/$sre_pid/status")"; fi
done
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
echo "RSS after $INVESTIGATIONS: $(awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' "/proc/$sre_pid/status")" \
  "(${elapsed} ms in all, $((elapsed / INVESTIGATIONS)) ms an investigation)"
grep -q '"analysis":"Checked the list' "$work/answer.json" || { echo "unexpected answer: $(head -c 300 "$work/answer.json")"; exit 1; }
curl -fs http://127.0.0.1:18592/metrics | grep '^lantern_sre_investigations_total'

echo "== prompt tokens per investigation on the eval cases (scripted model)"
: > "$work/model.log"
OPENAI_API_BASE="$base_url" bin/lantern sre eval --cases examples/sre-eval --models bench > "$work/eval.txt" 2>/dev/null || true
cases=$(grep -c "^" <(ls -d examples/sre-eval/*/))
awk -v cases="$cases" '{chars += $4; calls++} END {printf "%d model calls for %d investigations, %.0f prompt tokens per investigation (chars / 4), %.0f per call\n", calls, cases, chars / 4 / cases, chars / 4 / calls}' "$work/model.log"
grep "^analyzers:" "$work/eval.txt"
