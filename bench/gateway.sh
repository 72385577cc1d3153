#!/usr/bin/env bash
# Measures what the gateway adds on loopback: the same requests straight to a zero-delay upstream
# (nginx) and through the gateway. Prints the figures bench/RESULTS.md records.
#
#   bench/gateway.sh                 # JVM flags of the image (see bin/lantern)
#   DURATION=30 bench/gateway.sh     # longer runs
#   LANTERN_JAVA_OPTS="..." bench/gateway.sh
#
# Needs: wrk, nginx, curl (apt-get install wrk nginx-light curl) and `make build`.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-20}"
TTFT_SAMPLES="${TTFT_SAMPLES:-300}"
for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install wrk nginx-light curl)" >&2; exit 1; }
done
[ -d app/target/lantern/lib ] || { echo "bench: run 'make build' first" >&2; exit 1; }

up_port=18481
gw_port=18482
source bench/gateway/upstream.sh

direct="http://127.0.0.1:$up_port/v1/chat/completions"
through="http://127.0.0.1:$gw_port/v1/chat/completions"
to_us() { # wrk latency ("123.45us", "1.20ms", "2.00s") in microseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) print n; else if (v ~ /ms$/) print n * 1000; else print n * 1000000 }'
}
pct() { awk -v p="$2" '$1 == p"%" {print $2}' <<< "$1"; }
run_wrk() { wrk -t"$1" -c"$2" -d"${DURATION}s" --latency -s bench/gateway/post.lua "$3"; }

echo "warming up the gateway (JIT) ..."
wrk -t2 -c16 -d10s -s bench/gateway/post.lua "$through" >/dev/null
wrk -t2 -c16 -d5s -s bench/gateway/stream.lua "$through" >/dev/null

c1_direct="$(run_wrk 1 1 "$direct")"
c1_gw="$(run_wrk 1 1 "$through")"
c64_direct="$(run_wrk 2 64 "$direct")"
c64_gw="$(run_wrk 2 64 "$through")"
total_gw=0
for run in "$c1_gw" "$c64_gw"; do total_gw=$((total_gw + $(awk '/requests in/ {print $1}' <<< "$run"))); done
sleep 6 # one native-memory trim interval
rss_mib=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$gw_pid/status")

stream_body='{"model":"fast-stream","stream":true,"messages":[{"role":"user","content":"Hello"}]}'
percentiles() { sort -n | awk '{a[NR] = $1 * 1000000} END {printf "%d %d", a[int(NR * 0.5)], a[int(NR * 0.99)]}'; }
ttft_keepalive() { # curl's time to first byte of a streamed call, one kept-alive connection (as SDKs do)
  local args=()
  for _ in $(seq "$TTFT_SAMPLES"); do
    args+=(--next -s -o /dev/null -w '%{time_starttransfer}\n' -H 'Content-Type: application/json'
      -H 'Authorization: Bearer sk-bench-master-key' -d "$stream_body" "$1")
  done
  curl "${args[@]}" | tail -n +11 | percentiles   # the first ten warm the connection
}
ttft_fresh() { # the same with a new connection per call
  for _ in $(seq "$TTFT_SAMPLES"); do
    curl -s -o /dev/null -w '%{time_starttransfer}\n' -H 'Content-Type: application/json' \
      -H 'Authorization: Bearer sk-bench-master-key' -d "$stream_body" "$1"
  done | percentiles
}
direct_sse="http://127.0.0.1:$up_port/sse/v1/chat/completions"
read -r ttft_direct ttft_direct99 <<< "$(ttft_keepalive "$direct_sse")"
read -r ttft_gw ttft_gw99 <<< "$(ttft_keepalive "$through")"
read -r fresh_direct _ <<< "$(ttft_fresh "$direct_sse")"
read -r fresh_gw _ <<< "$(ttft_fresh "$through")"

d50=$(to_us "$(pct "$c1_direct" 50)"); g50=$(to_us "$(pct "$c1_gw" 50)")
d99=$(to_us "$(pct "$c1_direct" 99)"); g99=$(to_us "$(pct "$c1_gw" 99)")
c64d99=$(to_us "$(pct "$c64_direct" 99)"); c64g99=$(to_us "$(pct "$c64_gw" 99)")
rps_d=$(awk '/Requests\/sec/ {printf "%d", $2}' <<< "$c64_direct")
rps_g=$(awk '/Requests\/sec/ {printf "%d", $2}' <<< "$c64_gw")
errors=$(grep -E "Non-2xx|Socket errors" <<< "$c1_gw$c64_gw" || true)

cat <<REPORT
JVM flags: ${LANTERN_JAVA_OPTS:-bin/lantern defaults}
concurrency 1   direct p50 ${d50} us p99 ${d99} us | gateway p50 ${g50} us p99 ${g99} us
                added  p50 $(awk -v a="$g50" -v b="$d50" 'BEGIN {print a - b}') us, p99 $(awk -v a="$g99" -v b="$d99" 'BEGIN {print a - b}') us
concurrency 64  direct ${rps_d} req/s p99 ${c64d99} us | gateway ${rps_g} req/s p99 ${c64g99} us
RSS after ${total_gw} measured requests (plus warm-up): ${rss_mib} MiB
TTFT kept-alive direct p50 ${ttft_direct} us p99 ${ttft_direct99} us | gateway p50 ${ttft_gw} us p99 ${ttft_gw99} us
                added p50 $((ttft_gw - ttft_direct)) us
TTFT new connection each: direct p50 ${fresh_direct} us | gateway p50 ${fresh_gw} us (added $((fresh_gw - fresh_direct)) us)
${errors:-no errors}
REPORT
