#!/usr/bin/env bash
# Hostile slow clients against the gateway on loopback (issue 13): a stalled chunked upload beside
# 50 valid chunked requests, N slow-header and N slow-body sockets, and a 10 MB header. Prints the
# figures bench/RESULTS.md records.
#
#   make build && bench/slow-clients.sh            # N=3000
#   LANTERN=/path/to/another/checkout bench/slow-clients.sh   # the same against an older build
#
# Needs: nginx (the upstream, as for bench/gateway.sh), python3, curl.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${N:-3000}"
LANTERN="${LANTERN:-$PWD}"
[ -d "$LANTERN/app/target/lantern/lib" ] || { echo "bench: run 'make build' in $LANTERN first" >&2; exit 1; }
work="$(mktemp -d)"
up_port=18483
gw_port=18484
cleanup() {
  if [ -n "${gw_pid:-}" ]; then kill "$gw_pid" 2>/dev/null || true; wait "$gw_pid" 2>/dev/null || true; fi
  if [ -f "$work/nginx.pid" ]; then kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
sed -e "s|@DIR@|$work|g" -e "s|@PORT@|$up_port|g" bench/gateway/nginx.conf.template > "$work/nginx.conf"
nginx -c "$work/nginx.conf" -p "$work"
sed -e "s|@PORT@|$up_port|g" bench/gateway/config.yaml.template > "$work/config.yaml"
JAVA_HOME="$(bin/find-java)" "$LANTERN/bin/lantern" gateway --config "$work/config.yaml" --host 127.0.0.1 \
  --port "$gw_port" > "$work/gateway.log" 2>&1 &
gw_pid=$!
until curl -fs -o /dev/null "http://127.0.0.1:$gw_port/health/liveliness"; do sleep 0.1; done
echo "gateway from $LANTERN ($(git -C "$LANTERN" log -1 --format=%h))"
${PROBE:-python3 bench/gateway/slow_clients.py} "$gw_port" sk-bench-master-key "$N" || true
if kill -0 "$gw_pid" 2>/dev/null; then
  echo "gateway still running; RSS $(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$gw_pid/status") MiB"
else
  echo "the gateway process is gone; the end of its log:"
  tail -5 "$work/gateway.log"
fi
