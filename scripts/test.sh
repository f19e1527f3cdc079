#!/usr/bin/env bash
# Set up, then run the whole test suite (slow tests with the real models included), plus lint and types.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/mypy
.venv/bin/python -m pytest -q "$@"
