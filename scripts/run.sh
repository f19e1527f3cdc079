#!/usr/bin/env bash
# The main job: set up, ingest the sample documents, then answer a search from the command line.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
SEEDS=${1:-../shared/seeds}
.venv/bin/unscqa ingest "$SEEDS"
.venv/bin/unscqa docs
.venv/bin/unscqa search "第2089(2013)号决议 表决" --k 3
