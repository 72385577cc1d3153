# Shared by the bench scripts (source it): the JDK, a work directory and background processes
# cleaned up on exit, and the test kit's fakes started in their own JVM.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -d app/target/lantern/lib ] || { echo "bench: run 'make build' first" >&2; exit 1; }
export JAVA_HOME="$(bin/find-java)"
work="$(mktemp -d)"
bench_pids=()
bench_cleanup() {
  for pid in "${bench_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap bench_cleanup EXIT

# Runs a testkit main class in the background with the testkit's classpath: class, log, args...
testkit_main() {
  local class=$1 log=$2; shift 2
  if [ ! -f "$work/cp" ]; then
    ./mvnw -q -B -pl testkit -am install -DskipTests >/dev/null
    ./mvnw -q -B -pl testkit dependency:build-classpath -Dmdep.outputFile="$work/cp" >/dev/null
  fi
  "$JAVA_HOME/bin/java" -Xmx256m -cp "testkit/target/classes:$(cat "$work/cp")" "$class" "$@" > "$log" 2>&1 &
  bench_pids+=($!)
}

# The fabric8 mock API server with the test seed plus N pods; writes $work/kubeconfig.
start_mock_cluster() {
  testkit_main dev.lantern.testkit.MockClusterMain "$work/mock.log" "${1:-0}" "$work"
  until grep -q ready "$work/mock.log" 2>/dev/null; do sleep 0.2; kill -0 "${bench_pids[-1]}"; done
}

# RSS of a process in MiB, 0 when it is gone.
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status" 2>/dev/null || echo 0; }

# Summarises "turns<TAB>rss_mib" samples: the last and largest RSS, RSS at each quarter of TOTAL
# turns, and the change over the second half. Usage: rss_report TOTAL FILE
rss_report() {
  awk -F'\t' -v total="$1" 'NR > 1 && $2 > 0 {
      last = $2; if ($2 > max) max = $2
      for (q = 1; q <= 4; q++) if (!rss[q] && $1 >= total * q / 4) { rss[q] = $2; at[q] = $1 }
    }
    END {
      printf "RSS after %d turns: %d MiB (max %d MiB); by turn: %d: %d, %d: %d, %d: %d MiB; change over the last half: %+d MiB\n",
        total, last, max, at[1], rss[1], at[2], rss[2], at[3], rss[3], last - rss[2]
    }' "$2"
}
