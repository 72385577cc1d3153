#!/usr/bin/env bash
# Virtual keys on the gateway's hot path (issue 11): the same requests with the master key and
# with a virtual key (cached), then with Redis-shared limits (a key's, then a deployment's own
# rpm/tpm), then 100k calls to count spend rows.
#
#   bench/keys.sh                 # JVM flags of the image (see bin/lantern)
#   DURATION=30 SPEND_SECONDS=30 bench/keys.sh
#
# Needs: wrk, nginx, curl, redis-server, sqlite3 (apt-get install wrk nginx-light curl redis-server
# sqlite3) and `make build`.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-20}"
SPEND_SECONDS="${SPEND_SECONDS:-30}"   # at ~5k req/s here: well over 100k calls
ROUNDS="${ROUNDS:-3}"                   # runs of each key, interleaved; the median is reported
for tool in wrk nginx curl redis-server sqlite3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install wrk nginx-light curl redis-server sqlite3)" >&2; exit 1; }
done
[ -d app/target/lantern/lib ] || { echo "bench: run 'make build' first" >&2; exit 1; }

work="$(mktemp -d)"
up_port=18491
gw_port=18492
redis_port=18493
master=sk-bench-master-key
cleanup() {
  stop_gateway
  if [ -n "${redis_pid:-}" ]; then kill "$redis_pid" 2>/dev/null || true; fi
  if [ -f "$work/nginx.pid" ]; then kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; fi
  rm -rf "$work"
}
stop_gateway() {
  if [ -n "${gw_pid:-}" ]; then kill "$gw_pid" 2>/dev/null || true; wait "$gw_pid" 2>/dev/null || true; gw_pid=""; fi
}
trap cleanup EXIT

sed -e "s|@DIR@|$work|g" -e "s|@PORT@|$up_port|g" bench/gateway/nginx.conf.template > "$work/nginx.conf"
nginx -c "$work/nginx.conf" -p "$work"
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no > "$work/redis.log" 2>&1 &
redis_pid=$!

start_gateway() { # $1: extra router_settings lines
  cat > "$work/config.yaml" <<YAML
model_list:
  - model_name: fast
    litellm_params: {model: openai/bench-model, api_base: "http://127.0.0.1:$up_port/v1", api_key: sk-upstream, input_cost_per_token: 0.000001, output_cost_per_token: 0.000002}
  - model_name: capped # the same upstream with its own rpm/tpm, never reached: counted on each call
    litellm_params: {model: openai/bench-model, api_base: "http://127.0.0.1:$up_port/v1", api_key: sk-upstream, rpm: 100000000, tpm: 2000000000}
router_settings:
  num_retries: 0
$1
general_settings:
  master_key: $master
YAML
  LANTERN_HOME="$work/home" bin/lantern gateway --config "$work/config.yaml" --host 127.0.0.1 --port "$gw_port" \
    > "$work/gateway.log" 2>&1 &
  gw_pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$gw_port/health/liveliness"; do
    kill -0 "$gw_pid" 2>/dev/null || { echo "bench: the gateway did not start:" >&2; tail -5 "$work/gateway.log" >&2; exit 1; }
    sleep 0.1
  done
}
new_key() { # $1: JSON body
  curl -fs "http://127.0.0.1:$gw_port/key/generate" -H "Authorization: Bearer $master" \
    -H 'Content-Type: application/json' -d "$1" | sed -E 's/.*"key":"([^"]+)".*/\1/'
}
through="http://127.0.0.1:$gw_port/v1/chat/completions"
to_us() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) print n; else if (v ~ /ms$/) print n * 1000; else print n * 1000000 }'; }
pct() { awk -v p="$2" '$1 == p"%" {print $2}' <<< "$1"; }
run_wrk() { # key, threads, connections, model group
  BENCH_KEY="$1" BENCH_MODEL="$4" wrk -t"$2" -c"$3" -d"${DURATION}s" --latency -s bench/gateway/keyed.lua "$through"
}
line() { # label, c1 output, c64 output
  printf '%-28s c1 p50 %6s us p99 %6s us | c64 %6s req/s p99 %6s us\n' "$1" "$(to_us "$(pct "$2" 50)")" \
    "$(to_us "$(pct "$2" 99)")" "$(awk '/Requests\/sec/ {printf "%d", $2}' <<< "$3")" "$(to_us "$(pct "$3" 99)")"
}

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
# Runs each key ROUNDS times at concurrency 1 and 64, interleaved (the machine's noise hits all
# alike), and prints the median p50, p99 and req/s of each.
compare() { # label=key or label=key|model pairs (model group "fast" by default)
  declare -A c1p50 c1p99 rps c64p99
  for _ in $(seq "$ROUNDS"); do
    for pair in "$@"; do
      local label="${pair%%=*}" spec="${pair#*=}" key model=fast a b
      key="${spec%%|*}"; [[ "$spec" == *"|"* ]] && model="${spec#*|}"
      a="$(run_wrk "$key" 1 1 "$model")"; b="$(run_wrk "$key" 2 64 "$model")"
      c1p50[$label]+="$(to_us "$(pct "$a" 50)") "; c1p99[$label]+="$(to_us "$(pct "$a" 99)") "
      rps[$label]+="$(awk '/Requests\/sec/ {printf "%d", $2}' <<< "$b") "; c64p99[$label]+="$(to_us "$(pct "$b" 99)") "
    done
  done
  for pair in "$@"; do
    local label="${pair%%=*}"
    printf '%-28s c1 p50 %6s us p99 %6s us | c64 %6s req/s p99 %6s us   (median of %d; req/s runs: %s)\n' "$label" \
      "$(tr ' ' '\n' <<< "${c1p50[$label]}" | grep . | median)" "$(tr ' ' '\n' <<< "${c1p99[$label]}" | grep . | median)" \
      "$(tr ' ' '\n' <<< "${rps[$label]}" | grep . | median)" "$(tr ' ' '\n' <<< "${c64p99[$label]}" | grep . | median)" \
      "$ROUNDS" "${rps[$label]}"
  done
}

echo "== master key vs virtual key (SQLite, cached) =="
start_gateway ""
plain_key="$(new_key '{"key_alias":"bench-plain"}')"
limited_key="$(new_key '{"key_alias":"bench-limited","rpm_limit":100000000,"tpm_limit":100000000000,"max_budget":1000000}')"
for key in "$master" "$plain_key" "$limited_key"; do BENCH_KEY="$key" wrk -t2 -c16 -d8s -s bench/gateway/keyed.lua "$through" >/dev/null; done
compare "master key=$master" "virtual key=$plain_key" "virtual key, local limits=$limited_key"
stop_gateway

echo "== virtual key with limits shared through Redis =="
start_gateway "  redis_host: 127.0.0.1
  redis_port: $redis_port"
redis_key="$(new_key '{"key_alias":"bench-redis","rpm_limit":100000000,"tpm_limit":100000000000}')"
for key in "$master" "$redis_key"; do BENCH_KEY="$key" wrk -t2 -c16 -d8s -s bench/gateway/keyed.lua "$through" >/dev/null; done
BENCH_KEY="$master" BENCH_MODEL=capped wrk -t2 -c16 -d8s -s bench/gateway/keyed.lua "$through" >/dev/null
compare "master key (Redis on)=$master" "virtual key, Redis limits=$redis_key" \
  "master, deployment rpm/tpm=$master|capped"
stop_gateway

echo "== ${SPEND_SECONDS}s of calls: spend rows written in batches =="
rm -rf "$work/home"
start_gateway ""
spend_key="$(new_key '{"key_alias":"bench-spend"}')"
warm_key="$(new_key '{"key_alias":"bench-warm-up"}')"
BENCH_KEY="$warm_key" wrk -t2 -c16 -d8s -s bench/gateway/keyed.lua "$through" >/dev/null
BENCH_KEY="$spend_key" wrk -t2 -c64 -d"${SPEND_SECONDS}s" -s bench/gateway/keyed.lua "$through" > "$work/spend-run.txt"
ok=$(curl -fs "http://127.0.0.1:$gw_port/metrics" -H "Authorization: Bearer $master" \
  | awk '/^litellm_proxy_total_requests_metric_total/ && /api_key_alias="bench-spend"/ && /status_code="200"/ {s += $NF} END {printf "%d", s}')
stop_gateway # SIGTERM: what is still in memory is written now
rows=$(sqlite3 "$work/home/gateway.db" "SELECT COUNT(*) FROM lantern_spend_logs WHERE key_alias = 'bench-spend'")
bytes=$(du -b "$work/home/gateway.db" | cut -f1)
wal=$(du -b "$work/home/gateway.db-wal" 2>/dev/null | cut -f1 || echo 0)
echo "calls answered 200: $ok; spend rows: $rows; lost: $((ok - rows))"
echo "gateway.db: $((bytes / 1024)) KiB (WAL ${wal:-0} B) for $rows rows = $((bytes / (rows > 0 ? rows : 1))) B per row"
grep -E "Requests/sec|requests in" "$work/spend-run.txt" | head -2
