# Sourced by the gateway benches: the zero-delay nginx upstream and the gateway in front of it,
# both stopped on exit. Set up_port and gw_port first; LANTERN (default: this checkout) picks the
# build whose bin/lantern runs. Leaves $work, $gw_pid and the gateway answering on $gw_port.
work="$(mktemp -d)"
cleanup() {
  if [ -n "${gw_pid:-}" ]; then kill "$gw_pid" 2>/dev/null || true; wait "$gw_pid" 2>/dev/null || true; fi
  if [ -f "$work/nginx.pid" ]; then kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

sed -e "s|@DIR@|$work|g" -e "s|@PORT@|$up_port|g" bench/gateway/nginx.conf.template > "$work/nginx.conf"
nginx -c "$work/nginx.conf" -p "$work"
sed -e "s|@PORT@|$up_port|g" bench/gateway/config.yaml.template > "$work/config.yaml"
JAVA_HOME="$(bin/find-java)" "${LANTERN:-$PWD}/bin/lantern" gateway --config "$work/config.yaml" --host 127.0.0.1 \
  --port "$gw_port" > "$work/gateway.log" 2>&1 &
gw_pid=$!
until curl -fs -o /dev/null "http://127.0.0.1:$gw_port/health/liveliness"; do sleep 0.1; done
