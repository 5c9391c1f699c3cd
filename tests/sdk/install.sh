#!/usr/bin/env bash
# Installs the Node packages of the SDK and Codex scenarios once (a ctest fixture), so the
# scenarios never run `npm ci` concurrently in the same folder.
set -euo pipefail
cd "$(dirname "$0")"
command -v npm >/dev/null || { echo "npm not installed: the SDK scenarios will skip"; exit 0; }
if [[ -x node_modules/.bin/codex && -d node_modules/openai && -d node_modules/@anthropic-ai/sdk ]]; then
  echo "node packages present"
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
