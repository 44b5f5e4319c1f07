#!/usr/bin/env bash
# The README's picture of the HTML report: the top of REPORT.html in Debian's headless
# Chromium, with the flags this machine's closed network needs and a throwaway profile.
# Usage: scripts/screenshot.sh demo/sefton-2024-25.html [docs/report-screenshot.png [HEIGHT]]
# HEIGHT (pixels, default 2200) is how much of the page from the top: enough for the
# summary, the needs-attention list and "Since the last audit" of Sefton's sample.
set -euo pipefail
report=${1:?usage: scripts/screenshot.sh REPORT.html [OUT.png [HEIGHT]]}
out=${2:-docs/report-screenshot.png}
height=${3:-2200}
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
mkdir -p "$(dirname "$out")"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --hide-scrollbars --force-device-scale-factor=1 \
  --window-size=1100,"$height" --screenshot="$(realpath -m "$out")" \
  "file://$(realpath "$report")" 2>/dev/null
echo "wrote $out"
