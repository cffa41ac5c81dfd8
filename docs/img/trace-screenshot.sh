#!/usr/bin/env bash
# Makes docs/img/trace.png: a trace shaped like eventflow's (the publisher's PRODUCER span; per consumer a SERVER
# invocation, a CONSUMER batch span and a CONSUMER per-message span, linked to the producer), exported by the
# OpenTelemetry SDK to the local runner's OTLP receiver, forwarded to Zipkin, and Zipkin's trace page captured by
# headless Chromium. Needs Chromium (Debian: apt-get install chromium); not part of the build or CI.
# Usage: docs/img/trace-screenshot.sh [chromium command]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
. local/jdk25.sh
eventflow_select_jdk25 || exit 1
chromium="${1:-chromium}"

# The reactor's own classes (no install: ~/.m2 keeps whatever SNAPSHOTs it has).
./mvnw -q -B -pl local -am test-compile -DskipTests
./mvnw -q -B -pl local dependency:build-classpath -Dmdep.outputFile=target/screenshot.classpath -Dmdep.includeScope=test
classes="local/target/test-classes:local/target/classes"
for module in shared emulator functions/notifier functions/analytics functions/ledger functions/archiver functions/replayer; do
  classes="$classes:$module/target/classes"
done
"$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -cp "$classes:$(cat local/target/screenshot.classpath)" \
  io.eventflow.local.traces.TraceScreenshot "$root" docs/img/trace.png "$chromium"
