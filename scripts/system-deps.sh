#!/usr/bin/env bash
# Install what the report tests need, only where it is missing, so a second run is quick:
# Debian's pango libraries (WeasyPrint PDF), a free font to embed, poppler-utils (pdfinfo,
# pdftotext, pdftoppm), Chromium (axe-core accessibility test), PostgreSQL (the database
# tests start a throwaway server of their own), LibreOffice Calc without its GUI (the
# workbook tests save files the way Calc does), and the npm packages playwright-core and
# axe-core into tests/a11y (never a browser download).
# Not root and something missing: say what to install and carry on; the tests that need it
# skip with that reason locally and fail in CI (CI=true).
set -uo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0
              libfontconfig1 fonts-dejavu-core fonts-liberation2 poppler-utils chromium
              postgresql libreoffice-calc-nogui)
A11Y_DIR=tests/a11y

missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)

if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "system-deps: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq \
      && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || echo "system-deps: apt-get could not install ${missing[*]}" >&2
  else
    echo "system-deps: missing ${missing[*]}; install them with" >&2
    echo "  sudo apt-get install --no-install-recommends ${missing[*]}" >&2
  fi
fi

if command -v npm >/dev/null; then
  if [[ ! -f $A11Y_DIR/node_modules/axe-core/axe.min.js \
        || ! -d $A11Y_DIR/node_modules/playwright-core ]]; then
    echo "system-deps: installing playwright-core and axe-core into $A11Y_DIR"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix "$A11Y_DIR" --no-audit --no-fund \
      --loglevel=error >/dev/null \
      || echo "system-deps: npm ci failed in $A11Y_DIR" >&2
  fi
fi
exit 0
