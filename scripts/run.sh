#!/usr/bin/env bash
# The main job: set up, ingest the sample documents, then open the chat at http://localhost:7860
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
SEEDS=${1:-../shared/seeds}
.venv/bin/unscqa ingest "$SEEDS"
.venv/bin/unscqa docs
exec .venv/bin/unscqa serve --preload
