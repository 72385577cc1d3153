#!/usr/bin/env bash
# Compares plain Jetty 12 ee10 with Javalin 7 under the heap the image uses.
# Prints: server, ms to first 200, requests/s at 64 connections, RSS (MiB) after the load.
# Needs: wrk, curl, JDK 21+ (JAVA_HOME). Usage: bench/server-choice/run.sh [runs]
set -euo pipefail
cd "$(dirname "$0")"
JAVA="${JAVA_HOME:?set JAVA_HOME to a JDK 21+}/bin/java"
[ -d target/lib ] || ../../mvnw -q -B package -DskipTests
FLAGS=(-XX:+UseSerialGC -Xmx96m -Xss256k -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=48m)
PORT=18099
measure() {
  local name=$1 main=$2
  local start; start=$(date +%s%N)
  "$JAVA" "${FLAGS[@]}" -cp "target/classes:target/lib/*" "$main" $PORT >/dev/null 2>&1 &
  local pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$PORT/health"; do sleep 0.01; done
  local first=$(( ($(date +%s%N) - start) / 1000000 ))
  wrk -t2 -c64 -d5s "http://127.0.0.1:$PORT/health" >/dev/null
  local rps; rps=$(wrk -t2 -c64 -d10s "http://127.0.0.1:$PORT/health" | awk '/Requests\/sec/ {print int($2)}')
  local rss; rss=$(awk '/VmRSS/ {print int($2/1024)}' /proc/$pid/status)
  kill $pid; wait $pid 2>/dev/null || true
  printf '%-14s first-200=%5d ms  rps=%6d  rss=%4d MiB\n' "$name" "$first" "$rps" "$rss"
}
for _ in $(seq "${1:-3}"); do
  measure jetty-ee10 bench.JettyServlet
  measure javalin-7 bench.JavalinApp
done
