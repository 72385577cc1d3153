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
up_port=18483
gw_port=18484
source bench/gateway/upstream.sh
echo "gateway from $LANTERN ($(git -C "$LANTERN" log -1 --format=%h))"
${PROBE:-python3 bench/gateway/slow_clients.py} "$gw_port" sk-bench-master-key "$N" || true
if kill -0 "$gw_pid" 2>/dev/null; then
  echo "gateway still running; RSS $(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$gw_pid/status") MiB"
else
  echo "the gateway process is gone; the end of its log:"
  tail -5 "$work/gateway.log"
fi
