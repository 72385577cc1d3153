#!/usr/bin/env bash
# JMH benchmarks of the gateway's hot paths (bench/jmh): the Anthropic translation (request,
# answer, a 100-delta stream) against the OpenAI pass-through of the same stream.
#
#   bench/jmh.sh                      # all benchmarks (about 2 minutes)
#   bench/jmh.sh Anthropic            # a JMH include pattern
#
# Needs: the JDK bin/find-java picks; installs lantern-gateway into ~/.m2 first.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="$(bin/find-java)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
./mvnw -q -B -pl gateway -am install -DskipTests >/dev/null
./mvnw -q -B -f bench/jmh/pom.xml compile dependency:build-classpath -Dmdep.outputFile="$work/cp" >/dev/null
"$JAVA_HOME/bin/java" -cp "bench/jmh/target/classes:$(cat "$work/cp")" org.openjdk.jmh.Main "${1:-.}" \
  -rf text -rff "$work/result.txt" >"$work/log.txt" 2>&1 || { tail -30 "$work/log.txt"; exit 1; }
cat "$work/result.txt"
