#!/usr/bin/env bash
# Makes docs/img/trace.png from a real trace: ./eventflow up --traces, one ./eventflow publish order.shipped, the
# event's trace looked up in Zipkin by its cloudevents.event_id tag, and Zipkin's trace page captured by headless
# Chromium. Needs Chromium (Debian: apt-get install chromium); not part of the build or CI.
# Usage: docs/img/trace-screenshot.sh [chromium command]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
chromium="${1:-chromium}"
log=$(mktemp)

./eventflow up --traces >"$log" 2>&1 &
up=$!
trap 'kill -INT $up 2>/dev/null; wait $up 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 120); do grep -q "zipkin " "$log" && break; sleep 1; done
zipkin=$(grep -o "zipkin  *http[^ ]*" "$log" | awk '{print $2}')
[ -n "$zipkin" ] || { cat "$log"; echo "trace-screenshot: up --traces did not start" >&2; exit 1; }

event=$(./eventflow publish order.shipped | awk '{print $3}')
trace=""
for _ in $(seq 30); do
  sleep 1
  trace=$(curl -fsS "${zipkin%/}/api/v2/traces?annotationQuery=cloudevents.event_id%3D${event}&limit=1" \
    | python3 -c 'import json,sys; t=json.load(sys.stdin); print(t[0][0]["traceId"] if t and len(t[0]) >= 8 else "")')
  [ -n "$trace" ] && break
done
[ -n "$trace" ] || { echo "trace-screenshot: no complete trace for $event in Zipkin" >&2; exit 1; }

"$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,900 --virtual-time-budget=10000 \
  --screenshot="$root/docs/img/trace.png" "${zipkin%/}/traces/$trace"
echo "docs/img/trace.png: trace $trace of event $event"
