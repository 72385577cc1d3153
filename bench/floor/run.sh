#!/usr/bin/env bash
# What bounds the gateway on this machine: the cost of one upstream call per HTTP client, and the
# throughput/latency of a proxy with the gateway's server and client but none of its logic.
# Needs: wrk, nginx, `make build`. Usage: bench/floor/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
java="$(bin/find-java)/bin/java"
lib="app/target/lantern/lib/*"
work="$(mktemp -d)"; up_port=18491; proxy_port=18493
cleanup() {
  [ -n "${proxy_pid:-}" ] && { kill "$proxy_pid" 2>/dev/null || true; }
  [ -f "$work/nginx.pid" ] && { kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT
sed -e "s|@DIR@|$work|g" -e "s|@PORT@|$up_port|g" bench/gateway/nginx.conf.template > "$work/nginx.conf"
nginx -c "$work/nginx.conf" -p "$work"
upstream="http://127.0.0.1:$up_port/v1/chat/completions"

echo "== one upstream call, one connection, 20k calls after 20k warm-up"
"$java" -cp "$lib" bench/floor/ClientLoop.java "$upstream" 2>/dev/null

echo "== minimal proxy (Jetty ee10 + virtual threads + Apache HC5, no gateway logic)"
"$java" -XX:+UseSerialGC -Xms32m -Xmx96m -cp "$lib" bench/floor/MiniProxy.java "$proxy_port" "$upstream" >/dev/null 2>&1 &
proxy_pid=$!
until curl -fs -o /dev/null -X POST -d '{}' "http://127.0.0.1:$proxy_port/"; do sleep 0.2; done
wrk -t2 -c16 -d10s -s bench/gateway/post.lua "http://127.0.0.1:$proxy_port/" >/dev/null
measure() {
  local c1 c64
  c1=$(wrk -t1 -c1 -d15s --latency -s bench/gateway/post.lua "$2" | awk '/ 50%/ {printf "p50 %s ", $2} / 99%/ {printf "p99 %s", $2}')
  c64=$(wrk -t2 -c64 -d15s -s bench/gateway/post.lua "$2" | awk '/Requests\/sec/ {printf "%d req/s", $2}')
  echo "$1: concurrency 1 $c1 | concurrency 64 $c64"
}
measure direct "$upstream"
measure proxy "http://127.0.0.1:$proxy_port/"
kill "$proxy_pid"; wait "$proxy_pid" 2>/dev/null || true

echo "== minimal asynchronous proxy (Jetty core handler + Jetty's async client, nothing blocks)"
./mvnw -q -f bench/floor/pom.xml dependency:build-classpath -Dmdep.outputFile="$work/async.cp" >/dev/null
"$java" -XX:+UseSerialGC -Xms32m -Xmx96m -cp "$(cat "$work/async.cp")" bench/floor/MiniAsync.java "$proxy_port" "$upstream" >/dev/null 2>&1 &
proxy_pid=$!
until curl -fs -o /dev/null -X POST -d '{}' "http://127.0.0.1:$proxy_port/"; do sleep 0.2; done
wrk -t2 -c16 -d10s -s bench/gateway/post.lua "http://127.0.0.1:$proxy_port/" >/dev/null
measure async-proxy "http://127.0.0.1:$proxy_port/"
