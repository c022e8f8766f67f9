#!/usr/bin/env bash
# npm run demo: build, then run the sandbox. Headed when a display is available.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || { echo "Chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)"; exit 1; }
npm run -s build:chrome
if [ -n "${DISPLAY:-}" ] && [ -z "${CI:-}" ]; then export COUNTERSIGN_HEADED=1; fi
exec playwright test --config scripts/demo.config.ts
