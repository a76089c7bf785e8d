#!/usr/bin/env bash
# Every test: types, unit and CLI (vitest), then the built app end to end in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "Chromium for the end-to-end tests"
bash scripts/ensure-chromium.sh

step "Type check"
npx tsc -p tsconfig.json --noEmit

step "Unit and CLI tests (vitest)"
npx vitest run

step "Build the app"
npx vite build --logLevel warn

step "Build the portable deck (dist-portable/, opened from file:// by the e2e tests)"
node scripts/build-portable.mjs

step "End-to-end tests (headless Chromium)"
node test/e2e/run.mjs
