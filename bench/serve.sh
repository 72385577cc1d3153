#!/usr/bin/env bash
# RSS of `lantern assistant serve` with Telegram and Discord both connected (to the test kit's
# fakes) over TURNS turns from the scripted model, alternating platforms, each a tool call (todo,
# ~1.8 KB of output) and an answer, with the memory and skill reviews on. Two users, so memory is
# per user (the default then).
#
#   make build && bench/serve.sh          # TURNS=1000 by default
TURNS="${TURNS:-1000}"
source "$(dirname "$0")/lib.sh"
testkit_main dev.lantern.testkit.ScriptedModelMain "$work/model.out" "$work/model.log"
until grep -q "^http" "$work/model.out" 2>/dev/null; do sleep 0.2; kill -0 "${bench_pids[-1]}"; done
base_url="$(grep -m1 "^http" "$work/model.out")"
testkit_main dev.lantern.testkit.MessagingBenchMain "$work/fronts.out" "$TURNS" "$work/turns.log"
fronts_pid="${bench_pids[-1]}"
until grep -q "^discord" "$work/fronts.out" 2>/dev/null; do sleep 0.2; kill -0 "$fronts_pid"; done
read -r _ tg_url tg_token tg_user < <(grep -m1 "^telegram" "$work/fronts.out")
read -r _ dc_url dc_token dc_user < <(grep -m1 "^discord" "$work/fronts.out")

mkdir -p "$work/home"
printf 'model:\n  default: bench\n  base_url: %s\n  context_length: 32768\nmcp_servers: {}\n' "$base_url" \
  > "$work/home/config.yaml"
LANTERN_HOME="$work/home" TELEGRAM_BOT_TOKEN="$tg_token" TELEGRAM_API_URL="$tg_url" TELEGRAM_ALLOWED_USERS="$tg_user" \
  DISCORD_BOT_TOKEN="$dc_token" DISCORD_API_URL="$dc_url" DISCORD_ALLOWED_USERS="$dc_user" \
  bin/lantern assistant serve --port 18594 > "$work/serve.log" 2>&1 &
serve_pid=$!
bench_pids+=("$serve_pid")
turns_done() { wc -l < "$work/turns.log" 2>/dev/null || echo 0; }
printf 'turns\trss_mib\n' > "$work/rss.tsv"
while ! grep -q "^done" "$work/fronts.out"; do
  kill -0 "$fronts_pid" 2>/dev/null || { echo "the fakes stopped:"; tail -5 "$work/fronts.out"; exit 1; }
  kill -0 "$serve_pid" 2>/dev/null || { echo "serve stopped:"; tail -20 "$work/serve.log"; exit 1; }
  printf '%s\t%s\n' "$(turns_done)" "$(rss_mib "$serve_pid")" >> "$work/rss.tsv"
  sleep 1
done
printf '%s\t%s\n' "$(turns_done)" "$(rss_mib "$serve_pid")" >> "$work/rss.tsv"
echo "JVM flags: ${LANTERN_JAVA_OPTS:-bin/lantern defaults for assistant}"
rss_report "$TURNS" "$work/rss.tsv"
awk '{ n[$3]++; ms[$3] += $4 } END { for (p in n) printf "%s: %d turns, %.0f ms a turn (message to answer)\n", p, n[p], ms[p] / n[p] }' \
  "$work/turns.log"
echo "model requests: $(grep -c ' call ' "$work/model.log") tool-call turns, $(grep -c ' answer ' "$work/model.log") answers, $(grep -c ' review ' "$work/model.log") review calls"
echo "warnings in serve's log: $(grep -c ' WARN ' "$work/serve.log" || true)"
