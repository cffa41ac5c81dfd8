#!/usr/bin/env bash
# Makes docs/img/event-catalog.png: the committed event catalog page (docs/event-catalog.html, regenerated first by
# ./eventflow schema catalog) rendered by headless Chromium. Needs Chromium (Debian: apt-get install chromium); not part
# of the build or CI.
# Usage: docs/img/catalog-screenshot.sh [chromium command]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
chromium="${1:-chromium}"

./eventflow schema catalog
"$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,1600 \
  --screenshot="$root/docs/img/event-catalog.png" "file://$root/docs/event-catalog.html"
echo "docs/img/event-catalog.png: docs/event-catalog.html"
