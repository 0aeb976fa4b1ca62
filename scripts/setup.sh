#!/usr/bin/env bash
# Sets up a fresh machine: Chromium for the browser tests (Debian's package), then the npm packages, which
# also builds dist/ and the inspector page. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" apt-get install -y -qq chromium >/dev/null
fi

npm ci --no-audit --no-fund
