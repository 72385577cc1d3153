#!/usr/bin/env bash
# Measures `lantern assistant chat` against a scripted model (no network, no real model):
#  1. RSS while it runs TURNS scripted turns, each a tool call (todo, ~1.8 KB of output) and an
#     answer, with the background memory and skill reviews on (every 10 turns / 10 tool calls);
#  2. prompt tokens sent per turn over SHORT_TURNS turns with compression on and off, for a model
#     with an 8k context window (tokens estimated as characters / 4).
#
#   make build && bench/assistant.sh          # TURNS=1000 SHORT_TURNS=200 by default
TURNS="${TURNS:-1000}"
SHORT_TURNS="${SHORT_TURNS:-200}"
source "$(dirname "$0")/lib.sh"
testkit_main dev.lantern.testkit.ScriptedModelMain "$work/model.out" "$work/model.log"
until grep -q "^http" "$work/model.out" 2>/dev/null; do sleep 0.2; kill -0 "${bench_pids[-1]}"; done
base_url="$(grep -m1 "^http" "$work/model.out")"

# home DIR, extra config lines
make_home() {
  mkdir -p "$1"
  printf 'model:\n  default: bench\n  base_url: %s\n  context_length: %s\n%s' "$base_url" "$2" "$3" > "$1/config.yaml"
}
calls() { grep -c ' call ' "$work/model.log" 2>/dev/null || echo 0; }

# 1. RSS over TURNS turns.
make_home "$work/long" 32768 ""
seq 1 "$TURNS" | sed 's/^/turn /; s/$/: update the todo list and tell me where we are/' > "$work/long.in"
: > "$work/model.log"
LANTERN_HOME="$work/long" bin/lantern assistant chat < "$work/long.in" > "$work/long.out" 2>&1 &
chat_pid=$!
bench_pids+=("$chat_pid")
printf 'turns\trss_mib\n' > "$work/rss.tsv"
while kill -0 "$chat_pid" 2>/dev/null; do
  printf '%s\t%s\n' "$(calls)" "$(rss_mib "$chat_pid")" >> "$work/rss.tsv"
  sleep 1
done
wait "$chat_pid" || { echo "chat failed:"; tail -20 "$work/long.out"; exit 1; }
chat_pid=
echo "JVM flags: ${LANTERN_JAVA_OPTS:-bin/lantern defaults for assistant}"
rss_report "$TURNS" "$work/rss.tsv"
echo "model requests: $(grep -c ' call ' "$work/model.log") tool-call turns, $(grep -c ' answer ' "$work/model.log") answers, $(grep -c ' review ' "$work/model.log") review calls"
failed=$(grep -c '(failed' "$work/long.out" || true)
echo "failed turns: $failed"

# 2. Tokens per turn, compression on and off, 8k context.
for mode in on off; do
  if [ "$mode" = on ]; then extra=""; else extra=$'compression:\n  enabled: false\n'; fi
  make_home "$work/c-$mode" 8192 "$extra"$'memory:\n  nudge_interval: 0\nskills:\n  creation_nudge_interval: 0\n'
  : > "$work/model.log"
  seq 1 "$SHORT_TURNS" | sed 's/^/turn /; s/$/: update the todo list/' |
    LANTERN_HOME="$work/c-$mode" bin/lantern assistant chat > "$work/c-$mode.out" 2>&1
  awk -v turns="$SHORT_TURNS" -v mode="$mode" '
    $3 == "call" || $3 == "answer" { tokens += $4 / 4; n++; if ($4 / 4 > peak) peak = $4 / 4; last = $4 / 4 }
    $3 == "summary" { summaries++; stokens += $4 / 4 }
    END {
      printf "compression %-3s: %d turns, %.0f prompt tokens per turn (2 calls a turn), largest prompt %.0f, last %.0f; %d summaries (%.0f tokens)\n",
        mode, turns, tokens / turns, peak, last, summaries, stokens
    }' "$work/model.log"
done
