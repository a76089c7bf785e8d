#!/usr/bin/env bash
# Finds a system Chromium for the e2e tests (playwright-core never downloads a browser here).
# Uses $CHROMIUM_PATH or /usr/bin/chromium; installs the Debian package `chromium` when apt-get can run.
# Also makes sure a CJK font exists (fonts-noto-cjk), else Chinese UI text renders as boxes in screenshots.
set -euo pipefail

APT=none
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then APT=""
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then APT="sudo -n"
  fi
fi
updated=no
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if [ "$updated" = no ]; then $APT apt-get update; updated=yes; fi
  $APT apt-get install -y --no-install-recommends "$@"
}

BIN=""
if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "${CHROMIUM_PATH}" ]; then BIN="$CHROMIUM_PATH"
elif [ -x /usr/bin/chromium ]; then BIN=/usr/bin/chromium
elif [ "$APT" != none ]; then
  echo "chromium not found: installing the Debian package 'chromium' with apt-get" >&2
  apt_install chromium
  [ -x /usr/bin/chromium ] && BIN=/usr/bin/chromium
fi
if [ -z "$BIN" ]; then
  echo "Chromium not found: run 'sudo apt-get install chromium' or set CHROMIUM_PATH to a Chromium binary." >&2
  exit 1
fi

if command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list :lang=zh family 2>/dev/null | head -1)" ]; then
  if [ "$APT" != none ]; then
    echo "no CJK font found: installing fonts-noto-cjk" >&2
    apt_install fonts-noto-cjk || echo "warning: could not install fonts-noto-cjk; Chinese text may render as boxes" >&2
  else
    echo "warning: no CJK font; Chinese text may render as boxes (apt-get install fonts-noto-cjk)" >&2
  fi
fi

echo "chromium: $BIN"
"$BIN" --version 2>/dev/null || true
