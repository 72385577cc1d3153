#!/usr/bin/env bash
# What each provider's wire format costs on the gateway's hot path (issue 14): the same answer from
# a zero-delay nginx upstream, told as OpenAI (passed through untouched), as Azure OpenAI
# (deployment URL) and as Anthropic's Messages API (translated both ways), whole and streamed.
#
#   bench/providers.sh               # JVM flags of the image (see bin/lantern)
#   DURATION=30 ROUNDS=5 bench/providers.sh
#
# Needs: wrk, nginx, curl (apt-get install wrk nginx-light curl) and `make build`.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-15}"
ROUNDS="${ROUNDS:-3}"              # runs per model, interleaved; the median is reported
TTFT_SAMPLES="${TTFT_SAMPLES:-300}"
for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install wrk nginx-light curl)" >&2; exit 1; }
done
[ -d app/target/lantern/lib ] || { echo "bench: run 'make build' first" >&2; exit 1; }

up_port=18501
gw_port=18502
source bench/gateway/upstream.sh
through="http://127.0.0.1:$gw_port/v1/chat/completions"
export BENCH_KEY=sk-bench-master-key

to_us() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) print n; else if (v ~ /ms$/) print n * 1000; else print n * 1000000 }'; }
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
wrk_model() { # model connections -> "p50_us req_per_s"
  local out
  out="$(BENCH_MODEL="$1" wrk -t"$([ "$2" -gt 1 ] && echo 2 || echo 1)" -c"$2" -d"${DURATION}s" --latency \
    -s bench/gateway/keyed.lua "$through")"
  if grep -qE "Non-2xx|Socket errors" <<< "$out"; then echo "bench: errors for $1: $(grep -E 'Non-2xx|Socket errors' <<< "$out")" >&2; fi
  echo "$(to_us "$(awk '$1 == "50%" {print $2}' <<< "$out")") $(awk '/Requests\/sec/ {printf "%d", $2}' <<< "$out")"
}
ttft() { # streamed calls on one kept-alive connection: p50 and p99 of curl's time to first byte, in us
  local body="{\"model\":\"$1\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}" args=()
  for _ in $(seq "$TTFT_SAMPLES"); do
    args+=(--next -s -o /dev/null -w '%{time_starttransfer}\n' -H 'Content-Type: application/json'
      -H "Authorization: Bearer $BENCH_KEY" -d "$body" "$through")
  done
  curl "${args[@]}" | tail -n +11 | sort -n | awk '{a[NR] = $1 * 1000000} END {printf "%d %d", a[int(NR * 0.5)], a[int(NR * 0.99)]}'
}

echo "warming up (JIT) ..."
for model in fast azure claude; do BENCH_MODEL=$model wrk -t2 -c16 -d8s -s bench/gateway/keyed.lua "$through" >/dev/null; done
ttft fast-stream >/dev/null; ttft claude-stream >/dev/null

declare -A c1 c64
for round in $(seq "$ROUNDS"); do
  for model in fast azure claude; do
    c1[$model]+="$(wrk_model "$model" 1)"$'\n'
    c64[$model]+="$(wrk_model "$model" 64)"$'\n'
  done
done
read -r ttft_openai ttft_openai99 <<< "$(ttft fast-stream)"
read -r ttft_claude ttft_claude99 <<< "$(ttft claude-stream)"
sleep 6 # one native-memory trim interval
rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$gw_pid/status")

echo "JVM flags: ${LANTERN_JAVA_OPTS:-bin/lantern defaults}; median of $ROUNDS rounds of ${DURATION}s"
for model in fast azure claude; do
  p50=$(awk 'NF {print $1}' <<< "${c1[$model]}" | median)
  rps=$(awk 'NF {print $2}' <<< "${c64[$model]}" | median)
  label=$(case $model in fast) echo "openai   ";; azure) echo "azure    ";; claude) echo "anthropic";; esac)
  echo "$label  c1 p50 ${p50} us   c64 ${rps} req/s"
done
echo "stream TTFT kept-alive   openai p50 ${ttft_openai} us p99 ${ttft_openai99} us | anthropic p50 ${ttft_claude} us p99 ${ttft_claude99} us"
echo "gateway RSS at the end: ${rss} MiB"
