#!/usr/bin/env bash
# Set up, then run lint, type checks and the whole test suite (slow tests with the real models included).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/setup_browser.sh
.venv/bin/ruff check .
.venv/bin/mypy
.venv/bin/python -m pytest -q "$@"
bash scripts/eval_gate.sh
